""" "Overdue for review" means one thing everywhere (issue 12): past its review date or, without one, older than
``SHRHUB_REVIEW_MONTHS`` — in the registry's filter (page and API), the start page and the coverage view."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from shrhub.roles import Role
from stakeholders.selectors import review_overdue_since

from .factories import AssessmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def assessed(settings):
    """Four current assessments, one per stakeholder: two overdue by each half of the definition, two not."""
    settings.SHRHUB_REVIEW_MONTHS = 6
    rows = {
        "date passed": (datetime.date(2026, 5, 1), datetime.date(2026, 6, 1)),
        "old, no date": (datetime.date(2025, 11, 1), None),
        "recent, no date": (datetime.date(2026, 3, 1), None),
        "old, date ahead": (datetime.date(2025, 1, 1), datetime.date(2026, 12, 1)),
    }
    return {
        name: AssessmentFactory(stakeholder=OrganisationFactory(name=name), assessed_on=on, review_due_on=due)
        for name, (on, due) in rows.items()
    }


OVERDUE = {"date passed", "old, no date"}


def test_every_reader_of_overdue_reviews_agrees(assessed, client_for, api_client_for):
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        page = client_for(Role.MANAGER).get(reverse("stakeholders:assessment_list"), {"review_overdue": "true"})
        listed = {a.stakeholder.name for a in page.context["object_list"]}
        api = api_client_for(Role.MANAGER).get("/api/v1/assessments/", {"review_overdue": "true"}).json()
        by_api = {a["stakeholder"] for a in api["results"]}
        home = next(p for p in client_for(Role.MANAGER).get("/").context["panels"] if p.title == "Stakeholder registry")
        coverage = api_client_for(Role.MANAGER).get("/api/v1/insights/coverage/").json()
    assert listed == OVERDUE
    assert by_api == {assessed[name].stakeholder_id for name in OVERDUE}
    assert home.context["overdue_reviews"] == len(OVERDUE)
    assert {row["actor"]["name"] for row in coverage["review_due"]} == OVERDUE


def test_overdue_since(settings):
    settings.SHRHUB_REVIEW_MONTHS = 6
    assert review_overdue_since(assessed_on=datetime.date(2025, 8, 31), review_due_on=None) == datetime.date(
        2026, 2, 28
    )
    assert review_overdue_since(
        assessed_on=datetime.date(2025, 8, 31), review_due_on=datetime.date(2025, 9, 1)
    ) == datetime.date(2025, 9, 1)
