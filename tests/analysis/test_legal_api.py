"""The legal framework's endpoints: the shared ``ApiSuite`` for each kind of entry; what they send (experts the
reader may not see left out, kept on an edit); the model's rules through the API (a country is national, one
status per instrument, a named "other" initiative); the instruments, read-only by code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analysis.models import InstrumentStatus, NationalLaw
from shrhub.roles import Role
from tests.helpers.suites import ApiSuite, if_match
from tests.shrhub.factories import NationalFactory, RegionFactory
from tests.stakeholders.factories import OrganisationFactory

from .legal_factories import InstrumentStatusFactory, NationalLawFactory, instrument
from .legal_suite_data import (
    ActionPlanData,
    IhlAssessmentData,
    InitiativeCommitmentData,
    InstrumentStatusData,
    NationalLawData,
)


def entry(**fields):
    return {"country": NationalFactory().pk, "verified_on": "2026-02-01", **fields}


class TestNationalLawApi(NationalLawData, ApiSuite):
    basename = "nationallaw"

    def valid_api_data(self):
        return entry(title="Labour Code", area="labour_rights", experts=[OrganisationFactory(sector="academia").pk])

    def invalid_api_data(self):
        return {**self.valid_api_data(), "area": "spiritual"}, "area"


class TestInstrumentStatusApi(InstrumentStatusData, ApiSuite):
    basename = "instrumentstatus"

    def valid_api_data(self):
        return entry(instrument="crpd", state="ratified", since="2014-09-30")

    def invalid_api_data(self):
        return {**self.valid_api_data(), "instrument": "no-such-treaty"}, "instrument"


class TestIhlAssessmentApi(IhlAssessmentData, ApiSuite):
    basename = "ihlassessment"

    def valid_api_data(self):
        return entry(applies="no", assessed_on="2026-02-01", reasoning="Internal disturbances only.")

    def invalid_api_data(self):
        return {**self.valid_api_data(), "assessed_on": "last week"}, "assessed_on"


class TestActionPlanApi(ActionPlanData, ApiSuite):
    basename = "actionplan"

    def valid_api_data(self):
        return entry(title="National Action Plan 2027", status="in_preparation")

    def invalid_api_data(self):
        return {**self.valid_api_data(), "status": "adopted"}, "non_field_errors"  # without its date


class TestInitiativeCommitmentApi(InitiativeCommitmentData, ApiSuite):
    basename = "initiativecommitment"

    def valid_api_data(self):
        return entry(initiative="ungps", commitments="A National Action Plan by 2027.")

    def invalid_api_data(self):
        return {**self.valid_api_data(), "initiative": "other"}, "non_field_errors"  # not named


# Rules and masking through the API --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_legal_entry_belongs_to_a_country(api_client_for):
    response = api_client_for(Role.EXTERNAL).post(
        reverse("nationallaw-list"), {"country": RegionFactory().pk, "title": "Bylaw", "area": "other"}, format="json"
    )
    assert response.status_code == 400
    assert "country" in response.json()


@pytest.mark.django_db
def test_an_instrument_has_one_status_per_country(api_client_for):
    existing = InstrumentStatusFactory(instrument=instrument("cat"))
    data = {"country": existing.country_id, "instrument": "cat", "state": "signed"}
    response = api_client_for(Role.SECURITY).post(reverse("instrumentstatus-list"), data, format="json")
    assert response.status_code == 400
    assert "already in the country's legal framework" in str(response.json())
    assert InstrumentStatus.objects.count() == 1


@pytest.mark.django_db
def test_a_new_entry_names_its_writer_as_preparer(api_client_for, users):
    data = {"country": NationalFactory().pk, "title": "Police Act", "area": "use_of_force"}
    response = api_client_for(Role.COMMUNITY).post(reverse("nationallaw-list"), data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["prepared_by"] == users[Role.COMMUNITY].pk


@pytest.mark.django_db
def test_hidden_experts_are_left_out_and_kept_on_edit(api_client_for):
    hidden = OrganisationFactory(confidentiality="confidential")
    shown = OrganisationFactory(sector="nhri")
    law = NationalLawFactory(experts=[hidden, shown])
    client = api_client_for(Role.COMMUNITY)
    url = reverse("nationallaw-detail", args=[law.pk])
    assert client.get(url).json()["experts"] == [shown.pk]
    assert [row["experts"] for row in client.get(reverse("nationallaw-list")).json()["results"]] == [[shown.pk]]
    response = client.patch(url, {"experts": []}, format="json", **if_match(client, url))
    assert response.status_code == 200, response.json()
    assert response.json()["experts"] == []
    assert set(NationalLaw.objects.get(pk=law.pk).experts.all()) == {hidden}
    admin = api_client_for(Role.ADMINISTRATOR)
    assert admin.get(url).json()["experts"] == [hidden.pk]


@pytest.mark.django_db
def test_a_hidden_expert_is_refused_like_a_missing_one(api_client_for):
    hidden = OrganisationFactory(confidentiality="confidential")
    data = {"country": NationalFactory().pk, "title": "Police Act", "area": "use_of_force", "experts": [hidden.pk]}
    response = api_client_for(Role.SECURITY).post(reverse("nationallaw-list"), data, format="json")
    assert response.status_code == 400
    assert "experts" in response.json()


# The instruments --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INTEGRATION, Role.COMMUNITY, Role.ADMINISTRATOR])
def test_the_instruments_are_read_only_reference_data(api_client_for, role):
    client = api_client_for(role)
    listed = client.get(reverse("instrument-list"), {"page_size": 200}).json()["results"]
    assert {"iccpr", "geneva-1949", "ilo-c169"} <= {row["code"] for row in listed}
    detail = client.get(reverse("instrument-detail", args=["rome"])).json()
    assert detail["name"] == "Rome Statute of the International Criminal Court" and detail["area"] == "ihl"
    assert client.post(reverse("instrument-list"), {"code": "x", "name": "X"}, format="json").status_code in (403, 405)
    assert client.delete(reverse("instrument-detail", args=["rome"])).status_code in (403, 405)


@pytest.mark.django_db
def test_anonymous_reads_no_instrument(api_client_for):
    assert api_client_for("anonymous").get(reverse("instrument-list")).status_code == 401
