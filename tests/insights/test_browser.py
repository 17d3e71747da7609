"""In a real browser: a manager opens the champion/spoiler map, filters it, and follows a mark to a stakeholder."""

from __future__ import annotations

import re

import pytest

from shrhub.roles import Role

from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_filters_the_map_and_follows_a_mark(page, login):
    world = build_world()
    login(Role.MANAGER)
    page.get_by_role("button", name="Insights").click()
    page.get_by_role("link", name="Champion/spoiler map").click()
    page.wait_for_url("**/insights/map/")
    assert page.get_by_role("heading", name="Champion/spoiler map", exact=True).is_visible()
    points = page.locator("#points tbody tr")
    assert points.count() == 8
    assert page.locator('#chart-stance a[aria-label^="Ministry of the Interior"]').count() == 1

    page.get_by_label("Local", exact=True).check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/insights/map/\?.*level=local"))
    assert points.count() == 3
    assert page.locator('#chart-stance a[aria-label^="Ministry of the Interior"]').count() == 0
    assert "3 of 4 stakeholders in scope are on the map" in page.locator("main").inner_text()

    page.locator('#chart-stance a[aria-label^="Station One"]').click()
    page.wait_for_url(f"**/stakeholders/{world.station1.pk}/")
    assert page.get_by_role("heading", name="Station One").is_visible()
