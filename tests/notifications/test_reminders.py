"""Each reminder is computed once and reaches its owner; notifications are stored once and resolved when the
condition no longer holds."""

from __future__ import annotations

import datetime

import pytest

from followups.models import FollowUp
from notifications.choices import ReminderKind
from notifications.models import Notification
from notifications.reminders import current_reminders
from notifications.services import refresh_notifications
from shrhub import clock
from shrhub.roles import Role
from stakeholders.choices import RoundStatus
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PositionFactory,
    TenureFactory,
)
from tests.workinggroups.factories import ActionItemFactory, StaffMembershipFactory, WorkingGroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
DAY = datetime.timedelta(days=1)


def kinds_for(user, today=None) -> set[tuple[str, int]]:
    return {(kind, object_id) for recipient, kind, _, object_id, _ in current_reminders(today) if recipient == user.pk}


def follow_up(owner, due_on, **extra) -> FollowUp:
    return FollowUp.objects.create(
        engagement=EngagementFactory(occurred_on=clock.today() - 60 * DAY),
        description="Send the incident-reporting procedure",
        owner=owner,
        due_on=due_on,
        **extra,
    )


def test_follow_ups_are_new_due_soon_then_overdue_for_their_owner(make_user):
    owner, other = make_user(Role.COMMUNITY), make_user(Role.SECURITY)
    today = clock.today()
    soon, late = follow_up(owner, today + 3 * DAY), follow_up(owner, today - DAY)
    later = follow_up(owner, today + 30 * DAY)
    reminders = kinds_for(owner)
    assert (ReminderKind.DUE_SOON, soon.pk) in reminders
    assert (ReminderKind.OVERDUE, late.pk) in reminders
    assert (ReminderKind.ASSIGNED, later.pk) in reminders  # new for its owner
    assert not {r for r in reminders if r[1] == later.pk} - {(ReminderKind.ASSIGNED, later.pk)}
    assert kinds_for(other) == set()


def test_closed_and_unowned_follow_ups_remind_nobody(make_user):
    owner = make_user(Role.COMMUNITY)
    today = clock.today()
    follow_up(owner, today - DAY, status="done", closed_on=today)
    follow_up(None, today - DAY)
    assert kinds_for(owner) == set()


def test_working_group_actions_remind_their_staff_owner(make_user):
    owner = make_user(Role.COMMUNITY)
    today = clock.today()
    action = ActionItemFactory(due_on=today - 2 * DAY, owner_membership=None, owner_user=owner)
    seat = StaffMembershipFactory(user=owner, group=WorkingGroupFactory())
    through_seat = ActionItemFactory(due_on=today + 2 * DAY, group=seat.group, meeting=None, owner_membership=seat)
    reminders = kinds_for(owner)
    assert (ReminderKind.OVERDUE, action.pk) in reminders
    assert (ReminderKind.DUE_SOON, through_seat.pk) in reminders


def test_a_relationship_not_met_within_its_interval_reminds_its_owner(make_user):
    owner = make_user(Role.EXTERNAL)
    today = clock.today()
    neglected = OrganisationFactory(relationship_owner=owner, contact_interval_days=30)
    EngagementFactory(occurred_on=today - 45 * DAY, stakeholders=[neglected])
    kept = OrganisationFactory(relationship_owner=owner, contact_interval_days=30)
    EngagementFactory(occurred_on=today - 10 * DAY, stakeholders=[kept])
    # No interval of its own: by influence (5: every 30 days).
    influential = OrganisationFactory(relationship_owner=owner)
    AssessmentFactory(stakeholder=influential, influence=5, assessed_on=today - 100 * DAY)
    EngagementFactory(occurred_on=today - 40 * DAY, stakeholders=[influential])
    reminders = kinds_for(owner)
    assert (ReminderKind.NOT_MET, neglected.pk) in reminders
    assert (ReminderKind.NOT_MET, influential.pk) in reminders
    assert (ReminderKind.NOT_MET, kept.pk) not in reminders


def test_a_vacant_key_office_reminds_the_organisations_owner(make_user):
    owner = make_user(Role.SECURITY)
    today = clock.today()
    organisation = OrganisationFactory(relationship_owner=owner)
    vacant = PositionFactory(organisation=organisation)
    TenureFactory(position=vacant, started_on=today - 400 * DAY, ended_on=today - 10 * DAY)
    held = PositionFactory(organisation=organisation)
    TenureFactory(position=held, started_on=today - 400 * DAY)
    reminders = kinds_for(owner)
    assert (ReminderKind.VACANT_OFFICE, vacant.pk) in reminders
    assert (ReminderKind.VACANT_OFFICE, held.pk) not in reminders


def test_a_current_assessment_due_for_review_reminds_its_author(make_user):
    author = make_user(Role.SECURITY)
    today = clock.today()
    stakeholder = OrganisationFactory()
    old = AssessmentFactory(
        stakeholder=stakeholder, author=author, assessed_on=today - 300 * DAY, review_due_on=today - 100 * DAY
    )
    current = AssessmentFactory(
        stakeholder=stakeholder, author=author, assessed_on=today - 30 * DAY, review_due_on=today + 2 * DAY
    )
    reminders = kinds_for(author)
    assert (ReminderKind.REVIEW_DUE, current.pk) in reminders
    assert (ReminderKind.REVIEW_DUE, old.pk) not in reminders  # superseded: the current one is what counts


def test_a_group_overdue_for_a_meeting_reminds_its_staff_members(make_user):
    staff = make_user(Role.COMMUNITY)
    today = clock.today()
    late = WorkingGroupFactory(established_on=today - 200 * DAY, cadence_days=90)
    StaffMembershipFactory(group=late, user=staff)
    fresh = WorkingGroupFactory(established_on=today - 10 * DAY, cadence_days=90)
    StaffMembershipFactory(group=fresh, user=staff)
    reminders = kinds_for(staff)
    assert (ReminderKind.MEETING_OVERDUE, late.pk) in reminders
    assert (ReminderKind.MEETING_OVERDUE, fresh.pk) not in reminders


def test_a_round_past_its_review_date_reminds_its_lead(make_user):
    lead = make_user(Role.SECURITY)
    today = clock.today()
    overdue = MappingRoundFactory(lead=lead, started_on=today - 200 * DAY, review_due_on=today - DAY)
    MappingRoundFactory(lead=lead, started_on=today - 200 * DAY, review_due_on=today - DAY, status=RoundStatus.CLOSED)
    assert {r for r in kinds_for(lead) if r[0] == ReminderKind.ROUND_REVIEW} == {
        (ReminderKind.ROUND_REVIEW, overdue.pk)
    }


def test_deactivated_users_get_nothing(make_user):
    owner = make_user(Role.COMMUNITY)
    follow_up(owner, clock.today() - DAY)
    owner.is_active = False
    owner.save()
    assert kinds_for(owner) == set()


def test_refresh_stores_each_notification_once_and_resolves_what_is_settled(make_user):
    owner = make_user(Role.COMMUNITY)
    item = follow_up(owner, clock.today() - DAY)
    first = refresh_notifications()
    assert first["created"] >= 1
    again = refresh_notifications()
    assert again == {"created": 0, "resolved": 0, "reopened": 0}
    overdue = Notification.objects.get(recipient=owner, kind=ReminderKind.OVERDUE, object_id=item.pk)
    assert overdue.resolved_at is None
    item.status, item.closed_on = "done", clock.today()
    item.save()
    refresh_notifications()
    overdue.refresh_from_db()
    assert overdue.resolved_at is not None
    item.status, item.closed_on = "open", None
    item.save()
    assert refresh_notifications()["reopened"] >= 1
    overdue.refresh_from_db()
    assert overdue.resolved_at is None
    assert Notification.objects.filter(recipient=owner, kind=ReminderKind.OVERDUE).count() == 1


def test_a_current_assessment_without_a_review_date_is_due_by_the_registrys_rule(make_user, settings):
    author = make_user(Role.SECURITY)
    today = clock.today()
    stale = AssessmentFactory(author=author, assessed_on=clock.months_before(today, settings.SHRHUB_REVIEW_MONTHS + 1))
    fresh = AssessmentFactory(author=author, assessed_on=today - 10 * DAY)
    reminders = kinds_for(author)
    assert (ReminderKind.REVIEW_DUE, stale.pk) in reminders
    assert (ReminderKind.REVIEW_DUE, fresh.pk) not in reminders
