"""The user's own pages and their API twins: notifications (list, header bell, marking read), digest settings and
"My follow-ups" — what each shows, to whom, bad input, and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followups.models import FollowUp
from notifications.choices import DigestFrequency, ReminderKind
from notifications.models import DigestSettings, Notification
from notifications.services import refresh_notifications
from shrhub import clock
from shrhub.models import Confidentiality
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.stakeholders.factories import EngagementFactory
from tests.workinggroups.factories import ActionItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
DAY = datetime.timedelta(days=1)


def follow_up(owner, description: str, due_on: datetime.date, **engagement) -> FollowUp:
    return FollowUp.objects.create(
        engagement=EngagementFactory(occurred_on=clock.today() - 60 * DAY, **engagement),
        description=description,
        owner=owner,
        due_on=due_on,
    )


@pytest.fixture
def chris(users):
    return users[Role.COMMUNITY]


def test_the_list_and_the_bell_show_only_what_the_reader_may_see(client_for, chris):
    follow_up(chris, "Visible overdue follow-up", clock.today() - DAY)
    follow_up(chris, "CANARY hidden", clock.today() - DAY, confidentiality=Confidentiality.CONFIDENTIAL)
    refresh_notifications()
    assert Notification.objects.filter(recipient=chris).count() == 4  # assigned + overdue, twice
    client = client_for(Role.COMMUNITY)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Visible overdue follow-up" in page
    assert "CANARY" not in page
    bell = client.get(reverse("notifications:bell")).content.decode()
    assert 'id="notification-count">2<' in bell  # the hidden item's two are not counted
    api = client_for(Role.COMMUNITY).get(reverse("my-notifications")).json()
    assert {row["title"] for row in api} == {"Visible overdue follow-up"}


def test_nothing_due_says_so(client_for):
    response = client_for(Role.SECURITY).get(reverse("notifications:list"))
    assert 'id="nothing-due"' in response.content.decode()
    bell = client_for(Role.SECURITY).get(reverse("notifications:bell"))
    assert 'id="notification-count"' not in bell.content.decode()


def test_marking_read_touches_only_ones_own(client_for, chris, users):
    follow_up(chris, "Mine", clock.today() - DAY)
    follow_up(users[Role.SECURITY], "Someone else's", clock.today() - DAY)
    refresh_notifications()
    theirs = Notification.objects.filter(recipient=users[Role.SECURITY]).first()
    mine = Notification.objects.filter(recipient=chris).first()
    client = client_for(Role.COMMUNITY)
    response = client.post(reverse("notifications:mark_read"), {"id": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.filter(recipient=chris, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=users[Role.SECURITY], read_at__isnull=True).exists()


def test_digest_settings_are_saved_and_bad_input_is_refused_beside_the_field(client_for, chris):
    client = client_for(Role.COMMUNITY)
    url = reverse("notifications:settings")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"frequency": "hourly", "kinds": ["overdue"]})
    assert bad.status_code == 400
    assert 'id="id_frequency_errors"' in bad.content.decode()
    assert not DigestSettings.objects.filter(user=chris, frequency="hourly").exists()
    good = client.post(url, {"frequency": DigestFrequency.DAILY, "kinds": [ReminderKind.OVERDUE]})
    assert good.status_code == 302
    chosen = DigestSettings.objects.get(user=chris)
    assert (chosen.frequency, chosen.kinds) == (DigestFrequency.DAILY, [ReminderKind.OVERDUE])


def test_my_follow_ups_lists_engagement_follow_ups_and_group_actions_mine_open_soonest_first(client_for, chris, users):
    today = clock.today()
    later = follow_up(chris, "Later follow-up", today + 20 * DAY)
    sooner = ActionItemFactory(
        description="Sooner group action", due_on=today + 2 * DAY, owner_membership=None, owner_user=chris
    )
    follow_up(users[Role.SECURITY], "Another person follow-up", today + DAY)
    done = follow_up(chris, "Done follow-up", today - 5 * DAY)
    done.status, done.closed_on = "done", today
    done.save()
    client = client_for(Role.COMMUNITY)
    page = client.get(reverse("notifications:my_follow_ups")).content.decode()
    assert page.index(sooner.description) < page.index(later.description)
    assert "Another person follow-up" not in page
    assert "Done follow-up" not in page
    everyone = client.get(reverse("notifications:my_follow_ups"), {"scope": "all", "state": "all"}).content.decode()
    assert "Another person follow-up" in everyone and "Done follow-up" in everyone
    api = client_for(Role.COMMUNITY).get(reverse("my-follow-ups")).json()
    assert [row["description"] for row in api] == [sooner.description, later.description]
    assert [row["source"] for row in api] == ["groups", "engagements"]


def test_my_follow_ups_refuses_bad_choices(client_for, api_client_for):
    page = client_for(Role.COMMUNITY).get(reverse("notifications:my_follow_ups"), {"state": "someday"})
    assert page.status_code == 400
    assert "invalid-feedback" in page.content.decode()
    api = api_client_for(Role.COMMUNITY).get(reverse("my-follow-ups"), {"state": "someday", "scope": "boss"})
    assert api.status_code == 400
    assert set(api.json()) == {"state", "scope"}


def test_my_follow_ups_hides_what_the_reader_may_not_see(client_for, chris):
    follow_up(chris, "CANARY confidential follow-up", clock.today() + DAY, confidentiality=Confidentiality.CONFIDENTIAL)
    page = client_for(Role.COMMUNITY).get(reverse("notifications:my_follow_ups"), {"scope": "all"})
    assert "CANARY" not in page.content.decode()


def test_overdue_items_escalate_in_the_managers_warnings(client_for, chris):
    follow_up(chris, "Long overdue follow-up", clock.today() - 30 * DAY)
    page = client_for(Role.MANAGER).get(reverse("manager_warnings")).content.decode()
    assert "1 tracked commitment is overdue" in page
    assert "30 days late" in page


def test_unowned_follow_ups_are_a_warning(client_for):
    follow_up(None, "Nobody's follow-up", clock.today() + 5 * DAY)
    page = client_for(Role.MANAGER).get(reverse("manager_warnings")).content.decode()
    assert "1 follow-up has no owner" in page


def test_pages_cost_the_same_queries_with_more_items(client_for, chris):
    client = client_for(Role.COMMUNITY)

    def make(n: int) -> None:
        for index in range(n):
            follow_up(chris, f"Follow-up {index}", clock.today() - DAY)
            ActionItemFactory(due_on=clock.today() + DAY, owner_membership=None, owner_user=chris)
        refresh_notifications()

    assert_constant_queries(make, lambda: client.get(reverse("notifications:list")))
    assert_constant_queries(make, lambda: client.get(reverse("notifications:my_follow_ups")))
    assert_constant_queries(make, lambda: client.get(reverse("notifications:bell")))


def test_the_api_twins_cost_the_same_queries_with_more_items(api_client_for, chris):
    client = api_client_for(Role.COMMUNITY)

    def make(n: int) -> None:
        for index in range(n):
            follow_up(chris, f"Follow-up {index}", clock.today() - DAY)
            ActionItemFactory(due_on=clock.today() + DAY, owner_membership=None, owner_user=chris)
        refresh_notifications()

    assert_constant_queries(make, lambda: client.get(reverse("my-follow-ups")))
    assert_constant_queries(make, lambda: client.get(reverse("my-notifications")))
