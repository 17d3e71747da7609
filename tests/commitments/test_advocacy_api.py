"""The API of the case for the VPs (the shared ``ApiSuite``), the nested arguments written with a standard raised,
and the refusals: an agency outside the engagement, a retired argument, the delete of a used argument."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.choices import Response, Standard
from commitments.models import Advocacy, ArgumentPut, BenefitArgument
from shrhub.roles import Role
from tests.helpers.suites import ApiSuite, if_match
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .advocacy_factories import AdvocacyFactory, ArgumentPutFactory, BenefitArgumentFactory
from .advocacy_suite_data import AdvocacyData, BenefitArgumentData, CommitmentAssessmentData


class TestBenefitArgumentApi(BenefitArgumentData, ApiSuite):
    basename = "benefitargument"

    def valid_api_data(self):
        return {"name": "Royalties keep flowing", "benefit": "economic_development"}

    def invalid_api_data(self):
        return {"name": "Royalties keep flowing", "benefit": "charity"}, "benefit"


class TestAdvocacyApi(AdvocacyData, ApiSuite):
    basename = "advocacy"

    def valid_api_data(self):
        ministry = OrganisationFactory()
        return {
            "engagement": EngagementFactory(stakeholders=[ministry]).pk,
            "agency": ministry.pk,
            "standard": Standard.VPS,
            "response": Response.INTERESTED,
            "arguments": [{"argument": BenefitArgumentFactory().pk, "wording": "", "response": "interested"}],
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "agency": OrganisationFactory().pk}, "agency"


class TestCommitmentAssessmentApi(CommitmentAssessmentData, ApiSuite):
    basename = "commitmentassessment"

    def valid_api_data(self):
        return {"stakeholder": OrganisationFactory().pk, "level": "supportive", "assessed_on": "2026-03-01"}

    def invalid_api_data(self):
        return {**self.valid_api_data(), "level": "keen"}, "level"


@pytest.mark.django_db
class TestNestedArguments:
    def test_arguments_are_written_and_read_with_the_standard_raised(self, api_client_for):
        ministry, argument = OrganisationFactory(), BenefitArgumentFactory(case="The general case.")
        body = {
            "engagement": EngagementFactory(stakeholders=[ministry]).pk,
            "agency": ministry.pk,
            "arguments": [{"argument": argument.pk, "response": "welcomed"}],
        }
        response = api_client_for(Role.EXTERNAL).post(reverse("advocacy-list"), body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["arguments"] == [
            {"argument": argument.pk, "wording": "The general case.", "response": "welcomed"}
        ]

    def test_a_retired_argument_answers_400_and_writes_nothing(self, api_client_for):
        ministry = OrganisationFactory()
        body = {
            "engagement": EngagementFactory(stakeholders=[ministry]).pk,
            "agency": ministry.pk,
            "arguments": [{"argument": BenefitArgumentFactory(retired=True).pk, "response": "rejected"}],
        }
        response = api_client_for(Role.SECURITY).post(reverse("advocacy-list"), body, format="json")
        assert response.status_code == 400
        assert "arguments" in response.json()
        assert not Advocacy.objects.exists()

    def test_a_patch_without_arguments_keeps_them(self, api_client_for):
        put = ArgumentPutFactory()
        client = api_client_for(Role.SECURITY)
        url = reverse("advocacy-detail", args=[put.advocacy_id])
        response = client.patch(url, {"response": "welcomed"}, format="json", **if_match(client, url))
        assert response.status_code == 200, response.json()
        assert ArgumentPut.objects.filter(pk=put.pk).exists()

    def test_a_hidden_agency_is_not_found(self, api_client_for):
        hidden = OrganisationFactory(confidentiality="confidential")
        body = {"engagement": EngagementFactory(stakeholders=[hidden]).pk, "agency": hidden.pk}
        response = api_client_for(Role.EXTERNAL).post(reverse("advocacy-list"), body, format="json")
        assert response.status_code == 400
        assert "agency" in response.json()


@pytest.mark.django_db
def test_deleting_a_used_argument_is_refused(api_client_for):
    put = ArgumentPutFactory()
    client = api_client_for(Role.MANAGER)
    url = reverse("benefitargument-detail", args=[put.argument_id])
    response = client.delete(url, **if_match(client, url))
    assert response.status_code == 400
    assert "retire" in str(response.json())
    assert BenefitArgument.objects.filter(pk=put.argument_id).exists()


@pytest.mark.django_db
def test_hidden_advocacy_is_not_listed(api_client_for):
    hidden = AdvocacyFactory(agency=OrganisationFactory(confidentiality="confidential"))
    shown = AdvocacyFactory()
    ids = [row["id"] for row in api_client_for(Role.EXTERNAL).get(reverse("advocacy-list")).json()["results"]]
    assert shown.pk in ids and hidden.pk not in ids
