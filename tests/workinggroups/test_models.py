"""What each row guarantees by itself: database constraints first, then ``clean()``, then visibility."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shrhub.models import Confidentiality
from shrhub.roles import Role
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.choices import ActionStatus, MeetingStatus
from workinggroups.models import LOCKED_MESSAGE, Attendance, Meeting, Membership, WorkingGroup

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesAmendmentFactory,
    StaffFactory,
    WorkingGroupFactory,
    at,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# Working groups -------------------------------------------------------------------------------------------


def test_cadence_must_be_between_1_and_366_days_in_the_database():
    refused_by_database(lambda: WorkingGroupFactory(cadence_days=0))


def test_group_names_are_unique_per_jurisdiction():
    group = WorkingGroupFactory(name="Kessa SWG")
    refused_by_database(lambda: WorkingGroupFactory(name="Kessa SWG", jurisdiction=group.jurisdiction))
    assert WorkingGroupFactory(name="Kessa SWG").pk  # another jurisdiction may reuse the name


def test_secretariat_must_be_a_current_member_of_the_same_group():
    group = WorkingGroupFactory()
    stranger = MembershipFactory()
    group.secretariat = stranger
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert error.value.message_dict["secretariat"] == ["The secretariat must be a member of this group."]

    former = MembershipFactory(group=group, left_on=datetime.date(2025, 6, 1))
    group.secretariat = former
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "current member" in error.value.message_dict["secretariat"][0]


def test_neutral_facilitator_needs_a_secretariat():
    group = WorkingGroupFactory.build(jurisdiction=WorkingGroupFactory().jurisdiction, neutral_facilitator=True)
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "neutral_facilitator" in error.value.message_dict


def test_standing_agenda_items_ignore_blank_lines():
    group = WorkingGroupFactory.build(standing_agenda="Welcome\n\n  Incidents  \n")
    assert group.standing_agenda_items() == ["Welcome", "Incidents"]


# Memberships ----------------------------------------------------------------------------------------------


def test_a_seat_is_held_by_exactly_one_stakeholder_or_staff_member():
    group = WorkingGroupFactory()
    refused_by_database(lambda: MembershipFactory(group=group, stakeholder=None, user=None))
    refused_by_database(lambda: MembershipFactory(group=group, user=StaffFactory()))


def test_exactly_one_member_is_also_a_clean_rule_with_a_field_message():
    seat = MembershipFactory.build(group=WorkingGroupFactory(), stakeholder=None, user=None)
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert "exactly one" in error.value.message_dict["stakeholder"][0]


def test_left_on_is_never_before_joined_on():
    refused_by_database(
        lambda: MembershipFactory(joined_on=datetime.date(2025, 5, 1), left_on=datetime.date(2025, 4, 30))
    )
    seat = MembershipFactory.build(
        group=WorkingGroupFactory(),
        stakeholder=OrganisationFactory(),
        joined_on=datetime.date(2025, 5, 1),
        left_on=datetime.date(2025, 4, 30),
    )
    with pytest.raises(ValidationError) as error:
        seat.full_clean()
    assert error.value.message_dict["left_on"] == ["A member leaves on or after the day they joined."]


def test_one_open_seat_per_stakeholder_per_group():
    seat = MembershipFactory()
    refused_by_database(lambda: MembershipFactory(group=seat.group, stakeholder=seat.stakeholder))
    past = MembershipFactory(
        group=seat.group,
        stakeholder=seat.stakeholder,
        joined_on=datetime.date(2023, 1, 1),
        left_on=datetime.date(2023, 6, 1),
    )
    assert past.pk  # a closed seat next to the open one is fine


def test_membership_is_active_on_its_days_inclusive():
    seat = MembershipFactory.build(joined_on=datetime.date(2025, 1, 10), left_on=datetime.date(2025, 2, 10))
    assert seat.active_on(datetime.date(2025, 1, 10))
    assert seat.active_on(datetime.date(2025, 2, 10))
    assert not seat.active_on(datetime.date(2025, 1, 9))
    assert not seat.active_on(datetime.date(2025, 2, 11))


def test_member_name_is_the_stakeholder_or_the_staff_member():
    assert MembershipFactory(stakeholder=OrganisationFactory(name="Kessa Police Station")).member_name == (
        "Kessa Police Station"
    )
    staff = StaffFactory(first_name="Chris", last_name="Community")
    assert MembershipFactory(stakeholder=None, user=staff).member_name == "Chris Community"


# Meetings and the approval lock ---------------------------------------------------------------------------


def test_only_a_held_meeting_can_have_approved_minutes():
    refused_by_database(lambda: MeetingFactory(status=MeetingStatus.PLANNED, approved_at=at(2026, 3, 10)))


def test_an_approver_is_recorded_only_with_the_approval():
    refused_by_database(lambda: HeldMeetingFactory(approved_by=StaffFactory()))


def test_duration_is_at_least_a_minute():
    refused_by_database(lambda: MeetingFactory(duration_minutes=0))


@pytest.mark.parametrize(
    ("field", "value", "message_field"),
    [
        ("minutes", "Rewritten after approval", "minutes"),
        ("decisions", "A decision nobody took", "decisions"),
        ("status", MeetingStatus.CANCELLED, "status"),
        ("location", "Somewhere else", "location"),
        ("approved_at", None, "minutes"),
    ],
)
def test_approved_minutes_refuse_any_change_to_the_record(field, value, message_field):
    meeting = ApprovedMeetingFactory()
    setattr(meeting, field, value)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert message_field in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.approved_at is not None


def test_approved_minutes_lock_message_points_to_amendments():
    meeting = ApprovedMeetingFactory()
    meeting.minutes = "changed"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["minutes"] == [LOCKED_MESSAGE]


def test_a_draft_can_be_edited_and_an_approved_meeting_can_still_be_tagged():
    draft = HeldMeetingFactory()
    draft.minutes = "Better wording"
    draft.full_clean()
    approved = ApprovedMeetingFactory()
    approved.full_clean()  # unchanged: fine


@pytest.mark.parametrize(
    "make_part",
    [
        lambda meeting: AgendaItemFactory.build(meeting=meeting, position=9),
        lambda meeting: KeyIssueFactory.build(meeting=meeting),
        lambda meeting: GuestFactory.build(meeting=meeting),
        lambda meeting: Attendance(
            meeting=meeting, membership=MembershipFactory(group=meeting.group), status="present"
        ),
    ],
)
def test_parts_of_an_approved_record_are_locked(make_part):
    part = make_part(ApprovedMeetingFactory())
    with pytest.raises(ValidationError) as error:
        part.full_clean()
    assert "approved" in " ".join(error.value.messages)


def test_attendance_is_unique_per_meeting_and_seat():
    row = AttendanceFactory()
    refused_by_database(lambda: AttendanceFactory(meeting=row.meeting, membership=row.membership))


def test_effective_minutes_are_the_latest_amendment_and_the_original_stays():
    meeting = ApprovedMeetingFactory(minutes="Original text", decisions="Original decision")
    assert meeting.effective_minutes == "Original text"
    MinutesAmendmentFactory(meeting=meeting, minutes="First correction", decisions="Original decision")
    MinutesAmendmentFactory(meeting=meeting, minutes="Second correction", decisions="Corrected decision")
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.effective_minutes == "Second correction"
    assert meeting.effective_decisions == "Corrected decision"
    assert meeting.minutes == "Original text"


def test_amendments_are_only_for_approved_minutes_and_need_a_reason():
    amendment = MinutesAmendmentFactory.build(meeting=HeldMeetingFactory(), reason="  ")
    with pytest.raises(ValidationError) as error:
        amendment.full_clean()
    assert "meeting" in error.value.message_dict
    assert "reason" in error.value.message_dict


def test_meeting_date_is_the_local_day():
    meeting = MeetingFactory.build(starts_at=at(2026, 3, 2, 23))
    assert meeting.date == datetime.date(2026, 3, 2)
    assert str(MeetingFactory.build(title="Quarterly meeting", starts_at=at(2026, 3, 2))) == (
        "Quarterly meeting (2026-03-02)"
    )


# Actions --------------------------------------------------------------------------------------------------


def test_an_action_has_exactly_one_owner():
    meeting = HeldMeetingFactory()
    refused_by_database(lambda: ActionItemFactory(meeting=meeting, owner_membership=None, owner_user=None))
    refused_by_database(lambda: ActionItemFactory(meeting=meeting, owner_user=StaffFactory()))


def test_closed_on_is_set_exactly_when_the_action_is_closed():
    refused_by_database(lambda: ActionItemFactory(status=ActionStatus.DONE, closed_on=None))
    refused_by_database(lambda: ActionItemFactory(status=ActionStatus.OPEN, closed_on=datetime.date(2026, 3, 5)))
    assert ActionItemFactory(status=ActionStatus.DROPPED, closed_on=datetime.date(2026, 3, 5)).pk


def test_action_clean_checks_owner_group_meeting_group_and_due_date():
    action = ActionItemFactory()
    action.owner_membership = MembershipFactory()  # a seat in another group
    action.due_on = datetime.date(2026, 2, 1)  # before the meeting of 2026-03-02
    action.meeting = HeldMeetingFactory()  # another group's meeting
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert set(error.value.message_dict) == {"owner_membership", "meeting", "due_on"}


def test_missing_owner_is_a_field_error():
    action = ActionItemFactory.build(meeting=HeldMeetingFactory(), owner_membership=None)
    action.group = action.meeting.group
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "Choose one owner" in error.value.message_dict["owner_membership"][0]


def test_an_open_action_past_its_due_date_is_overdue():
    action = ActionItemFactory.build(due_on=datetime.date(2026, 4, 1), status=ActionStatus.IN_PROGRESS)
    assert action.is_overdue(datetime.date(2026, 4, 2))
    assert not action.is_overdue(datetime.date(2026, 4, 1))
    action.status = ActionStatus.DONE
    assert not action.is_overdue(datetime.date(2026, 4, 2))


# Visibility -----------------------------------------------------------------------------------------------


def test_records_naming_a_hidden_stakeholder_are_hidden_with_it(make_user):
    restricted = OrganisationFactory(confidentiality=Confidentiality.RESTRICTED)
    seat = MembershipFactory(stakeholder=restricted)
    staff_seat = MembershipFactory(group=seat.group, stakeholder=None, user=StaffFactory())
    attendance = AttendanceFactory(membership=seat, meeting=HeldMeetingFactory(group=seat.group))
    issue = KeyIssueFactory(meeting=attendance.meeting, raised_by=restricted)
    community, security = make_user(Role.COMMUNITY), make_user(Role.SECURITY)

    assert set(Membership.objects.visible_to(community)) == {staff_seat}
    assert not Attendance.objects.visible_to(community).exists()
    assert not issue.__class__.objects.visible_to(community).exists()
    assert set(Membership.objects.visible_to(security)) == {seat, staff_seat}
    assert Attendance.objects.visible_to(security).get() == attendance
    assert WorkingGroup.objects.visible_to(community).get() == seat.group  # the group itself stays visible
