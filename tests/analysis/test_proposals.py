"""Computed coordination findings proposed as risks: a national body engaged without its local counterparts (a
gap), a chain on both sides (a divergence) and a risk area nobody holds (a mandate gap) are proposed until a
manager registers or dismisses them; a review holds until the finding's evidence changes; the managers'
warnings leave reviewed findings out; and a proposal never names what its reader may not see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from analysis import proposals, services
from analysis.choices import ReviewDecision, RiskStatus
from analysis.models import CoordinationRisk, FindingReview
from analysis.warnings import risk_warnings
from shrhub import clock
from shrhub.roles import Role
from stakeholders.choices import Stance
from stakeholders.insights.figures.coordination import coordination
from stakeholders.insights.filters import CoordinationFilterSet, resolve_scope
from stakeholders.insights.warnings import coordination_warnings
from stakeholders.models import MandateArea, Stakeholder
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]  # engagements and assessments are dated from today


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


@dataclass
class Country:
    nation: object
    region: object
    locality: object
    ministry: Stakeholder
    directorate: Stakeholder
    office: Stakeholder

    @property
    def gap(self) -> str:
        return f"gap:{self.ministry.pk}"

    @property
    def divergence(self) -> str:
        return f"divergence:{self.ministry.pk}:{self.office.pk}"


MONITORING = "mandate:monitoring-public-security:national"  # nobody anywhere holds monitoring of public security


@pytest.fixture
def country() -> Country:
    """A champion ministry engaged last week whose local office (a spoiler, under a regional directorate) nobody
    engaged; the local office alone holds the judicial accountability mandate."""
    nation = NationalFactory()
    region = RegionFactory(parent=nation, name="Northern Region")
    locality = LocalityFactory(parent=region, name="Kessa District")
    ministry = OrganisationFactory(name="Ministry of Justice", jurisdiction=nation)
    directorate = OrganisationFactory(
        name="Northern Justice Directorate", parent=ministry, level="regional", jurisdiction=region
    )
    office = OrganisationFactory(name="Kessa Court Office", parent=directorate, level="local", jurisdiction=locality)
    office.mandate_areas.set(MandateArea.objects.filter(code="judicial-accountability"))
    AssessmentFactory(stakeholder=ministry, stance=Stance.CHAMPION, assessed_on=days_ago(30))
    AssessmentFactory(stakeholder=office, stance=Stance.SPOILER, assessed_on=days_ago(30))
    EngagementFactory(
        title="Talks at the ministry", occurred_on=days_ago(7), jurisdiction=nation, stakeholders=[ministry]
    )
    return Country(nation, region, locality, ministry, directorate, office)


def keys(user, jurisdiction=None) -> set[str]:
    return {p.key for p in proposals.proposals(user=user, jurisdiction=jurisdiction)}


def found(user, key: str) -> proposals.Proposal:
    return next(p for p in proposals.proposals(user=user) if p.key == key)


@pytest.fixture
def manager(users):
    return users[Role.MANAGER]


# What is proposed ------------------------------------------------------------------------------------------------


def test_gaps_divergences_and_uncovered_mandates_are_proposed(country, manager):
    proposed = keys(manager)
    assert {country.gap, country.divergence, MONITORING} <= proposed
    assert "mandate:judicial-accountability:local" not in proposed  # the office holds it
    gap = found(manager, country.gap)
    assert gap.finding.title == "Ministry of Justice was engaged nationally; its local counterparts were not"
    assert "Kessa Court Office" in gap.finding.detail
    assert found(manager, country.divergence).finding.detail == (
        "Ministry of Justice (champion) → Kessa Court Office (spoiler)"
    )


def test_a_proposal_pre_fills_a_risk_from_its_finding(country, manager):
    data = found(manager, country.gap).risk_data(country.nation)
    assert data["title"] == "Ministry of Justice was engaged nationally; its local counterparts were not"
    assert (data["jurisdiction"], data["upper_level"], data["lower_level"]) == (country.nation, "national", "local")
    assert (data["area"], str(data["other_area"])) == (None, "Coordination between national and local bodies")
    assert data["challenge"].startswith(str(proposals.CHALLENGES["gap"])) and "Kessa Court Office" in data["challenge"]
    assert set(data["stakeholders"]) == {country.ministry, country.office}
    assert data["review_on"] == clock.today() + datetime.timedelta(days=proposals.FIRST_REVIEW_DAYS)
    monitoring = found(manager, MONITORING).risk_data(None)
    assert (monitoring["area"].code, monitoring["other_area"]) == ("monitoring-public-security", "")


def test_the_list_shows_each_proposal_with_its_register_link_and_dismiss_form(country, client_for):
    response = client_for(Role.MANAGER).get(reverse("analysis:proposal_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ministry of Justice was engaged nationally" in html
    assert f"{reverse('analysis:proposal_register')}?key={country.gap.replace(':', '%3A')}" in html
    assert f'<input type="hidden" name="key" value="{country.gap}">' in html
    assert 'name="reason"' in html and reverse("analysis:proposal_dismiss") in html


@pytest.mark.parametrize("role", [Role.SECURITY, Role.COMMUNITY])
def test_readers_who_may_not_review_see_the_list_without_its_actions(country, client_for, role):
    html = client_for(role).get(reverse("analysis:proposal_list")).content.decode()
    assert "Ministry of Justice was engaged nationally" in html
    assert reverse("analysis:proposal_register") not in html and 'name="reason"' not in html
    register = client_for(role).get(reverse("analysis:proposal_register"), {"key": country.gap})
    assert register.status_code == 403


def test_the_list_can_be_narrowed_to_a_jurisdictions_picture(country, client_for):
    elsewhere = RegionFactory(parent=country.nation, name="Southern Region")
    client = client_for(Role.MANAGER)
    response = client.get(reverse("analysis:proposal_list"), {"jurisdiction": elsewhere.pk})
    listed = {p.key for p in response.context["proposals"]}
    assert country.gap not in listed  # the ministry's counterparts are all in the north
    assert response.context["jurisdiction"] == elsewhere
    assert f'<option value="{elsewhere.pk}" selected>' in response.content.decode()


def test_nothing_to_review_says_so(client_for):
    for code in ("judicial-accountability", "monitoring-public-security", "licensing-private-security"):
        OrganisationFactory(jurisdiction=NationalFactory()).mandate_areas.set(MandateArea.objects.filter(code=code))
    html = client_for(Role.MANAGER).get(reverse("analysis:proposal_list")).content.decode()
    assert 'id="no-proposals"' in html


# Registering -------------------------------------------------------------------------------------------------------


def test_the_register_page_shows_the_finding_and_the_pre_filled_risk_form(country, client_for):
    response = client_for(Role.MANAGER).get(reverse("analysis:proposal_register"), {"key": country.gap})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ministry of Justice was engaged nationally" in html
    form = response.context["form"]
    assert form["title"].value() == "Ministry of Justice was engaged nationally; its local counterparts were not"
    assert set(form["stakeholders"].value()) == {country.ministry.pk, country.office.pk}
    assert f'<input type="hidden" name="key" value="{country.gap}">' in html


def register(client, key: str, query: dict | None = None, **fields):
    """Post the register form as a browser would: every field as the page offers it, the two a manager must write,
    an owner, and ``fields`` on top."""
    form = client.get(reverse("analysis:proposal_register"), {"key": key, **(query or {})}).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(
        affected="Plaintiffs in Kessa District",
        harm="Complaints against the police are never heard locally",
        owner=OwnerFactory(role=Role.SECURITY).pk,
    )
    data.update(fields)
    data = {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in data.items()
        if value is not None
    }
    url = reverse("analysis:proposal_register") + f"?key={key}"
    if query:
        url += "".join(f"&{name}={value}" for name, value in query.items())
    return client.post(url, data)


def test_registering_creates_the_risk_and_the_review_and_stops_proposing_it(country, client_for, users):
    evidence = found(users[Role.MANAGER], country.gap).finding.evidence
    response = register(client_for(Role.MANAGER), country.gap, jurisdiction=country.nation.pk)
    risk = CoordinationRisk.objects.get()
    assert response.status_code == 302 and response["Location"] == risk.get_absolute_url()
    assert (risk.status, risk.affected) == (RiskStatus.OPEN, "Plaintiffs in Kessa District")
    assert set(risk.stakeholders.all()) == {country.ministry, country.office}
    review = FindingReview.objects.get(key=country.gap)
    assert (review.decision, review.risk, review.evidence) == (ReviewDecision.REGISTERED, risk, evidence)
    assert review.reviewed_by == users[Role.MANAGER]
    assert country.gap not in keys(users[Role.MANAGER])
    assert country.divergence in keys(users[Role.MANAGER])  # the others are still to review


def test_registering_from_a_jurisdictions_picture_records_that_pictures_evidence(country, client_for, manager):
    """The list narrowed to the north: the risk itself is filed under the nation (the form's own jurisdiction),
    the review rests on the finding as the north's picture shows it."""
    response = register(
        client_for(Role.MANAGER), country.gap, {"jurisdiction": country.region.pk}, jurisdiction=country.nation.pk
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert CoordinationRisk.objects.get().jurisdiction == country.nation
    assert country.gap not in keys(manager, country.region)


def test_the_risks_own_jurisdiction_does_not_change_where_the_finding_is_looked_for(country, client_for, manager):
    """Proposed everywhere, filed under another region: the form's jurisdiction is the risk's, not the picture's
    (read as the picture, the south's would not hold the finding at all)."""
    south = RegionFactory(parent=country.nation, name="Southern Region")
    response = register(client_for(Role.MANAGER), country.gap, jurisdiction=south.pk)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert CoordinationRisk.objects.get().jurisdiction == south
    assert country.gap not in keys(manager)


def test_an_incomplete_risk_is_shown_again_and_nothing_is_reviewed(country, client_for, manager):
    response = register(client_for(Role.MANAGER), country.gap, harm="")
    assert response.status_code == 400
    assert "harm" in response.context["form"].errors
    assert not CoordinationRisk.objects.exists() and not FindingReview.objects.exists()
    assert country.gap in keys(manager)


def test_a_finding_no_longer_proposed_leads_back_to_the_list(country, client_for, manager):
    services.finding_dismiss(actor=manager, key=country.gap, evidence=found(manager, country.gap).finding.evidence,
                             reason="Counterparts briefed by phone")  # fmt: skip
    client = client_for(Role.MANAGER)
    response = client.get(reverse("analysis:proposal_register"), {"key": country.gap}, follow=True)
    assert response.redirect_chain == [(reverse("analysis:proposal_list"), 302)]
    assert "This finding is no longer proposed" in response.content.decode()


# Dismissing --------------------------------------------------------------------------------------------------------


def dismiss(client, key: str, reason: str, **extra):
    return client.post(reverse("analysis:proposal_dismiss"), {"key": key, "reason": reason, **extra}, follow=True)


def test_dismissing_needs_a_reason(country, client_for, manager):
    response = dismiss(client_for(Role.MANAGER), country.gap, "")
    assert "Say why the finding is dismissed." in response.content.decode()
    assert not FindingReview.objects.exists()
    assert country.gap in keys(manager)


def test_a_dismissed_finding_is_hidden_with_its_reason(country, client_for, manager):
    response = dismiss(client_for(Role.MANAGER), country.gap, "Counterparts briefed by phone")
    assert response.redirect_chain[-1][0] == reverse("analysis:proposal_list")
    review = FindingReview.objects.get(key=country.gap)
    assert (review.decision, review.reason, review.risk) == (
        ReviewDecision.DISMISSED,
        "Counterparts briefed by phone",
        None,
    )
    assert country.gap not in keys(manager)
    assert "Ministry of Justice was engaged nationally" not in response.content.decode().split("<h1")[1]


def test_a_dismissal_from_a_jurisdictions_picture_goes_back_to_it(country, client_for):
    response = dismiss(client_for(Role.MANAGER), MONITORING, "Covered by the ombudsman", jurisdiction=country.region.pk)
    assert response.redirect_chain[-1][0] == reverse("analysis:proposal_list") + f"?jurisdiction={country.region.pk}"
    assert FindingReview.objects.filter(key=MONITORING).exists()


def test_a_change_in_the_evidence_brings_a_finding_back(country, manager):
    services.finding_dismiss(
        actor=manager, key=country.gap, evidence=found(manager, country.gap).finding.evidence, reason="Briefed"
    )
    services.finding_dismiss(
        actor=manager, key=MONITORING, evidence=found(manager, MONITORING).finding.evidence, reason="Ombudsman"
    )
    assert not {country.gap, MONITORING} & keys(manager)
    # Another local office under the ministry, never engaged either: the gap now rests on other counterparts.
    OrganisationFactory(
        name="Tamo Court Office", parent=country.directorate, level="local", jurisdiction=country.locality
    )
    # A new district without a monitoring body: the uncovered jurisdictions changed, but not at the national level.
    LocalityFactory(parent=country.region, name="Tamo District")
    back = keys(manager)
    assert country.gap in back
    assert MONITORING not in back  # its evidence, the national level's uncovered jurisdictions, is unchanged
    assert "Tamo Court Office" in found(manager, country.gap).finding.detail


def test_the_same_evidence_keeps_a_finding_reviewed_after_a_registered_risk_is_deleted(country, manager):
    proposal = found(manager, country.divergence)
    risk = services.finding_register(
        actor=manager, key=proposal.key, evidence=proposal.finding.evidence,
        affected="Plaintiffs", harm="No hearing", **proposal.risk_data(country.nation),
    )  # fmt: skip
    assert country.divergence not in keys(manager)
    services.coordinationrisk_delete(actor=manager, instance=risk)
    assert country.divergence in keys(manager)  # a risk deleted by mistake: its finding is proposed again


# Warnings ---------------------------------------------------------------------------------------------------------


def coordination_titles(user) -> list[str]:
    scope = resolve_scope(user=user, data={}, filterset_class=CoordinationFilterSet)
    return [w.title for w in coordination_warnings(coordination(scope), scope)]


def test_the_managers_coordination_warnings_leave_reviewed_findings_out(country, manager):
    before = coordination_titles(manager)
    assert any("engaged with no local counterpart" in t for t in before)
    assert any("diverge" in t for t in before)
    for key in (country.gap, country.divergence):
        services.finding_dismiss(actor=manager, key=key, evidence=found(manager, key).finding.evidence, reason="Known")
    after = coordination_titles(manager)
    assert not any("engaged with no local counterpart" in t for t in after)
    assert not any("diverge" in t for t in after)
    assert any("monitoring of public security" in t for t in after)  # not reviewed: still warned of


def test_the_register_warns_managers_of_findings_not_yet_reviewed(country, users):
    manager = users[Role.MANAGER]
    pending = len(proposals.proposals(user=manager))
    warning = next(w for w in risk_warnings(manager, {}) if "not yet reviewed" in w.title)
    assert warning.title == f"{pending} new coordination findings not yet reviewed"
    assert warning.url == reverse("analysis:proposal_list")
    assert "Ministry of Justice" in warning.detail
    assert not [w for w in risk_warnings(users[Role.COMMUNITY], {}) if "not yet reviewed" in w.title]


@pytest.mark.parametrize("overdue", [True, False])
def test_the_register_warns_of_risks_past_review_and_high_risks_nobody_owns(users, overdue):
    from .factories import CoordinationRiskFactory

    CoordinationRiskFactory(review_on=days_ago(3) if overdue else days_ago(-30), owner=None, likelihood=1, impact=2)
    CoordinationRiskFactory(owner=None, likelihood=5, impact=2, review_on=days_ago(-30))
    CoordinationRiskFactory(owner=None, likelihood=5, impact=5, review_on=days_ago(3), status=RiskStatus.CLOSED)
    titles = [w.title for w in risk_warnings(users[Role.COMMUNITY], {})]
    assert ("1 coordination risk is past its review date" in titles) == overdue
    assert "1 high coordination risk has no owner" in titles


# Seeing only what one may see ---------------------------------------------------------------------------------------


def test_a_reader_who_may_not_see_a_stakeholder_never_sees_a_proposal_naming_it(country, client_for, users):
    Stakeholder.objects.filter(pk=country.ministry.pk).update(confidentiality="restricted")
    community = {p.key: p for p in proposals.proposals(user=users[Role.COMMUNITY])}
    assert country.gap not in community and country.divergence not in community
    assert not [p for p in community.values() if "Ministry of Justice" in p.finding.title + p.finding.detail]
    html = client_for(Role.COMMUNITY).get(reverse("analysis:proposal_list")).content.decode()
    assert "Ministry of Justice" not in html and country.ministry.get_absolute_url() not in html
    assert country.gap in keys(users[Role.MANAGER])  # managers see restricted records


def test_readers_without_stance_labels_are_not_proposed_divergences(country, client_for, users):
    assert country.divergence in keys(users[Role.SECURITY])
    assert country.divergence not in keys(users[Role.COMMUNITY])
    html = client_for(Role.COMMUNITY).get(reverse("analysis:proposal_list")).content.decode()
    assert "(spoiler)" not in html and "(champion)" not in html
    assert "Ministry of Justice was engaged nationally" in html  # the gap names no stance
