"""Factories for the situation analyses and the coordination risk register (fictional data only). They write rows
directly, as fixtures; the rules under test (edition numbering, approval, revision, the accepted reason, a
mitigation moving its risk) are exercised through the services."""

from __future__ import annotations

import datetime

import factory

from analysis.choices import AnalysisStatus, Confidence, Impact, Likelihood, Pestles, ReviewDecision, RiskStatus
from analysis.models import CoordinationRisk, Finding, FindingReview, Mitigation, MitigationProgress, SituationAnalysis
from followups.models import FollowUpStatus
from shrhub.models import JurisdictionLevel
from stakeholders.models import MandateArea
from tests.commitments.factories import AgreementFactory  # noqa: F401 - risks point at agreements
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import NationalFactory


def area(code: str = "judicial-accountability") -> MandateArea:
    """One of the Hub's three risk areas (seeded by a migration)."""
    return MandateArea.objects.get(code=code)


class SituationAnalysisFactory(factory.django.DjangoModelFactory):
    """A draft first edition of a national analysis; ``stakeholders=[...]`` sets the stakeholders concerned."""

    class Meta:
        model = SituationAnalysis
        skip_postgeneration_save = True

    jurisdiction = factory.SubFactory(NationalFactory)
    edition = factory.Sequence(lambda n: n + 1)  # one jurisdiction, many analyses: the numbers stay unique
    title = factory.Sequence(lambda n: f"Situation analysis of the concession area, part {n}")
    as_of = datetime.date(2026, 1, 15)
    summary = "Authority over policing is being devolved to the regions; local offices lag behind."
    formal_systems = "The Ministry of the Interior directs the police through regional commands."
    informal_systems = "Customary chiefs settle most land disputes before they reach the courts."
    review_on = datetime.date(2026, 7, 15)
    status = AnalysisStatus.DRAFT

    @factory.post_generation
    def stakeholders(self, create, extracted, **kwargs):
        if create and extracted:
            self.stakeholders.set(extracted)


class ApprovedAnalysisFactory(SituationAnalysisFactory):
    status = AnalysisStatus.APPROVED
    approved_on = datetime.date(2026, 2, 1)


class FindingFactory(factory.django.DjangoModelFactory):
    """A finding under the Security heading of a draft analysis; ``stakeholders``, ``sources`` (codes) and
    ``mandate_areas`` (codes) set its links."""

    class Meta:
        model = Finding
        skip_postgeneration_save = True

    analysis = factory.SubFactory(SituationAnalysisFactory)
    heading = Pestles.SECURITY
    text = factory.Sequence(lambda n: f"Police checkpoints on the mine road multiply after each protest, note {n}")
    confidence = Confidence.MEDIUM
    other_sources = ""

    @factory.post_generation
    def stakeholders(self, create, extracted, **kwargs):
        if create and extracted:
            self.stakeholders.set(extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            from stakeholders.models import InformationSource

            self.sources.set(InformationSource.objects.filter(code__in=extracted))

    @factory.post_generation
    def mandate_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.mandate_areas.set(MandateArea.objects.filter(code__in=extracted))


class CoordinationRiskFactory(factory.django.DjangoModelFactory):
    """An open national → local risk in the judicial accountability area, likely and major (score 16, high);
    ``stakeholders``, ``agreements``, ``practices`` and ``vulnerable_groups`` (codes) set its links."""

    class Meta:
        model = CoordinationRisk
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Abuses at checkpoints go unpunished locally, case {n}")
    jurisdiction = factory.SubFactory(NationalFactory)
    upper_level = JurisdictionLevel.NATIONAL
    lower_level = JurisdictionLevel.LOCAL
    area = factory.LazyFunction(area)
    other_area = ""
    challenge = "The national prosecutor's guidance on complaints has not reached the district offices."
    affected = "Artisanal miners stopped at checkpoints on the mine road."
    harm = "Arbitrary detention and extortion without recourse."
    likelihood = Likelihood.LIKELY
    impact = Impact.MAJOR
    owner = factory.SubFactory(OwnerFactory)
    status = RiskStatus.OPEN
    accepted_reason = ""
    review_on = datetime.date(2026, 6, 30)

    @factory.post_generation
    def stakeholders(self, create, extracted, **kwargs):
        if create and extracted:
            self.stakeholders.set(extracted)

    @factory.post_generation
    def agreements(self, create, extracted, **kwargs):
        if create and extracted:
            self.agreements.set(extracted)

    @factory.post_generation
    def practices(self, create, extracted, **kwargs):
        if create and extracted:
            self.practices.set(extracted)

    @factory.post_generation
    def vulnerable_groups(self, create, extracted, **kwargs):
        if create and extracted:
            from stakeholders.models import VulnerableGroup

            self.vulnerable_groups.set(VulnerableGroup.objects.filter(code__in=extracted))


class MitigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mitigation

    risk = factory.SubFactory(CoordinationRiskFactory)
    description = factory.Sequence(lambda n: f"Brief the district prosecutors on the complaints guidance, round {n}")
    owner = factory.SubFactory(OwnerFactory)
    due_on = datetime.date(2026, 5, 1)
    status = FollowUpStatus.OPEN
    closed_on = None


class MitigationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MitigationProgress

    mitigation = factory.SubFactory(MitigationFactory)
    note = factory.Sequence(lambda n: f"Met the district prosecutor, visit {n}")
    new_status = ""


class FindingReviewFactory(factory.django.DjangoModelFactory):
    """A dismissal of a computed finding (``key``) on some evidence; ``decision="registered", risk=...`` for a
    registration."""

    class Meta:
        model = FindingReview

    key = factory.Sequence(lambda n: f"mandate:judicial-accountability:local-{n}")
    evidence = "0" * 32
    decision = ReviewDecision.DISMISSED
    reason = "The district court covers it through its circuit hearings."
    risk = None
