"""Who is kept informed, through the API: the shared ``ApiSuite``; the dates read from the engagements the reader may
see; bad input answered 400 with field messages; a hidden agreement or stakeholder is not found."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commitments.choices import InformMeans, Process
from commitments.models import Audience
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.suites import ApiSuite
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .factories import AgreementFactory, AudienceFactory
from .suite_data import AudienceData

pytestmark = pytest.mark.django_db


class TestAudienceApi(AudienceData, ApiSuite):
    basename = "audience"

    def valid_api_data(self):
        return {
            "process": Process.AGREEMENT,
            "agreement": AgreementFactory().pk,
            "stakeholder": OrganisationFactory().pk,
            "means": InformMeans.REPORT,
            "every_days": 90,
            "owner": OwnerFactory(role=Role.COMMUNITY).pk,
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "every_days": 0}, "every_days"


def test_the_read_carries_the_dates_from_visible_engagements(api_client_for):
    member = AudienceFactory(every_days=30)
    EngagementFactory(stakeholders=[member.stakeholder], occurred_on=datetime.date(2026, 1, 5))
    EngagementFactory(
        stakeholders=[member.stakeholder], occurred_on=datetime.date(2026, 4, 1), confidentiality="confidential"
    )
    url = reverse("audience-detail", args=[member.pk])
    seen = api_client_for(Role.INTEGRATION).get(url).json()
    assert (seen["last_informed_on"], seen["next_due_on"], seen["overdue"]) == ("2026-01-05", "2026-02-04", True)
    assert seen["process_name"] == f"In-country process, {member.country}"
    admin = api_client_for(Role.ADMINISTRATOR).get(url).json()
    assert admin["last_informed_on"] == "2026-04-01"
    listed = api_client_for(Role.INTEGRATION).get(reverse("audience-list"), {"overdue": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [member.pk]


def test_never_informed_reads_as_null_and_overdue(api_client_for):
    member = AudienceFactory()
    row = api_client_for(Role.MANAGER).get(reverse("audience-detail", args=[member.pk])).json()
    assert row["last_informed_on"] is None and row["overdue"] is True


@pytest.mark.parametrize("field", ["agreement", "stakeholder"])
def test_a_hidden_agreement_or_stakeholder_is_refused(api_client_for, field):
    data = {
        "process": Process.AGREEMENT,
        "agreement": AgreementFactory().pk,
        "stakeholder": OrganisationFactory().pk,
        "means": InformMeans.LETTER,
        "every_days": 30,
    }
    data[field] = (
        AgreementFactory(confidentiality="confidential")
        if field == "agreement"
        else OrganisationFactory(confidentiality="confidential")
    ).pk
    response = api_client_for(Role.COMMUNITY).post(reverse("audience-list"), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Audience.objects.exists()


def test_a_process_without_its_record_is_refused_beside_the_field(api_client_for):
    data = {
        "process": Process.IN_COUNTRY,
        "stakeholder": OrganisationFactory().pk,
        "means": "briefing",
        "every_days": 7,
    }
    response = api_client_for(Role.COMMUNITY).post(reverse("audience-list"), data, format="json")
    assert response.status_code == 400
    assert "country" in response.json()
    data["country"] = NationalFactory().pk
    assert api_client_for(Role.COMMUNITY).post(reverse("audience-list"), data, format="json").status_code == 201


def test_a_hidden_agreements_audience_is_not_found(api_client_for):
    member = AudienceFactory(
        process=Process.AGREEMENT, country=None, agreement=AgreementFactory(confidentiality="confidential")
    )
    client = api_client_for(Role.COMMUNITY)
    assert client.get(reverse("audience-detail", args=[member.pk])).status_code == 404
    assert member.pk not in [row["id"] for row in client.get(reverse("audience-list")).json()["results"]]
