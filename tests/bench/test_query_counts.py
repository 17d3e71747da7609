"""The queries each endpoint of the benchmark's mix costs, pinned, and the same with a few rows as with many.

A new query on one of these paths is a cost paid on every request at a million rows: change a number here
only knowingly. PostgreSQL brings a list's to-many ids with its rows (``ARRAY(SELECT ...)``); SQLite reads
them with one query per field.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from django.db import connection

from shrhub.roles import Role
from stakeholders.models import Stakeholder
from tests.helpers.queries import count_queries
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

# name: (queries on PostgreSQL, queries on SQLite); one of them asks whether the reader is named on an
# assessment above their tier (once per request: seen_assessment)
PINNED = {
    "api_list": (3, 6),
    "api_list_cursor": (4, 7),  # + the boundary row's sort values, read by its key (the cursor carries only that)
    "api_engagements": (3, 7),
    "api_detail": (3, 6),
    "api_search": (4, 6),
    "page_list": (9, 9),
    "page_list_last": (9, 9),
    "page_search": (10, 9),
    "page_engagements": (8, 8),
    "page_detail": (22, 22),  # + the agreements card (agreements, roll-outs), risks, commitment and documents cards
}


def make_rows(n: int) -> None:
    for i in range(n):
        organisation = OrganisationFactory(name=f"Police Command {i}", sector="police", level="regional")
        AssessmentFactory(stakeholder=organisation)
        EngagementFactory(kind="meeting", stakeholders=[organisation, PersonFactory()])


@pytest.fixture
def requests(client_for, api_client_for) -> dict[str, Callable[[], object]]:
    api, page = api_client_for(Role.INTEGRATION), client_for(Role.SECURITY)
    cursor = base64.b64encode(b"p=1").decode()

    last: list[str] = []

    def last_page():
        if not last:  # the "Last" link depends on the list's filters and order only, not on its rows
            last.append(page.get("/stakeholders/").context["page_obj"].last_url)
        return page.get("/stakeholders/" + last[0])

    found: list[int] = []

    def first_organisation() -> int:
        if not found:  # looked up once, on the warm-up request, so that only the request's queries count
            found.append(Stakeholder.objects.filter(kind="organisation").order_by("pk").values_list("pk", flat=True)[0])
        return found[0]

    return {
        "api_list": lambda: api.get("/api/v1/stakeholders/", {"sector": "police", "level": "regional"}),
        "api_list_cursor": lambda: api.get("/api/v1/stakeholders/", {"sector": "police", "cursor": cursor}),
        "api_engagements": lambda: api.get("/api/v1/engagements/", {"kind": "meeting", "occurred_after": "2020-01-01"}),
        "api_detail": lambda: api.get(f"/api/v1/stakeholders/{first_organisation()}/"),
        "api_search": lambda: api.get("/api/v1/stakeholders/", {"q": "police"}),
        "page_list": lambda: page.get("/stakeholders/", {"sector": "police"}),
        "page_list_last": last_page,
        "page_search": lambda: page.get("/stakeholders/", {"q": "police"}),
        "page_engagements": lambda: page.get("/engagements/"),
        "page_detail": lambda: page.get(f"/stakeholders/{first_organisation()}/"),
    }


@pytest.mark.parametrize("name", sorted(PINNED))
def test_queries_are_pinned_and_constant(requests, name):
    request = requests[name]
    make_rows(2)
    request()  # warm the caches a running worker has warm (permissions, content types)
    few = count_queries(request)
    make_rows(10)
    many = count_queries(request)
    postgres, sqlite = PINNED[name]
    expected = postgres if connection.vendor == "postgresql" else sqlite
    assert (few, many) == (expected, expected), f"{name}: {few} queries with few rows, {many} with many"
