"""The agreement services: the evidence each kind of agreement names, the tracker's closing rule and progress notes
on obligations, where a roll-out body may sit, the bodies the registry suggests, dating a change of a body's state,
and the roll-out gaps. Every write is audited with its author and refused whole when invalid."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from commitments import selectors, services
from commitments.choices import AgreementKind, AgreementStatus, RolloutState
from commitments.models import Agreement, Obligation, ObligationProgress, Rollout
from followups.models import FollowUpStatus
from shrhub.roles import Role
from stakeholders.models import MandateArea
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory, PersonFactory
from tests.workinggroups.factories import HeldMeetingFactory

from .factories import AgreementFactory, ObligationFactory, RegionalBodyFactory, RolloutFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def actor(make_user):
    return make_user(Role.COMMUNITY)


@pytest.fixture
def on_a_known_day():
    with time_machine.travel(datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def agreement_data(**changes):
    return {
        "kind": AgreementKind.SECURITY_MOU,
        "title": "MoU on security arrangements",
        "made_on": datetime.date(2026, 2, 1),
        "jurisdiction": NationalFactory(),
        "status": AgreementStatus.IN_FORCE,
        **changes,
    }


# Evidence per kind ---------------------------------------------------------------------------------------------


def test_an_agreement_is_recorded_with_its_author(actor):
    agreement = services.agreement_create(actor=actor, **agreement_data(parties=[OrganisationFactory()]))
    assert agreement.parties.count() == 1
    assert agreement.history.order_by("-history_id").first().history_user == actor


@pytest.mark.parametrize(
    ("kind", "field"), [(AgreementKind.WORKING_GROUP, "meetings"), (AgreementKind.ENGAGEMENT, "engagements")]
)
def test_a_kind_defined_by_where_it_was_reached_names_it(actor, kind, field):
    """A working-group agreement names its meeting, a commitment made in an engagement its engagement: refused
    with none given, or with the field left out altogether."""
    for data in (agreement_data(kind=kind, **{field: []}), agreement_data(kind=kind)):
        with pytest.raises(ValidationError) as error:
            services.agreement_create(actor=actor, **data)
        assert field in error.value.message_dict
    assert not Agreement.objects.exists()
    evidence = [HeldMeetingFactory()] if field == "meetings" else [EngagementFactory()]
    agreement = services.agreement_create(actor=actor, **agreement_data(kind=kind, **{field: evidence}))
    assert list(getattr(agreement, field).all()) == evidence


@pytest.mark.parametrize("kind", [AgreementKind.INVESTMENT, AgreementKind.CONCESSION, AgreementKind.SECURITY_MOU])
def test_clauses_and_mous_need_no_meeting_or_engagement(actor, kind):
    assert services.agreement_create(actor=actor, **agreement_data(kind=kind)).kind == kind


def test_changing_the_kind_asks_for_the_evidence_of_the_new_kind(actor):
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.agreement_update(actor=actor, instance=agreement, kind=AgreementKind.WORKING_GROUP)
    assert "meetings" in error.value.message_dict
    agreement.refresh_from_db()
    assert agreement.kind == AgreementKind.SECURITY_MOU
    meeting = HeldMeetingFactory()
    services.agreement_update(actor=actor, instance=agreement, kind=AgreementKind.WORKING_GROUP, meetings=[meeting])
    services.agreement_update(actor=actor, instance=agreement, title="Patrol hours, as amended")
    assert list(agreement.meetings.all()) == [meeting]


def test_an_editor_who_cannot_see_the_meeting_does_not_remove_it(actor):
    """A visible working-group agreement decided in a confidential meeting: its editor is shown no meeting, saves
    none, and the meeting stays (a masked link), so the agreement still names it."""
    hidden = HeldMeetingFactory(confidentiality="confidential")
    agreement = AgreementFactory(kind=AgreementKind.WORKING_GROUP, meetings=[hidden])
    services.agreement_update(actor=actor, instance=agreement, title="Renamed", meetings=[])
    agreement.refresh_from_db()
    assert agreement.title == "Renamed"
    assert list(agreement.meetings.all()) == [hidden]


def test_an_agreement_cannot_supersede_itself_or_be_superseded_while_in_force(actor):
    agreement, successor = AgreementFactory(), AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.agreement_update(actor=actor, instance=agreement, superseded_by=successor)
    assert "superseded_by" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=actor, instance=agreement, status=AgreementStatus.SUPERSEDED, superseded_by=agreement
        )
    assert "superseded_by" in error.value.message_dict
    services.agreement_update(
        actor=actor, instance=agreement, status=AgreementStatus.SUPERSEDED, superseded_by=successor
    )
    agreement.refresh_from_db()
    assert agreement.superseded_by == successor


def test_a_meeting_or_an_engagement_starts_an_agreement(actor):
    meeting = HeldMeetingFactory(title="Quarterly meeting", decisions="Checkpoints close at night.")
    start = services.agreement_from_meeting(meeting)
    assert start["kind"] == AgreementKind.WORKING_GROUP and start["meetings"] == [meeting.pk]
    assert (start["summary"], start["jurisdiction"]) == ("Checkpoints close at night.", meeting.group.jurisdiction_id)
    engagement = EngagementFactory(outcome="The governor will instruct the district offices.")
    start = services.agreement_from_engagement(engagement)
    assert start["kind"] == AgreementKind.ENGAGEMENT and start["engagements"] == [engagement.pk]
    assert start["summary"] == "The governor will instruct the district offices."
    assert start["made_on"] == engagement.occurred_on


def test_deleting_an_agreement_removes_its_obligations_and_roll_out(actor):
    agreement = AgreementFactory()
    ObligationFactory(agreement=agreement)
    RolloutFactory(agreement=agreement)
    services.agreement_delete(actor=actor, instance=agreement)
    assert not Agreement.objects.exists() and not Obligation.objects.exists() and not Rollout.objects.exists()


# Obligations: the tracker's rules ------------------------------------------------------------------------------


def obligation_data(**changes):
    return {"agreement": AgreementFactory(), "description": "Train every unit", "due_on": datetime.date(2026, 6, 1)}


def test_an_obligation_is_owned_by_staff_a_party_or_nobody_yet(actor):
    staff = OwnerFactory(role=Role.COMMUNITY)
    police = OrganisationFactory()
    assert services.obligation_create(actor=actor, **obligation_data(), owner=staff).owner_name == str(
        staff.get_full_name()
    )
    assert services.obligation_create(actor=actor, **obligation_data(), owner_stakeholder=police).owner_name == str(
        police
    )
    assert services.obligation_create(actor=actor, **obligation_data()).owner_name == "—"
    with pytest.raises(ValidationError) as error:
        services.obligation_create(actor=actor, **obligation_data(), owner=staff, owner_stakeholder=police)
    assert "owner_stakeholder" in error.value.message_dict
    assert Obligation.objects.count() == 3


def test_closing_dates_it_today_and_reopening_clears_the_date(actor, on_a_known_day):
    item = ObligationFactory()
    services.obligation_update(actor=actor, instance=item, status=FollowUpStatus.DONE)
    assert item.closed_on == on_a_known_day
    services.obligation_update(actor=actor, instance=item, status=FollowUpStatus.IN_PROGRESS)
    assert item.closed_on is None
    services.obligation_update(
        actor=actor, instance=item, status=FollowUpStatus.DROPPED, closed_on=datetime.date(2026, 3, 20)
    )
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (FollowUpStatus.DROPPED, datetime.date(2026, 3, 20))


def test_an_open_obligation_with_a_closing_date_is_refused(actor):
    with pytest.raises(ValidationError) as error:
        services.obligation_create(actor=actor, **obligation_data(), closed_on=datetime.date(2026, 5, 1))
    assert "closed_on" in error.value.message_dict
    assert not Obligation.objects.exists()


def test_a_progress_note_can_move_the_obligation_and_says_so(actor, on_a_known_day):
    item = ObligationFactory()
    note = services.obligationprogress_create(actor=actor, obligation=item, note="Training held", new_status="done")
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (FollowUpStatus.DONE, on_a_known_day)
    assert (note.new_status, note.author) == ("done", actor)
    same = services.obligationprogress_create(
        actor=actor, obligation=item, note="Certificates filed", new_status="done"
    )
    assert same.new_status == ""  # no move: not recorded as one
    reopened = services.obligationprogress_create(
        actor=actor, obligation=item, note="A unit missed it", new_status="open"
    )
    item.refresh_from_db()
    assert (reopened.new_status, item.status, item.closed_on) == ("open", FollowUpStatus.OPEN, None)


def test_a_note_without_a_move_leaves_the_obligation_unwritten(actor):
    item = ObligationFactory(status=FollowUpStatus.IN_PROGRESS)
    services.obligationprogress_create(actor=actor, obligation=item, note="Still waiting")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_PROGRESS
    assert item.history.count() == 1


def test_an_empty_or_unknown_progress_note_writes_nothing(actor):
    item = ObligationFactory()
    with pytest.raises(ValidationError) as error:
        services.obligationprogress_create(actor=actor, obligation=item, note="", new_status="done")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.obligationprogress_create(actor=actor, obligation=item, note="x", author=actor)
    assert "author" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN
    assert not ObligationProgress.objects.exists()


# Where a roll-out body may sit ---------------------------------------------------------------------------------


def test_a_body_below_the_agreements_level_in_or_under_its_jurisdiction_is_accepted(actor):
    region = RegionFactory()
    regional = AgreementFactory(jurisdiction=region)
    local_below = OrganisationFactory(level="local", jurisdiction=LocalityFactory(parent=region))
    assert services.rollout_create(actor=actor, agreement=regional, body=local_below).body == local_below
    national = AgreementFactory()
    for body in (RegionalBodyFactory(), OrganisationFactory(level="local", jurisdiction=LocalityFactory())):
        assert services.rollout_create(actor=actor, agreement=national, body=body).agreement == national


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda region: OrganisationFactory(level="national"), id="at-a-higher-level"),
        pytest.param(lambda region: RegionalBodyFactory(jurisdiction=region), id="at-the-same-level"),
        pytest.param(
            lambda region: OrganisationFactory(level="local", jurisdiction=LocalityFactory()), id="in-another-region"
        ),
        pytest.param(
            lambda region: PersonFactory(level="local", jurisdiction=LocalityFactory(parent=region)), id="a-person"
        ),
    ],
)
def test_a_body_outside_the_agreements_reach_is_refused(actor, body):
    region = RegionFactory()
    agreement = AgreementFactory(jurisdiction=region)
    with pytest.raises(ValidationError) as error:
        services.rollout_create(actor=actor, agreement=agreement, body=body(region))
    assert "body" in error.value.message_dict
    assert not Rollout.objects.exists()


def test_a_local_agreement_has_no_roll_out(actor):
    agreement = AgreementFactory(jurisdiction=LocalityFactory())
    assert not services.eligible_bodies(agreement).exists()


def test_moving_a_row_to_another_agreement_checks_the_body_again(actor):
    rollout = RolloutFactory()
    regional = AgreementFactory(jurisdiction=rollout.body.jurisdiction)
    with pytest.raises(ValidationError) as error:
        services.rollout_update(actor=actor, instance=rollout, agreement=regional)
    assert "body" in error.value.message_dict


def test_a_body_is_listed_once_per_agreement(actor):
    rollout = RolloutFactory()
    with pytest.raises(ValidationError):
        services.rollout_create(actor=actor, agreement=rollout.agreement, body=rollout.body)
    assert Rollout.objects.count() == 1


# Dating a change of state --------------------------------------------------------------------------------------


def test_a_new_row_is_dated_today_unless_a_date_is_given(actor, on_a_known_day):
    agreement = AgreementFactory()
    assert services.rollout_create(actor=actor, agreement=agreement, body=RegionalBodyFactory()).as_of == TODAY
    dated = services.rollout_create(
        actor=actor, agreement=agreement, body=RegionalBodyFactory(), as_of=datetime.date(2026, 4, 1)
    )
    assert dated.as_of == datetime.date(2026, 4, 1)


def test_a_change_of_state_is_dated_today_unless_a_new_date_is_given(actor, on_a_known_day):
    rollout = RolloutFactory(as_of=datetime.date(2026, 2, 1))
    services.rollout_update(actor=actor, instance=rollout, state=RolloutState.COMMITTED, as_of=rollout.as_of)
    assert rollout.as_of == TODAY  # the form sends the old date back unchanged
    services.rollout_update(
        actor=actor, instance=rollout, state=RolloutState.IMPLEMENTING, as_of=datetime.date(2026, 5, 1)
    )
    assert rollout.as_of == datetime.date(2026, 5, 1)
    services.rollout_update(actor=actor, instance=rollout, evidence="Directive issued", as_of=rollout.as_of)
    services.rollout_update(actor=actor, instance=rollout, state=RolloutState.IMPLEMENTING)
    rollout.refresh_from_db()
    assert (rollout.state, rollout.as_of) == (RolloutState.IMPLEMENTING, datetime.date(2026, 5, 1))


# Bodies the registry suggests ----------------------------------------------------------------------------------


def test_the_registry_suggests_the_parties_offices_below_and_the_mandate_holders(actor):
    area, other_area = MandateArea.objects.order_by("pk")[:2]
    ministry = OrganisationFactory(name="Ministry of the Interior")
    ministry.mandate_areas.set([area])
    agreement = AgreementFactory(parties=[ministry])
    directorate = RegionalBodyFactory(name="A directorate", parent=ministry)
    station = OrganisationFactory(
        name="B station",
        level="local",
        parent=directorate,
        jurisdiction=LocalityFactory(parent=directorate.jurisdiction),
    )
    holder = RegionalBodyFactory(name="C mandate holder")
    holder.mandate_areas.set([area])
    unrelated = RegionalBodyFactory(name="D unrelated")
    unrelated.mandate_areas.set([other_area])
    national_peer = OrganisationFactory(name="E national peer", parent=ministry)  # not below the agreement's level
    listed = RegionalBodyFactory(name="F listed already", parent=ministry)
    RolloutFactory(agreement=agreement, body=listed)
    suggested = services.suggested_bodies(agreement, user=actor)
    assert sorted(suggested, key=str) == [directorate, station, holder]  # each once
    assert unrelated not in suggested and national_peer not in suggested and listed not in suggested
    added = services.rollout_add_suggested(actor=actor, agreement=agreement)
    assert {r.body for r in added} == {directorate, holder, station}
    assert {r.state for r in added} == {RolloutState.UNAWARE}
    assert services.suggested_bodies(agreement, user=actor) == []


def test_suggestions_stay_under_the_agreements_jurisdiction(actor):
    region = RegionFactory()
    governor = RegionalBodyFactory(jurisdiction=region)
    agreement = AgreementFactory(jurisdiction=region, parties=[governor])
    inside = OrganisationFactory(level="local", parent=governor, jurisdiction=LocalityFactory(parent=region))
    OrganisationFactory(level="local", parent=governor, jurisdiction=LocalityFactory())  # another region's locality
    assert services.suggested_bodies(agreement, user=actor) == [inside]


def test_suggestions_leave_out_what_the_user_may_not_see(actor, make_user):
    ministry = OrganisationFactory()
    hidden_party = OrganisationFactory(confidentiality="confidential")
    agreement = AgreementFactory(parties=[ministry, hidden_party])
    shown = RegionalBodyFactory(parent=ministry)
    hidden_body = RegionalBodyFactory(parent=ministry, confidentiality="confidential")
    under_hidden_party = RegionalBodyFactory(parent=hidden_party)
    assert services.suggested_bodies(agreement, user=actor) == [shown]
    admin = make_user(Role.ADMINISTRATOR)
    assert set(services.suggested_bodies(agreement, user=admin)) == {shown, hidden_body, under_hidden_party}
    services.rollout_add_suggested(actor=actor, agreement=agreement)
    assert list(Rollout.objects.values_list("body", flat=True)) == [shown.pk]


def test_without_a_party_there_is_nothing_to_suggest(actor):
    agreement = AgreementFactory()
    RegionalBodyFactory()
    assert services.suggested_bodies(agreement, user=actor) == []


# Roll-out gaps -------------------------------------------------------------------------------------------------


def test_rollout_gaps_name_bodies_not_aware_or_contradicting_and_agreements_nobody_knows(actor):
    lagging = AgreementFactory(made_on=datetime.date(2026, 3, 1))
    unaware = RolloutFactory(agreement=lagging, state=RolloutState.UNAWARE)
    contra = RolloutFactory(agreement=lagging, state=RolloutState.CONTRADICTING)
    RolloutFactory(agreement=lagging, state=RolloutState.IMPLEMENTING)
    unlisted = AgreementFactory(status=AgreementStatus.BREACHED, made_on=datetime.date(2026, 2, 1))
    known = AgreementFactory()
    RolloutFactory(agreement=known, state=RolloutState.COMMITTED)
    AgreementFactory(status=AgreementStatus.LAPSED)
    AgreementFactory(jurisdiction=LocalityFactory())
    gaps = selectors.rollout_gaps(user=actor)
    assert [gap.agreement for gap in gaps] == [lagging, unlisted]  # newest first
    assert (gaps[0].unaware, gaps[0].contradicting, gaps[0].no_rollout) == ([unaware], [contra], False)
    assert (gaps[1].unaware, gaps[1].contradicting, gaps[1].no_rollout) == ([], [], True)


def test_rollout_gaps_by_jurisdiction_include_agreements_applied_there(actor):
    north, south = RegionFactory(), RegionFactory()
    national = AgreementFactory()
    RolloutFactory(agreement=national, state=RolloutState.UNAWARE, body=RegionalBodyFactory(jurisdiction=north))
    northern = AgreementFactory(jurisdiction=north)
    southern = AgreementFactory(jurisdiction=south)
    gaps = selectors.rollout_gaps(user=actor, jurisdiction_ids=north.descendant_ids())
    assert {gap.agreement for gap in gaps} == {national, northern}
    assert southern not in {gap.agreement for gap in selectors.rollout_gaps(user=actor, jurisdiction_ids=[north.pk])}


def test_rollout_gaps_leave_out_what_the_user_may_not_see(actor):
    AgreementFactory(confidentiality="confidential")
    shown = AgreementFactory()
    RolloutFactory(agreement=shown, state=RolloutState.AWARE)
    RolloutFactory(
        agreement=shown, state=RolloutState.UNAWARE, body=RegionalBodyFactory(confidentiality="confidential")
    )
    assert selectors.rollout_gaps(user=actor) == []
