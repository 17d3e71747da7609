"""API cursors carry only the boundary row's key (``shrhub.paging.CursorPagination``), never its sort values, and
still visit every row exactly once, forwards and backwards, whatever the order and however many rows tie."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from shrhub.roles import Role
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/stakeholders/"


def cursor_of(link: str) -> str:
    token = parse_qs(urlsplit(link).query)["cursor"][0]
    return base64.b64decode(token).decode()


def walk(client, params: dict, *, limit: int = 50) -> tuple[list[int], list[str]]:
    """The ids of every row following ``next`` from the first page, and every link seen."""
    seen, links, url, query = [], [], URL, params
    for _ in range(limit):
        body = client.get(url, query).json()
        seen += [row["id"] for row in body["results"]]
        links += [link for link in (body["next"], body["previous"]) if link]
        if not body["next"]:
            return seen, links
        url, query = body["next"], None
    raise AssertionError("no last page")


def walk_back(client, link: str, *, limit: int = 50) -> list[int]:
    """The ids of every row before the page ``link`` shows, following ``previous`` links."""
    seen, url = [], link
    for _ in range(limit):
        body = client.get(url).json()
        seen = [row["id"] for row in body["results"]] + seen
        if not body["previous"]:
            return seen
        url = body["previous"]
    raise AssertionError("no first page")


def make_names() -> list[str]:
    names = ["Zeta Ministry", "Alpha Office", "Mid Council"]
    names += ["Tied Directorate"] * 5  # many rows with the same sort value, across page boundaries
    for name in names:
        OrganisationFactory(name=name)
    return names


@pytest.mark.parametrize("ordering", ["name", "-name"])
def test_no_name_appears_in_next_or_previous(api_client_for, ordering):
    names = make_names()
    client = api_client_for(Role.MANAGER)
    _seen, links = walk(client, {"ordering": ordering, "page_size": 2})
    assert links
    for link in links:
        decoded = cursor_of(link)
        assert set(parse_qs(decoded)) <= {"p", "r"}, decoded
        assert parse_qs(decoded)["p"][0].isdigit(), decoded
        for name in names:
            for word in name.split():
                assert word not in decoded and word not in link


@pytest.mark.parametrize("ordering", ["name", "-name", "sector", "-updated"])
@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_paging_visits_every_row_exactly_once_with_ties(api_client_for, ordering, page_size):
    make_names()
    client = api_client_for(Role.MANAGER)
    expected = [row["id"] for row in client.get(URL, {"ordering": ordering, "page_size": 200}).json()["results"]]
    assert len(expected) == 8
    seen, _links = walk(client, {"ordering": ordering, "page_size": page_size})
    assert seen == expected
    # and backwards, from the last page's previous link
    last = client.get(URL, {"ordering": ordering, "page_size": page_size})
    url = last.json()["next"]
    final = None
    while url:
        final, url = url, client.get(url).json()["next"]
    if final is not None:
        assert walk_back(client, final) == expected


def test_a_boundary_row_gone_restarts_at_the_first_page(api_client_for):
    make_names()
    client = api_client_for(Role.MANAGER)
    first = client.get(URL, {"ordering": "name", "page_size": 2}).json()
    OrganisationFactory._meta.model.objects.filter(pk=first["results"][-1]["id"]).delete()
    again = client.get(first["next"]).json()
    assert [row["id"] for row in again["results"]] == [
        row["id"] for row in client.get(URL, {"ordering": "name", "page_size": 2}).json()["results"]
    ]


def test_a_boundary_row_the_user_may_not_see_is_not_a_position(api_client_for):
    """A cursor naming a hidden record's key reveals nothing of its place: it restarts at the first page."""
    make_names()
    hidden = OrganisationFactory(name="Aardvark Unit", confidentiality="confidential")
    client = api_client_for(Role.COMMUNITY)
    token = base64.b64encode(f"p={hidden.pk}".encode()).decode()
    page = client.get(URL, {"ordering": "name", "page_size": 2, "cursor": token}).json()
    first = client.get(URL, {"ordering": "name", "page_size": 2}).json()
    assert page["results"] == first["results"]


@pytest.mark.parametrize("token", ["o=3&p=1", "p=Alpha", "r=1", "p="])
def test_cursors_not_of_our_shape_answer_404(api_client_for, token):
    make_names()
    encoded = base64.b64encode(token.encode()).decode()
    response = api_client_for(Role.MANAGER).get(URL, {"ordering": "name", "cursor": encoded})
    assert response.status_code == 404


@pytest.mark.parametrize("ordering", ["stance", "-influence"])
def test_orders_that_can_be_empty_page_every_row_once(api_client_for, ordering):
    """Pages and the API share one keyset implementation (``shrhub.paging``): a key that may be empty (a
    stakeholder without an assessment has no stance) pages with the empty values last, both ways, as on pages."""
    from tests.stakeholders.factories import AssessmentFactory

    for index, stance in enumerate(["champion", "spoiler", "neutral", "champion"]):
        AssessmentFactory(stakeholder=OrganisationFactory(name=f"Assessed {index}"), stance=stance, influence=index + 1)
    for index in range(3):
        OrganisationFactory(name=f"Unassessed {index}")
    client = api_client_for(Role.ADMINISTRATOR)
    everything = client.get(URL, {"ordering": ordering, "page_size": 200})
    assert everything.status_code == 200
    expected = [row["id"] for row in everything.json()["results"]]
    assert len(expected) == len(set(expected)) == 7
    assert [row["current_assessment"] for row in everything.json()["results"]][-3:] == [None, None, None]
    seen, _links = walk(client, {"ordering": ordering, "page_size": 2})
    assert seen == expected
    last = client.get(URL, {"ordering": ordering, "page_size": 2})
    while last.json()["next"]:
        last = client.get(last.json()["next"])
    assert walk_back(client, last.json()["previous"]) + [r["id"] for r in last.json()["results"]] == expected
