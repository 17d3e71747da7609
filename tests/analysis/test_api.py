"""The situation analysis and risk register endpoints: the shared ``ApiSuite`` for analyses, findings, risks and
mitigations; what they send (score and rating, links masked for readers who may not see their target); the
service rules through the API; and progress notes (appended, never edited)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analysis.choices import RiskStatus
from analysis.models import MitigationProgress
from followups.models import FollowUpStatus
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from tests.helpers.suites import ApiSuite, if_match
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory

from .factories import (
    AgreementFactory,
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    MitigationFactory,
    MitigationProgressFactory,
    SituationAnalysisFactory,
)
from .suite_data import (
    MANY,
    RISK_RECORDERS,
    CoordinationRiskData,
    FindingData,
    MitigationData,
    SituationAnalysisData,
)


def expected(role: str, allowed) -> int:
    if role == ANONYMOUS:
        return 401
    return 0 if role in allowed else 403


class TestSituationAnalysisApi(SituationAnalysisData, ApiSuite):
    basename = "situationanalysis"

    def valid_api_data(self):
        return {
            "jurisdiction": NationalFactory().pk,
            "title": "Situation analysis of the southern concession",
            "as_of": "2026-03-01",
            "review_on": "2026-09-01",
            "stakeholders": [OrganisationFactory().pk],
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "review_on": "soon"}, "review_on"


class TestFindingApi(FindingData, ApiSuite):
    basename = "finding"

    def valid_api_data(self):
        return {
            "analysis": SituationAnalysisFactory().pk,
            "heading": "legal",
            "text": "The new law on private security has no implementing decree yet.",
            "sources": ["legal"],
            "mandate_areas": ["licensing-private-security"],
            "stakeholders": [OrganisationFactory().pk],
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "heading": "spiritual"}, "heading"


class TestCoordinationRiskApi(CoordinationRiskData, ApiSuite):
    basename = "coordinationrisk"

    def valid_api_data(self):
        return {
            "title": "Private guards licensed nationally but never inspected locally",
            "jurisdiction": NationalFactory().pk,
            "area": "licensing-private-security",
            "challenge": "Licences are issued in the capital; no district office inspects the guards.",
            "affected": "Villagers next to the processing plant.",
            "harm": "Excessive use of force.",
            "likelihood": 3,
            "impact": 4,
            "review_on": "2026-08-01",
            "vulnerable_groups": ["women"],
            "agreements": [AgreementFactory().pk],
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "likelihood": 9}, "likelihood"


class TestMitigationApi(MitigationData, ApiSuite):
    basename = "mitigation"

    def valid_api_data(self):
        return {
            "risk": CoordinationRiskFactory().pk,
            "description": "Ask the district prosecutor to publish the complaints procedure",
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
            "due_on": "2026-05-15",
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "due_on": "soon"}, "due_on"


# What the endpoints send -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_risk_is_sent_with_its_score_rating_and_mitigation_counts(api_client_for):
    risk = CoordinationRiskFactory(likelihood=4, impact=5)
    MitigationFactory(risk=risk, due_on="2020-01-01")
    MitigationFactory(risk=risk, due_on="2099-01-01")
    data = api_client_for(Role.INTEGRATION).get(reverse("coordinationrisk-detail", args=[risk.pk])).json()
    assert (data["score"], data["rating"]) == (20, "critical")
    assert (data["open_mitigations"], data["overdue_mitigations"]) == (2, 1)
    assert data["area"] == "judicial-accountability"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["list", "detail"])
def test_links_to_hidden_records_are_not_sent(api_client_for, action):
    """A visible risk's hidden stakeholder, agreement and analysis, and a visible edition's hidden predecessor and
    stakeholder, are sent to a reader who may not see them as if there were none."""
    shown = OrganisationFactory()
    hidden = OrganisationFactory(confidentiality="restricted")
    secret_analysis = ApprovedAnalysisFactory(confidentiality="restricted")
    secret_agreement = AgreementFactory(confidentiality="restricted")
    risk = CoordinationRiskFactory(
        stakeholders=[shown, hidden], agreements=[secret_agreement], analysis=secret_analysis
    )
    later = SituationAnalysisFactory(
        previous=secret_analysis, jurisdiction=secret_analysis.jurisdiction, stakeholders=[shown, hidden]
    )
    finding = FindingFactory(analysis=later, stakeholders=[shown, hidden])

    def read(role, basename, obj):
        client = api_client_for(role)
        if action == "detail":
            return client.get(reverse(f"{basename}-detail", args=[obj.pk])).json()
        return next(row for row in client.get(reverse(f"{basename}-list")).json()["results"] if row["id"] == obj.pk)

    community = read(Role.COMMUNITY, "coordinationrisk", risk)
    assert (community["stakeholders"], community["agreements"], community["analysis"]) == ([shown.pk], [], None)
    edition = read(Role.COMMUNITY, "situationanalysis", later)
    assert (edition["previous"], edition["stakeholders"]) == (None, [shown.pk])
    assert read(Role.COMMUNITY, "finding", finding)["stakeholders"] == [shown.pk]
    manager = read(Role.MANAGER, "coordinationrisk", risk)
    assert sorted(manager["stakeholders"]) == sorted([shown.pk, hidden.pk])
    assert (manager["agreements"], manager["analysis"]) == ([secret_agreement.pk], secret_analysis.pk)
    assert read(Role.MANAGER, "situationanalysis", later)["previous"] == secret_analysis.pk


@pytest.mark.django_db
def test_an_edit_by_a_writer_who_cannot_see_a_link_keeps_it(api_client_for):
    """Security staff do not see confidential records: their edit of a risk keeps its confidential links."""
    hidden_analysis = SituationAnalysisFactory(confidentiality="confidential")
    hidden = OrganisationFactory(confidentiality="confidential")
    shown = OrganisationFactory()
    risk = CoordinationRiskFactory(analysis=hidden_analysis, stakeholders=[hidden, shown])
    client, url = api_client_for(Role.SECURITY), reverse("coordinationrisk-detail", args=[risk.pk])
    response = client.patch(
        url, {"harm": "Detention", "analysis": None, "stakeholders": []}, format="json", **if_match(client, url)
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["analysis"], response.json()["stakeholders"]) == (None, [])
    risk.refresh_from_db()
    assert (risk.harm, risk.analysis) == ("Detention", hidden_analysis)
    assert list(risk.stakeholders.all()) == [hidden]


# Service rules through the API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_approved_edition_is_not_edited_through_the_api(api_client_for):
    approved = ApprovedAnalysisFactory()
    client, url = api_client_for(Role.MANAGER), reverse("situationanalysis-detail", args=[approved.pk])
    response = client.patch(url, {"summary": "Rewritten"}, format="json", **if_match(client, url))
    assert response.status_code == 400
    approved.refresh_from_db()
    assert approved.summary != "Rewritten"
    finding = client.post(
        reverse("finding-list"), {"analysis": approved.pk, "heading": "legal", "text": "x"}, format="json"
    )
    assert finding.status_code == 400
    assert not approved.findings.exists()


@pytest.mark.django_db
def test_the_api_numbers_editions_and_leaves_status_to_the_pages(api_client_for):
    first = ApprovedAnalysisFactory(edition=1)
    client = api_client_for(Role.SECURITY)
    response = client.post(
        reverse("situationanalysis-list"),
        {
            "jurisdiction": first.jurisdiction_id,
            "title": "Second look",
            "as_of": "2026-03-01",
            "review_on": "2026-09-01",
            "status": "approved",
            "edition": 7,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["edition"], response.json()["status"]) == (2, "draft")


@pytest.mark.django_db
def test_an_accepted_risk_needs_a_reason_through_the_api(api_client_for):
    risk = CoordinationRiskFactory()
    client, url = api_client_for(Role.SECURITY), reverse("coordinationrisk-detail", args=[risk.pk])
    refused = client.patch(url, {"status": "accepted"}, format="json", **if_match(client, url))
    assert refused.status_code == 400
    assert "accepted_reason" in refused.json()
    accepted = client.patch(
        url, {"status": "accepted", "accepted_reason": "Courts sit locally from June"}, format="json",
        **if_match(client, url),
    )  # fmt: skip
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == RiskStatus.ACCEPTED


@pytest.mark.django_db
def test_contributors_keep_mitigations_up_to_date_but_do_not_delete_them(api_client_for):
    item = MitigationFactory()
    client, url = api_client_for(Role.EXTERNAL), reverse("mitigation-detail", args=[item.pk])
    changed = client.patch(url, {"status": "done"}, format="json", **if_match(client, url))
    assert changed.status_code == 200, changed.json()
    assert changed.json()["closed_on"] is not None
    assert client.delete(url, **if_match(client, url)).status_code == 403


@pytest.mark.django_db
def test_a_mitigation_of_a_hidden_risk_is_refused(api_client_for):
    hidden = CoordinationRiskFactory(confidentiality="restricted")
    response = api_client_for(Role.COMMUNITY).post(
        reverse("mitigation-list"), {"risk": hidden.pk, "description": "x", "due_on": "2026-05-01"}, format="json"
    )
    assert response.status_code == 400
    assert "risk" in response.json()


# Progress notes --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestMitigationProgressApi:
    @staticmethod
    def url(*args):
        return reverse("mitigationprogress-detail", args=args) if args else reverse("mitigationprogress-list")

    @pytest.mark.parametrize("role", [Role.INTEGRATION, ANONYMOUS])
    def test_read(self, api_client_for, role):
        note = MitigationProgressFactory()
        client = api_client_for(role)
        for url in (self.url(), self.url(note.pk), reverse("mitigationprogress-history", args=[note.pk])):
            assert client.get(url).status_code == (expected(role, frozenset(Role.values)) or 200)

    @pytest.mark.parametrize("role", [Role.COMMUNITY, Role.INTEGRATION])
    def test_append(self, api_client_for, role):
        item = MitigationFactory()
        response = api_client_for(role).post(
            self.url(), {"mitigation": item.pk, "note": "Started", "new_status": "in_progress"}, format="json"
        )
        code = expected(role, RISK_RECORDERS)
        assert response.status_code == (code or 201)
        item.refresh_from_db()
        assert (item.status == FollowUpStatus.IN_PROGRESS) == (not code)

    @pytest.mark.parametrize("method", ["patch", "put", "delete"])
    def test_notes_are_never_edited_or_deleted(self, api_client_for, method):
        note = MitigationProgressFactory()
        response = getattr(api_client_for(Role.ADMINISTRATOR), method)(self.url(note.pk), {"note": "x"}, format="json")
        assert response.status_code == 405
        assert MitigationProgress.objects.get(pk=note.pk).note == note.note

    def test_bad_input(self, api_client_for):
        item = MitigationFactory()
        client = api_client_for(Role.COMMUNITY)
        for data, field in (
            ({"mitigation": item.pk, "note": ""}, "note"),
            ({"mitigation": item.pk, "note": "x", "new_status": "finished"}, "new_status"),
            ({"note": "x"}, "mitigation"),
        ):
            response = client.post(self.url(), data, format="json")
            assert response.status_code == 400
            assert field in response.json()
        assert not MitigationProgress.objects.exists()

    def test_a_note_on_a_hidden_mitigation_is_refused(self, api_client_for):
        hidden = MitigationFactory(risk=CoordinationRiskFactory(confidentiality="restricted"))
        response = api_client_for(Role.COMMUNITY).post(
            self.url(), {"mitigation": hidden.pk, "note": "x"}, format="json"
        )
        assert response.status_code == 400
        assert "mitigation" in response.json()
        assert not MitigationProgress.objects.exists()

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(Role.MANAGER)
        assert_constant_queries(
            lambda n: [MitigationProgressFactory() for _ in range(n)], lambda: client.get(self.url()), many=MANY
        )
