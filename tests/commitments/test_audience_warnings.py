"""People to keep informed who are overdue: the managers' warning (counted over what the reader may see, linking to
the overdue filter, at a constant cost) and the owner's reminder (as the owner sees the engagements, once per
occasion)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from commitments.choices import Process
from commitments.models import Audience
from commitments.warnings import audience_warnings
from notifications.choices import ReminderKind
from notifications.reminders import current_reminders
from notifications.selectors import items, open_notifications
from notifications.services import refresh_notifications
from shrhub.registry import manager_warnings
from shrhub.roles import Role
from tests.helpers.queries import count_queries
from tests.shrhub.factories import RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .factories import AgreementFactory, AudienceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

OVERDUE_URL = reverse("commitments:audience_list") + "?overdue=true&ordering=due"


def informed(member, on: datetime.date, **extra):
    return EngagementFactory(stakeholders=[member.stakeholder], occurred_on=on, **extra)


def test_overdue_people_are_a_medium_warning(make_user):
    late = AudienceFactory(every_days=30, stakeholder=OrganisationFactory(name="Civic Observatory"))
    informed(late, datetime.date(2020, 1, 1))
    AudienceFactory(stakeholder=OrganisationFactory(name="Chamber of Mines"))  # never informed
    on_time = AudienceFactory(every_days=30_000)
    informed(on_time, datetime.date(2026, 1, 1))
    [warning] = audience_warnings(make_user(Role.MANAGER), {})
    assert warning.severity == "medium"
    assert str(warning.title) == "2 people to keep informed are overdue"
    assert "Civic Observatory" in str(warning.detail) and "Chamber of Mines" in str(warning.detail)
    assert warning.url == OVERDUE_URL


def test_nothing_when_everyone_is_informed_in_time(make_user):
    informed(AudienceFactory(every_days=30_000), datetime.date(2026, 1, 1))
    assert audience_warnings(make_user(Role.MANAGER), {}) == []


def test_the_warning_counts_only_what_the_reader_may_see(make_user):
    """A hidden stakeholder's or agreement's audience is not counted, nor named; an engagement hidden from the
    reader does not count as informing (the member stays overdue for them)."""
    AudienceFactory(stakeholder=OrganisationFactory(name="Secret Source", confidentiality="confidential"))
    AudienceFactory(process=Process.AGREEMENT, country=None, agreement=AgreementFactory(confidentiality="confidential"))
    member = AudienceFactory(every_days=30_000, stakeholder=OrganisationFactory(name="Quiet Embassy"))
    informed(member, datetime.date(2026, 1, 1), confidentiality="confidential")
    [warning] = audience_warnings(make_user(Role.MANAGER), {})
    assert str(warning.title) == "1 person to keep informed is overdue"
    assert "Secret Source" not in str(warning.detail) and "Quiet Embassy" in str(warning.detail)
    [admin] = audience_warnings(make_user(Role.ADMINISTRATOR), {})
    assert str(admin.title) == "2 people to keep informed are overdue"  # the secret source and the agreement's


def test_a_jurisdiction_keeps_the_stakeholders_in_it(make_user):
    region = RegionFactory()
    AudienceFactory(stakeholder=OrganisationFactory(jurisdiction=region, name="Regional Lawyers"))
    AudienceFactory(stakeholder=OrganisationFactory(name="National Chamber"))
    [warning] = audience_warnings(make_user(Role.MANAGER), {"jurisdiction": str(region.pk)})
    assert str(warning.title) == "1 person to keep informed is overdue" and "Regional Lawyers" in str(warning.detail)


def test_nothing_for_a_reader_who_may_not_read_them(make_user):
    AudienceFactory()
    assert audience_warnings(make_user(None), {}) == []


def test_the_managers_warnings_include_it_at_a_constant_cost(make_user):
    manager = make_user(Role.MANAGER)
    audience_warnings(manager, {})  # the permission cache, once

    def queries(n):
        for _ in range(n):
            informed(AudienceFactory(every_days=7), datetime.date(2020, 1, 1))
        return count_queries(lambda: audience_warnings(manager, {}))

    assert queries(2) == queries(10) == 2
    assert [w for w in manager_warnings(manager) if w.url == OVERDUE_URL]


# Reminders ------------------------------------------------------------------------------------------------------


def reminders_for(user) -> set[tuple[str, int, datetime.date]]:
    audience = ContentType.objects.get_for_model(Audience).pk
    return {(kind, pk, on) for who, kind, ct, pk, on in current_reminders() if who == user.pk and ct == audience}


def test_the_owner_is_reminded_when_overdue(make_user):
    owner = make_user(Role.EXTERNAL)
    late = AudienceFactory(owner=owner, every_days=30)
    informed(late, datetime.date(2020, 1, 1))
    on_time = AudienceFactory(owner=owner, every_days=30_000)
    informed(on_time, datetime.date(2026, 1, 1))
    AudienceFactory(owner=make_user(Role.EXTERNAL), every_days=30)  # someone else's
    assert reminders_for(owner) == {(ReminderKind.OVERDUE, late.pk, datetime.date(2020, 1, 31))}


def test_never_informed_is_reminded_once_not_every_day(make_user):
    owner = make_user(Role.EXTERNAL)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        member = AudienceFactory(owner=owner)
        first = reminders_for(owner)
    with time_machine.travel(datetime.datetime(2026, 5, 9, 9, tzinfo=datetime.UTC), tick=False):
        assert reminders_for(owner) == first == {(ReminderKind.OVERDUE, member.pk, datetime.date(2026, 5, 1))}


def test_an_engagement_hidden_from_the_owner_does_not_clear_the_reminder(make_user):
    owner = make_user(Role.COMMUNITY)
    member = AudienceFactory(owner=owner, every_days=30)
    informed(member, datetime.date(2020, 1, 1))
    informed(member, datetime.date(2099, 1, 1), confidentiality="confidential")
    assert {pk for _, pk, _ in reminders_for(owner)} == {member.pk}


def test_the_reminder_reaches_the_owner_and_names_the_member(make_user):
    owner = make_user(Role.EXTERNAL)
    member = AudienceFactory(owner=owner, stakeholder=OrganisationFactory(name="Civic Observatory"))
    refresh_notifications()
    [item] = items(open_notifications(owner))
    assert "Civic Observatory" in item.title and item.url == member.get_absolute_url()
    assert item.kind_label == "Overdue"
    member.stakeholder.confidentiality = "confidential"  # now hidden from its owner: no longer named to them
    member.stakeholder.save()
    assert items(open_notifications(owner)) == []
