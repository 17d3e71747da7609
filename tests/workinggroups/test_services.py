"""Rules that span rows, and the guarantees of every write: validated, all or nothing, audited with the actor."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from shrhub.roles import Role
from shrhub.services import StaleVersion
from workinggroups import services
from workinggroups.choices import ActionStatus, AttendanceStatus, Constituency, MeetingStatus
from workinggroups.models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    Guest,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
)

from .factories import (
    ActionItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
    MeetingFactory,
    MembershipFactory,
    StaffFactory,
    WorkingGroupFactory,
    at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(make_user):
    return make_user(Role.COMMUNITY)


def field_error(excinfo, field: str) -> str:
    return " ".join(excinfo.value.message_dict[field])


# Memberships ----------------------------------------------------------------------------------------------


def test_membership_create_records_the_seat_with_its_author(actor):
    group = WorkingGroupFactory()
    stakeholder = MembershipFactory().stakeholder
    seat = services.membership_create(
        actor=actor,
        group=group,
        stakeholder=stakeholder,
        constituency=Constituency.POLICE,
        joined_on=datetime.date(2026, 1, 1),
    )
    assert seat.history.get().history_user == actor


def test_a_members_seats_never_overlap_and_nothing_is_written(actor):
    old = MembershipFactory(joined_on=datetime.date(2024, 1, 1), left_on=datetime.date(2025, 6, 30))
    before = Membership.objects.count()
    with pytest.raises(ValidationError) as error:
        services.membership_create(
            actor=actor,
            group=old.group,
            stakeholder=old.stakeholder,
            constituency=Constituency.POLICE,
            joined_on=datetime.date(2025, 6, 1),
        )
    assert "Overlaps this member's seat from 2024-01-01 to 2025-06-30" in field_error(error, "joined_on")
    assert Membership.objects.count() == before
    seat = services.membership_create(
        actor=actor,
        group=old.group,
        stakeholder=old.stakeholder,
        constituency=Constituency.POLICE,
        joined_on=datetime.date(2025, 7, 1),
    )
    assert seat.pk


def test_missing_member_is_a_field_error(actor):
    with pytest.raises(ValidationError) as error:
        services.membership_create(
            actor=actor,
            group=WorkingGroupFactory(),
            constituency=Constituency.POLICE,
            joined_on=datetime.date(2026, 1, 1),
        )
    assert "exactly one" in field_error(error, "stakeholder")


def test_a_seat_cannot_end_before_a_meeting_its_member_attended(actor):
    row = AttendanceFactory(meeting=HeldMeetingFactory(starts_at=at(2026, 3, 2)))
    with pytest.raises(ValidationError) as error:
        services.membership_end(actor=actor, instance=row.membership, left_on=datetime.date(2026, 3, 1))
    assert "attended the meeting of 2026-03-02" in field_error(error, "left_on")
    row.membership.refresh_from_db()
    assert row.membership.left_on is None
    ended = services.membership_end(actor=actor, instance=row.membership, left_on=datetime.date(2026, 3, 2))
    assert ended.left_on == datetime.date(2026, 3, 2)


def test_a_seat_cannot_start_after_a_meeting_its_member_attended(actor):
    row = AttendanceFactory(meeting=HeldMeetingFactory(starts_at=at(2026, 3, 2)))
    with pytest.raises(ValidationError) as error:
        services.membership_update(actor=actor, instance=row.membership, joined_on=datetime.date(2026, 4, 1))
    assert "before that" in field_error(error, "joined_on")


def test_ending_the_secretariats_seat_releases_the_secretariat(actor):
    group = WorkingGroupFactory()
    seat = MembershipFactory(group=group, constituency=Constituency.CIVIL_SOCIETY)
    services.workinggroup_update(actor=actor, instance=group, secretariat=seat, neutral_facilitator=True)
    services.membership_end(actor=actor, instance=seat, left_on=datetime.date(2026, 5, 1))
    group.refresh_from_db()
    assert group.secretariat is None
    assert group.neutral_facilitator is False
    assert group.history.order_by("-history_id").first().history_user == actor


def test_a_seat_with_attendance_is_ended_not_deleted(actor):
    row = AttendanceFactory()
    with pytest.raises(ProtectedError):
        services.membership_delete(actor=actor, instance=row.membership)


def test_end_membership_needs_a_date(actor):
    with pytest.raises(ValidationError) as error:
        services.membership_end(actor=actor, instance=MembershipFactory(), left_on=None)
    assert "left_on" in error.value.message_dict


# Meetings: plan, agenda ------------------------------------------------------------------------------------


def test_a_planned_meeting_starts_from_the_standing_agenda(actor):
    group = WorkingGroupFactory(standing_agenda="Welcome\nIncidents since last time\nAOB")
    meeting = services.meeting_create(actor=actor, group=group, starts_at=at(2026, 6, 1))
    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "Welcome"),
        (2, "Incidents since last time"),
        (3, "AOB"),
    ]
    assert meeting.status == MeetingStatus.PLANNED


def test_a_given_agenda_replaces_the_standing_one_and_edits_rewrite_only_what_changed(actor):
    meeting = services.meeting_create(
        actor=actor, group=WorkingGroupFactory(), starts_at=at(2026, 6, 1), agenda="Welcome\nPatrols\nAOB"
    )
    first = meeting.agenda_items.get(position=1)
    services.meeting_update(actor=actor, instance=meeting, agenda=["Welcome", "Patrols near the school"])
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Welcome", "Patrols near the school"]
    assert first.history.count() == 1  # unchanged line: not rewritten


def test_agenda_items_longer_than_300_characters_are_refused(actor):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(actor=actor, group=WorkingGroupFactory(), starts_at=at(2026, 6, 1), agenda="x" * 301)
    assert "agenda" in error.value.message_dict
    assert not Meeting.objects.exists()


# Meetings: attendance --------------------------------------------------------------------------------------


def test_recording_attendance_marks_the_meeting_held_and_sets_every_line(actor):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    police = MembershipFactory(group=meeting.group, constituency=Constituency.POLICE)
    women = MembershipFactory(group=meeting.group, constituency=Constituency.VULNERABLE_GROUP)
    services.meeting_record_attendance(
        actor=actor,
        meeting=meeting,
        statuses={police.pk: AttendanceStatus.PRESENT, women.pk: AttendanceStatus.APOLOGIES},
        guests=[{"name": "Dr Amara Tesh", "organisation": "Human Rights Office"}],
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(meeting.attendance.values_list("membership_id", "status")) == {
        police.pk: "present",
        women.pk: "apologies",
    }
    assert list(meeting.guests.values_list("name", flat=True)) == ["Dr Amara Tesh"]
    assert Attendance.objects.get(membership=police).history.get().history_user == actor


@pytest.mark.parametrize(
    ("seat_kwargs", "message"),
    [
        ({"other_group": True}, "is not a member of"),
        ({"left_on": datetime.date(2026, 3, 1)}, "was not a member of the group on 2026-03-02"),
        ({"joined_on": datetime.date(2026, 3, 3)}, "was not a member of the group on 2026-03-02"),
    ],
)
def test_attendance_only_for_members_of_the_group_on_the_day_and_all_or_nothing(actor, seat_kwargs, message):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    good = MembershipFactory(group=meeting.group)
    if seat_kwargs.pop("other_group", False):
        bad = MembershipFactory()
    else:
        bad = MembershipFactory(group=meeting.group, **{"joined_on": datetime.date(2025, 1, 1), **seat_kwargs})
    with pytest.raises(ValidationError) as error:
        services.meeting_record_attendance(
            actor=actor, meeting=meeting, statuses={good.pk: "present", bad.pk: "present"}
        )
    assert message in field_error(error, "membership")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not Attendance.objects.exists()


def test_attendance_is_refused_for_cancelled_future_and_approved_meetings(actor):
    seat = MembershipFactory()
    cancelled = MeetingFactory(group=seat.group, status=MeetingStatus.CANCELLED)
    future = MeetingFactory(group=seat.group, starts_at=timezone.now() + datetime.timedelta(days=3))
    approved = ApprovedMeetingFactory(group=seat.group)
    for meeting, field in ((cancelled, "status"), (future, "starts_at")):
        with pytest.raises(ValidationError) as error:
            services.meeting_record_attendance(actor=actor, meeting=meeting, statuses={seat.pk: "present"})
        assert field in error.value.message_dict
    with pytest.raises(ValidationError, match="approved"):
        services.meeting_record_attendance(actor=actor, meeting=approved, statuses={seat.pk: "present"})
    assert not Attendance.objects.exists()


def test_guest_list_is_synchronised(actor):
    meeting = HeldMeetingFactory()
    kept, changed, removed = GuestFactory(meeting=meeting), GuestFactory(meeting=meeting), GuestFactory(meeting=meeting)
    services.meeting_record_attendance(
        actor=actor,
        meeting=meeting,
        statuses={},
        guests=[
            {"id": kept.pk, "name": kept.name, "organisation": kept.organisation},
            {"id": changed.pk, "name": "Renamed Guest", "organisation": ""},
            {"name": "New Guest", "organisation": "Radio Kessa"},
        ],
    )
    assert set(Guest.objects.values_list("name", flat=True)) == {kept.name, "Renamed Guest", "New Guest"}
    assert not Guest.objects.filter(pk=removed.pk).exists()
    assert kept.history.count() == 1


def test_single_attendance_needs_a_held_meeting_and_a_member(actor):
    seat = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.attendance_create(
            actor=actor, meeting=MeetingFactory(group=seat.group), membership=seat, status="present"
        )
    assert "mark the meeting held" in field_error(error, "meeting")
    with pytest.raises(ValidationError) as error:
        services.attendance_create(actor=actor, meeting=HeldMeetingFactory(), membership=seat, status="present")
    assert "is not a member of" in field_error(error, "membership")


# Minutes: approval and amendments ---------------------------------------------------------------------------


def test_approving_minutes_records_who_and_when_and_locks_them(actor):
    meeting = HeldMeetingFactory(minutes="## Summary")
    approved = services.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version)
    assert approved.approved_by == actor
    assert approved.approved_at is not None
    assert approved.history.order_by("-history_id").first().history_change_reason == "Minutes approved"
    with pytest.raises(ValidationError) as error:
        services.meeting_save_minutes(actor=actor, instance=approved, minutes="Changed afterwards")
    assert "amendment" in field_error(error, "minutes")
    approved.refresh_from_db()
    assert approved.minutes == "## Summary"


@pytest.mark.parametrize(
    ("meeting_kwargs", "field"),
    [
        ({"status": MeetingStatus.PLANNED}, "status"),
        ({"status": MeetingStatus.HELD, "minutes": "   "}, "minutes"),
    ],
)
def test_only_written_minutes_of_a_held_meeting_are_approved(actor, meeting_kwargs, field):
    meeting = MeetingFactory(**meeting_kwargs)
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version)
    assert field in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.approved_at is None


def test_approval_is_refused_twice_and_when_stale(actor):
    meeting = HeldMeetingFactory()
    with pytest.raises(StaleVersion):
        services.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version + 3)
    services.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="already approved"):
        services.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version)


@pytest.mark.parametrize("version", [None, "1", True])
def test_approval_requires_the_version_the_approver_read(actor, version):
    meeting = HeldMeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.meeting_approve(actor=actor, instance=meeting, expected_version=version)
    assert "version" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.approved_at is None


def test_approved_record_refuses_edits_but_accepts_practice_tags(actor):
    from tests.practices.factories import PracticeFactory

    meeting = ApprovedMeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.meeting_update(actor=actor, instance=meeting, title="Renamed", agenda=["New item"])
    assert "title" in error.value.message_dict
    meeting.refresh_from_db()
    practice = PracticeFactory()
    services.meeting_update(actor=actor, instance=meeting, practices=[practice])
    assert list(meeting.practices.all()) == [practice]


def test_parts_of_approved_records_cannot_be_added_changed_or_deleted(actor):
    meeting = ApprovedMeetingFactory()
    issue = KeyIssueFactory(meeting=HeldMeetingFactory())
    Meeting.objects.filter(pk=issue.meeting_id).update(approved_at=timezone.now())  # approved since
    with pytest.raises(ValidationError, match="approved"):
        services.keyissue_create(actor=actor, meeting=meeting, text="Late issue")
    with pytest.raises(ValidationError, match="approved"):
        services.keyissue_update(actor=actor, instance=issue, text="Reworded")
    with pytest.raises(ValidationError, match="approved"):
        services.keyissue_delete(actor=actor, instance=issue)
    assert KeyIssue.objects.get(pk=issue.pk).text == issue.text


def test_approved_minutes_are_never_deleted(actor):
    meeting = ApprovedMeetingFactory()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        services.meeting_delete(actor=actor, instance=meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_whose_agreements_are_tracked_is_not_deleted(actor):
    action = ActionItemFactory()
    with pytest.raises(ProtectedError):
        services.meeting_delete(actor=actor, instance=action.meeting)


def test_an_amendment_keeps_the_original_and_records_reason_and_author(actor):
    meeting = ApprovedMeetingFactory(minutes="Seven members attended.", decisions="Meet monthly.")
    amendment = services.minutes_amend(
        actor=actor, meeting=meeting, reason="Eight attended, not seven.", minutes="Eight members attended."
    )
    assert amendment.author == actor
    assert amendment.decisions == "Meet monthly."  # kept when not given
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.minutes == "Seven members attended."
    assert meeting.effective_minutes == "Eight members attended."


def test_amendments_need_approved_minutes_a_reason_and_a_change(actor):
    with pytest.raises(ValidationError) as error:
        services.minutes_amend(actor=actor, meeting=HeldMeetingFactory(), reason="x", minutes="y")
    assert "meeting" in error.value.message_dict
    approved = ApprovedMeetingFactory(minutes="Same text")
    with pytest.raises(ValidationError) as error:
        services.minutes_amend(actor=actor, meeting=approved, reason="Nothing", minutes="Same text")
    assert "changes nothing" in field_error(error, "minutes")
    with pytest.raises(ValidationError) as error:
        services.minutes_amend(actor=actor, meeting=approved, reason="", minutes="Other text")
    assert "reason" in error.value.message_dict
    assert not MinutesAmendment.objects.exists()


# Actions --------------------------------------------------------------------------------------------------


def test_an_action_takes_its_group_from_the_meeting(actor):
    meeting = HeldMeetingFactory()
    owner = MembershipFactory(group=meeting.group)
    action = services.actionitem_create(
        actor=actor,
        meeting=meeting,
        description="Visit the checkpoint",
        owner_membership=owner,
        due_on=datetime.date(2026, 4, 1),
    )
    assert action.group == meeting.group
    assert action.history.get().history_user == actor


def test_an_action_needs_an_owner_who_is_still_a_member(actor):
    meeting = HeldMeetingFactory()
    common = {"actor": actor, "meeting": meeting, "description": "Do it", "due_on": datetime.date(2026, 4, 1)}
    with pytest.raises(ValidationError) as error:
        services.actionitem_create(**common)
    assert "Choose one owner" in field_error(error, "owner_membership")
    former = MembershipFactory(group=meeting.group, left_on=datetime.date(2026, 1, 31))
    with pytest.raises(ValidationError) as error:
        services.actionitem_create(**common, owner_membership=former)
    assert "left the group on 2026-01-31" in field_error(error, "owner_membership")
    with pytest.raises(ValidationError) as error:
        services.actionitem_create(**common, owner_membership=MembershipFactory())
    assert "member of this group" in field_error(error, "owner_membership")
    inactive = StaffFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.actionitem_create(**common, owner_user=inactive)
    assert "inactive" in field_error(error, "owner_user")
    assert not ActionItem.objects.exists()


def test_closing_an_action_dates_it_and_reopening_clears_the_date(actor):
    action = ActionItemFactory()
    services.actionitem_update(actor=actor, instance=action, status=ActionStatus.DONE)
    assert action.closed_on == timezone.localdate()
    services.actionitem_update(actor=actor, instance=action, status=ActionStatus.IN_PROGRESS)
    assert action.closed_on is None
    services.actionitem_update(
        actor=actor, instance=action, status=ActionStatus.DROPPED, closed_on=datetime.date(2026, 3, 20)
    )
    assert action.closed_on == datetime.date(2026, 3, 20)


def test_a_progress_note_can_move_the_action_and_says_so(actor):
    action = ActionItemFactory()
    note = services.actionprogress_create(actor=actor, action=action, note="Session held", new_status="done")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.closed_on == timezone.localdate()
    assert note.new_status == "done"
    assert note.author == actor
    same = services.actionprogress_create(actor=actor, action=action, note="Reported", new_status="done")
    assert same.new_status == ""


def test_an_empty_progress_note_writes_nothing(actor):
    action = ActionItemFactory()
    with pytest.raises(ValidationError) as error:
        services.actionprogress_create(actor=actor, action=action, note="", new_status="done")
    assert "note" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert not ActionProgress.objects.exists()


def test_agenda_items_of_an_approved_meeting_cannot_be_removed(actor):
    meeting = ApprovedMeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Welcome")
    with pytest.raises(ValidationError, match="approved"):
        services.agendaitem_delete(actor=actor, instance=item)


def test_a_stale_attendance_sheet_is_refused(actor):
    meeting = HeldMeetingFactory()
    seat = MembershipFactory(group=meeting.group)
    with pytest.raises(StaleVersion):
        services.meeting_record_attendance(
            actor=actor, meeting=meeting, statuses={seat.pk: "present"}, expected_version=meeting.version + 1
        )
    assert not Attendance.objects.exists()


def test_removing_the_secretariats_seat_releases_it_with_a_reason(actor):
    group = WorkingGroupFactory()
    seat = MembershipFactory(group=group)
    services.workinggroup_update(actor=actor, instance=group, secretariat=seat)
    services.membership_delete(actor=actor, instance=seat)
    group.refresh_from_db()
    assert group.secretariat is None
    assert "seat was removed" in group.history.order_by("-history_id").first().history_change_reason
