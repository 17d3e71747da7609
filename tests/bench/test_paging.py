"""Keyset paging of list pages: every row exactly once, forwards and backwards, whatever the order.

List pages page by keyset (the rows after the last one shown) so that the last page of a million rows costs
what the first does; these tests walk small lists three rows at a time through every kind of order.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.db.models import Count, QuerySet

from shrhub.paging import KeysetPaginator, capped_count, decode_cursor, encode_cursor, sort_keys
from shrhub.roles import Role
from stakeholders.models import Stakeholder, Tenure
from tests.stakeholders.factories import (
    AssessmentFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db
SIZE = 3


def walk(rf, queryset: QuerySet, *, backwards: bool = False, query: str = "") -> list:
    """Every row of ``queryset``, following Next links from the first page (or Previous links from the last)."""
    url, seen = f"?{query}", []
    if backwards:
        url = page_at(rf, queryset, url).last_url
    for _ in range(100):
        page = page_at(rf, queryset, url)
        seen = (page.object_list + seen) if backwards else (seen + page.object_list)
        if backwards and not page.has_previous:
            return seen
        if not backwards and not page.has_next:
            return seen
        url = page.previous_url if backwards else page.next_url
    raise AssertionError("paging did not end")


def page_at(rf, queryset: QuerySet, url: str):
    return KeysetPaginator(rf.get(f"/list/{url}"), SIZE).paginate(queryset, 0, False)


@pytest.fixture
def stakeholders():
    # Equal names: the primary key breaks ties, so no row is skipped or repeated between pages.
    made = [OrganisationFactory(name=name) for name in ["Beta", "Alpha", "Beta", "Gamma", "Alpha", "Delta", "Beta"]]
    for stakeholder, influence in zip(made[:4], [5, 2, 5, 3], strict=True):
        AssessmentFactory(stakeholder=stakeholder, influence=influence)
    return made


@pytest.mark.parametrize(
    "ordering",
    [
        (),  # the model's own order: name, id
        ("-name",),
        ("seen_assessment__influence",),  # nullable: unassessed rows come last
        ("-seen_assessment__influence", "name"),
        ("sector", "-updated_at"),
    ],
)
@pytest.mark.parametrize("backwards", [False, True])
def test_every_row_once_in_order(rf, users, stakeholders, ordering, backwards):
    """Through each reader's current assessment (a filtered relation, not a foreign key) too."""
    queryset = (
        Stakeholder.objects.visible_to(users[Role.SECURITY]).select_related("seen_assessment").order_by(*ordering)
    )
    keys = sort_keys(queryset)
    ordered = queryset.order_by(*(key.order_by() for key in keys))
    assert walk(rf, queryset, backwards=backwards) == list(ordered)


def test_an_order_by_a_relation_follows_the_related_order(rf):
    positions = [PositionFactory(organisation=OrganisationFactory(name=name)) for name in ["Zeta", "Alpha", "Mu"]]
    for position in positions * 2:
        TenureFactory(position=position, started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2020, 2, 1))
    queryset = Tenure.objects.select_related("position__organisation")  # Meta: position, -started_on
    assert [key.path for key in sort_keys(queryset)][:2] == ["position__organisation__name", "position__title"]
    assert walk(rf, queryset) == list(queryset)
    assert walk(rf, queryset, backwards=True) == list(queryset)


def test_an_order_by_an_annotation(rf, stakeholders):
    queryset = Stakeholder.objects.annotate(n=Count("assessments")).order_by("-n", "name")
    assert walk(rf, queryset) == list(queryset.order_by("-n", "name", "-id"))


def test_last_page_and_its_links(rf, stakeholders):
    queryset = Stakeholder.objects.all()
    last = page_at(rf, queryset, page_at(rf, queryset, "").last_url)
    assert last.object_list == list(queryset)[-SIZE:]
    assert last.has_previous
    assert not last.has_next


def test_a_cursor_only_serves_the_list_it_came_from(rf, stakeholders):
    queryset = Stakeholder.objects.all()
    second = page_at(rf, queryset, "?sector=ministry").next_url
    cursor = second.split("cursor=")[1]
    first = list(queryset)[:SIZE]
    # Another filter or order, or a forged cursor: the first page, never an error.
    assert page_at(rf, queryset, f"?sector=police&cursor={cursor}").object_list == first
    assert page_at(rf, queryset.order_by("-name"), f"?sector=ministry&cursor={cursor}").object_list[0].name == "Gamma"
    payload = decode_cursor(cursor)
    for forged in ["not a number", None, [1], Stakeholder.objects.order_by("-pk").first().pk + 1]:
        payload["r"] = forged
        assert page_at(rf, queryset, f"?sector=ministry&cursor={encode_cursor(payload)}").object_list == first
    assert page_at(rf, queryset, "?cursor=%%%").object_list == first


def test_cursors_carry_a_row_id_never_its_values(rf, stakeholders):
    """Ordered by name, a "Next" link must not carry the name (no personal data in URLs, even encoded)."""
    queryset = Stakeholder.objects.order_by("name")
    page = page_at(rf, queryset, "")
    for url in (page.next_url, page_at(rf, queryset, page.next_url).previous_url):
        payload = decode_cursor(url.split("cursor=")[1])
        assert set(payload) == {"d", "r", "s"}
        assert isinstance(payload["r"], int)
        assert not any(s.name in json.dumps(payload) for s in stakeholders)


def test_a_cursor_whose_row_is_gone_shows_the_first_page(rf, stakeholders):
    queryset = Stakeholder.objects.order_by("name", "pk")
    page = page_at(rf, queryset, "")
    remaining = queryset.exclude(pk=page.object_list[-1].pk)  # deleted, or no longer matching the list
    assert page_at(rf, remaining, page.next_url).object_list == list(remaining)[:SIZE]


def test_a_cursor_cannot_reach_a_row_hidden_from_the_user(rf, stakeholders):
    """The boundary row is read through the list's own queryset: a row outside it is no boundary at all."""
    visible = Stakeholder.objects.exclude(pk=stakeholders[0].pk).order_by("pk")
    signed = decode_cursor(page_at(rf, visible, "").next_url.split("cursor=")[1])
    payload = {**signed, "r": stakeholders[0].pk}
    assert page_at(rf, visible, f"?cursor={encode_cursor(payload)}").object_list == list(visible)[:SIZE]


def test_counts_stop_at_the_cap(stakeholders):
    assert capped_count(Stakeholder.objects.all(), cap=100) == (7, False)
    assert capped_count(Stakeholder.objects.all(), cap=5) == (5, True)


def test_list_page_shows_capped_count_and_pages_to_the_end(client_for, monkeypatch):
    from stakeholders.views import StakeholderListView

    for n in range(7):
        PersonFactory(name=f"Person {n}")
    monkeypatch.setattr(StakeholderListView, "paginate_by", SIZE)
    monkeypatch.setattr(StakeholderListView, "count_cap", 5)
    client = client_for(Role.SECURITY)
    first = client.get("/stakeholders/")
    assert b"More than 5 stakeholders" in first.content
    last = client.get("/stakeholders/" + first.context["page_obj"].last_url)
    assert [s.name for s in last.context["object_list"]] == ["Person 4", "Person 5", "Person 6"]
    assert b'rel="prev"' in last.content
    assert b'rel="next"' not in last.content
