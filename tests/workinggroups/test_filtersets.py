"""Each filter of each working-group FilterSet keeps the rows it must and drops the others (see
tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.helpers.filters import FilterCase
from tests.practices.factories import PracticeFactory
from tests.shrhub.factories import LocalityFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.filtersets import (
    ActionItemFilterSet,
    ActionProgressFilterSet,
    AgendaItemFilterSet,
    AttendanceFilterSet,
    GuestFilterSet,
    KeyIssueFilterSet,
    MeetingFilterSet,
    MembershipFilterSet,
    MinutesAmendmentFilterSet,
    WorkingGroupFilterSet,
)

from .factories import (
    ActionItemFactory,
    ActionProgressFactory,
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
    StaffMembershipFactory,
    WorkingGroupFactory,
    at,
)

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)


class TestWorkingGroupFilters(FilterCase):
    basename = "workinggroup"
    filterset = WorkingGroupFilterSet

    def make(self, **kwargs):
        return WorkingGroupFactory(**kwargs)

    def make_found(self, word):
        return WorkingGroupFactory(name=f"{word.title()} Security Working Group")

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = WorkingGroupFactory(jurisdiction=LocalityFactory(parent=region))
        outside = WorkingGroupFactory(jurisdiction=LocalityFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_status(self):
        active, dormant, closed = (WorkingGroupFactory(status=s) for s in ("active", "dormant", "closed"))
        self.assert_keeps({"status": ["active", "dormant"]}, [active, dormant], [closed])

    def test_meeting_overdue(self):
        late = WorkingGroupFactory(established_on=LONG_AGO)
        fresh = WorkingGroupFactory(established_on=timezone.localdate())
        self.assert_keeps({"meeting_overdue": "true"}, [late], [fresh])
        self.assert_keeps({"meeting_overdue": "false"}, [fresh], [late])

    def test_has_overdue_actions(self):
        behind = ActionItemFactory(due_on=LONG_AGO).group
        on_time = ActionItemFactory(due_on=FAR_AHEAD).group
        done = ActionItemFactory(due_on=LONG_AGO, status="done", closed_on=datetime.date(2026, 3, 3)).group
        self.assert_keeps({"has_overdue_actions": "true"}, [behind], [on_time, done])
        self.assert_keeps({"has_overdue_actions": "false"}, [on_time, done], [behind])


class TestMembershipFilters(FilterCase):
    basename = "membership"
    filterset = MembershipFilterSet

    def make(self, **kwargs):
        return MembershipFactory(**kwargs)

    def make_found(self, word):
        return MembershipFactory(notes=f"Speaks for {word}")

    def test_group(self):
        seat, other = MembershipFactory(), MembershipFactory()
        self.assert_keeps({"group": seat.group_id}, [seat], [other])

    def test_stakeholder(self):
        seat, other = MembershipFactory(), MembershipFactory()
        self.assert_keeps({"stakeholder": seat.stakeholder_id}, [seat], [other])

    def test_user(self):
        staff = StaffMembershipFactory()
        other = StaffMembershipFactory(user=StaffFactory())
        self.assert_keeps({"user": staff.user_id}, [staff], [other, MembershipFactory()])

    def test_constituency(self):
        police, army, chief = (MembershipFactory(constituency=c) for c in ("police", "military", "local_leader"))
        self.assert_keeps({"constituency": ["police", "military"]}, [police, army], [chief])

    def test_role(self):
        chair, observer = MembershipFactory(role="co_chair"), MembershipFactory(role="observer")
        self.assert_keeps({"role": "co_chair"}, [chair], [observer])

    def test_current(self):
        current, former = MembershipFactory(), MembershipFactory(left_on=datetime.date(2025, 6, 1))
        self.assert_keeps({"current": "true"}, [current], [former])
        self.assert_keeps({"current": "false"}, [former], [current])


class TestMeetingFilters(FilterCase):
    basename = "meeting"
    filterset = MeetingFilterSet

    def make(self, **kwargs):
        return MeetingFactory(**kwargs)

    def make_found(self, word):
        return MeetingFactory(title=f"Meeting on {word}")

    def test_group(self):
        meeting, other = MeetingFactory(), MeetingFactory()
        self.assert_keeps({"group": meeting.group_id}, [meeting], [other])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = MeetingFactory(group=WorkingGroupFactory(jurisdiction=LocalityFactory(parent=region)))
        outside = MeetingFactory()
        self.assert_keeps({"jurisdiction": region.pk}, [inside], [outside])

    def test_status(self):
        planned, held, cancelled = MeetingFactory(), HeldMeetingFactory(), MeetingFactory(status="cancelled")
        self.assert_keeps({"status": ["planned", "held"]}, [planned, held], [cancelled])

    def test_approved(self):
        approved, draft = ApprovedMeetingFactory(), HeldMeetingFactory()
        self.assert_keeps({"approved": "true"}, [approved], [draft])
        self.assert_keeps({"approved": "false"}, [draft], [approved])

    def test_starts_after(self):
        before, on, after = (MeetingFactory(starts_at=at(2026, 3, d)) for d in (1, 2, 3))
        self.assert_keeps({"starts_after": "2026-03-02"}, [on, after], [before])

    def test_starts_before(self):
        before, on, after = (MeetingFactory(starts_at=at(2026, 3, d)) for d in (1, 2, 3))
        self.assert_keeps({"starts_before": "2026-03-02"}, [before, on], [after])

    def test_practice(self):
        practice = PracticeFactory()
        tagged, untagged = MeetingFactory(), MeetingFactory()
        tagged.practices.add(practice)
        self.assert_keeps({"practice": practice.pk}, [tagged], [untagged])


class TestAgendaItemFilters(FilterCase):
    basename = "agendaitem"
    filterset = AgendaItemFilterSet

    def make(self, **kwargs):
        return AgendaItemFactory(**kwargs)

    def make_found(self, word):
        return AgendaItemFactory(title=f"Report on {word}")

    def test_meeting(self):
        item, other = AgendaItemFactory(), AgendaItemFactory()
        self.assert_keeps({"meeting": item.meeting_id}, [item], [other])


class TestAttendanceFilters(FilterCase):
    basename = "attendance"
    filterset = AttendanceFilterSet

    def make(self, **kwargs):
        return AttendanceFactory(**kwargs)

    def make_found(self, word):
        return AttendanceFactory(membership__stakeholder=OrganisationFactory(name=f"{word.title()} Police"))

    def test_meeting(self):
        row, other = AttendanceFactory(), AttendanceFactory()
        self.assert_keeps({"meeting": row.meeting_id}, [row], [other])

    def test_membership(self):
        row, other = AttendanceFactory(), AttendanceFactory()
        self.assert_keeps({"membership": row.membership_id}, [row], [other])

    def test_group(self):
        row, other = AttendanceFactory(), AttendanceFactory()
        self.assert_keeps({"group": row.meeting.group_id}, [row], [other])

    def test_status(self):
        present, absent = AttendanceFactory(status="present"), AttendanceFactory(status="absent")
        self.assert_keeps({"status": "present"}, [present], [absent])

    def test_constituency(self):
        police = AttendanceFactory(membership__constituency="police")
        chief = AttendanceFactory(membership__constituency="local_leader")
        self.assert_keeps({"constituency": "police"}, [police], [chief])


class TestGuestFilters(FilterCase):
    basename = "guest"
    filterset = GuestFilterSet

    def make(self, **kwargs):
        return GuestFactory(**kwargs)

    def make_found(self, word):
        return GuestFactory(name=f"Dr {word.title()}")

    def test_meeting(self):
        guest, other = GuestFactory(), GuestFactory()
        self.assert_keeps({"meeting": guest.meeting_id}, [guest], [other])

    def test_group(self):
        guest, other = GuestFactory(), GuestFactory()
        self.assert_keeps({"group": guest.meeting.group_id}, [guest], [other])


class TestKeyIssueFilters(FilterCase):
    basename = "keyissue"
    filterset = KeyIssueFilterSet

    def make(self, **kwargs):
        return KeyIssueFactory(**kwargs)

    def make_found(self, word):
        return KeyIssueFactory(text=f"Roadblocks near {word}")

    def test_meeting(self):
        issue, other = KeyIssueFactory(), KeyIssueFactory()
        self.assert_keeps({"meeting": issue.meeting_id}, [issue], [other])

    def test_group(self):
        issue, other = KeyIssueFactory(), KeyIssueFactory()
        self.assert_keeps({"group": issue.meeting.group_id}, [issue], [other])

    def test_raised_by(self):
        chief = OrganisationFactory()
        raised, other, nobody = (
            KeyIssueFactory(raised_by=chief),
            KeyIssueFactory(raised_by=OrganisationFactory()),
            KeyIssueFactory(),
        )
        self.assert_keeps({"raised_by": chief.pk}, [raised], [other, nobody])


class TestMinutesAmendmentFilters(FilterCase):
    basename = "minutesamendment"
    filterset = MinutesAmendmentFilterSet

    def make(self, **kwargs):
        return MinutesAmendmentFactory(**kwargs)

    def make_found(self, word):
        return MinutesAmendmentFactory(reason=f"The {word} delegate was present.")

    def test_meeting(self):
        amendment, other = MinutesAmendmentFactory(), MinutesAmendmentFactory()
        self.assert_keeps({"meeting": amendment.meeting_id}, [amendment], [other])


class TestActionItemFilters(FilterCase):
    basename = "actionitem"
    filterset = ActionItemFilterSet

    def make(self, **kwargs):
        return ActionItemFactory(**kwargs)

    def make_found(self, word):
        return ActionItemFactory(description=f"Visit the {word} checkpoint")

    def test_group(self):
        action, other = ActionItemFactory(), ActionItemFactory()
        self.assert_keeps({"group": action.group_id}, [action], [other])

    def test_meeting(self):
        action, other = ActionItemFactory(), ActionItemFactory()
        self.assert_keeps({"meeting": action.meeting_id}, [action], [other])

    def test_status(self):
        open_, done = ActionItemFactory(), ActionItemFactory(status="done", closed_on=datetime.date(2026, 3, 3))
        dropped = ActionItemFactory(status="dropped", closed_on=datetime.date(2026, 3, 3))
        self.assert_keeps({"status": ["open", "done"]}, [open_, done], [dropped])

    def test_open(self):
        open_, going = ActionItemFactory(), ActionItemFactory(status="in_progress")
        done = ActionItemFactory(status="done", closed_on=datetime.date(2026, 3, 3))
        self.assert_keeps({"open": "true"}, [open_, going], [done])
        self.assert_keeps({"open": "false"}, [done], [open_, going])

    def test_overdue(self):
        late, due_later = ActionItemFactory(due_on=LONG_AGO), ActionItemFactory(due_on=FAR_AHEAD)
        late_but_done = ActionItemFactory(due_on=LONG_AGO, status="done", closed_on=datetime.date(2026, 3, 3))
        self.assert_keeps({"overdue": "true"}, [late], [due_later, late_but_done])
        self.assert_keeps({"overdue": "false"}, [due_later, late_but_done], [late])

    def test_owner_membership(self):
        action, other = ActionItemFactory(), ActionItemFactory()
        self.assert_keeps({"owner_membership": action.owner_membership_id}, [action], [other])

    def test_owner_stakeholder(self):
        action, other = ActionItemFactory(), ActionItemFactory()
        stakeholder = action.owner_membership.stakeholder_id
        self.assert_keeps({"owner_stakeholder": stakeholder}, [action], [other])

    def test_owner_user(self):
        """A staff member's actions, owned directly or through their seat."""
        staff = StaffFactory()
        direct = ActionItemFactory(owner_membership=None, owner_user=staff)
        meeting = HeldMeetingFactory()
        by_seat = ActionItemFactory(
            meeting=meeting, owner_membership=StaffMembershipFactory(group=meeting.group, user=staff)
        )
        someone_else = ActionItemFactory(owner_membership=None, owner_user=StaffFactory())
        self.assert_keeps({"owner_user": staff.pk}, [direct, by_seat], [someone_else, ActionItemFactory()])

    def test_due_after(self):
        before, on, after = (ActionItemFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_after": "2026-04-02"}, [on, after], [before])

    def test_due_before(self):
        before, on, after = (ActionItemFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_before": "2026-04-02"}, [before, on], [after])


class TestActionProgressFilters(FilterCase):
    basename = "actionprogress"
    filterset = ActionProgressFilterSet

    def make(self, **kwargs):
        return ActionProgressFactory(**kwargs)

    def make_found(self, word):
        return ActionProgressFactory(note=f"Met the {word} commander")

    def test_action(self):
        note, other = ActionProgressFactory(), ActionProgressFactory()
        self.assert_keeps({"action": note.action_id}, [note], [other])

    def test_group(self):
        note, other = ActionProgressFactory(), ActionProgressFactory()
        self.assert_keeps({"group": note.action.group_id}, [note], [other])
