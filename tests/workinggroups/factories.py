"""Factories for the working-group models (fictional data only). They write rows directly, as fixtures;
the rules under test are exercised through the services."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.shrhub.factories import LocalityFactory
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.choices import (
    ActionStatus,
    AttendanceStatus,
    Constituency,
    GroupStatus,
    MeetingStatus,
    MemberRole,
)
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
    WorkingGroup,
)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """An aware datetime in the site's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Officer"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    jurisdiction = factory.SubFactory(LocalityFactory)
    name = factory.Sequence(lambda n: f"Kessa Security Working Group {n}")
    purpose = "Build trust between security forces, authorities, communities and the company."
    established_on = datetime.date(2025, 1, 1)
    cadence_days = 90
    status = GroupStatus.ACTIVE
    standing_agenda = "Welcome\nFollow-up of the actions agreed last time\nAny other business"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    stakeholder = factory.SubFactory(OrganisationFactory)
    user = None
    constituency = Constituency.POLICE
    role = MemberRole.MEMBER
    joined_on = datetime.date(2025, 1, 1)
    left_on = None


class StaffMembershipFactory(MembershipFactory):
    stakeholder = None
    user = factory.SubFactory(StaffFactory)
    constituency = Constituency.COMPANY


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Meeting number {n}")
    status = MeetingStatus.PLANNED
    starts_at = factory.LazyFunction(lambda: at(2026, 3, 2))
    duration_minutes = 120
    location = "District Council hall"


class HeldMeetingFactory(MeetingFactory):
    status = MeetingStatus.HELD
    minutes = "## Summary\n\nThe co-chairs opened the meeting."


class ApprovedMeetingFactory(HeldMeetingFactory):
    approved_at = factory.LazyFunction(lambda: at(2026, 3, 10))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(HeldMeetingFactory)
    membership = factory.SubFactory(MembershipFactory, group=factory.SelfAttribute("..meeting.group"))
    status = AttendanceStatus.PRESENT


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    meeting = factory.SubFactory(HeldMeetingFactory)
    name = factory.Sequence(lambda n: f"Guest Speaker {n}")
    organisation = "Regional Human Rights Office"


class KeyIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyIssue

    meeting = factory.SubFactory(HeldMeetingFactory)
    text = factory.Sequence(lambda n: f"Roadblocks on the access road, report {n}")
    raised_by = None


class MinutesAmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesAmendment

    meeting = factory.SubFactory(ApprovedMeetingFactory)
    reason = "The number of members present was wrong."
    minutes = "## Summary\n\nThe co-chairs opened the meeting (corrected)."
    decisions = ""


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(HeldMeetingFactory)
    group = factory.SelfAttribute("meeting.group")
    description = factory.Sequence(lambda n: f"Share the incident-reporting procedure, step {n}")
    owner_membership = factory.SubFactory(MembershipFactory, group=factory.SelfAttribute("..meeting.group"))
    owner_user = None
    due_on = datetime.date(2026, 4, 1)
    status = ActionStatus.OPEN
    closed_on = None


class ActionProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionProgress

    action = factory.SubFactory(ActionItemFactory)
    note = factory.Sequence(lambda n: f"Discussed with the owner, round {n}")
    new_status = ""
