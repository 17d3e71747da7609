"""In a real browser, the issue's path (challenge 1.1.c): a manager registers a computed coordination finding as a
risk to communities, adds a mitigation, then rolls a national agreement out to the local body that must apply
it."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from analysis.models import CoordinationRisk, FindingReview, Mitigation
from commitments.models import Agreement, Rollout
from shrhub import clock
from shrhub.roles import Role
from stakeholders.choices import Sector
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dates]
DAY = datetime.timedelta(days=1)


def test_a_finding_becomes_a_mitigated_risk_and_a_national_agreement_reaches_a_local_body(page, login, make_user):
    today = clock.today()
    nation = NationalFactory()
    region = RegionFactory(parent=nation, name="Kessa Region")
    town = LocalityFactory(parent=region, name="Kessa Town")
    ministry = OrganisationFactory(name="Ministry of the Interior", jurisdiction=nation)
    directorate = OrganisationFactory(
        name="Interior Directorate, Kessa", level="regional", jurisdiction=region, parent=ministry
    )
    station = OrganisationFactory(
        name="Kessa Police Station", level="local", jurisdiction=town, parent=directorate, sector=Sector.POLICE
    )
    EngagementFactory(title="MoU talks", occurred_on=today - 10 * DAY, jurisdiction=nation, stakeholders=[ministry])
    mou = Agreement.objects.create(
        kind="security_mou",
        title="MoU on security arrangements",
        made_on=today - 5 * DAY,
        jurisdiction=nation,
        status="in_force",
        incorporates_vps=True,
    )
    mou.parties.set([ministry])
    owner = make_user(Role.SECURITY, last_name="Owner")
    login(Role.MANAGER)

    # The computed finding is proposed; the manager registers it as a risk to communities.
    page.goto("/analysis/proposals/")
    proposal = page.locator("li", has_text="Ministry of the Interior was engaged nationally")
    proposal.get_by_role("link", name="Register as a risk").click()
    page.wait_for_url("**/analysis/proposals/register/**")
    page.get_by_label("Jurisdiction").select_option(label=str(nation))
    page.get_by_label("Who is at risk").fill("Residents of Kessa Town stopped at night checkpoints")
    page.get_by_label("Harm").fill("Excessive force at checkpoints the national MoU ended")
    page.get_by_role("button", name="Register the risk").click()
    page.wait_for_url("**/analysis/risks/*/")
    risk = CoordinationRisk.objects.get()
    assert FindingReview.objects.get().risk == risk
    assert set(risk.stakeholders.all()) >= {ministry, station}

    # A mitigation, owned and dated: the risk is now being mitigated.
    page.get_by_role("link", name="Add a mitigation").click()
    page.get_by_label("Description").fill("Ask the regional command to instruct the Kessa station")
    page.get_by_label("Owner (company staff)").select_option(value=str(owner.pk))
    page.get_by_label("Due on").fill((today + 14 * DAY).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/analysis/mitigations/*/")
    assert Mitigation.objects.get().owner == owner
    risk.refresh_from_db()
    assert risk.status == "mitigating"
    page.goto("/analysis/proposals/")
    expect(page.locator("body")).not_to_contain_text("Ministry of the Interior was engaged nationally")

    # The national MoU is rolled out: the registry suggests the bodies under its party.
    page.goto(mou.get_absolute_url())
    page.get_by_role("button", name="Add the 2 bodies the registry suggests").click()
    page.wait_for_url(f"**/agreements/items/{mou.pk}/**")
    rollout = page.locator("#rollout tr", has_text="Kessa Police Station")
    expect(rollout).to_contain_text("Not aware")
    rollout.get_by_role("link", name="Edit").click()
    page.get_by_label("State").select_option(label="Aware")
    page.get_by_label("Evidence").fill("Briefed by the regional command on the MoU's rules")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/agreements/items/{mou.pk}/**")
    expect(page.locator("#rollout tr", has_text="Kessa Police Station")).to_contain_text("Aware")
    assert Rollout.objects.get(body=station).state == "aware"
    assert Rollout.objects.get(body=directorate).state == "unaware"
