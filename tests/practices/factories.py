"""Factories for the catalogue and adoptions (the real catalogue comes from the ``catalogue`` fixture)."""

from __future__ import annotations

import datetime

import factory

from practices.choices import AdoptionStatus, PracticeKind
from practices.models import (
    Adoption,
    Challenge,
    Citation,
    Edition,
    MappingQuestion,
    Method,
    Practice,
    Reference,
    Section,
    Step,
)
from tests.shrhub.factories import NationalFactory


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("key",)

    key = "test-edition"
    title = "Test edition"
    short_title = "Test"
    order = 1


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("key",)

    key = "test-section"
    edition = factory.SubFactory(EditionFactory)
    chapter = "Working with Host Governments"
    number = "1.1"
    title = "Engagement and Coordination"


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    key = factory.Sequence(lambda n: f"test-challenge-{n}")
    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"9.9.{n}")
    ref = factory.SelfAttribute("code")
    problem = "A test problem."
    order = factory.Sequence(lambda n: n + 1)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"test-reference-{n}")
    short_form = factory.Sequence(lambda n: f"REF{n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    """A practice with two steps, the first citing a reference."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"test-practice-{n}")
    challenge = factory.SubFactory(ChallengeFactory)
    kind = PracticeKind.GOOD_PRACTICE
    group_heading = "Good Practices"
    heading = factory.Sequence(lambda n: f"Test practice {n}")
    label = factory.SelfAttribute("heading")
    order = factory.Sequence(lambda n: n + 1)
    source = "Test edition, challenge 9.9"
    search_document = factory.LazyAttribute(lambda o: f"{o.heading}\nConsult local experts.")

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if not create:
            return
        first = Step.objects.create(practice=self, key="first", order=1, text="Consult local experts. (REF: 1)")
        Step.objects.create(practice=self, key="second", order=2, text="Repeat it regularly.")
        Citation.objects.create(practice=self, step=first, reference=ReferenceFactory(), locator="1")


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method

    key = factory.Sequence(lambda n: f"test-method-{n}")
    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"Method {n}")
    source = "Test edition"


class MappingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingQuestion

    key = factory.Sequence(lambda n: f"test-question-{n}")
    method = factory.SubFactory(MethodFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n}?")


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    practice = factory.SubFactory(PracticeFactory)
    jurisdiction = factory.SubFactory(NationalFactory)
    status = AdoptionStatus.IN_PROGRESS
    target_date = datetime.date(2030, 1, 1)
