"""The manager views' pages and exports: what they show, and their constant query cost."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.helpers.queries import assert_constant_queries

from .growth import grow

pytestmark = pytest.mark.django_db

VIEWS = ["map", "changes", "network", "coordination", "coverage"]
CHARTS = {
    "map": ["stance", "grid"],
    "changes": ["moves"],
    "network": ["graph"],
    "coordination": ["hierarchy"],
    "coverage": ["spread"],
}
TABLES = {
    "map": ["data"],
    "changes": ["data"],
    "network": ["data", "edges"],
    "coordination": ["data", "findings"],
    "coverage": ["data", "issues"],
}


def page_url(view: str) -> str:
    return reverse(f"stakeholders:insights_{view}")


def export_url(view: str, name: str, fmt: str) -> str:
    return reverse(f"stakeholders:insights_{view}_export", kwargs={"name": name, "fmt": fmt})


# Who may open the pages and exports (anonymous, every role): the route table, tests/test_route_access.py.


def test_a_role_with_manager_views_but_without_stance_is_refused(world, make_user, client):
    from django.contrib.auth.models import Permission

    user = make_user("community")
    user.user_permissions.add(Permission.objects.get(codename="view_manager_views"))
    client.force_login(user)
    assert client.get(page_url("map")).status_code == 403


@pytest.mark.parametrize("view", VIEWS)
def test_every_chart_mark_links_to_a_stakeholder_and_the_page_has_tables(world, client_for, view):
    html = client_for("manager").get(page_url(view)).content.decode()
    assert "<svg" in html
    assert "<table" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert not re.search(r"<[^>]+\son[a-z]+=", html)
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', svg)
    assert links
    assert all(re.fullmatch(r"/(stakeholders|assessments)/(\d+/)?(\?.*)?", link) for link in links), links


def test_map_page_shows_the_figures_and_its_filters(world, client_for):
    html = client_for("manager").get(page_url("map")).content.decode()
    assert "8 of 10 stakeholders in scope are on the map" in html
    assert "Influential spoilers — engage (1)" in html
    assert f'href="/stakeholders/{world.station1.pk}/"' in html
    filtered = client_for("manager").get(page_url("map"), {"level": "national"}).content.decode()
    assert "4 of 5 stakeholders in scope are on the map" in filtered
    assert f'href="/stakeholders/{world.station1.pk}/"' not in filtered
    assert '<input type="checkbox" name="level" value="national" id="id_level_0" checked>' in filtered


def test_invalid_filters_answer_400_with_the_error_beside_the_field(world, client_for):
    response = client_for("manager").get(page_url("map"), {"mapping_round": 999999})
    assert response.status_code == 400
    assert 'id="id_mapping_round_errors"' in response.content.decode()
    assert client_for("manager").get(export_url("map", "data", "csv"), {"level": "nowhere"}).status_code == 400


@pytest.mark.parametrize("view", VIEWS)
def test_exports(world, client_for, view):
    client = client_for("manager")
    for chart in CHARTS[view]:
        svg = client.get(export_url(view, chart, "svg"), {"level": ["national", "local"]})
        assert svg.status_code == 200
        assert svg["Content-Type"].startswith("image/svg+xml")
        assert svg["Content-Disposition"] == f'attachment; filename="shrhub-{view}-{chart}.svg"'
        body = svg.content.decode()
        assert body.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert 'width="' in body.split(">", 1)[0]  # a standalone document has a pixel size
        links = re.findall(r'\bhref="([^"]*)"', body)
        assert links, f"{view} {chart}: every chart links its marks"
        assert all(link.startswith("http://testserver/") for link in links), links  # a file's links are absolute
        png = client.get(export_url(view, chart, "png"))
        assert png.status_code == 200
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    for table in TABLES[view]:
        response = client.get(export_url(view, table, "csv"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) > 1
    assert client.get(export_url(view, "nonsense", "svg")).status_code == 404
    assert client.get(export_url(view, CHARTS[view][0], "gif")).status_code == 404


def test_map_csv_holds_every_point(world, client_for):
    rows = list(
        csv.DictReader(io.StringIO(client_for("manager").get(export_url("map", "data", "csv")).content.decode()))
    )
    assert len(rows) == 8
    assert rows[0]["name"] == "Station One"
    assert (rows[0]["quadrant_action"], rows[0]["grid_action"]) == ("Engage", "Manage closely")


def test_csv_cells_cannot_run_as_formulas(world, client_for):
    Stakeholder.objects.filter(pk=world.station1.pk).update(name='=HYPERLINK("http://evil")')
    body = client_for("manager").get(export_url("map", "data", "csv")).content.decode()
    assert "'=HYPERLINK" in body


def test_names_are_escaped_in_charts(world, client_for):
    Stakeholder.objects.filter(pk=world.station1.pk).update(name='<script>alert("x")</script>')
    body = client_for("manager").get(export_url("map", "stance", "svg")).content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("view", VIEWS)
def test_page_query_count_does_not_grow_with_stakeholders(world, client_for, view):
    client = client_for("manager")
    assert_constant_queries(lambda n: grow(world, n), lambda: client.get(page_url(view)), few=1, many=6)


@pytest.mark.parametrize("view", ["map", "network", "coverage"])
def test_export_query_count_does_not_grow(world, client_for, view):
    client = client_for("manager")
    url = export_url(view, TABLES[view][0], "csv")
    assert_constant_queries(lambda n: grow(world, n), lambda: client.get(url), few=1, many=6)


def test_home_page_query_count_does_not_grow(world, client_for):
    client = client_for("manager")
    assert_constant_queries(lambda n: grow(world, n), lambda: client.get("/"), few=1, many=6)


def test_navigation_shows_insights_to_managers_only(world, client_for):
    assert "Champion/spoiler map" in client_for("manager").get("/").content.decode()
    assert "Champion/spoiler map" not in client_for("security").get("/").content.decode()


def test_warnings_panel_query_count_does_not_grow(world, client_for):
    """The start page's warnings, loaded on their own (``/warnings/``), cost the same with more stakeholders."""
    client = client_for("manager")

    def load():
        return client.get("/warnings/", headers={"HX-Request": "true"})

    assert_constant_queries(lambda n: grow(world, n), load, few=1, many=6)
