"""In a real browser: a manager logs in, searches the catalogue, opens a practice, compares the editions
and records an adoption (first with a mistake the form catches), then sees it on the progress page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from practices.catalogue import load_catalogue
from practices.models import Adoption
from shrhub.roles import Role
from tests.shrhub.factories import NationalFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_searches_opens_a_practice_and_records_an_adoption(page, login):
    load_catalogue()
    RegionFactory(name="Northern Highlands", parent=NationalFactory(name="Republic of Varantia"))
    manager = login(Role.MANAGER)

    page.get_by_role("button", name="Catalogue").click()
    page.get_by_role("link", name="Challenges").click()
    page.get_by_role("searchbox", name="Search the catalogue").fill("spoilers")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/practices/search/\?q=spoilers"))
    assert page.locator("#result-count").inner_text().startswith("3 items")
    assert page.locator(".search-results mark").first.inner_text() == "spoilers"

    page.get_by_role("link", name="Initiate stakeholder mapping exercise of key actors").click()
    page.wait_for_url("**/practices/items/2016-a-stakeholder-mapping-exercise/")
    heading = "Initiate stakeholder mapping exercise of key actors working on security and human rights issues"
    expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
    expect(page.get_by_role("link", name="IGTs: 21").first).to_be_visible()

    page.get_by_role("link", name="Read both editions side by side").click()
    page.wait_for_url("**/practices/challenges/1.1.a/")
    expect(page.get_by_role("heading", name="Toolkit 2016 · 1.1.a")).to_be_visible()
    expect(page.get_by_role("heading", name="Hub edition · A")).to_be_visible()
    page.go_back()

    page.get_by_role("link", name="Record an adoption").click()
    page.get_by_label("Jurisdiction").select_option(label="Northern Highlands")
    page.get_by_label("Status").select_option("not_applicable")
    page.get_by_role("button", name="Save").click()  # not applicable without a reason: refused, draft kept
    assert page.locator("#id_not_applicable_reason_errors").inner_text() == "Say why the practice is not applicable."
    assert Adoption.objects.count() == 0

    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Owner").select_option(label=manager.get_full_name())
    page.get_by_label("Target date").fill("2020-06-30")
    page.get_by_label("Notes").fill("Mapping workshop with the regional directorates.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/practices/adoptions/\d+/$"))
    assert "Overdue" in page.get_by_role("status").first.inner_text()
    adoption = Adoption.objects.get()
    assert (adoption.practice.key, adoption.jurisdiction.name, adoption.owner) == (
        "2016-a-stakeholder-mapping-exercise",
        "Northern Highlands",
        manager,
    )

    page.get_by_role("button", name="Mark reviewed today").click()
    expect(page.get_by_text("as reviewed today")).to_be_visible()

    page.get_by_role("link", name="Northern Highlands").first.click()
    page.wait_for_url(re.compile(r"/practices/progress/\d+/$"))
    row = page.locator("tr", has=page.get_by_role("link", name="1.1.a / A", exact=True))
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    # catalogue items, taken up here, implemented, in progress, planned, not started, n/a, overdue
    assert cells[:8] == ["9", "1", "0", "1", "0", "0", "0", "1"]
    expect(page.get_by_role("heading", name="Overdue (1)")).to_be_visible()
