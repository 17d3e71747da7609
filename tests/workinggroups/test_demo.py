"""The demo seeder: working groups built on the registry's demo country, obeying the same rules as the
services (checked row by row), audited, with something for every health figure to show."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.utils import timezone

from shrhub.roles import Role
from stakeholders.demo import seed_registry
from workinggroups import selectors
from workinggroups.choices import Constituency, MeetingStatus, MemberRole
from workinggroups.demo import seed_working_groups
from workinggroups.models import (
    ActionItem,
    ActionProgress,
    Attendance,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def counts() -> dict[str, int]:
    rng = random.Random(2016)
    seed_registry(scale=1, rng=rng, stdout=io.StringIO(), today=TODAY)
    return seed_working_groups(scale=1, rng=rng, stdout=io.StringIO(), today=TODAY)


def test_counts_match_the_rows_and_every_record_is_audited(counts):
    assert counts["working groups"] == WorkingGroup.objects.count() >= 3
    assert counts["memberships"] == Membership.objects.count()
    assert counts["meetings"] == Meeting.objects.count()
    assert counts["attendance records"] == Attendance.objects.count()
    assert counts["key issues"] == KeyIssue.objects.count()
    assert counts["action items"] == ActionItem.objects.count()
    assert counts["progress notes"] == ActionProgress.objects.count()
    assert counts["minutes amendments"] == MinutesAmendment.objects.count() == 1
    for model in (WorkingGroup, Membership, Meeting, Attendance, KeyIssue, ActionItem, ActionProgress):
        assert model.history.filter(history_type="+").count() == model.objects.count(), model.__name__
    tagged = Meeting.objects.filter(practices__isnull=False).distinct().first()
    if tagged is not None:
        record = tagged.history.get(history_type="+")
        assert list(record.practices.values_list("practice_id", flat=True)) == list(
            tagged.practices.values_list("id", flat=True)
        )


def test_seeded_rows_obey_the_rules_of_the_services(counts):
    rows = Attendance.objects.select_related("meeting", "membership")
    assert rows
    for row in rows:  # attendance only for members of the group on the day, at held meetings
        assert row.meeting.status == MeetingStatus.HELD
        assert row.membership.group_id == row.meeting.group_id
        assert row.membership.active_on(row.meeting.date), row
    for group in WorkingGroup.objects.all():  # co-chaired, with a current member as secretariat
        roles = list(group.memberships.values_list("role", flat=True))
        assert roles.count(MemberRole.CO_CHAIR) >= 1
        assert group.secretariat.group_id == group.pk
        assert group.secretariat.left_on is None
        group.full_clean()
    for action in ActionItem.objects.select_related("meeting", "owner_membership"):
        assert action.owner_membership.group_id == action.group_id == action.meeting.group_id
        assert action.due_on >= action.meeting.date
        assert action.closed_on is None or action.closed_on >= action.meeting.date
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.filter(approved_at__isnull=False).exists()
    assert held.filter(approved_at__isnull=True).exists()  # the latest meeting's minutes are a draft
    amendment = MinutesAmendment.objects.get()
    assert amendment.meeting.approved_at is not None
    assert amendment.minutes != amendment.meeting.minutes


def test_every_health_figure_has_something_to_show_and_reruns_only_fill_gaps(counts, make_user):
    rows = list(selectors.workinggroup_health_list(user=make_user(Role.MANAGER), today=TODAY))
    assert any(r.attendance_rate is not None for r in rows)
    assert any(r.overdue_actions for r in rows)
    assert any(r.completion_rate for r in rows)
    assert any(r.vulnerable_represented for r in rows)
    assert Membership.objects.filter(constituency=Constituency.VULNERABLE_GROUP).exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__date__gte=TODAY).exists()
    before = WorkingGroup.objects.count()
    again = seed_working_groups(scale=1, rng=random.Random(7), stdout=io.StringIO(), today=timezone.localdate())
    assert WorkingGroup.objects.values("jurisdiction").distinct().count() == WorkingGroup.objects.count()
    assert WorkingGroup.objects.count() == before + again["working groups"]


def test_a_few_meetings_are_restricted_and_one_is_confidential_with_a_named_user(make_user):
    named = make_user(Role.COMMUNITY)
    rng = random.Random(2016)
    seed_registry(scale=1, rng=rng, stdout=io.StringIO(), today=TODAY)
    seed_working_groups(scale=1, rng=rng, stdout=io.StringIO(), today=TODAY)
    levels = {level: Meeting.objects.filter(confidentiality=level) for level in ("restricted", "confidential")}
    assert levels["restricted"].count() == 3
    assert levels["confidential"].count() == 1
    secret = levels["confidential"].get()
    assert list(secret.cleared_users.all()) == [named]
    assert list(secret.history.get(history_type="+").cleared_users.values_list("user_id", flat=True)) == [named.pk]
    assert not levels["confidential"].filter(amendments__isnull=False).exists()  # the amended one stays internal
    assert selectors.meeting_list(user=named).filter(pk=secret.pk).exists()
    assert not selectors.meeting_list(user=make_user(Role.MANAGER)).filter(pk=secret.pk).exists()
