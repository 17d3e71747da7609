"""Factories for every registry model (fictional data only)."""

from __future__ import annotations

import datetime

import factory

from practices.models import MappingQuestion
from stakeholders.choices import EngagementKind, RelationshipKind, Sector, StakeholderKind, Stance
from stakeholders.models import (
    Assessment,
    Engagement,
    InformationSource,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
)
from stakeholders.services import refresh_current_assessment
from tests.shrhub.factories import NationalFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder
        skip_postgeneration_save = True

    kind = StakeholderKind.ORGANISATION
    name = factory.Sequence(lambda n: f"Ministry of Affairs {n}")
    sector = Sector.MINISTRY
    level = "national"
    jurisdiction = factory.SubFactory(NationalFactory)


class PersonFactory(OrganisationFactory):
    kind = StakeholderKind.PERSON
    name = factory.Sequence(lambda n: f"Person Testname {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Commander {n}")
    is_key = True


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenure

    position = factory.SubFactory(PositionFactory)
    holder = factory.SubFactory(PersonFactory)
    started_on = datetime.date(2024, 1, 1)
    ended_on = None


class MappingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mapping round {n}")
    jurisdiction = factory.SubFactory(NationalFactory)
    started_on = datetime.date(2026, 1, 10)
    review_due_on = datetime.date(2026, 7, 10)


class MappingAnswerFactory(factory.django.DjangoModelFactory):
    """A round's answer to the catalogue's first mapping question (the catalogue must be loaded)."""

    class Meta:
        model = MappingAnswer

    mapping_round = factory.SubFactory(MappingRoundFactory)
    question = factory.LazyFunction(lambda: MappingQuestion.objects.order_by("pk").first())
    answer = "Who holds the offices that decide on security arrangements."


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    stakeholder = factory.SubFactory(OrganisationFactory)
    assessed_on = datetime.date(2026, 2, 1)
    stance = Stance.SUPPORTER
    influence = 3
    interest = 4

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted or InformationSource.objects.filter(code="security"))
            refresh_current_assessment(self.stakeholder_id)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    source = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(OrganisationFactory)
    kind = RelationshipKind.INFLUENCES


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    occurred_on = datetime.date(2026, 3, 1)
    kind = EngagementKind.MEETING
    title = factory.Sequence(lambda n: f"Meeting on security arrangements {n}")
    jurisdiction = factory.SubFactory(NationalFactory)

    @factory.post_generation
    def stakeholders(self, create, extracted, **kwargs):
        if create:
            self.stakeholders.set(extracted or [OrganisationFactory()])
