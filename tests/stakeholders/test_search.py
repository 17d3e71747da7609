"""Search (``q``) on the registry's lists: the same parameter on pages and in the API.

On PostgreSQL it is full-text search on stored, GIN-indexed documents (words as prefixes, English stemming,
best matches first on pages); on SQLite every word must occur in one of the search fields. The tests in the
first part hold on both; the PostgreSQL ones are skipped elsewhere.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shrhub.filtersets import NARROW_UP_TO, full_text_query, search_words
from shrhub.roles import Role
from stakeholders import services
from stakeholders.filtersets import StakeholderFilterSet
from stakeholders.models import Stakeholder
from tests.helpers.queries import assert_constant_queries

from .factories import AssessmentFactory, EngagementFactory, OrganisationFactory, PersonFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search (SQLite searches substrings)"
)
pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row.name for row in response.context["object_list"]]


def api_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.fixture
def registry():
    OrganisationFactory(name="Provincial Police Command", short_name="PPC", sector="police")
    OrganisationFactory(name="Ministry of Mines", mandate="Licensing of private security companies.")
    OrganisationFactory(name="Riverside Water Board", description="Meets the police every month.")
    PersonFactory(name="Ana Velmar")


# Both databases ----------------------------------------------------------------------------------------------


def test_a_word_finds_names_short_names_and_mandates(client_for, registry):
    client = client_for(Role.SECURITY)
    assert names(client.get("/stakeholders/", {"q": "Velmar"})) == ["Ana Velmar"]
    assert names(client.get("/stakeholders/", {"q": "ppc"})) == ["Provincial Police Command"]
    assert names(client.get("/stakeholders/", {"q": "licensing"})) == ["Ministry of Mines"]


def test_the_start_of_a_word_is_enough(client_for, registry):
    assert names(client_for(Role.SECURITY).get("/stakeholders/", {"q": "provin"})) == ["Provincial Police Command"]


def test_every_word_must_match(client_for, registry):
    client = client_for(Role.SECURITY)
    assert names(client.get("/stakeholders/", {"q": "police command"})) == ["Provincial Police Command"]
    assert names(client.get("/stakeholders/", {"q": "police mines"})) == []


def test_an_absent_word_finds_nothing(client_for, registry):
    assert names(client_for(Role.SECURITY).get("/stakeholders/", {"q": "zyxwvut"})) == []


def test_page_and_api_find_the_same_rows(client_for, api_client_for, registry):
    for term in ("police", "mines", "velmar", "zyxwvut"):
        page = sorted(names(client_for(Role.SECURITY).get("/stakeholders/", {"q": term})))
        api = api_names(api_client_for(Role.SECURITY).get("/api/v1/stakeholders/", {"q": term}))
        assert page == api, term


def test_search_combines_with_filters(client_for, registry):
    response = client_for(Role.SECURITY).get("/stakeholders/", {"q": "police", "sector": "police"})
    assert names(response) == ["Provincial Police Command"]


def test_engagements_and_assessments_are_searchable(client_for):
    EngagementFactory(title="Workshop on grievance handling")
    EngagementFactory(title="Meeting on roads")
    mines = OrganisationFactory(name="Ministry of Mines")
    AssessmentFactory(stakeholder=mines)
    AssessmentFactory(stakeholder=OrganisationFactory(name="Regional Council"))
    client = client_for(Role.SECURITY)
    found = client.get("/engagements/", {"q": "grievance"}).context["object_list"]
    assert [e.title for e in found] == ["Workshop on grievance handling"]
    found = client.get("/assessments/", {"q": "mines"}).context["object_list"]
    assert [a.stakeholder.name for a in found] == ["Ministry of Mines"]


def test_search_words_drop_operators_and_punctuation():
    assert search_words("Ministry of (Interior) & !police:*") == ["ministry", "of", "interior", "police"]
    assert search_words("  ") == []


def test_search_query_costs_constant_queries(client_for, api_client_for):
    def make(n):
        for _ in range(n):
            AssessmentFactory(stakeholder=OrganisationFactory(name="Police Command", parent=OrganisationFactory()))

    page = client_for(Role.SECURITY)
    assert_constant_queries(make, lambda: page.get("/stakeholders/", {"q": "police"}))
    api = api_client_for(Role.INTEGRATION)
    assert_constant_queries(make, lambda: api.get("/api/v1/stakeholders/", {"q": "police"}))


# PostgreSQL --------------------------------------------------------------------------------------------------


@postgres_only
def test_query_syntax_in_a_search_is_only_punctuation(client_for, api_client_for, registry):
    response = client_for(Role.SECURITY).get("/stakeholders/", {"q": "velmar' & !(:*"})
    assert response.status_code == 200
    assert names(response) == ["Ana Velmar"]
    assert api_names(api_client_for(Role.SECURITY).get("/api/v1/stakeholders/", {"q": "|| velmar:*"})) == ["Ana Velmar"]


@postgres_only
def test_words_are_stemmed(client_for, registry):
    assert names(client_for(Role.SECURITY).get("/stakeholders/", {"q": "policing"})) == [
        "Provincial Police Command",
        "Riverside Water Board",
    ]


@postgres_only
def test_pages_list_best_matches_first_unless_sorted(client_for, registry):
    client = client_for(Role.SECURITY)
    response = client.get("/stakeholders/", {"q": "police"})
    # A match in the name (weight A) ranks above one in the description (weight C), whatever the names.
    assert names(response) == ["Provincial Police Command", "Riverside Water Board"]
    assert b"Best matches first" in response.content
    sorted_by_name = client.get("/stakeholders/", {"q": "police", "ordering": "-name"})
    assert names(sorted_by_name) == ["Riverside Water Board", "Provincial Police Command"]


@postgres_only
def test_the_document_follows_edits(registry, users):
    ministry = Stakeholder.objects.get(name="Ministry of Mines")
    services.stakeholder_update(actor=users[Role.SECURITY], instance=ministry, name="Ministry of Energy")
    query = full_text_query("energy")
    assert list(Stakeholder.objects.filter(search_vector=query).values_list("name", flat=True)) == [
        "Ministry of Energy"
    ]
    assert not Stakeholder.objects.filter(search_vector=full_text_query("mines")).exists()


@postgres_only
def test_assessments_match_their_stakeholder_by_name_only(client_for):
    AssessmentFactory(stakeholder=OrganisationFactory(name="Ministry of Mines"))
    AssessmentFactory(stakeholder=OrganisationFactory(name="Regional Council", description="Oversees mines."))
    found = client_for(Role.SECURITY).get("/assessments/", {"q": "mines"}).context["object_list"]
    assert [a.stakeholder.name for a in found] == ["Ministry of Mines"]


@postgres_only
@pytest.mark.parametrize("table", ["stakeholders_stakeholder", "stakeholders_assessment", "stakeholders_engagement"])
def test_search_documents_are_gin_indexed(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin (search_vector)" in definition for definition in definitions), definitions


@postgres_only
def test_the_search_reads_the_gin_index(registry):
    query = Stakeholder.objects.filter(search_vector=full_text_query("police")).order_by().values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would otherwise be read whole
        # nor walked whole through another index (GIN is read by bitmap scans, never plain index scans)
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = query.explain()
    assert "stakeholder_search_gin" in plan, plan


@postgres_only
def test_a_narrow_search_is_read_as_ids_first(registry, users, rf):
    request = rf.get("/stakeholders/", {"q": "police"})
    request.user = users[Role.SECURITY]
    filterset = StakeholderFilterSet(request.GET, queryset=Stakeholder.objects.all(), request=request)
    with CaptureQueriesContext(connection) as queries:
        rows = list(filterset.qs)
    assert filterset.match_count == 2 <= NARROW_UP_TO
    assert "= ANY(" in queries.captured_queries[-1]["sql"]
    assert sorted(row.name for row in rows) == ["Provincial Police Command", "Riverside Water Board"]
