"""In a real browser: a long list's export goes to the task worker; its page shows the progress bar, which the
page refreshes by itself until the file is ready, and the download then gives every row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from shrhub.roles import Role
from tests.stakeholders.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_export_shows_its_progress_and_is_downloaded_when_ready(page, login, settings):
    settings.EXPORT_INLINE_ROWS = 2
    for number in range(4):
        OrganisationFactory(name=f"District office {number}", level="local")
    login(Role.SECURITY)
    page.goto("/stakeholders/?level=local")
    page.get_by_role("link", name="Export CSV").click()
    page.wait_for_url("**/exports/jobs/*/")
    expect(page.locator("#export-job")).to_have_attribute("data-status", "queued")
    expect(page.get_by_role("progressbar")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)  # the real worker

    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=10_000)  # the bar polled and found the file ready
    expect(page.locator("#export-job")).to_have_attribute("data-status", "done")
    with page.expect_download() as download:
        download_link.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert sorted(row["name"] for row in rows) == [f"District office {n}" for n in range(4)]
