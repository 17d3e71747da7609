"""Factories for the legal framework (fictional data only): each entry of the demo country (``NationalFactory``),
verified recently, nobody named as having prepared it and no expert unless given (``experts=[...]``)."""

from __future__ import annotations

import datetime

import factory

from analysis.choices import IhlApplies, Initiative, InstrumentState, LawArea, PlanStatus
from analysis.models import ActionPlan, IhlAssessment, InitiativeCommitment, Instrument, InstrumentStatus, NationalLaw
from tests.shrhub.factories import NationalFactory

RECENTLY = datetime.date(2026, 1, 10)


def instrument(code: str = "iccpr") -> Instrument:
    """One of the seeded instruments (``analysis.legal``)."""
    return Instrument.objects.get(code=code)


class LegalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    country = factory.SubFactory(NationalFactory)
    link = "https://example.org/gazette"
    prepared_by = None
    verified_on = RECENTLY

    @factory.post_generation
    def experts(self, create, extracted, **kwargs):
        if create and extracted:
            self.experts.set(extracted)


class NationalLawFactory(LegalEntryFactory):
    class Meta:
        model = NationalLaw

    title = factory.Sequence(lambda n: f"Private Security Services Act, part {n}")
    reference = factory.Sequence(lambda n: f"Act No. {n} of 2019")
    area = LawArea.PRIVATE_SECURITY
    summary = "National licensing of providers; inspection by the regions."
    vps_connection = "Contracting licensed providers only carries out the Act where regions cannot inspect."


class InstrumentStatusFactory(LegalEntryFactory):
    """A status with an instrument of its own: the seeded ones in turn (one status per country and instrument)."""

    class Meta:
        model = InstrumentStatus

    instrument = factory.Sequence(lambda n: Instrument.objects.order_by("order")[n % Instrument.objects.count()])
    state = InstrumentState.RATIFIED
    since = datetime.date(2010, 5, 4)
    notes = "Ratified without reservations."


class IhlAssessmentFactory(LegalEntryFactory):
    class Meta:
        model = IhlAssessment

    applies = IhlApplies.NO
    assessed_on = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    reasoning = "Sporadic unrest in the north: internal disturbances, not an armed conflict."
    areas = ""


class ActionPlanFactory(LegalEntryFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"National Action Plan on Business and Human Rights, draft {n}")
    status = PlanStatus.IN_PREPARATION
    adopted_on = None
    summary = "Drafted by an inter-ministerial committee."
    security_elements = "Licensing of private security; the VPs as a reference for extractive companies."


class InitiativeCommitmentFactory(LegalEntryFactory):
    """An "other" initiative by default (named, so several may exist per country)."""

    class Meta:
        model = InitiativeCommitment

    initiative = Initiative.OTHER
    other_initiative = factory.Sequence(lambda n: f"Regional Charter on Extractives {n}")
    since = datetime.date(2018, 3, 1)
    commitments = "Publish the contracts of mining licences."
