"""In a real browser: security staff bring a stakeholder spreadsheet in from the stakeholders' list. The columns
are matched for them, the check runs in the background with a progress bar that refreshes by itself, the
preview shows every row (a likely duplicate of an existing ministry waits for a decision), and once decided
the file is imported by the real worker; the import can then be undone."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from shrhub.models import ImportBatch
from shrhub.roles import Role
from stakeholders.models import Stakeholder
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)  # the real worker


def test_a_spreadsheet_is_previewed_with_its_progress_then_imported(page, login, settings, tmp_path):
    settings.IMPORT_INLINE_ROWS = 2  # three rows: the worker's, with a progress bar
    country = NationalFactory()
    ministry = OrganisationFactory(name="Ministère de l'Intérieur", jurisdiction=country)
    spreadsheet = tmp_path / "partner registry.csv"
    spreadsheet.write_text(
        "name,sector,level,jurisdiction\n"
        f"Ministere de l'Interieur,ministry,national,{country.name}\n"
        f"Provincial Police Command,police,national,{country.name}\n"
        f"Port Authority,ministry,national,{country.name}\n",
        encoding="utf-8",
    )

    login(Role.SECURITY)
    page.goto("/stakeholders/")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_label("Records in the file")).to_have_value("stakeholders.stakeholder")
    page.get_by_label("Spreadsheet").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Upload and match columns").click()
    expect(page.get_by_label("jurisdiction")).to_have_value("jurisdiction")  # matched by name
    page.get_by_role("button", name="Check the rows").click()

    progress = page.locator("#import-progress")
    expect(progress).to_have_attribute("data-status", "checking")
    expect(page.get_by_role("progressbar")).to_be_visible()
    run_worker()
    expect(page.locator("#import-status")).to_have_attribute("data-status", "checked", timeout=10_000)
    expect(page.locator("[data-count=create]")).to_contain_text("2")
    duplicate = page.locator("tr[data-line='2']")
    expect(duplicate).to_have_attribute("data-action", "duplicate")
    expect(duplicate).to_contain_text("Ministère de l'Intérieur")
    assert not Stakeholder.objects.filter(name="Port Authority").exists()  # the check wrote nothing

    duplicate.get_by_label(f"{ministry.name} (").check()  # it is the ministry: update it
    page.get_by_role("button", name="Save the decisions and check again").click()
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "checking")
    run_worker()
    expect(page.locator("tr[data-line='2']")).to_have_attribute("data-action", "update", timeout=10_000)

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-progress")).to_have_attribute("data-status", "importing")
    run_worker()
    expect(page.locator("#import-status")).to_have_attribute("data-status", "done", timeout=10_000)
    expect(page.get_by_role("button", name="Undo this import")).to_be_visible()
    assert Stakeholder.objects.filter(name__in=["Provincial Police Command", "Port Authority"]).count() == 2
    ministry.refresh_from_db()
    assert ministry.name == "Ministere de l'Interieur"
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE
