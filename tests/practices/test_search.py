"""Catalogue search on the real catalogue: PostgreSQL full-text search with ranking, highlighted passages
and trigram matching for typos; the substring fallback elsewhere (SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from practices.catalogue import load_catalogue
from practices.filtersets import PracticeFilterSet
from practices.models import Practice
from practices.search import highlight, search_practices, terms_of
from shrhub.roles import Role

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram matching needs PostgreSQL")


@pytest.fixture
def catalogue(db):
    return load_catalogue()


def found(query: str) -> list[str]:
    return list(search_practices(Practice.objects.all(), query).values_list("key", flat=True))


def test_spoilers_finds_the_mapping_practices_of_both_editions(catalogue):
    keys = found("spoilers")
    assert set(keys) == {
        "2016-a-stakeholder-mapping-exercise",
        "2016-c-company-stakeholder-mapping",
        "hub-a-good-practices",
    }


def test_pestles_finds_the_situation_analysis(catalogue):
    assert found("PESTLES") == ["2016-c-situation-analysis"]
    assert found("pestles") == ["2016-c-situation-analysis"]


def test_co_chair_finds_the_working_group_practices(catalogue):
    assert set(found("co-chair")) == {"2016-a-security-working-group", "hub-a-practical-tools"}


@on_postgres
def test_misspelt_stakeholdr_still_finds_stakeholder_mapping(catalogue):
    keys = set(found("stakeholdr"))
    assert {"2016-a-stakeholder-mapping-exercise", "hub-a-good-practices"} <= keys
    assert keys == set(found("stakeholder"))  # the typo finds what the right spelling finds
    assert "2016-b-right-person" not in keys  # no word like it there


@on_postgres
def test_postgres_ranks_heading_matches_first_and_stems_words(catalogue):
    keys = found("working group")
    assert keys[0] == "2016-a-security-working-group"  # "working group" is in its heading
    assert "hub-a-practical-tools" in keys
    assert "2016-c-in-country-process" in found("workshop")  # "workshops" → workshop


def test_every_word_must_match(catalogue):
    assert found("PESTLES spoilers") == []
    assert set(found("observatories vulnerable")) == {"2016-b-other-stakeholders", "hub-b-key-resource-working-groups"}


def test_results_are_ranked_best_first(catalogue):
    ranks = list(search_practices(Practice.objects.all(), "local level").values_list("search_rank", flat=True))
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] > 0


def test_empty_query_changes_nothing(catalogue):
    assert search_practices(Practice.objects.all(), "   ").count() == Practice.objects.count()
    assert terms_of('"local" OR level') == ["local", "level"]


def test_highlight_escapes_then_marks():
    html = highlight("Use <script>alert(1)</script> and consult local experts.", "experts")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>experts</mark>" in html


def test_highlight_marks_the_closest_word_for_a_typo():
    html = highlight("Repeat the stakeholder mapping exercise regularly.", "stakeholdr")
    assert "<mark>stakeholder</mark>" in html


def test_highlight_uses_a_postgres_headline_safely():
    from practices.search import START, STOP

    html = highlight("ignored", "x", headline=f"identify {START}spoilers{STOP} <b>within</b>")
    assert html == "identify <mark>spoilers</mark> &lt;b&gt;within&lt;/b&gt;"


def test_highlight_shows_the_passage_around_the_match():
    text = "word " * 200 + "PESTLES framework " + "word " * 200
    html = highlight(text, "PESTLES", width=120)
    assert "<mark>PESTLES</mark>" in html
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert len(html) < 200


@pytest.mark.parametrize("query", ["spoilers", "PESTLES", "co-chair"])
def test_search_page_highlights_matches(catalogue, client_for, query):
    response = client_for(Role.SECURITY).get(reverse("practices:practice_list"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>" in html
    assert response.context["paginator"].count >= 1
    _practice, snippet = response.context["results"][0]
    assert "<mark>" in snippet


def test_search_page_shows_matching_methods(catalogue, client_for):
    response = client_for(Role.SECURITY).get(reverse("practices:practice_list"), {"q": "PESTLES"})
    assert [m.key for m in response.context["methods"]] == ["2016-pestles"]


@on_postgres
def test_search_page_finds_a_typo(catalogue, client_for):
    response = client_for(Role.SECURITY).get(reverse("practices:practice_list"), {"q": "stakeholdr"})
    keys = [p.key for p, _ in response.context["results"]]
    assert "hub-a-good-practices" in keys
    assert "<mark>" in response.content.decode()


def test_search_combines_with_filters(catalogue, client_for):
    response = client_for(Role.SECURITY).get(
        reverse("practices:practice_list"), {"q": "spoilers", "edition": "hub", "kind": "good_practice"}
    )
    assert [p.key for p, _ in response.context["results"]] == ["hub-a-good-practices"]


def test_api_search_returns_rank_and_highlight(catalogue, api_client_for):
    rows = api_client_for(Role.INTEGRATION).get(reverse("practice-list"), {"q": "co-chair"}).json()["results"]
    assert {row["key"] for row in rows} == {"2016-a-security-working-group", "hub-a-practical-tools"}
    assert all(row["search_rank"] > 0 for row in rows)
    assert all("<mark>" in row["search_highlight"] for row in rows)


def test_one_filterset_serves_page_and_api():
    from practices.api.views import PracticeViewSet
    from practices.views import PracticeListView

    assert PracticeListView.filterset_class is PracticeViewSet.filterset_class is PracticeFilterSet
