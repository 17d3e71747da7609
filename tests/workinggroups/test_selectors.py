"""Health figures against values computed by hand on a small fixture, and the reads behind the pages.

The fixture, on 2026-06-30, with the last 4 held meetings counted:

Kessa (active, every 30 days, established 2026-01-01), members:
  police P (from 2026-01-01), women's association W as vulnerable-group representative (from 2026-01-01),
  civil society C (2026-01-01 to 2026-03-31), company staff S (from 2026-01-01).
  Held meetings M1 02-01, M2 03-01, M3 04-01, M4 05-01, M5 05-20; a cancelled one on 06-01; one planned 07-15.
  Attendance (P W C S):  M1 all present (too old to count)
                         M2 present absent present present
                         M3 present apologies  —  present
                         M4 absent present  —  present
                         M5 present absent  —  present
  Counted M2-M5: 13 lines recorded, 9 present → 9/13.
  By constituency: police 3 of 4, vulnerable group 1 of 4, civil society 1 of 1, company 4 of 4.
  Next due: 05-20 + 30 days = 06-19, before 06-30 → overdue.
  Vulnerable groups: represented (W current) and attend (W present at M4).
  Civil society: not represented any more (C left 03-31) but attended (M2 is among the last 4).
  Actions: open due 06-01 (overdue), in progress due 07-31, done, done, dropped
  → 2 open, 1 overdue, completion 2 done of 4 not dropped = 0.5.
Lowa (active, every 90 days, established 2026-05-01): nothing yet → due 07-30, not overdue, no rates.
Mbeni (dormant, every 30 days, established 2025-01-01): due 2025-01-31 but dormant → not overdue.
"""

from __future__ import annotations

import datetime

import pytest

from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from workinggroups import selectors
from workinggroups.choices import ActionStatus, Constituency, GroupStatus, MeetingStatus

from .factories import (
    ActionItemFactory,
    AttendanceFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    StaffMembershipFactory,
    WorkingGroupFactory,
    at,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def reader(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def kessa():
    group = WorkingGroupFactory(name="Kessa", cadence_days=30, established_on=datetime.date(2026, 1, 1))
    start = datetime.date(2026, 1, 1)
    police = MembershipFactory(group=group, constituency=Constituency.POLICE, joined_on=start)
    women = MembershipFactory(group=group, constituency=Constituency.VULNERABLE_GROUP, joined_on=start)
    civil = MembershipFactory(
        group=group, constituency=Constituency.CIVIL_SOCIETY, joined_on=start, left_on=datetime.date(2026, 3, 31)
    )
    staff = StaffMembershipFactory(group=group, joined_on=start)
    sheet = {
        (2, 1): ("present", "present", "present", "present"),
        (3, 1): ("present", "absent", "present", "present"),
        (4, 1): ("present", "apologies", None, "present"),
        (5, 1): ("absent", "present", None, "present"),
        (5, 20): ("present", "absent", None, "present"),
    }
    meetings = {}
    for (month, day), statuses in sheet.items():
        meeting = HeldMeetingFactory(group=group, starts_at=at(2026, month, day))
        meetings[(month, day)] = meeting
        for seat, status in zip((police, women, civil, staff), statuses, strict=True):
            if status:
                AttendanceFactory(meeting=meeting, membership=seat, status=status)
    MeetingFactory(group=group, status=MeetingStatus.CANCELLED, starts_at=at(2026, 6, 1))
    MeetingFactory(group=group, status=MeetingStatus.PLANNED, starts_at=at(2026, 7, 15))
    m5 = meetings[(5, 20)]
    for due, status, closed in [
        (datetime.date(2026, 6, 1), ActionStatus.OPEN, None),
        (datetime.date(2026, 7, 31), ActionStatus.IN_PROGRESS, None),
        (datetime.date(2026, 6, 1), ActionStatus.DONE, datetime.date(2026, 5, 30)),
        (datetime.date(2026, 6, 10), ActionStatus.DONE, datetime.date(2026, 6, 9)),
        (datetime.date(2026, 6, 10), ActionStatus.DROPPED, datetime.date(2026, 6, 2)),
    ]:
        ActionItemFactory(meeting=m5, owner_membership=police, due_on=due, status=status, closed_on=closed)
    return group


@pytest.fixture
def groups(kessa):
    lowa = WorkingGroupFactory(name="Lowa", cadence_days=90, established_on=datetime.date(2026, 5, 1))
    mbeni = WorkingGroupFactory(
        name="Mbeni", cadence_days=30, established_on=datetime.date(2025, 1, 1), status=GroupStatus.DORMANT
    )
    return kessa, lowa, mbeni


def health(reader, group):
    return selectors.workinggroup_health_list(user=reader, today=TODAY, last_n=4).get(pk=group.pk)


def test_next_meeting_due_and_overdue(reader, groups):
    kessa, lowa, mbeni = groups
    assert health(reader, kessa).next_due_on == datetime.date(2026, 6, 19)
    assert health(reader, kessa).meeting_overdue is True
    assert health(reader, lowa).next_due_on == datetime.date(2026, 7, 30)
    assert health(reader, lowa).meeting_overdue is False
    assert health(reader, mbeni).next_due_on == datetime.date(2025, 1, 31)
    assert health(reader, mbeni).meeting_overdue is False  # dormant groups are not expected to meet


def test_last_held_and_next_planned(reader, kessa):
    row = health(reader, kessa)
    assert row.last_held_at == at(2026, 5, 20)
    assert row.next_planned_at == at(2026, 7, 15)


def test_attendance_rate_over_the_last_meetings(reader, kessa):
    row = health(reader, kessa)
    assert (row.attended, row.expected) == (9, 13)
    assert row.attendance_rate == pytest.approx(9 / 13)


def test_attendance_window_follows_last_n(reader, kessa):
    row = selectors.workinggroup_health_list(user=reader, today=TODAY, last_n=1).get(pk=kessa.pk)
    assert (row.attended, row.expected) == (2, 3)  # M5 only


def test_attendance_by_constituency(reader, kessa):
    rows = {
        r.constituency: (r.present, r.expected)
        for r in selectors.attendance_by_constituency([kessa.pk], user=reader, last_n=4)[kessa.pk]
    }
    assert rows == {
        Constituency.POLICE: (3, 4),
        Constituency.VULNERABLE_GROUP: (1, 4),
        Constituency.CIVIL_SOCIETY: (1, 1),
        Constituency.COMPANY: (4, 4),
    }


def test_representation_and_actual_attendance(reader, kessa):
    row = health(reader, kessa)
    assert row.vulnerable_represented is True
    assert row.vulnerable_attend is True
    assert row.civil_society_represented is False
    assert row.civil_society_attend is True


def test_actions_open_overdue_and_completion(reader, kessa):
    row = health(reader, kessa)
    assert (row.open_actions, row.overdue_actions, row.done_actions, row.counted_actions) == (2, 1, 2, 4)
    assert row.completion_rate == pytest.approx(0.5)


def test_a_group_without_data_has_no_rates(reader, groups):
    _, lowa, _ = groups
    row = health(reader, lowa)
    assert row.attendance_rate is None
    assert row.completion_rate is None
    assert (row.open_actions, row.overdue_actions) == (0, 0)
    assert row.vulnerable_represented is False


def test_groups_sort_by_health_figures(reader, groups):
    from workinggroups.filtersets import WorkingGroupFilterSet

    def order(value: str) -> list[str]:
        base = selectors.workinggroup_health_list(user=reader, today=TODAY, last_n=4)
        return [g.name for g in WorkingGroupFilterSet({"ordering": value}, queryset=base).qs]

    assert order("next_due") == ["Mbeni", "Kessa", "Lowa"]
    assert order("-overdue_actions")[0] == "Kessa"
    assert order("-open_actions")[0] == "Kessa"
    assert [n for n in order("attendance") if n == "Kessa"] == ["Kessa"]
    overdue = WorkingGroupFilterSet(
        {"meeting_overdue": "true"}, queryset=selectors.workinggroup_health_list(user=reader, today=TODAY)
    ).qs
    assert [g.name for g in overdue] == ["Kessa"]


def test_health_list_costs_the_same_for_2_and_15_groups(reader, django_assert_max_num_queries):
    def make_rows(n: int) -> None:
        for _ in range(n):
            attendance = AttendanceFactory()
            ActionItemFactory(meeting=attendance.meeting, owner_membership=attendance.membership)

    assert_constant_queries(
        make_rows,
        lambda: [
            (g.attendance_rate, g.completion_rate) for g in selectors.workinggroup_health_list(user=reader, today=TODAY)
        ],
        few=2,
        many=15,
    )


def test_attendance_by_constituency_costs_two_queries(reader, kessa, django_assert_num_queries):
    reader.has_perm("workinggroups.view_meeting")  # the user's permissions are loaded once per request
    with django_assert_num_queries(2):
        selectors.attendance_by_constituency([kessa.pk], user=reader, last_n=4)


def test_previous_meeting_shows_what_was_agreed_last_time(reader, kessa):
    planned = kessa.meetings.get(status=MeetingStatus.PLANNED)
    previous = selectors.previous_meeting(planned, user=reader)
    assert previous.starts_at == at(2026, 5, 20)
    assert len(previous.action_items.all()) == 5
    first = kessa.meetings.get(starts_at=at(2026, 2, 1))
    assert selectors.previous_meeting(first, user=reader) is None


def test_members_on_the_meeting_day(reader, kessa):
    april = kessa.meetings.get(starts_at=at(2026, 4, 1))
    constituencies = sorted(m.constituency for m in selectors.members_on(april, user=reader))
    assert constituencies == ["company", "police", "vulnerable_group"]  # civil society left on 03-31


def test_planned_meetings_for_the_calendar(reader, kessa, settings):
    planned = list(selectors.planned_meetings(user=reader, group=kessa))
    # The calendar looks from a week ago on (real clock): the 2026-07-15 meeting is in the past here or not.
    assert all(m.status in {MeetingStatus.PLANNED, MeetingStatus.POSTPONED} for m in planned)
    future = MeetingFactory(group=kessa, starts_at=at(2099, 1, 1))
    assert future in selectors.planned_meetings(user=reader)


def test_action_tracker_summary_by_group_and_owner(reader, kessa):
    actions = selectors.actionitem_list(user=reader, today=TODAY)
    summary = selectors.action_tracker_summary(actions, today=TODAY)
    (by_group,) = summary["by_group"]
    assert (by_group.label, by_group.open, by_group.overdue, by_group.done) == ("Kessa", 2, 1, 2)
    (by_owner,) = summary["by_owner"]
    assert (by_owner.open, by_owner.overdue, by_owner.done) == (2, 1, 2)
    assert by_group.query == f"group={kessa.pk}"


def test_an_owner_with_seats_in_several_groups_is_one_line_of_the_summary(reader):
    from tests.stakeholders.factories import OrganisationFactory
    from workinggroups.filtersets import ActionItemFilterSet

    from .factories import StaffFactory

    police = OrganisationFactory(name="Regional Police Command")
    staff = StaffFactory(first_name="Chris", last_name="Community")
    for _ in range(2):  # two groups: a seat each for the police command and for the staff member
        meeting = HeldMeetingFactory()
        ActionItemFactory(meeting=meeting, owner_membership=MembershipFactory(group=meeting.group, stakeholder=police))
        seat = MembershipFactory(group=meeting.group, stakeholder=None, user=staff)
        ActionItemFactory(meeting=meeting, owner_membership=seat)
    ActionItemFactory(owner_membership=None, owner_user=staff)  # and one owned directly
    actions = selectors.actionitem_list(user=reader, today=TODAY)
    lines = {row.label: row for row in selectors.action_tracker_summary(actions, today=TODAY)["by_owner"]}
    assert set(lines) == {"Regional Police Command", "Chris Community"}
    assert lines["Regional Police Command"].open == 2
    assert lines["Chris Community"].open == 3
    for row in lines.values():  # each line's filter lists exactly its actions
        params = dict([row.query.split("=")])
        listed = ActionItemFilterSet(params, queryset=actions, request=_request(reader)).qs
        assert listed.count() == row.open


def test_overdue_actions_are_flagged_in_the_list(reader, kessa):
    flagged = selectors.actionitem_list(user=reader, today=TODAY).filter(is_overdue_now=True)
    assert [a.due_on for a in flagged] == [datetime.date(2026, 6, 1)]


def test_nothing_for_a_user_without_the_role(make_user, kessa):
    nobody = make_user(None)
    assert not selectors.workinggroup_health_list(user=nobody).exists()
    assert not selectors.meeting_list(user=nobody).exists()


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request
