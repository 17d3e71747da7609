"""The registry of the manager views: each declaration yields its page, exports, API twin, menu entry and
warnings, under the URLs and names the rest of the product (and ``tests/test_route_access.py``) relies on."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from shrhub.context_processors import NAVIGATION
from stakeholders.insights.filters import resolve_scope
from stakeholders.insights.manager_views import MANAGER_VIEWS, PERMISSION

KEYS = ["map", "changes", "network", "coordination", "coverage"]


def test_the_views_in_menu_order():
    assert [view.key for view in MANAGER_VIEWS] == KEYS
    menu = dict(NAVIGATION)["Insights"]
    declared = [(view.label, f"stakeholders:insights_{view.key}", PERMISSION) for view in MANAGER_VIEWS]
    assert menu[: len(declared)] == declared  # then the manager views other apps register (readiness by level)
    assert all(permission == PERMISSION for _label, _route, permission in menu)
    assert [view.tab for view in MANAGER_VIEWS] == [
        "Champion/spoiler map",
        "Change between rounds",
        "Network and brokers",
        "National ↔ local",
        "Coverage and bias",
    ]


@pytest.mark.parametrize("view", MANAGER_VIEWS, ids=lambda view: view.key)
def test_each_declaration_is_served_by_its_page_exports_and_api_twin(view):
    assert reverse(view.route) == f"/insights/{view.key}/"
    page = resolve(f"/insights/{view.key}/").func.view_class
    assert page.manager_view is view
    # The route checks read these off the URLconf's classes: they must be the declaration's.
    assert (page.filterset_class, page.charts, page.tables) == (view.filterset_class, view.charts, view.tables)
    for name in [*view.charts, *view.tables]:
        fmt = "csv" if name in view.tables else "svg"
        url = reverse(view.export_route, kwargs={"name": name, "fmt": fmt})
        assert url == f"/insights/{view.key}/{name}.{fmt}"
        assert resolve(url).func.view_class is page
    assert reverse(view.api_route) == f"/api/v1/insights/{view.key}/"
    twin = resolve(f"/api/v1/insights/{view.key}/").func.cls
    assert (twin.manager_view, twin.filterset_class, twin.serializer_class) == (
        view,
        view.filterset_class,
        view.serializer_class,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view", [view for view in MANAGER_VIEWS if view.warnings], ids=lambda view: view.key)
def test_a_views_warnings_name_it_and_link_to_it(world, manager, view):
    scope = resolve_scope(user=manager, data={}, filterset_class=view.filterset_class)
    found = view.find_warnings(view.figure(scope), scope)
    assert found, "the world of world.py gives every view with warnings at least one"
    assert {warning.source for warning in found} == {view.label}
    assert all(warning.url.startswith(reverse(view.route)) for warning in found)
