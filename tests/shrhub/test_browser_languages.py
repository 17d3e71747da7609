"""In a real browser, one workflow in each language: switch on the login page, log in, add a stakeholder (an
empty form first: the errors beside the fields), see it saved, then switch from the menu; the language stays
across a logout. The words looked for come from the catalogues, so the test follows the translations."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from shrhub.models import Preferences
from shrhub.roles import Role
from tests.conftest import PASSWORD
from tests.shrhub.factories import NationalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def words(code: str, *messages: str) -> list[str]:
    with translation.override(code):
        return [gettext(message) for message in messages]


@pytest.mark.parametrize(("code", "other"), [("fr", "es"), ("es", "fr")])
def test_a_workflow_in_each_language(page, make_user, code, other):
    user = make_user(Role.SECURITY)
    country = NationalFactory(name="République de Varantia")
    log_in, save, name_label, stakeholders = words(code, "Log in", "Save", "Name", "Stakeholders")
    required = words(code, "This field is required.")[0]

    page.goto("/accounts/login/")
    page.locator(f'.language-switcher button[value="{code}"]').click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("html").get_attribute("lang") == code
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=log_in).click()
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == code, "the choice made before login holds after it"

    page.goto("/stakeholders/add/")
    page.get_by_role("button", name=save).click()
    assert required in page.locator("#id_name_errors").inner_text()
    page.get_by_label(name_label, exact=True).fill("Commandement provincial de police")
    page.locator("#id_sector").select_option("police")
    page.locator("#id_level").select_option("national")
    page.locator("#id_jurisdiction").select_option(label=country.name)
    page.get_by_role("button", name=save).click()
    expect(page.get_by_role("heading", name="Commandement provincial de police")).to_be_visible()

    page.locator(f'.language-switcher button[value="{other}"]').first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == other
    assert Preferences.objects.get(user=user).language == other
    page.locator("#mainnav .dropdown-toggle").last.click()  # the user menu
    page.get_by_role("button", name=words(other, "Log out")[0]).click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("html").get_attribute("lang") == other, "the login page after logout keeps the language"
    assert stakeholders not in page.locator("body").inner_text()
