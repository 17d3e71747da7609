"""Every page of the situation analyses and the risk register as an allowed and a refused role (the shared
``PageSuite``), then what each page shows: an edition with its findings by heading and what the registry knows,
approval, revision and comparison of editions, the register with its matrix and exports, a risk with its links
and mitigations, a mitigation with its progress, and the risks card of other pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from analysis.choices import AnalysisStatus, RiskStatus
from analysis.models import Finding, Mitigation, SituationAnalysis
from analysis.panels import stakeholder_sections
from followups.models import FollowUpStatus
from shrhub.roles import Role
from stakeholders.choices import Stance
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory

from .factories import (
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    MitigationFactory,
    MitigationProgressFactory,
    SituationAnalysisFactory,
    area,
)
from .suite_data import (
    ANALYSIS_WRITERS,
    FAR_AHEAD,
    LONG_AGO,
    MANY,
    RISK_RECORDERS,
    CoordinationRiskData,
    FindingData,
    MitigationData,
    SituationAnalysisData,
)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, element_id: str, end: str = "</section>") -> str:
    """The part of the page from the element with ``element_id`` to the next ``end`` (its section's end)."""
    assert f'id="{element_id}"' in html, element_id
    return html.split(f'id="{element_id}"', 1)[1].split(end, 1)[0]


# The shared page suites ---------------------------------------------------------------------------------------


class TestSituationAnalysisPages(SituationAnalysisData, PageSuite):
    url_prefix = "analysis:situationanalysis"

    def valid_form_data(self):
        return {
            "jurisdiction": NationalFactory().pk,
            "title": "Situation analysis of the northern concession",
            "as_of": "2026-03-01",
            "summary": "Devolution of policing is under way.",
            "review_on": "2026-09-01",
            "stakeholders": [OrganisationFactory().pk],
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "review_on": ""}, "review_on"

    def edit_changes(self, obj, form):
        return {"summary": "Devolution of policing has stalled."}


class TestFindingPages(FindingData, PageSuite):
    url_prefix = "analysis:finding"

    def valid_form_data(self):
        return {
            "analysis": SituationAnalysisFactory().pk,
            "heading": "legal",
            "text": "The new law on private security has no implementing decree yet.",
            "confidence": "high",
            "other_sources": "Official gazette",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "text": ""}, "text"

    def edit_changes(self, obj, form):
        return {"text": "Checkpoints were lifted after the elections."}

    @pytest.mark.parametrize("who", ["allowed", "refused"])
    def test_detail_page(self, client_for, who):
        """A finding has no page of its own: its URL leads to its place on its analysis's page."""
        finding = self.make_object()
        role = Role.COMMUNITY if who == "allowed" else ANONYMOUS
        response = client_for(role).get(self.url("detail", finding.pk))
        assert response.status_code == 302
        if who == "allowed":
            assert response["Location"] == finding.analysis.get_absolute_url() + f"#finding-{finding.pk}"
        else:
            assert response["Location"].startswith(reverse("login"))


class TestCoordinationRiskPages(CoordinationRiskData, PageSuite):
    url_prefix = "analysis:coordinationrisk"

    def valid_form_data(self):
        return {
            "title": "Private guards licensed nationally but never inspected locally",
            "jurisdiction": NationalFactory().pk,
            "upper_level": "national",
            "lower_level": "local",
            "area": area("licensing-private-security").pk,
            "challenge": "Licences are issued in the capital; no district office inspects the guards.",
            "affected": "Villagers living next to the processing plant.",
            "harm": "Excessive use of force by unlicensed guards.",
            "likelihood": 3,
            "impact": 4,
            "owner": OwnerFactory(role=Role.SECURITY).pk,
            "status": "open",
            "review_on": "2026-08-01",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "status": "accepted", "accepted_reason": ""}, "accepted_reason"

    def edit_changes(self, obj, form):
        return {"harm": "Detention without charge."}


class TestMitigationPages(MitigationData, PageSuite):
    url_prefix = "analysis:mitigation"

    def valid_form_data(self):
        return {
            "risk": CoordinationRiskFactory().pk,
            "description": "Ask the district prosecutor to publish the complaints procedure",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-05-15",
            "status": "open",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "due_on": ""}, "due_on"

    def edit_changes(self, obj, form):
        return {"description": "Ask the district prosecutor to post the procedure at the market"}


# The lists other than the suites' -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["finding_list", "situationanalysis_list", "mitigation_list"])
def test_the_generic_lists_render_their_rows(client_for, name):
    finding = FindingFactory(text="Roadblocks on the mine road")
    mitigation = MitigationFactory(description="Brief the district prosecutor")
    html = html_of(client_for(Role.COMMUNITY).get(reverse(f"analysis:{name}")))
    expected = {
        "finding_list": finding.get_absolute_url(),
        "situationanalysis_list": finding.analysis.get_absolute_url(),
        "mitigation_list": mitigation.get_absolute_url(),
    }[name]
    assert escape(expected) in html


# An edition's page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_analysis_page_shows_the_edition_and_its_findings_under_their_headings(client_for):
    police = OrganisationFactory(name="National Police")
    analysis = SituationAnalysisFactory(stakeholders=[police], informal_systems="Chiefs decide\nwho is heard.")
    legal = FindingFactory(
        analysis=analysis,
        heading="legal",
        text="No implementing decree for the private security law",
        confidence="high",
        sources=["legal"],
        other_sources="Official gazette",
        stakeholders=[police],
        mandate_areas=["licensing-private-security"],
    )
    FindingFactory(analysis=analysis, heading="security", text="Checkpoints multiply after protests")
    html = html_of(client_for(Role.COMMUNITY).get(analysis.get_absolute_url()))
    assert "Edition" in html and "Draft" in html
    assert "Chiefs decide<br>who is heard." in html
    legal_card = section(html, "heading-legal")
    assert f'id="finding-{legal.pk}"' in legal_card
    assert "No implementing decree" in legal_card and "Checkpoints" not in legal_card
    assert "High confidence" in legal_card
    assert "Legal" in legal_card and "Official gazette" in legal_card
    assert police.get_absolute_url() in legal_card
    assert "Licensing of private security" in legal_card
    assert "No finding under this heading yet." in section(html, "heading-economic")
    assert [
        code for code, _label, _found in client_for(Role.COMMUNITY).get(analysis.get_absolute_url()).context["headings"]
    ] == ["political", "economic", "social", "technological", "legal", "environmental", "security"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECURITY, Role.COMMUNITY])
def test_writers_add_and_edit_findings_of_a_draft_only(client_for, role):
    draft = SituationAnalysisFactory()
    finding = FindingFactory(analysis=draft)
    approved = ApprovedAnalysisFactory()
    kept = FindingFactory(analysis=approved)
    add = reverse("analysis:finding_add") + f"?analysis={draft.pk}&amp;heading=political"
    draft_html = html_of(client_for(role).get(draft.get_absolute_url()))
    approved_html = html_of(client_for(role).get(approved.get_absolute_url()))
    may_write = role in ANALYSIS_WRITERS
    assert (add in draft_html) == may_write
    assert (reverse("analysis:finding_edit", args=[finding.pk]) in draft_html) == may_write
    assert (reverse("analysis:finding_delete", args=[finding.pk]) in draft_html) == may_write
    assert reverse("analysis:finding_add") not in approved_html
    assert reverse("analysis:finding_edit", args=[kept.pk]) not in approved_html
    assert reverse("analysis:situationanalysis_edit", args=[approved.pk]) not in approved_html


@pytest.mark.django_db
def test_adding_a_finding_from_the_analysis_page_starts_with_its_analysis_and_heading(client_for):
    draft = SituationAnalysisFactory()
    ApprovedAnalysisFactory()
    url = reverse("analysis:finding_add") + f"?analysis={draft.pk}&heading=economic"
    form = client_for(Role.SECURITY).get(url).context["form"]
    assert str(form["analysis"].value()) == str(draft.pk)
    assert form["heading"].value() == "economic"
    assert set(form.fields["analysis"].queryset) == {draft}  # an approved edition takes no more findings


@pytest.mark.django_db
def test_the_analysis_page_lists_only_the_stakeholders_its_reader_may_see(client_for):
    shown = OrganisationFactory(name="Regional Police Command")
    hidden = OrganisationFactory(name="Hidden Intelligence Unit", confidentiality="restricted")
    analysis = SituationAnalysisFactory(stakeholders=[shown, hidden])
    FindingFactory(analysis=analysis, stakeholders=[shown, hidden])
    community = html_of(client_for(Role.COMMUNITY).get(analysis.get_absolute_url()))
    assert "Regional Police Command" in community
    assert "Hidden Intelligence Unit" not in community and hidden.get_absolute_url() not in community
    manager = html_of(client_for(Role.MANAGER).get(analysis.get_absolute_url()))
    assert section(manager, "analysis-record").count("Hidden Intelligence Unit") == 1
    assert section(manager, "heading-security").count("Hidden Intelligence Unit") == 1


@pytest.mark.django_db
def test_approve_and_revise_buttons_go_to_who_may_use_them(client_for):
    draft = FindingFactory().analysis
    approve = reverse("analysis:situationanalysis_approve", args=[draft.pk])
    revise = reverse("analysis:situationanalysis_revise", args=[draft.pk])
    manager = html_of(client_for(Role.MANAGER).get(draft.get_absolute_url()))
    security = html_of(client_for(Role.SECURITY).get(draft.get_absolute_url()))
    community = html_of(client_for(Role.COMMUNITY).get(draft.get_absolute_url()))
    assert approve in manager and approve not in security and approve not in community
    assert revise in manager and revise in security and revise not in community
    assert 'name="csrfmiddlewaretoken"' in manager  # the buttons are POST forms
    later = SituationAnalysisFactory(previous=draft, jurisdiction=draft.jurisdiction)
    assert revise not in html_of(client_for(Role.MANAGER).get(draft.get_absolute_url()))  # revised already
    approved = ApprovedAnalysisFactory()
    assert reverse("analysis:situationanalysis_approve", args=[approved.pk]) not in html_of(
        client_for(Role.MANAGER).get(approved.get_absolute_url())
    )
    compare = reverse("analysis:situationanalysis_compare", args=[later.pk])
    assert compare in html_of(client_for(Role.COMMUNITY).get(later.get_absolute_url()))
    assert "Compare with edition" not in html_of(client_for(Role.COMMUNITY).get(draft.get_absolute_url()))


@pytest.mark.django_db
@pytest.mark.dates
def test_a_manager_approves_an_edition_with_findings_from_its_page(client_for, users):
    draft = FindingFactory().analysis
    empty = SituationAnalysisFactory()
    client = client_for(Role.MANAGER)
    response = client.post(reverse("analysis:situationanalysis_approve", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == (AnalysisStatus.APPROVED, users[Role.MANAGER])
    html = html_of(client.get(draft.get_absolute_url()))
    status = section(html, "analysis-status", end="</div>")
    assert "Approved" in status and users[Role.MANAGER].first_name in status
    refused = client.post(reverse("analysis:situationanalysis_approve", args=[empty.pk]), follow=True)
    assert "Add at least one finding before approving the analysis." in refused.content.decode()
    empty.refresh_from_db()
    assert empty.status == AnalysisStatus.DRAFT


@pytest.mark.django_db
def test_security_staff_may_not_approve(client_for):
    draft = FindingFactory().analysis
    response = client_for(Role.SECURITY).post(reverse("analysis:situationanalysis_approve", args=[draft.pk]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == AnalysisStatus.DRAFT


@pytest.mark.django_db
def test_starting_the_next_edition_opens_it_with_the_findings_copied(client_for):
    first = ApprovedAnalysisFactory()
    FindingFactory(analysis=first, text="Checkpoints multiply after protests")
    response = client_for(Role.SECURITY).post(reverse("analysis:situationanalysis_revise", args=[first.pk]))
    second = SituationAnalysis.objects.get(previous=first)
    assert response.status_code == 302 and response["Location"] == second.get_absolute_url()
    assert second.edition == first.edition + 1
    assert list(second.findings.values_list("text", flat=True)) == ["Checkpoints multiply after protests"]
    again = client_for(Role.SECURITY).post(reverse("analysis:situationanalysis_revise", args=[first.pk]), follow=True)
    assert "A later edition already revises this one" in again.content.decode()
    assert SituationAnalysis.objects.filter(previous=first).count() == 1


# Comparing editions ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_comparison_shows_removed_added_and_kept_findings_by_heading(client_for):
    earlier = ApprovedAnalysisFactory(summary="Policing is national.")
    later = SituationAnalysisFactory(previous=earlier, jurisdiction=earlier.jurisdiction, summary="Policing devolves.")
    FindingFactory(analysis=earlier, heading="security", text="Checkpoints multiply after protests")
    FindingFactory(analysis=later, heading="security", text="Checkpoints  multiply after protests")  # spacing only
    FindingFactory(analysis=earlier, heading="legal", text="The old mining code applies")
    FindingFactory(analysis=later, heading="legal", text="The new mining code applies")
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:situationanalysis_compare", args=[later.pk])))
    legal = section(html, "change-legal")
    assert '<li class="list-group-item list-group-item-danger" data-change="removed">' in legal
    assert "<del>The old mining code applies</del>" in legal
    assert 'data-change="added"' in legal and "The new mining code applies" in legal
    security = section(html, "change-security")
    assert 'data-change="kept"' in security and 'data-change="added"' not in security
    assert "unchanged" in security and "changed" in legal
    assert "Policing is national." in html and "Policing devolves." in html


@pytest.mark.django_db
def test_a_first_edition_has_nothing_to_compare_with(client_for):
    first = SituationAnalysisFactory()
    response = client_for(Role.COMMUNITY).get(reverse("analysis:situationanalysis_compare", args=[first.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_earlier_edition_the_reader_may_not_see_is_neither_linked_nor_compared(client_for):
    earlier = ApprovedAnalysisFactory(confidentiality="restricted", title="Secret first edition")
    later = SituationAnalysisFactory(previous=earlier, jurisdiction=earlier.jurisdiction)
    compare = reverse("analysis:situationanalysis_compare", args=[later.pk])
    assert compare not in html_of(client_for(Role.COMMUNITY).get(later.get_absolute_url()))
    assert client_for(Role.COMMUNITY).get(compare).status_code == 404
    assert compare in html_of(client_for(Role.MANAGER).get(later.get_absolute_url()))
    assert client_for(Role.MANAGER).get(compare).status_code == 200


# What the registry knows -----------------------------------------------------------------------------------------


@pytest.fixture
def chain(db):
    """A national ministry engaged on nothing, over a regional directorate and a local office with opposite
    stances; the local office holds the judicial accountability mandate."""
    national = NationalFactory()
    region = RegionFactory(parent=national)
    locality = LocalityFactory(parent=region)
    ministry = OrganisationFactory(name="Ministry of Justice", jurisdiction=national)
    directorate = OrganisationFactory(
        name="Regional Justice Directorate", parent=ministry, level="regional", jurisdiction=region
    )
    office = OrganisationFactory(name="District Court Office", parent=directorate, level="local", jurisdiction=locality)
    office.mandate_areas.set([area()])
    AssessmentFactory(stakeholder=ministry, stance=Stance.CHAMPION)
    AssessmentFactory(stakeholder=office, stance=Stance.SPOILER)
    return {"national": national, "ministry": ministry, "office": office}


@pytest.mark.django_db
def test_beside_the_analysis_the_registry_shows_organisations_mandates_and_divergences(client_for, chain):
    analysis = SituationAnalysisFactory(jurisdiction=chain["national"])
    html = html_of(client_for(Role.MANAGER).get(analysis.get_absolute_url()))
    registry = section(html, "registry")
    assert "3 organisations in this picture" in registry
    assert chain["ministry"].get_absolute_url() in registry
    mandates = registry.split('id="registry-mandates"')[1].split("</table>")[0]
    assert "Judicial accountability" in mandates and chain["office"].get_absolute_url() in mandates
    assert "Nobody" in mandates  # no national holder
    divergences = registry.split('id="registry-divergences"')[1].split("</ul>")[0]
    assert "Ministry of Justice" in divergences and "District Court Office" in divergences
    assert reverse("stakeholders:insights_coordination") in registry


@pytest.mark.django_db
def test_readers_without_stance_labels_see_no_divergences(client_for, chain):
    analysis = SituationAnalysisFactory(jurisdiction=chain["national"])
    html = html_of(client_for(Role.COMMUNITY).get(analysis.get_absolute_url()))
    registry = section(html, "registry")
    assert "registry-divergences" not in registry
    assert "spoiler" not in registry.lower() and "champion" not in registry.lower()
    assert reverse("stakeholders:insights_coordination") not in registry  # a manager view


@pytest.mark.django_db
def test_the_analysis_page_query_count_is_constant_as_findings_grow(client_for):
    analysis = SituationAnalysisFactory(stakeholders=[OrganisationFactory()])
    client = client_for(Role.MANAGER)

    def make_rows(n):
        for index in range(n):
            FindingFactory(
                analysis=analysis,
                heading=["political", "social", "security"][index % 3],
                stakeholders=[OrganisationFactory()],
                sources=["security"],
                mandate_areas=["judicial-accountability"],
            )

    assert_constant_queries(make_rows, lambda: client.get(analysis.get_absolute_url()), many=MANY)
    assert Finding.objects.filter(analysis=analysis).count() == MANY


# The register ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_register_offers_quick_filters_exports_and_the_matrix(client_for):
    risk = CoordinationRiskFactory(likelihood=5, impact=5)
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:coordinationrisk_list"), {"live": "true"}))
    for query in ("?live=true", "?mine=true", "?review_due=true", "?min_score=10"):
        assert f'href="{query}"' in html
    for fmt in ("csv", "xlsx", "print"):
        assert f'href="{reverse("analysis:risk_register_export", args=[fmt])}?live=true"' in html
    matrix = section(html, "risk-matrix")
    assert "<svg" in matrix and risk.get_absolute_url() in matrix
    assert 'data-rating="critical"' in html and "25 · Critical" in html


@pytest.mark.django_db
def test_the_matrix_shows_the_risks_the_filters_keep(client_for):
    kept = CoordinationRiskFactory(status=RiskStatus.OPEN)
    closed = CoordinationRiskFactory(status=RiskStatus.CLOSED)
    html = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:coordinationrisk_list"), {"live": "true"}))
    matrix = section(html, "risk-matrix")
    assert kept.get_absolute_url() in matrix and closed.get_absolute_url() not in matrix


@pytest.mark.django_db
def test_the_register_lists_open_and_overdue_mitigations(client_for):
    risk = CoordinationRiskFactory()
    MitigationFactory(risk=risk, due_on=LONG_AGO)
    MitigationFactory(risk=risk, due_on=FAR_AHEAD)
    MitigationFactory(risk=risk, status="done", closed_on=datetime.date(2026, 3, 3))
    quiet = CoordinationRiskFactory()
    response = client_for(Role.COMMUNITY).get(reverse("analysis:coordinationrisk_list"))
    rows = {row.pk: (row.open_mitigations, row.overdue_mitigations) for row in response.context["object_list"]}
    assert rows == {risk.pk: (2, 1), quiet.pk: (0, 0)}
    html = html_of(response)
    assert "2 open" in html and "1 overdue" in html and "none open" in html


@pytest.mark.django_db
def test_managers_are_told_of_coordination_findings_to_review(client_for, chain):
    manager = html_of(client_for(Role.MANAGER).get(reverse("analysis:coordinationrisk_list")))
    callout = section(manager, "proposals-callout", end="</a>")
    assert "coordination findings to review" in callout
    assert reverse("analysis:proposal_list") in callout
    community = html_of(client_for(Role.COMMUNITY).get(reverse("analysis:coordinationrisk_list")))
    assert 'id="proposals-callout"' not in community


# A risk ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_risk_page_shows_its_rating_fields_links_and_mitigations(client_for):
    police = OrganisationFactory(name="District Police")
    analysis = SituationAnalysisFactory(title="Northern analysis")
    risk = CoordinationRiskFactory(
        likelihood=3,
        impact=4,
        stakeholders=[police],
        vulnerable_groups=["women"],
        analysis=analysis,
        status=RiskStatus.ACCEPTED,
        accepted_reason="The courts will sit locally from June.",
    )
    late = MitigationFactory(risk=risk, due_on=LONG_AGO, description="Publish the complaints procedure")
    MitigationFactory(risk=risk, owner=None, due_on=FAR_AHEAD, description="Train the clerks")
    html = html_of(client_for(Role.COMMUNITY).get(risk.get_absolute_url()))
    assert "12 · High" in section(html, "risk-rating", end="</div>")
    for text in ("Accepted", "National", "Local", "Judicial accountability", "3 · Possible", "4 · Major", "Women",
                 "The courts will sit locally from June.", risk.owner_name):  # fmt: skip
        assert escape(text) in html, text
    assert police.get_absolute_url() in html and analysis.get_absolute_url() in html
    mitigations = section(html, "mitigations")
    assert late.get_absolute_url() in mitigations and "Train the clerks" in mitigations
    assert mitigations.count("overdue</span>") == 1 and "unowned" in mitigations
    assert reverse("analysis:mitigation_add") + f"?risk={risk.pk}" in mitigations


@pytest.mark.django_db
def test_the_risk_page_masks_links_to_records_its_reader_may_not_see(client_for):
    hidden_org = OrganisationFactory(name="Hidden Militia Liaison", confidentiality="restricted")
    hidden_analysis = SituationAnalysisFactory(title="Restricted analysis", confidentiality="restricted")
    risk = CoordinationRiskFactory(stakeholders=[hidden_org], analysis=hidden_analysis)
    community = html_of(client_for(Role.COMMUNITY).get(risk.get_absolute_url()))
    assert "Hidden Militia Liaison" not in community and hidden_org.get_absolute_url() not in community
    assert "Restricted analysis" not in community and hidden_analysis.get_absolute_url() not in community
    manager = html_of(client_for(Role.MANAGER).get(risk.get_absolute_url()))
    assert "Hidden Militia Liaison" in manager and hidden_analysis.get_absolute_url() in manager


@pytest.mark.django_db
def test_a_mitigation_added_from_the_risk_page_starts_with_that_risk(client_for):
    risk = CoordinationRiskFactory()
    url = reverse("analysis:mitigation_add") + f"?risk={risk.pk}"
    form = client_for(Role.EXTERNAL).get(url).context["form"]
    assert str(form["risk"].value()) == str(risk.pk)


@pytest.mark.django_db
def test_the_risk_page_query_count_is_constant_as_mitigations_and_links_grow(client_for):
    risk = CoordinationRiskFactory()
    client = client_for(Role.MANAGER)

    def make_rows(n):
        for _ in range(n):
            MitigationFactory(risk=risk)
            risk.stakeholders.add(OrganisationFactory())

    assert_constant_queries(make_rows, lambda: client.get(risk.get_absolute_url()), many=MANY)


# A mitigation and its progress -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mitigation_page_shows_its_risk_and_progress_notes(client_for):
    note = MitigationProgressFactory(note="Met the prosecutor at the court house", new_status="in_progress")
    html = html_of(client_for(Role.SECURITY).get(note.mitigation.get_absolute_url()))
    assert "Met the prosecutor at the court house" in html
    assert f'id="progress-{note.pk}"' in html
    assert note.mitigation.risk.get_absolute_url() in html
    assert reverse("analysis:mitigation_progress", args=[note.mitigation.pk]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EXTERNAL, Role.INTEGRATION])
def test_a_progress_note_moves_the_mitigation(client_for, role):
    item = MitigationFactory()
    response = client_for(role).post(
        reverse("analysis:mitigation_progress", args=[item.pk]), {"note": "Letter sent", "new_status": "in_progress"}
    )
    allowed = role in RISK_RECORDERS
    assert response.status_code == (302 if allowed else 403)
    item.refresh_from_db()
    assert (item.status == FollowUpStatus.IN_PROGRESS) == allowed
    assert item.progress_notes.exists() == allowed


@pytest.mark.django_db
def test_an_empty_progress_note_is_shown_again_with_its_error(client_for):
    item = MitigationFactory()
    response = client_for(Role.COMMUNITY).post(reverse("analysis:mitigation_progress", args=[item.pk]), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["progress_form"].errors
    assert not item.progress_notes.exists()


@pytest.mark.django_db
def test_a_mitigation_added_by_form_moves_an_open_risk_to_mitigating(client_for):
    risk = CoordinationRiskFactory(status=RiskStatus.OPEN)
    response = client_for(Role.COMMUNITY).post(
        reverse("analysis:mitigation_add"),
        {"risk": risk.pk, "description": "Hold a hearing in the village", "due_on": "2026-05-01", "status": "open"},
    )
    assert response.status_code == 302, response.context["form"].errors
    risk.refresh_from_db()
    assert risk.status == RiskStatus.MITIGATING
    assert Mitigation.objects.get(risk=risk).description == "Hold a hearing in the village"


# The risks card of other pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("may_see_risks", [True, False])
def test_the_risks_card_lists_a_stakeholders_visible_risks_with_rating_and_status(users, may_see_risks):
    police = OrganisationFactory()
    CoordinationRiskFactory(stakeholders=[police], title="Checkpoint abuses", likelihood=2, impact=2)
    CoordinationRiskFactory(stakeholders=[police], title="Restricted risk", confidentiality="restricted")
    CoordinationRiskFactory(title="Another stakeholder's risk")
    if not may_see_risks:
        Group.objects.get(name=Role.COMMUNITY).permissions.remove(
            Permission.objects.get(codename="view_coordinationrisk")
        )
    request = RequestFactory().get("/")
    request.user = type(users[Role.COMMUNITY]).objects.get(pk=users[Role.COMMUNITY].pk)
    panels = stakeholder_sections(request, police)
    if not may_see_risks:
        assert panels == []
        return
    (panel,) = panels
    html = render_to_string(panel.template, {"section": panel.context})
    assert "Checkpoint abuses" in html and 'data-rating="low"' in html and "4 · Low" in html
    assert 'data-status="open"' in html
    assert "Restricted risk" not in html and "Another stakeholder" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.MANAGER])
def test_the_menu_leads_to_the_register(client_for, role):
    html = client_for(role).get(reverse("home")).content.decode()
    assert reverse("analysis:coordinationrisk_list") in html
    assert reverse("analysis:situationanalysis_list") in html
