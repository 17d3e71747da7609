"""In a real browser, the issue's path for challenge 1.1.b: an external-affairs officer records the case for the
VPs made to a ministry in an engagement (the standard raised, an argument in tailored words, how it was taken)
and assesses the ministry's commitment; a manager then finds, on the country's readiness page, the ministry ready
at national level, the argument in the arguments × response table, the legal framework's leverage with its short
report, and an embassy that must be kept informed and never was; the officer records briefing it, and it is no
longer overdue."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from commitments.models import Advocacy, CommitmentAssessment
from shrhub import clock
from shrhub.roles import Role
from stakeholders.choices import Sector
from stakeholders.models import Engagement
from tests.analysis.legal_factories import InitiativeCommitmentFactory
from tests.commitments.advocacy_factories import BenefitArgumentFactory
from tests.commitments.factories import AudienceFactory
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dates]
DAY = datetime.timedelta(days=1)


def test_the_case_for_the_vps_reaches_the_readiness_page_and_the_audience_is_informed(page, login):
    today = clock.today()
    country = NationalFactory(name="Varantia")
    ministry = OrganisationFactory(name="Ministry of Mines", sector=Sector.MINISTRY, jurisdiction=country)
    embassy = OrganisationFactory(name="Embassy of Norvald", sector=Sector.EMBASSY, jurisdiction=country)
    talks = EngagementFactory(
        title="Quarterly meeting with the ministry",
        occurred_on=today - 3 * DAY,
        jurisdiction=country,
        stakeholders=[ministry],
    )
    argument = BenefitArgumentFactory(name="Fewer clashes at the mine gate")
    AudienceFactory(country=country, stakeholder=embassy, every_days=60)
    InitiativeCommitmentFactory(
        country=country, initiative="eiti", other_initiative="", commitments="Publish contracts."
    )

    # The officer records the case made in the engagement: the VPs raised, one argument in the words used.
    login(Role.EXTERNAL)
    page.goto(talks.get_absolute_url())
    page.get_by_role("link", name="Record a standard raised").click()
    page.get_by_label("Agency").select_option(label=str(ministry))
    page.get_by_label("Response", exact=True).first.select_option(label="Interested, asked for more")
    page.locator("#id_arguments-0-argument").select_option(label=str(argument))
    page.locator("#id_arguments-0-wording").fill("Since the training, no clash at the gate in six months.")
    page.locator("#id_arguments-0-response").select_option(label="Welcomed it")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/agreements/advocacy/*/")
    advocacy = Advocacy.objects.get()
    assert (advocacy.agency, advocacy.engagement, advocacy.response) == (ministry, talks, "interested")
    assert advocacy.arguments.get().response == "welcomed"

    # …and assesses the ministry's commitment to an in-country process, from the ministry's page.
    page.goto(ministry.get_absolute_url())
    commitment = page.locator("section", has=page.locator("#commitment-title"))
    expect(commitment).to_contain_text("Not assessed yet.")
    commitment.get_by_role("link", name="Assess").click()
    page.get_by_label("Commitment", exact=True).select_option(label="Supportive")
    page.get_by_label("Assessed on").fill(today.isoformat())
    page.get_by_label("Evidence").fill("The minister asked us to draft the terms of a working group.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/agreements/commitment/*/")
    assert CommitmentAssessment.objects.get().stakeholder == ministry

    # The manager's readiness page: the ministry ready nationally, the argument welcomed, the law, the audience.
    page.context.clear_cookies()
    login(Role.MANAGER)
    page.goto("/agreements/readiness/")
    national = page.locator("#level-national")
    expect(national).to_contain_text("Ministry of Mines")
    expect(national.locator("h3", has_text="Ready")).to_contain_text("1")
    expect(page.locator("#level-local")).not_to_contain_text("Ministry of Mines")
    table = page.locator("#arguments-country")
    expect(table).to_contain_text("Fewer clashes at the mine gate")
    legal = page.locator("#legal-framework")
    expect(legal).to_contain_text("Extractive Industries Transparency Initiative")
    audience = page.locator("#audience")
    expect(audience).to_contain_text("Kept informed of the in-country process")
    embassy_row = audience.locator("li", has_text="Embassy of Norvald")
    expect(embassy_row).to_contain_text("never informed")
    expect(embassy_row.locator(".badge", has_text="overdue")).to_have_count(1)
    legal.get_by_role("link", name="Short report").click()
    page.wait_for_url(f"**/analysis/legal/{country.pk}/report/")
    expect(page.locator("#report-leverage")).to_contain_text("Publish contracts.")

    # The officer briefs the embassy: the engagement form comes filled in, and the embassy is no longer overdue.
    page.context.clear_cookies()
    login(Role.EXTERNAL)
    page.goto(f"/agreements/audiences/?country={country.pk}")
    page.get_by_role("link", name="Record that they were informed").first.click()
    page.wait_for_url("**/engagements/add/**")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/engagements/*/")
    briefing = Engagement.objects.exclude(pk=talks.pk).get()
    assert list(briefing.stakeholders.all()) == [embassy] and briefing.occurred_on == today
    page.goto(f"/agreements/audiences/?country={country.pk}&overdue=true")
    expect(page.locator("tbody tr", has_text="Embassy of Norvald")).to_have_count(0)
    page.goto(f"/agreements/audiences/?country={country.pk}")
    expect(page.locator("tbody tr", has_text="Embassy of Norvald")).not_to_contain_text("never")
