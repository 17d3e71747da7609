"""Each filter of the situation analysis and risk register FilterSets keeps the rows it must and drops the others
(see tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from analysis.filtersets import (
    CoordinationRiskFilterSet,
    FindingFilterSet,
    MitigationFilterSet,
    MitigationProgressFilterSet,
    SituationAnalysisFilterSet,
)
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.filters import FilterCase
from tests.practices.factories import PracticeFactory
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory

from .factories import (
    AgreementFactory,
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    MitigationFactory,
    MitigationProgressFactory,
    SituationAnalysisFactory,
    area,
)

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)
CLOSED = {"status": "done", "closed_on": datetime.date(2026, 3, 3)}


class TestSituationAnalysisFilters(FilterCase):
    basename = "situationanalysis"
    filterset = SituationAnalysisFilterSet

    def make(self, **kwargs):
        return SituationAnalysisFactory(**kwargs)

    def make_found(self, word):
        return SituationAnalysisFactory(informal_systems=f"The {word} elders decide who is heard")

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = SituationAnalysisFactory(jurisdiction=LocalityFactory(parent=region))
        at_region = SituationAnalysisFactory(jurisdiction=region)
        national = SituationAnalysisFactory()
        self.assert_keeps({"jurisdiction": region.pk}, [inside, at_region], [national])

    def test_status(self):
        draft, approved = SituationAnalysisFactory(), ApprovedAnalysisFactory()
        self.assert_keeps({"status": "approved"}, [approved], [draft])
        self.assert_keeps({"status": "draft"}, [draft], [approved])

    def test_latest(self):
        first = ApprovedAnalysisFactory()
        second = SituationAnalysisFactory(previous=first, jurisdiction=first.jurisdiction)
        alone = SituationAnalysisFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"latest": "true"}, [second, alone], [first])
        self.assert_keeps({"latest": "false"}, [first], [second, alone])

    @pytest.mark.dates
    def test_review_due(self):
        due = SituationAnalysisFactory(review_on=LONG_AGO)
        later = SituationAnalysisFactory(review_on=FAR_AHEAD)
        revised = ApprovedAnalysisFactory(review_on=LONG_AGO)  # a later edition took over its review
        SituationAnalysisFactory(previous=revised, jurisdiction=RegionFactory(), review_on=FAR_AHEAD)
        self.assert_keeps({"review_due": "true"}, [due], [later, revised])

    def test_review_due_counts_from_today(self):
        """Due on the 10th: due on the 10th itself, not on the 9th."""
        item = SituationAnalysisFactory(review_on=datetime.date(2026, 5, 10))
        with time_machine.travel(datetime.datetime(2026, 5, 9, 12, tzinfo=datetime.UTC), tick=False):
            assert self.listed(review_due="true") == set()
        with time_machine.travel(datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC), tick=False):
            assert self.listed(review_due="true") == {item.pk}

    def test_stakeholder(self):
        police = OrganisationFactory()
        concerned = SituationAnalysisFactory(stakeholders=[police, OrganisationFactory()])
        other = SituationAnalysisFactory(stakeholders=[OrganisationFactory()])
        self.assert_keeps({"stakeholder": police.pk}, [concerned], [other])


class TestFindingFilters(FilterCase):
    basename = "finding"
    filterset = FindingFilterSet

    def make(self, **kwargs):
        return FindingFactory(**kwargs)

    def make_found(self, word):
        return FindingFactory(other_sources=f"Interviews in {word} market")

    def test_analysis(self):
        finding, other = FindingFactory(), FindingFactory()
        self.assert_keeps({"analysis": finding.analysis_id}, [finding], [other])

    def test_heading(self):
        legal, social = FindingFactory(heading="legal"), FindingFactory(heading="social")
        security = FindingFactory(heading="security")
        self.assert_keeps({"heading": ["legal", "social"]}, [legal, social], [security])

    def test_confidence(self):
        high, low = FindingFactory(confidence="high"), FindingFactory(confidence="low")
        self.assert_keeps({"confidence": "high"}, [high], [low])

    def test_stakeholder(self):
        police = OrganisationFactory()
        finding, other = FindingFactory(stakeholders=[police]), FindingFactory(stakeholders=[OrganisationFactory()])
        self.assert_keeps({"stakeholder": police.pk}, [finding], [other])


class TestCoordinationRiskFilters(FilterCase):
    basename = "coordinationrisk"
    filterset = CoordinationRiskFilterSet

    def make(self, **kwargs):
        return CoordinationRiskFactory(**kwargs)

    def make_found(self, word):
        return CoordinationRiskFactory(affected=f"Miners of the {word} valley")

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = CoordinationRiskFactory(jurisdiction=LocalityFactory(parent=region))
        national = CoordinationRiskFactory(jurisdiction=NationalFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [national])

    def test_level(self):
        """A risk spans the levels between its two: national → local concerns the regional level too."""
        span = CoordinationRiskFactory(upper_level="national", lower_level="local")
        national = CoordinationRiskFactory(upper_level="national", lower_level="national")
        local = CoordinationRiskFactory(upper_level="regional", lower_level="local")
        self.assert_keeps({"level": "regional"}, [span, local], [national])
        self.assert_keeps({"level": "national"}, [span, national], [local])

    def test_area(self):
        judicial = CoordinationRiskFactory(area=area())
        licensing = CoordinationRiskFactory(area=area("licensing-private-security"))
        other = CoordinationRiskFactory(area=None, other_area="Customary land courts")
        self.assert_keeps({"area": area().pk}, [judicial], [licensing, other])

    def test_status(self):
        open_, accepted = CoordinationRiskFactory(), CoordinationRiskFactory(status="accepted", accepted_reason="x")
        closed = CoordinationRiskFactory(status="closed")
        self.assert_keeps({"status": ["open", "closed"]}, [open_, closed], [accepted])

    def test_live(self):
        open_, going = CoordinationRiskFactory(), CoordinationRiskFactory(status="mitigating")
        closed = CoordinationRiskFactory(status="closed")
        accepted = CoordinationRiskFactory(status="accepted", accepted_reason="Courts sit from June")
        self.assert_keeps({"live": "true"}, [open_, going], [closed, accepted])
        self.assert_keeps({"live": "false"}, [closed, accepted], [open_, going])

    def test_likelihood(self):
        rare, likely = CoordinationRiskFactory(likelihood=1), CoordinationRiskFactory(likelihood=4)
        certain = CoordinationRiskFactory(likelihood=5)
        self.assert_keeps({"likelihood": ["1", "5"]}, [rare, certain], [likely])

    def test_impact(self):
        minimal, severe = CoordinationRiskFactory(impact=1), CoordinationRiskFactory(impact=5)
        self.assert_keeps({"impact": "5"}, [severe], [minimal])

    def test_min_score(self):
        """Likelihood × impact, computed by the selector: 10 is where high begins."""
        high = CoordinationRiskFactory(likelihood=2, impact=5)
        medium = CoordinationRiskFactory(likelihood=3, impact=3)
        self.assert_keeps({"min_score": 10}, [high], [medium])

    def test_owner(self):
        risk, other, unowned = CoordinationRiskFactory(), CoordinationRiskFactory(), CoordinationRiskFactory(owner=None)
        self.assert_keeps({"owner": risk.owner_id}, [risk], [other, unowned])

    def test_mine(self, users):
        me = users[self.role]
        mine, theirs = CoordinationRiskFactory(owner=me), CoordinationRiskFactory()
        self.assert_keeps({"mine": "true"}, [mine], [theirs])
        self.assert_keeps({"mine": "false"}, [theirs], [mine])

    @pytest.mark.dates
    def test_review_due(self):
        due, later = CoordinationRiskFactory(review_on=LONG_AGO), CoordinationRiskFactory(review_on=FAR_AHEAD)
        closed = CoordinationRiskFactory(review_on=LONG_AGO, status="closed")  # nothing left to review
        self.assert_keeps({"review_due": "true"}, [due], [later, closed])
        self.assert_keeps({"review_due": "false"}, [later, closed], [due])

    def test_vulnerable_group(self):
        from stakeholders.models import VulnerableGroup

        women = CoordinationRiskFactory(vulnerable_groups=["women", "youth"])
        children = CoordinationRiskFactory(vulnerable_groups=["children"])
        self.assert_keeps({"vulnerable_group": VulnerableGroup.objects.get(code="women").pk}, [women], [children])

    def test_stakeholder(self):
        police = OrganisationFactory()
        risk, other = CoordinationRiskFactory(stakeholders=[police]), CoordinationRiskFactory()
        self.assert_keeps({"stakeholder": police.pk}, [risk], [other])

    def test_agreement(self):
        mou = AgreementFactory()
        risk, other = (
            CoordinationRiskFactory(agreements=[mou]),
            CoordinationRiskFactory(agreements=[AgreementFactory()]),
        )
        self.assert_keeps({"agreement": mou.pk}, [risk], [other])

    def test_practice(self):
        practice = PracticeFactory()
        risk, other = CoordinationRiskFactory(practices=[practice]), CoordinationRiskFactory()
        self.assert_keeps({"practice": practice.pk}, [risk], [other])

    def test_analysis(self):
        analysis = SituationAnalysisFactory()
        risk, other = CoordinationRiskFactory(analysis=analysis), CoordinationRiskFactory()
        self.assert_keeps({"analysis": analysis.pk}, [risk], [other])


class TestMitigationFilters(FilterCase):
    basename = "mitigation"
    filterset = MitigationFilterSet

    def make(self, **kwargs):
        return MitigationFactory(**kwargs)

    def make_found(self, word):
        return MitigationFactory(description=f"Hold a hearing in {word} village")

    def test_risk(self):
        item, other = MitigationFactory(), MitigationFactory()
        self.assert_keeps({"risk": item.risk_id}, [item], [other])

    def test_status(self):
        open_, done = MitigationFactory(), MitigationFactory(**CLOSED)
        going = MitigationFactory(status="in_progress")
        self.assert_keeps({"status": ["open", "done"]}, [open_, done], [going])

    def test_open(self):
        open_, done = MitigationFactory(), MitigationFactory(**CLOSED)
        self.assert_keeps({"open": "true"}, [open_], [done])
        self.assert_keeps({"open": "false"}, [done], [open_])

    @pytest.mark.dates
    def test_overdue(self):
        late, later = MitigationFactory(due_on=LONG_AGO), MitigationFactory(due_on=FAR_AHEAD)
        late_but_done = MitigationFactory(due_on=LONG_AGO, **CLOSED)
        self.assert_keeps({"overdue": "true"}, [late], [later, late_but_done])

    def test_owner(self):
        item, other, unowned = MitigationFactory(), MitigationFactory(), MitigationFactory(owner=None)
        self.assert_keeps({"owner": item.owner_id}, [item], [other, unowned])

    def test_mine(self, users):
        mine, theirs = MitigationFactory(owner=users[self.role]), MitigationFactory(owner=OwnerFactory())
        self.assert_keeps({"mine": "true"}, [mine], [theirs])

    def test_owned(self):
        owned, unowned = MitigationFactory(), MitigationFactory(owner=None)
        self.assert_keeps({"owned": "false"}, [unowned], [owned])
        self.assert_keeps({"owned": "true"}, [owned], [unowned])

    def test_due_after(self):
        before, on, after = (MitigationFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_after": "2026-04-02"}, [on, after], [before])

    def test_due_before(self):
        before, on, after = (MitigationFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_before": "2026-04-02"}, [before, on], [after])


class TestMitigationProgressFilters(FilterCase):
    basename = "mitigationprogress"
    filterset = MitigationProgressFilterSet

    def make(self, **kwargs):
        return MitigationProgressFactory(**kwargs)

    def make_found(self, word):
        return MitigationProgressFactory(note=f"Met the {word} council")

    def test_mitigation(self):
        note, other = MitigationProgressFactory(), MitigationProgressFactory()
        self.assert_keeps({"mitigation": note.mitigation_id}, [note], [other])

    def test_risk(self):
        note, other = MitigationProgressFactory(), MitigationProgressFactory()
        self.assert_keeps({"risk": note.mitigation.risk_id}, [note], [other])


@pytest.mark.django_db
def test_mine_is_the_requesting_users_own(api_client_for, users):
    """Two users asking for their own risks each get theirs."""
    a, b = users[Role.SECURITY], users[Role.MANAGER]
    risk_a, risk_b = CoordinationRiskFactory(owner=a), CoordinationRiskFactory(owner=b)
    for role, risk in ((Role.SECURITY, risk_a), (Role.MANAGER, risk_b)):
        response = api_client_for(role).get("/api/v1/coordination-risks/", {"mine": "true"})
        assert [row["id"] for row in response.json()["results"]] == [risk.pk]
