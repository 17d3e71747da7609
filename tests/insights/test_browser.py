"""In a real browser: a manager sees the start page's warnings arrive, opens the champion/spoiler
map, filters it, and follows a mark to a stakeholder."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from shrhub.roles import Role

from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sees_warnings_then_filters_the_map_and_follows_a_mark(page, login):
    world = build_world()
    login(Role.MANAGER)
    # The start page is drawn first; its warnings panel then loads itself (htmx) and replaces the placeholder.
    warnings = page.locator("#manager-warnings-panel")
    warnings.locator(".warnings").wait_for()
    assert warnings.get_attribute("aria-busy") is None
    assert "1 key position is vacant" in warnings.inner_text()
    assert warnings.get_by_role("link", name="1 key position is vacant").get_attribute("href").startswith("/insights/")
    page.get_by_role("button", name="Insights").click()
    page.get_by_role("link", name="Champion/spoiler map").click()
    page.wait_for_url("**/insights/map/")
    expect(page.get_by_role("heading", name="Champion/spoiler map", exact=True)).to_be_visible()
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
    expect(page.get_by_role("heading", name="Station One")).to_be_visible()
