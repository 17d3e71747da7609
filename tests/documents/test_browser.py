"""In a real browser: a community relations officer files the signed minutes on an engagement from its page, opens
the document's page and downloads it; the engagement's list then goes out as a spreadsheet with its filters; a
file that is not a document is refused beside the form and nothing is kept."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import Attachment
from shrhub.roles import Role
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_document_is_filed_on_its_engagement_downloaded_and_the_list_exported(page, login, tmp_path):
    ministry = OrganisationFactory(name="Ministry of Mines")
    engagement = EngagementFactory(title="Quarterly meeting with the ministry", stakeholders=[ministry])
    EngagementFactory(title="Visit to the district police", stakeholders=[ministry], kind="workshop")
    minutes = tmp_path / "Signed minutes.pdf"
    minutes.write_bytes(PDF)
    disguised = tmp_path / "report.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")

    login(Role.COMMUNITY)
    page.goto(engagement.get_absolute_url())
    card = page.locator("#documents")
    expect(card).to_contain_text("No documents yet.")
    card.locator("input[type=file]").set_input_files(str(disguised))
    card.get_by_role("button", name="Add the document").click()
    expect(page.locator("body")).to_contain_text("This kind of file is not accepted")
    assert not Attachment.objects.exists()

    page.goto(engagement.get_absolute_url())
    card = page.locator("#documents")
    card.locator("input[type=file]").set_input_files(str(minutes))
    card.get_by_label("Title").fill("Signed minutes, 12 May")
    card.get_by_role("button", name="Add the document").click()
    page.wait_for_url(f"**{engagement.get_absolute_url()}")
    expect(page.locator("#documents")).to_contain_text("Signed minutes, 12 May")

    page.locator("#documents").get_by_role("link", name="Signed minutes, 12 May").click()
    expect(page.locator("h1")).to_contain_text("Signed minutes, 12 May")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    assert download.value.suggested_filename == "Signed_minutes.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    page.goto("/engagements/?kind=meeting")
    with page.expect_download() as exported:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(exported.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Quarterly meeting with the ministry"]
    assert rows[0]["stakeholders_label"] == "Ministry of Mines"
