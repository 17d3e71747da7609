"""What the working-group page suites (``test_views.py``) and API suites (``test_api.py``) share for each model:
the model, who writes it, one record and rows for the constant-query checks (``MANY`` of them)."""

from __future__ import annotations

import datetime

from shrhub.roles import Role
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.models import ActionItem, KeyIssue, Meeting, Membership, WorkingGroup

from .factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AgendaItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
    MembershipFactory,
    MinutesAmendmentFactory,
    StaffFactory,
    WorkingGroupFactory,
)

WRITERS = frozenset({Role.COMMUNITY, Role.ADMINISTRATOR})
MANY = 15


def busy_group() -> WorkingGroup:
    """A group with a member, a held meeting with attendance, a key issue and an open action."""
    attendance = AttendanceFactory()
    KeyIssueFactory(meeting=attendance.meeting, raised_by=attendance.membership.stakeholder)
    ActionItemFactory(meeting=attendance.meeting, owner_membership=attendance.membership)
    return attendance.meeting.group


class GroupData:
    """Who writes every working-group record, and how many rows the query-count checks grow to."""

    writers = WRITERS
    many = MANY


class WorkingGroupData(GroupData):
    model = WorkingGroup

    def make_object(self):
        return WorkingGroupFactory()

    def make_rows(self, n):
        for _ in range(n):
            busy_group()


class MembershipData(GroupData):
    model = Membership

    def make_object(self):
        return MembershipFactory()

    def make_rows(self, n):
        group = WorkingGroupFactory()
        for index in range(n):
            MembershipFactory(group=group if index % 2 else WorkingGroupFactory())


class MeetingData(GroupData):
    model = Meeting

    def make_object(self):
        return HeldMeetingFactory()

    def make_rows(self, n):
        for _ in range(n):
            group = busy_group()
            meeting = group.meetings.get()
            AgendaItemFactory(meeting=meeting)
            MinutesAmendmentFactory(meeting=ApprovedMeetingFactory(group=group))


class KeyIssueData(GroupData):
    model = KeyIssue

    def make_object(self):
        return KeyIssueFactory()

    def make_rows(self, n):
        for _ in range(n):
            KeyIssueFactory(raised_by=OrganisationFactory())


class ActionItemData(GroupData):
    model = ActionItem

    def make_object(self):
        return ActionItemFactory()

    def make_rows(self, n):
        """Owned by a member and with a progress note, or owned by a member of staff (the tracker shows both)."""
        for index in range(n):
            if index % 2:
                ActionItemFactory(owner_membership=None, owner_user=StaffFactory())
            else:
                ActionProgressFactory(action=ActionItemFactory(due_on=datetime.date(2026, 3, 30)))
