"""Factories for agreements, their obligations and roll-out (fictional data only). They write rows directly, as
fixtures; the rules under test (evidence per kind, a roll-out body below the agreement's level, the closing rule)
are exercised through the services."""

from __future__ import annotations

import datetime

import factory

from commitments.choices import AgreementKind, AgreementStatus, InformMeans, Process, RolloutState
from commitments.models import Agreement, Audience, Obligation, ObligationProgress, Rollout
from followups.models import FollowUpStatus
from shrhub.models import JurisdictionLevel
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import NationalFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    """A national MoU on security arrangements in force; ``parties=[...]``, ``meetings=[...]`` and
    ``engagements=[...]`` set its links (none by default)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = AgreementKind.SECURITY_MOU
    title = factory.Sequence(lambda n: f"MoU on security arrangements around the concession, part {n}")
    summary = "Public security forces deployed around the concession act under the Voluntary Principles."
    made_on = datetime.date(2026, 1, 15)
    jurisdiction = factory.SubFactory(NationalFactory)
    company_is_party = True
    incorporates_vps = True
    status = AgreementStatus.IN_FORCE

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if create and extracted:
            self.meetings.set(extracted)

    @factory.post_generation
    def engagements(self, create, extracted, **kwargs):
        if create and extracted:
            self.engagements.set(extracted)


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    agreement = factory.SubFactory(AgreementFactory)
    description = factory.Sequence(lambda n: f"Train every unit on the use of force before deployment, round {n}")
    owner = factory.SubFactory(OwnerFactory)
    owner_stakeholder = None
    due_on = datetime.date(2026, 6, 1)
    status = FollowUpStatus.OPEN
    closed_on = None


class ObligationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObligationProgress

    obligation = factory.SubFactory(ObligationFactory)
    note = factory.Sequence(lambda n: f"Training plan shared with the police command, step {n}")
    new_status = ""


class RegionalBodyFactory(OrganisationFactory):
    """A regional organisation (a body an agreement reached nationally is rolled out to)."""

    name = factory.Sequence(lambda n: f"Regional Directorate of the Interior {n}")
    level = JurisdictionLevel.REGIONAL
    jurisdiction = factory.SubFactory(RegionFactory)


class RolloutFactory(factory.django.DjangoModelFactory):
    """A regional body's stand on a national agreement; ``engagements=[...]`` sets the evidence."""

    class Meta:
        model = Rollout
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    body = factory.SubFactory(RegionalBodyFactory)
    state = RolloutState.AWARE
    as_of = datetime.date(2026, 2, 1)
    evidence = "Copy of the MoU received; no instruction to district offices yet."

    @factory.post_generation
    def engagements(self, create, extracted, **kwargs):
        if create and extracted:
            self.engagements.set(extracted)


class AudienceFactory(factory.django.DjangoModelFactory):
    """An organisation kept informed of a country's in-country process, briefed every 60 days; pass
    ``process=Process.WORKING_GROUP, country=None, working_group=...`` (or the agreement's) for another process."""

    class Meta:
        model = Audience

    process = Process.IN_COUNTRY
    country = factory.SubFactory(NationalFactory)
    working_group = None
    agreement = None
    stakeholder = factory.SubFactory(OrganisationFactory)
    means = InformMeans.BRIEFING
    every_days = 60
    owner = None
    notes = factory.Sequence(lambda n: f"Ask them to raise the VPs with the ministry, round {n}")
