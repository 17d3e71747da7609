"""The situation analysis and risk register services: editions are numbered per jurisdiction, approved editions
no longer change and are revised by a new edition that copies them, two editions compare heading by heading;
an accepted risk says why, a mitigation under way moves its risk, mitigations close and note progress as every
item of the tracker does. Every write is audited with its author and refused whole when invalid."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from analysis import selectors, services
from analysis.choices import AnalysisStatus, ReviewDecision, RiskStatus
from analysis.models import CoordinationRisk, Finding, FindingReview, Mitigation, MitigationProgress, SituationAnalysis
from followups.models import FollowUpStatus
from shrhub.roles import Role
from shrhub.services import StaleVersion
from tests.shrhub.factories import NationalFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory

from .factories import (
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    FindingReviewFactory,
    MitigationFactory,
    SituationAnalysisFactory,
    area,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def actor(make_user):
    return make_user(Role.SECURITY)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def on_a_known_day():
    with time_machine.travel(datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def new_analysis(actor, jurisdiction, **extra) -> SituationAnalysis:
    return services.situationanalysis_create(
        actor=actor,
        jurisdiction=jurisdiction,
        title=extra.pop("title", "Situation analysis"),
        as_of=datetime.date(2026, 1, 10),
        review_on=datetime.date(2026, 7, 10),
        **extra,
    )


# Editions ----------------------------------------------------------------------------------------------------------


def test_editions_are_numbered_per_jurisdiction_and_start_as_drafts_by_their_author(actor):
    national, region = NationalFactory(), RegionFactory()
    first = new_analysis(actor, national)
    second = new_analysis(actor, national)
    elsewhere = new_analysis(actor, region)
    assert [first.edition, second.edition, elsewhere.edition] == [1, 2, 1]
    assert (first.status, first.author, first.approved_on) == (AnalysisStatus.DRAFT, actor, None)
    assert first.history.get().history_user == actor
    assert str(second) == "Situation analysis (edition 2)"


def test_an_edition_keeps_its_jurisdiction(actor):
    analysis = SituationAnalysisFactory()
    with pytest.raises(ValidationError) as error:
        services.situationanalysis_update(actor=actor, instance=analysis, jurisdiction=RegionFactory())
    assert "jurisdiction" in error.value.message_dict


def test_approval_needs_a_finding_and_dates_and_signs_the_edition(manager, on_a_known_day):
    draft = SituationAnalysisFactory()
    with pytest.raises(ValidationError, match="at least one finding"):
        services.situationanalysis_approve(actor=manager, instance=draft)
    draft.refresh_from_db()
    assert draft.status == AnalysisStatus.DRAFT
    FindingFactory(analysis=draft)
    services.situationanalysis_approve(actor=manager, instance=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by, draft.approved_on) == (AnalysisStatus.APPROVED, manager, on_a_known_day)
    assert draft.history.order_by("-history_id").first().history_user == manager


def test_approval_is_for_those_holding_the_approve_permission(client_for):
    """Security staff write analyses but do not approve them; managers do (the page's gate)."""
    draft = FindingFactory().analysis
    url = reverse("analysis:situationanalysis_approve", args=[draft.pk])
    assert client_for(Role.SECURITY).post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == AnalysisStatus.DRAFT
    assert client_for(Role.MANAGER).post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AnalysisStatus.APPROVED


def test_an_approved_edition_refuses_edits_deletion_and_new_findings(actor, manager):
    approved = ApprovedAnalysisFactory(summary="As approved")
    finding = FindingFactory(analysis=approved, text="As found")
    attempts = [
        lambda: services.situationanalysis_update(actor=actor, instance=approved, summary="Rewritten"),
        lambda: services.situationanalysis_delete(actor=actor, instance=approved),
        lambda: services.situationanalysis_approve(actor=manager, instance=approved),
        lambda: services.finding_create(actor=actor, analysis=approved, heading="legal", text="Added late"),
        lambda: services.finding_update(actor=actor, instance=finding, text="Changed"),
        lambda: services.finding_delete(actor=actor, instance=finding),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="approved and no longer changes"):
            attempt()
    approved.refresh_from_db()
    assert approved.summary == "As approved"
    assert list(approved.findings.values_list("text", flat=True)) == ["As found"]


def test_a_finding_stays_in_its_analysis(actor):
    finding = FindingFactory()
    with pytest.raises(ValidationError) as error:
        services.finding_update(actor=actor, instance=finding, analysis=SituationAnalysisFactory())
    assert "analysis" in error.value.message_dict


def test_revising_copies_the_edition_and_its_findings_and_links_the_two(actor, on_a_known_day):
    police = OrganisationFactory()
    named = get_user_model().objects.create_user(username="cleared-analyst")
    first = ApprovedAnalysisFactory(
        as_of=datetime.date(2026, 1, 1),
        review_on=datetime.date(2026, 4, 1),  # reviewed every 90 days
        confidentiality="restricted",
        stakeholders=[police],
        summary="Policing is national.",
    )
    first.cleared_users.set([named])
    FindingFactory(
        analysis=first,
        heading="legal",
        text="The mining code is old",
        confidence="high",
        other_sources="Gazette",
        sources=["legal"],
        stakeholders=[police],
        mandate_areas=["judicial-accountability"],
    )
    FindingFactory(analysis=first, heading="security", text="Checkpoints multiply")
    second = services.situationanalysis_revise(actor=actor, instance=first)
    assert (second.previous, second.edition, second.status) == (first, first.edition + 1, AnalysisStatus.DRAFT)
    assert (second.as_of, second.review_on) == (on_a_known_day, on_a_known_day + datetime.timedelta(days=90))
    assert (second.title, second.summary, second.confidentiality) == (
        first.title,
        "Policing is national.",
        "restricted",
    )
    assert list(second.cleared_users.all()) == [named] and list(second.stakeholders.all()) == [police]
    copied = second.findings.get(heading="legal")
    assert (copied.text, copied.confidence, copied.other_sources) == ("The mining code is old", "high", "Gazette")
    assert [s.code for s in copied.sources.all()] == ["legal"]
    assert list(copied.stakeholders.all()) == [police]
    assert [a.code for a in copied.mandate_areas.all()] == ["judicial-accountability"]
    assert second.findings.count() == 2 and first.findings.count() == 2  # the earlier keeps its own


def test_an_edition_is_revised_once_and_then_kept(actor):
    first = ApprovedAnalysisFactory()
    services.situationanalysis_revise(actor=actor, instance=first)
    with pytest.raises(ValidationError, match="already revises"):
        services.situationanalysis_revise(actor=actor, instance=first)
    assert SituationAnalysis.objects.filter(previous=first).count() == 1
    draft_first = SituationAnalysisFactory(jurisdiction=RegionFactory())
    services.situationanalysis_revise(actor=actor, instance=draft_first)
    with pytest.raises(ValidationError, match="revises this one"):
        services.situationanalysis_delete(actor=actor, instance=draft_first)  # kept to be compared


def test_comparing_two_editions_finds_removed_added_and_kept_findings(actor):
    earlier = ApprovedAnalysisFactory()
    FindingFactory(analysis=earlier, heading="security", text="Checkpoints multiply after protests")
    FindingFactory(analysis=earlier, heading="legal", text="The mining code is old")
    later = services.situationanalysis_revise(actor=actor, instance=earlier)
    services.finding_update(
        actor=actor, instance=later.findings.get(heading="legal"), text="The new mining code applies from June"
    )
    services.finding_create(actor=actor, analysis=later, heading="social", text="Youth unemployment rises")
    services.finding_update(
        actor=actor, instance=later.findings.get(heading="security"), text="Checkpoints  multiply\nafter protests"
    )
    both = selectors.situationanalysis_detail(user=actor)
    changes = {c.heading: c for c in selectors.compare_editions(both.get(pk=earlier.pk), both.get(pk=later.pk))}
    assert list(changes) == ["political", "economic", "social", "technological", "legal", "environmental", "security"]
    assert [f.text for f in changes["legal"].removed] == ["The mining code is old"]
    assert [f.text for f in changes["legal"].added] == ["The new mining code applies from June"]
    assert [f.text for f in changes["social"].added] == ["Youth unemployment rises"]
    assert changes["security"].kept and not changes["security"].changed  # whitespace aside, the same
    assert not changes["political"].changed and changes["legal"].changed


def test_a_stale_edit_is_refused(actor):
    analysis = SituationAnalysisFactory()
    with pytest.raises(StaleVersion):
        services.situationanalysis_update(
            actor=actor, instance=analysis, expected_version=analysis.version + 1, summary="y"
        )


# Risks -------------------------------------------------------------------------------------------------------------


def risk_data(**extra):
    return {
        "title": "Abuses at checkpoints go unpunished",
        "jurisdiction": NationalFactory(),
        "area": area(),
        "challenge": "Guidance has not reached the district offices.",
        "affected": "Artisanal miners",
        "harm": "Arbitrary detention",
        "likelihood": 4,
        "impact": 3,
        "review_on": datetime.date(2026, 8, 1),
        **extra,
    }


def test_an_accepted_risk_needs_a_reason(actor):
    with pytest.raises(ValidationError) as error:
        services.coordinationrisk_create(actor=actor, **risk_data(status=RiskStatus.ACCEPTED))
    assert "accepted_reason" in error.value.message_dict
    assert not CoordinationRisk.objects.exists()
    risk = services.coordinationrisk_create(
        actor=actor, **risk_data(status=RiskStatus.ACCEPTED, accepted_reason="The courts sit locally from June.")
    )
    assert risk.accepted_reason == "The courts sit locally from June."


def test_a_risk_no_longer_accepted_forgets_why_it_was(actor):
    risk = CoordinationRiskFactory(status=RiskStatus.ACCEPTED, accepted_reason="The courts sit locally from June.")
    services.coordinationrisk_update(
        actor=actor, instance=risk, harm="Detention"
    )  # the status stays: so does the reason
    assert risk.accepted_reason == "The courts sit locally from June."
    services.coordinationrisk_update(actor=actor, instance=risk, status=RiskStatus.OPEN)
    risk.refresh_from_db()
    assert (risk.status, risk.accepted_reason) == (RiskStatus.OPEN, "")
    assert risk.history.order_by("-history_id").first().history_user == actor


def test_a_risk_names_its_area_and_its_levels_in_order(actor):
    with pytest.raises(ValidationError) as error:
        services.coordinationrisk_create(actor=actor, **risk_data(area=None, other_area=""))
    assert "area" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.coordinationrisk_create(actor=actor, **risk_data(upper_level="local", lower_level="national"))
    assert "lower_level" in error.value.message_dict
    other = services.coordinationrisk_create(actor=actor, **risk_data(area=None, other_area="Customary courts"))
    assert other.area_name == "Customary courts"
    assert (other.score, other.rating) == (12, "high")


def test_deleting_a_registered_risk_lets_its_finding_be_proposed_again(actor):
    risk = CoordinationRiskFactory()
    FindingReviewFactory(key="gap:1", decision=ReviewDecision.REGISTERED, reason="", risk=risk)
    services.coordinationrisk_delete(actor=actor, instance=risk)
    assert not CoordinationRisk.objects.exists()
    assert not FindingReview.objects.filter(key="gap:1").exists()


# Mitigations -------------------------------------------------------------------------------------------------------


def test_a_mitigation_moves_an_open_risk_to_mitigating(make_user):
    community = make_user(Role.COMMUNITY)
    risk = CoordinationRiskFactory(status=RiskStatus.OPEN)
    mitigation = services.mitigation_create(
        actor=community, risk=risk, description="Brief the prosecutors", due_on=datetime.date(2026, 6, 1)
    )
    risk.refresh_from_db()
    assert risk.status == RiskStatus.MITIGATING
    assert risk.history.order_by("-history_id").first().history_user == community
    assert mitigation.history.get().history_user == community


@pytest.mark.parametrize("status", [RiskStatus.ACCEPTED, RiskStatus.CLOSED, RiskStatus.MITIGATING])
def test_a_mitigation_leaves_a_risk_that_is_not_open_as_it_is(actor, status):
    risk = CoordinationRiskFactory(status=status, accepted_reason="Reason" if status == RiskStatus.ACCEPTED else "")
    versions = risk.history.count()
    services.mitigation_create(actor=actor, risk=risk, description="Watch", due_on=datetime.date(2026, 6, 1))
    risk.refresh_from_db()
    assert risk.status == status and risk.history.count() == versions


def test_closing_a_mitigation_dates_it_today_and_reopening_clears_the_date(actor, on_a_known_day):
    item = MitigationFactory()
    services.mitigation_update(actor=actor, instance=item, status=FollowUpStatus.DONE)
    assert item.closed_on == on_a_known_day
    services.mitigation_update(actor=actor, instance=item, status=FollowUpStatus.IN_PROGRESS)
    assert item.closed_on is None
    with pytest.raises(ValidationError) as error:  # an open item has no closing date
        services.mitigation_update(actor=actor, instance=item, closed_on=datetime.date(2026, 5, 1))
    assert "closed_on" in error.value.message_dict


def test_a_mitigation_stays_with_its_risk(actor):
    item = MitigationFactory()
    with pytest.raises(ValidationError) as error:
        services.mitigation_update(actor=actor, instance=item, risk=CoordinationRiskFactory())
    assert "risk" in error.value.message_dict


def test_a_progress_note_can_move_the_mitigation_and_says_so(actor, on_a_known_day):
    item = MitigationFactory()
    note = services.mitigationprogress_create(actor=actor, mitigation=item, note="Guidance sent", new_status="done")
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (FollowUpStatus.DONE, on_a_known_day)
    assert (note.new_status, note.author) == ("done", actor)
    same = services.mitigationprogress_create(actor=actor, mitigation=item, note="Receipt confirmed", new_status="done")
    assert same.new_status == ""  # no move: not recorded as one
    assert note.get_absolute_url() == item.get_absolute_url() + f"#progress-{note.pk}"


def test_an_empty_progress_note_writes_nothing(actor):
    item = MitigationFactory()
    with pytest.raises(ValidationError) as error:
        services.mitigationprogress_create(actor=actor, mitigation=item, note="", new_status="done")
    assert "note" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN
    assert not MitigationProgress.objects.exists()


def test_deleting_a_risk_deletes_its_mitigations_and_their_notes(actor):
    item = MitigationFactory()
    services.mitigationprogress_create(actor=actor, mitigation=item, note="Called")
    services.coordinationrisk_delete(actor=actor, instance=item.risk)
    assert not Mitigation.objects.exists() and not MitigationProgress.objects.exists()


def test_deleting_a_draft_deletes_its_findings(actor):
    finding = FindingFactory()
    services.situationanalysis_delete(actor=actor, instance=finding.analysis)
    assert not Finding.objects.exists()
