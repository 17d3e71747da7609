"""Digests through the real task queue (the database backend, run by the real worker) and a real SMTP server:
what arrives, to whom, with which links, in the recipient's language, never naming what they may not see, and
never twice for one period."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from followups.models import FollowUp
from notifications.choices import DeliveryOutcome, DigestFrequency, ReminderKind
from notifications.digests import period_of, send_digests
from notifications.models import DigestDelivery, DigestSettings
from notifications.tasks import send_digests as send_digests_task
from shrhub import clock
from shrhub.models import Confidentiality, Preferences
from shrhub.roles import Role
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

pytestmark = pytest.mark.dates
DAY = datetime.timedelta(days=1)
SITE = "https://hub.example.org"


def follow_up(owner, description: str, due_on: datetime.date, **engagement) -> FollowUp:
    return FollowUp.objects.create(
        engagement=EngagementFactory(occurred_on=clock.today() - 60 * DAY, **engagement),
        description=description,
        owner=owner,
        due_on=due_on,
    )


def run_worker() -> None:
    """The real worker, in batch mode: runs every task queued, then stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
@override_settings(SITE_URL=SITE)
def test_a_follow_up_reaches_its_owner_by_the_next_digest(smtp_inbox, make_user):
    owner = make_user(Role.COMMUNITY, email="chris@example.org")
    today = clock.today()
    item = follow_up(owner, "Send the grievance procedure to the district police", today - 2 * DAY)
    send_digests_task.enqueue(DigestFrequency.WEEKLY)
    run_worker()
    (message,) = smtp_inbox.to("chris@example.org")
    assert message["Subject"].startswith("SHR Hub: ")
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Overdue" in text
    assert "Send the grievance procedure to the district police" in text
    assert f"{SITE}{item.get_absolute_url()}" in text
    assert f'href="{SITE}{item.get_absolute_url()}"' in html
    delivery = DigestDelivery.objects.get(user=owner)
    assert (delivery.outcome, delivery.period) == (DeliveryOutcome.SENT, period_of(DigestFrequency.WEEKLY, today))


@pytest.mark.django_db(transaction=True)
def test_a_digest_is_sent_once_per_period_however_often_the_job_runs(smtp_inbox, make_user):
    owner = make_user(Role.COMMUNITY, email="chris@example.org")
    follow_up(owner, "Share the minutes with the municipality", clock.today() - DAY)
    for _ in range(3):
        send_digests_task.enqueue(DigestFrequency.WEEKLY)
    run_worker()
    send_digests(DigestFrequency.WEEKLY)
    assert len(smtp_inbox.to("chris@example.org")) == 1
    assert DigestDelivery.objects.filter(user=owner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_not_recorded_and_the_next_run_sends(settings, smtp_inbox, make_user):
    owner = make_user(Role.COMMUNITY, email="chris@example.org")
    follow_up(owner, "Agree the date of the next visit", clock.today() - DAY)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens: the send fails
    with pytest.raises(OSError):
        send_digests(DigestFrequency.WEEKLY)
    assert not DigestDelivery.objects.exists()
    settings.EMAIL_PORT = port
    assert send_digests(DigestFrequency.WEEKLY)["sent"] == 1
    assert len(smtp_inbox.to("chris@example.org")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_digest_names_nothing_its_recipient_may_not_see(smtp_inbox, make_user):
    """A follow-up of a confidential engagement owned by someone who is no longer cleared for it: the notification
    exists, but is not mailed (nor shown, nor counted)."""
    owner = make_user(Role.COMMUNITY, email="chris@example.org")
    visible = follow_up(owner, "Visible follow-up for the mayor", clock.today() - DAY)
    hidden = follow_up(
        owner,
        "CANARY secret follow-up",
        clock.today() - DAY,
        confidentiality=Confidentiality.CONFIDENTIAL,
        title="CANARY confidential engagement",
        stakeholders=[OrganisationFactory(name="CANARY hidden ministry", confidentiality=Confidentiality.CONFIDENTIAL)],
    )
    send_digests(DigestFrequency.WEEKLY)
    (message,) = smtp_inbox.to("chris@example.org")
    body = message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content()
    assert visible.description in body
    assert "CANARY" not in body
    assert hidden.get_absolute_url() not in body


@pytest.mark.django_db(transaction=True)
def test_a_digest_speaks_its_recipients_language(smtp_inbox, make_user):
    owner = make_user(Role.COMMUNITY, email="claire@example.org")
    Preferences.objects.create(user=owner, language="fr")
    follow_up(owner, "Envoyer la procédure", clock.today() - DAY)
    send_digests(DigestFrequency.WEEKLY)
    (message,) = smtp_inbox.to("claire@example.org")
    text = message.get_body(("plain",)).get_content()
    assert "En retard" in text
    assert "Overdue" not in text


@pytest.mark.django_db(transaction=True)
def test_users_choose_how_often_and_what(smtp_inbox, make_user):
    weekly = make_user(Role.COMMUNITY, email="weekly@example.org")
    daily = make_user(Role.COMMUNITY, email="daily@example.org")
    none = make_user(Role.COMMUNITY, email="none@example.org")
    picky = make_user(Role.COMMUNITY, email="picky@example.org")
    DigestSettings.objects.create(user=daily, frequency=DigestFrequency.DAILY)
    DigestSettings.objects.create(user=none, frequency=DigestFrequency.NONE)
    DigestSettings.objects.create(user=picky, frequency=DigestFrequency.WEEKLY, kinds=[ReminderKind.NOT_MET])
    for user in (weekly, daily, none, picky):
        follow_up(user, f"Overdue item of {user.username}", clock.today() - DAY)
    send_digests(DigestFrequency.WEEKLY)
    send_digests(DigestFrequency.DAILY)
    assert len(smtp_inbox.to("weekly@example.org")) == 1
    assert len(smtp_inbox.to("daily@example.org")) == 1
    assert smtp_inbox.to("none@example.org") == []
    assert smtp_inbox.to("picky@example.org") == []  # nothing of the kind chosen
    assert DigestDelivery.objects.get(user=picky).outcome == DeliveryOutcome.EMPTY


def test_weekly_digests_cover_the_week_from_monday():
    wednesday = datetime.date(2026, 12, 2)
    assert period_of(DigestFrequency.WEEKLY, wednesday) == datetime.date(2026, 11, 30)
    assert period_of(DigestFrequency.DAILY, wednesday) == wednesday
