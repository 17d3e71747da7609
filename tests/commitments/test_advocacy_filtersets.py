"""Each filter of the FilterSets of the case for the VPs keeps the rows it must and drops the others (see
tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

from commitments.advocacy.filtersets import (
    AdvocacyFilterSet,
    BenefitArgumentFilterSet,
    CommitmentAssessmentFilterSet,
)
from commitments.choices import Response, Standard
from tests.helpers.filters import FilterCase
from tests.shrhub.factories import LocalityFactory, RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .advocacy_factories import (
    AdvocacyFactory,
    ArgumentPutFactory,
    BenefitArgumentFactory,
    CommitmentAssessmentFactory,
)


def regional(**kwargs):
    return OrganisationFactory(level="regional", jurisdiction=kwargs.pop("jurisdiction", None) or RegionFactory())


class TestBenefitArgumentFilters(FilterCase):
    basename = "benefitargument"
    filterset = BenefitArgumentFilterSet

    def make(self, **kwargs):
        return BenefitArgumentFactory(**kwargs)

    def make_found(self, word):
        return BenefitArgumentFactory(name=f"The {word} payoff")

    def test_benefit(self):
        """The seeded arguments cover every payoff but "other": the filter is asked for that one."""
        other, security = BenefitArgumentFactory(benefit="other"), BenefitArgumentFactory()
        self.assert_keeps({"benefit": ["other"]}, [other], [security])

    def test_retired(self):
        live, retired = BenefitArgumentFactory(), BenefitArgumentFactory(retired=True)
        self.assert_keeps({"retired": "true"}, [retired], [live])


class TestAdvocacyFilters(FilterCase):
    basename = "advocacy"
    filterset = AdvocacyFilterSet

    def make(self, **kwargs):
        return AdvocacyFactory(**kwargs)

    def make_found(self, word):
        return AdvocacyFactory(response_notes=f"They spoke of {word}")

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = AdvocacyFactory(agency=regional(jurisdiction=region))
        below = AdvocacyFactory(agency=OrganisationFactory(level="local", jurisdiction=LocalityFactory(parent=region)))
        elsewhere = AdvocacyFactory(agency=regional())
        self.assert_keeps({"jurisdiction": region.pk}, [inside, below], [elsewhere])

    def test_level(self):
        national, region = AdvocacyFactory(), AdvocacyFactory(agency=regional())
        self.assert_keeps({"level": ["regional"]}, [region], [national])

    def test_agency(self):
        mine, other = AdvocacyFactory(), AdvocacyFactory()
        self.assert_keeps({"agency": mine.agency_id}, [mine], [other])

    def test_engagement(self):
        mine, other = AdvocacyFactory(), AdvocacyFactory()
        self.assert_keeps({"engagement": mine.engagement_id}, [mine], [other])

    def test_standard(self):
        vps = AdvocacyFactory()
        other = AdvocacyFactory(standard=Standard.OTHER, other_standard="National police code")
        ungps = AdvocacyFactory(standard=Standard.UNGPS)
        self.assert_keeps({"standard": ["vps", "other"]}, [vps, other], [ungps])

    def test_response(self):
        interested, rejected = AdvocacyFactory(), AdvocacyFactory(response=Response.REJECTED)
        self.assert_keeps({"response": ["rejected"]}, [rejected], [interested])

    def test_argument(self):
        put = ArgumentPutFactory()
        other = ArgumentPutFactory()
        self.assert_keeps({"argument": put.argument_id}, [put.advocacy], [other.advocacy])

    def test_argument_response(self):
        rejected = ArgumentPutFactory(response=Response.REJECTED)
        same_argument_welcomed = ArgumentPutFactory(argument=rejected.argument, response=Response.WELCOMED)
        # rejected, but another argument of the same advocacy was welcomed: not the cell (argument, rejected)
        mixed = ArgumentPutFactory(argument=rejected.argument, response=Response.WELCOMED)
        ArgumentPutFactory(advocacy=mixed.advocacy, response=Response.REJECTED)
        self.assert_keeps(
            {"argument_response": ["rejected"]}, [rejected.advocacy, mixed.advocacy], [same_argument_welcomed.advocacy]
        )
        self.assert_keeps(
            {"argument": rejected.argument_id, "argument_response": ["rejected"]},
            [rejected.advocacy],
            [mixed.advocacy, same_argument_welcomed.advocacy],
        )

    def test_raised_after(self):
        old = AdvocacyFactory(engagement=EngagementFactory(occurred_on=datetime.date(2025, 1, 1)))
        old.engagement.stakeholders.add(old.agency)
        new = AdvocacyFactory()
        self.assert_keeps({"raised_after": "2026-01-01"}, [new], [old])

    def test_raised_before(self):
        old = AdvocacyFactory(engagement=EngagementFactory(occurred_on=datetime.date(2025, 1, 1)))
        new = AdvocacyFactory()
        self.assert_keeps({"raised_before": "2025-12-31"}, [old], [new])


class TestCommitmentAssessmentFilters(FilterCase):
    basename = "commitmentassessment"
    filterset = CommitmentAssessmentFilterSet

    def make(self, **kwargs):
        return CommitmentAssessmentFactory(**kwargs)

    def make_found(self, word):
        return CommitmentAssessmentFactory(evidence=f"Said {word} on the radio")

    def test_level(self):
        interested, opposed = CommitmentAssessmentFactory(), CommitmentAssessmentFactory(level="opposed")
        self.assert_keeps({"level": ["opposed"]}, [opposed], [interested])

    def test_current(self):
        earlier = CommitmentAssessmentFactory(assessed_on=datetime.date(2025, 1, 1))
        latest = CommitmentAssessmentFactory(stakeholder=earlier.stakeholder)
        alone = CommitmentAssessmentFactory()
        self.assert_keeps({"current": "true"}, [latest, alone], [earlier])
        self.assert_keeps({"current": "false"}, [earlier], [latest, alone])

    def test_stakeholder(self):
        mine, other = CommitmentAssessmentFactory(), CommitmentAssessmentFactory()
        self.assert_keeps({"stakeholder": mine.stakeholder_id}, [mine], [other])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = CommitmentAssessmentFactory(stakeholder=regional(jurisdiction=region))
        elsewhere = CommitmentAssessmentFactory(stakeholder=regional())
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [elsewhere])

    def test_government_level(self):
        national, region = CommitmentAssessmentFactory(), CommitmentAssessmentFactory(stakeholder=regional())
        self.assert_keeps({"government_level": ["regional"]}, [region], [national])

    def test_sector(self):
        ministry = CommitmentAssessmentFactory()
        police = CommitmentAssessmentFactory(stakeholder=OrganisationFactory(sector="police"))
        self.assert_keeps({"sector": ["police"]}, [police], [ministry])

    def test_assessed_after(self):
        old = CommitmentAssessmentFactory(assessed_on=datetime.date(2025, 1, 1))
        new = CommitmentAssessmentFactory()
        self.assert_keeps({"assessed_after": "2026-01-01"}, [new], [old])

    def test_assessed_before(self):
        old = CommitmentAssessmentFactory(assessed_on=datetime.date(2025, 1, 1))
        new = CommitmentAssessmentFactory()
        self.assert_keeps({"assessed_before": "2025-12-31"}, [old], [new])
