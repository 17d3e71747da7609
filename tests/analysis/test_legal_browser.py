"""In a real browser, the issue's path for the legal framework (challenge 1.1.b): an external-affairs officer opens
the country's legal framework from the menu, adds a law with how the VPs help respect it and the expert consulted,
sees it under its area with its verification, then opens the short report and finds the leverage first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from analysis.models import NationalLaw
from shrhub import clock
from shrhub.roles import Role
from tests.analysis.legal_factories import InitiativeCommitmentFactory
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dates]


def test_a_law_is_mapped_and_the_short_report_puts_the_leverage_first(page, login):
    country = NationalFactory()
    commission = OrganisationFactory(name="National Human Rights Commission", sector="nhri", jurisdiction=country)
    InitiativeCommitmentFactory(
        country=country,
        initiative="eiti",
        other_initiative="",
        commitments="Publish every mining contract.",
        verified_on=None,
    )
    officer = login(Role.EXTERNAL)

    page.goto("/")
    page.get_by_text("Agreements and risks").click()
    page.get_by_role("link", name="Legal framework").click()
    page.get_by_role("link", name=str(country)).click()
    page.wait_for_url(f"**/analysis/legal/{country.pk}/")
    page.get_by_role("link", name="Add a law").click()
    page.get_by_label("Title").fill("Private Security Services Act")
    page.get_by_label("Reference").fill("Act No. 12 of 2019")
    page.get_by_label("Area").select_option(label="Private security licensing")
    page.get_by_label("How it connects to the VPs").fill("Contract licensed providers only; check the register.")
    page.get_by_label("Experts consulted").select_option(label=str(commission))
    page.get_by_label("Last verified on").fill(clock.today().isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/analysis/legal/laws/*/")
    law = NationalLaw.objects.get()
    assert law.country == country and law.prepared_by == officer
    assert list(law.experts.all()) == [commission]

    page.goto(f"/analysis/legal/{country.pk}/")
    laws = page.locator("#legal-laws")
    expect(laws).to_contain_text("Private security licensing")
    expect(laws).to_contain_text("Contract licensed providers only")
    expect(laws).to_contain_text("National Human Rights Commission")
    expect(page.locator("#legal-unverified")).to_have_count(1)  # the initiative was never verified

    page.get_by_role("link", name="Short report").click()
    page.wait_for_url(f"**/analysis/legal/{country.pk}/report/")
    expect(page.get_by_role("button", name="Print / save as PDF")).to_be_visible()
    expect(page.locator("#report-leverage")).to_contain_text("Publish every mining contract.")
    expect(page.locator("#report-national")).to_contain_text("Contract licensed providers only")
    headings = page.locator("#legal-report h2").all_inner_texts()
    assert [text[:2] for text in headings] == ["1.", "2.", "3.", "4."]
