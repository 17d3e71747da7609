"""In a real browser: log in, create a stakeholder, record an assessment and see it on the detail page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from shrhub.roles import Role
from tests.shrhub.factories import NationalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_security_staff_create_a_stakeholder_and_assess_it(page, login):
    NationalFactory(name="Republic of Varantia")
    login(Role.SECURITY)
    page.get_by_role("button", name="Registry").click()
    page.get_by_role("link", name="Stakeholders", exact=True).click()
    page.get_by_role("link", name="Add stakeholder").click()

    page.get_by_role("button", name="Save").click()  # empty form: errors beside the fields, nothing saved
    expect(page.locator("#id_name_errors")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Provincial Police Command")
    page.get_by_label("Sector").select_option("police")
    page.get_by_label("Level").select_option("regional")
    page.get_by_label("Jurisdiction").select_option(label="Republic of Varantia")
    page.get_by_label("Women").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/stakeholders/\d+/$"))
    expect(page.get_by_role("heading", name="Provincial Police Command")).to_be_visible()

    page.get_by_role("link", name="Record assessment").click()
    page.get_by_label("Assessed on").fill("2026-11-01")
    page.get_by_label("Stance").select_option("spoiler")
    page.get_by_label("Influence").select_option("5")
    page.get_by_label("Interest").select_option("2")
    page.get_by_label("Security", exact=True).check()
    page.get_by_label("Other companies").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/stakeholders/\d+/$"))

    current = page.locator("section", has=page.get_by_role("heading", name="Current assessment"))
    assert current.locator(".stance-spoiler").inner_text() == "Spoiler"
    assert "Influence 5/5" in current.inner_text()
    history = page.locator("section", has=page.get_by_role("heading", name="Assessment history"))
    expect(history.get_by_text("1 Nov 2026")).to_be_visible()
