"""Factories for the case for the VPs (fictional data only). They write rows directly, as fixtures; the rules
under test (the agency is one of the engagement's stakeholders, retired arguments, the atomic save) are exercised
through the services."""

from __future__ import annotations

import datetime

import factory

from commitments.choices import Benefit, CommitmentLevel, Response, Standard
from commitments.models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory


class BenefitArgumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitArgument

    name = factory.Sequence(lambda n: f"Fewer incidents on the access road, take {n}")
    benefit = Benefit.SECURITY
    case = "Clear rules on the use of force reduce confrontations with communities."
    retired = False


class AdvocacyFactory(factory.django.DjangoModelFactory):
    """The VPs raised with a ministry in an engagement it took part in; ``agency=`` joins the engagement."""

    class Meta:
        model = Advocacy

    agency = factory.SubFactory(OrganisationFactory)
    engagement = factory.LazyAttribute(lambda o: EngagementFactory(stakeholders=[o.agency]))
    standard = Standard.VPS
    response = Response.INTERESTED
    response_notes = "The deputy minister asked for the incident figures."


class ArgumentPutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArgumentPut

    advocacy = factory.SubFactory(AdvocacyFactory)
    argument = factory.SubFactory(BenefitArgumentFactory)
    wording = "Fewer clashes at the roadblocks since the training."
    response = Response.INTERESTED


class CommitmentAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentAssessment
        skip_postgeneration_save = True

    stakeholder = factory.SubFactory(OrganisationFactory)
    level = CommitmentLevel.INTERESTED
    assessed_on = datetime.date(2026, 2, 1)
    evidence = "Asked for the incident figures in the March meeting."

    @factory.post_generation
    def engagements(self, create, extracted, **kwargs):
        if create and extracted:
            self.engagements.set(extracted)

    @factory.post_generation
    def agreements(self, create, extracted, **kwargs):
        if create and extracted:
            self.agreements.set(extracted)
