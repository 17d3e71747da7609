"""Calendar feed tokens (``CalendarFeedToken``): stored hashed, shown once, one per user and feed, expiring,
revocable by their owner and by administrators, listed with their last use; a feed shows only what its owner
may see now, and answers 410 once the token is revoked or expired or its owner is deactivated or loses the
right to read meetings."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from shrhub.roles import Role
from workinggroups.calendar import issue_feed_token
from workinggroups.models import CalendarFeedToken

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def planned(**kwargs):
    return MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=2), **kwargs)


def feed(key: str, group=None):
    url = reverse("workinggroup-calendar", args=[group.pk]) if group else reverse("meeting-calendar")
    return APIClient().get(url, {"key": key})


def test_only_a_hash_is_stored_and_the_key_reads_its_own_feed(users):
    meeting = planned()
    token, key = issue_feed_token(user=users[Role.COMMUNITY])
    secret = key.split("_", 2)[2]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(CalendarFeedToken.objects.values().get())
    response = feed(key)
    assert response.status_code == 200
    assert f"meeting-{meeting.pk}@".encode() in response.content
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert feed(key + "x").status_code == 401
    assert APIClient().get(reverse("meeting-list"), {"key": key}).status_code == 401  # feeds only


def test_a_key_is_for_one_feed(users):
    meeting = planned()
    _group_token, group_key = issue_feed_token(user=users[Role.COMMUNITY], group=meeting.group)
    assert feed(group_key, meeting.group).status_code == 200
    assert feed(group_key).status_code == 404  # not the every-group feed
    _all, all_key = issue_feed_token(user=users[Role.COMMUNITY])
    assert feed(all_key, meeting.group).status_code == 404


def test_one_token_per_user_and_feed(users):
    first, first_key = issue_feed_token(user=users[Role.COMMUNITY])
    _second, second_key = issue_feed_token(user=users[Role.COMMUNITY])
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert feed(first_key).status_code == 410
    assert feed(second_key).status_code == 200


def test_tokens_expire(users):
    _token, key = issue_feed_token(user=users[Role.COMMUNITY], days=1)
    assert feed(key).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert feed(key).status_code == 410


def test_a_deactivated_owner_or_one_without_the_role_gets_410(users):
    _token, key = issue_feed_token(user=users[Role.MANAGER])
    assert feed(key).status_code == 200
    users[Role.MANAGER].groups.remove(Group.objects.get(name=Role.MANAGER))
    assert feed(key).status_code == 410
    _token, other = issue_feed_token(user=users[Role.SECURITY])
    users[Role.SECURITY].is_active = False
    users[Role.SECURITY].save()
    assert feed(other).status_code == 410


def test_the_feed_shows_only_what_its_owner_may_see_now(users):
    meeting = planned()
    _token, key = issue_feed_token(user=users[Role.COMMUNITY])
    assert f"meeting-{meeting.pk}@".encode() in feed(key).content
    meeting.confidentiality = "confidential"
    meeting.save()
    assert f"meeting-{meeting.pk}@".encode() not in feed(key).content


def test_the_page_creates_a_feed_shows_its_address_once_and_lists_it(client_for, users):
    meeting = planned()
    client = client_for(Role.COMMUNITY)
    url = reverse("workinggroups:calendarfeed_list")
    response = client.post(url, {"group": meeting.group.pk})
    assert response.status_code == 200
    address = response.context["new_address"]
    assert f"/api/v1/working-groups/{meeting.group.pk}/calendar/?key=cal_" in address
    key = address.split("key=", 1)[1]
    assert feed(key, meeting.group).status_code == 200
    listing = client.get(url).content.decode()
    assert key not in listing
    assert f"{meeting.group.name}: meetings" in listing
    assert "never" not in listing.split("<tbody>")[1].split("</tbody>")[0]  # last use shown


def test_owners_and_administrators_revoke_others_cannot(client_for, users):
    token, key = issue_feed_token(user=users[Role.COMMUNITY])
    revoke = reverse("workinggroups:calendarfeed_revoke", args=[token.pk])
    assert client_for(Role.SECURITY).post(revoke).status_code == 404
    assert token.user.calendar_feeds.get().revoked_at is None
    assert client_for(Role.COMMUNITY).post(revoke).status_code == 302
    assert feed(key).status_code == 410
    token, key = issue_feed_token(user=users[Role.COMMUNITY])
    admin_page = client_for(Role.ADMINISTRATOR).get(reverse("workinggroups:calendarfeed_list")).content.decode()
    assert users[Role.COMMUNITY].username in admin_page
    revoke = reverse("workinggroups:calendarfeed_revoke", args=[token.pk])
    assert client_for(Role.ADMINISTRATOR).post(revoke).status_code == 302
    assert feed(key).status_code == 410
    token.refresh_from_db()
    assert token.revoked_by == users[Role.ADMINISTRATOR]


def test_a_user_sees_only_their_own_feeds(client_for, users):
    issue_feed_token(user=users[Role.COMMUNITY])
    page = client_for(Role.SECURITY).get(reverse("workinggroups:calendarfeed_list"))
    assert list(page.context["tokens"]) == []
