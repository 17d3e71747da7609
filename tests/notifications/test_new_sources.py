"""Agreement obligations and risk mitigations in the one tracker (issue 15): reminded to their owners like
follow-ups and actions, listed in "My follow-ups" and its API twin, hidden with their agreement or risk, overdue
ones escalating in the managers' warnings; a coordination risk due for review reminds its owner."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from analysis.models import CoordinationRisk, Mitigation
from commitments.models import Agreement, Obligation
from notifications.choices import ReminderKind
from notifications.reminders import current_reminders
from notifications.services import refresh_notifications
from shrhub import clock
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.roles import Role
from stakeholders.models import MandateArea
from tests.helpers.queries import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
DAY = datetime.timedelta(days=1)


def national() -> Jurisdiction:
    return Jurisdiction.objects.get_or_create(name="Varantia", defaults={"level": JurisdictionLevel.NATIONAL})[0]


def agreement(**extra) -> Agreement:
    return Agreement.objects.create(
        kind="security_mou", title="MoU on security", made_on=clock.today() - 90 * DAY, jurisdiction=national(), **extra
    )


def obligation(owner, description: str, due_on: datetime.date, **agreement_fields) -> Obligation:
    return Obligation.objects.create(
        agreement=agreement(**agreement_fields), description=description, owner=owner, due_on=due_on
    )


def risk(owner=None, **extra) -> CoordinationRisk:
    fields = {
        "title": "Abuses go unremedied locally",
        "jurisdiction": national(),
        "area": MandateArea.objects.get(code="judicial-accountability"),
        "challenge": "No local court hears the complaints.",
        "affected": "Villages on the access road",
        "harm": "Detention without remedy",
        "likelihood": 3,
        "impact": 4,
        "owner": owner,
        "review_on": clock.today() + 90 * DAY,
        **extra,
    }
    return CoordinationRisk.objects.create(**fields)


def mitigation(owner, description: str, due_on: datetime.date, **risk_fields) -> Mitigation:
    return Mitigation.objects.create(risk=risk(**risk_fields), description=description, owner=owner, due_on=due_on)


def kinds_for(user) -> set[tuple[str, str, int]]:
    return {(kind, str(ct), pk) for recipient, kind, ct, pk, _ in current_reminders() if recipient == user.pk}


def test_obligations_and_mitigations_remind_their_owner(make_user):
    owner = make_user(Role.EXTERNAL)
    today = clock.today()
    late = obligation(owner, "Train the units", today - DAY)
    soon = mitigation(owner, "Ask the regional command", today + 3 * DAY)
    found = {(kind, pk) for kind, _, pk in kinds_for(owner)}
    assert (ReminderKind.OVERDUE, late.pk) in found
    assert (ReminderKind.DUE_SOON, soon.pk) in found
    done = obligation(owner, "Done already", today - DAY)
    done.status, done.closed_on = "done", today
    done.save()
    assert (ReminderKind.OVERDUE, done.pk) not in {(kind, pk) for kind, _, pk in kinds_for(owner)}


def test_a_risk_due_for_review_reminds_its_owner_until_closed(make_user):
    owner = make_user(Role.SECURITY)
    due = risk(owner, review_on=clock.today() + 2 * DAY)
    risk(owner, title="Reviewed later", review_on=clock.today() + 60 * DAY)
    assert [(kind, pk) for kind, _, pk in kinds_for(owner) if kind == ReminderKind.RISK_REVIEW] == [
        (ReminderKind.RISK_REVIEW, due.pk)
    ]
    due.status = "closed"
    due.save()
    assert not [kind for kind, _, _ in kinds_for(owner) if kind == ReminderKind.RISK_REVIEW]


def test_my_follow_ups_lists_obligations_and_mitigations_with_where_they_come_from(client_for, users):
    chris = users[Role.COMMUNITY]
    today = clock.today()
    first = obligation(chris, "Publish the grievance channel", today + 2 * DAY)
    second = mitigation(chris, "Fund the inspections", today + 9 * DAY)
    page = client_for(Role.COMMUNITY).get(reverse("notifications:my_follow_ups")).content.decode()
    assert page.index("Publish the grievance channel") < page.index("Fund the inspections")
    assert first.agreement.get_absolute_url() in page and second.risk.get_absolute_url() in page
    rows = client_for(Role.COMMUNITY).get(reverse("my-follow-ups"), {"source": "agreements"}).json()
    assert [(row["source"], row["description"]) for row in rows] == [("agreements", "Publish the grievance channel")]
    rows = client_for(Role.COMMUNITY).get(reverse("my-follow-ups"), {"source": "risks"}).json()
    assert [(row["source"], row["description"]) for row in rows] == [("risks", "Fund the inspections")]


def test_my_follow_ups_hides_obligations_of_hidden_agreements(client_for, users):
    chris = users[Role.COMMUNITY]
    obligation(chris, "CANARY obligation", clock.today() + DAY, confidentiality=Confidentiality.RESTRICTED)
    mitigation(chris, "CANARY mitigation", clock.today() + DAY, confidentiality=Confidentiality.CONFIDENTIAL)
    page = client_for(Role.COMMUNITY).get(reverse("notifications:my_follow_ups"), {"scope": "all"}).content.decode()
    assert "CANARY" not in page
    assert "CANARY" not in str(client_for(Role.COMMUNITY).get(reverse("my-follow-ups"), {"scope": "all"}).json())
    refresh_notifications()
    assert "CANARY" not in client_for(Role.COMMUNITY).get(reverse("notifications:list")).content.decode()


def test_overdue_obligations_and_mitigations_escalate(client_for, users):
    obligation(users[Role.COMMUNITY], "Late obligation", clock.today() - 20 * DAY)
    mitigation(users[Role.SECURITY], "Late mitigation", clock.today() - 3 * DAY)
    page = client_for(Role.MANAGER).get(reverse("manager_warnings")).content.decode()
    assert "2 tracked commitments are overdue" in page
    assert "20 days late" in page


def test_my_follow_ups_costs_the_same_queries_with_more_obligations_and_mitigations(client_for, users):
    chris = users[Role.COMMUNITY]
    client = client_for(Role.COMMUNITY)

    def make(n: int) -> None:
        for index in range(n):
            obligation(chris, f"Obligation {index}", clock.today() + DAY)
            mitigation(chris, f"Mitigation {index}", clock.today() - DAY)
        refresh_notifications()

    assert_constant_queries(make, lambda: client.get(reverse("notifications:my_follow_ups")))
    assert_constant_queries(make, lambda: client.get(reverse("notifications:list")))
