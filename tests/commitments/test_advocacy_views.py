"""The pages of the case for the VPs as an allowed and a refused role (the shared ``PageSuite``); recording a
standard raised with its arguments from an engagement; the engagement's "Case for the VPs" section and the
stakeholder's commitment card, with what they hide; a used argument's delete refused with 409."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.choices import CommitmentLevel, Response, Standard
from commitments.models import Advocacy, ArgumentPut, BenefitArgument
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import PageSuite
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .advocacy_factories import (
    AdvocacyFactory,
    ArgumentPutFactory,
    BenefitArgumentFactory,
    CommitmentAssessmentFactory,
)
from .advocacy_suite_data import AdvocacyData, BenefitArgumentData, CommitmentAssessmentData


def formset(*rows, prefix="arguments", total=None):
    """The arguments formset's POST data for ``rows`` (dicts of argument, wording, response)."""
    data = {f"{prefix}-TOTAL_FORMS": total or len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = getattr(value, "pk", value)
    return data


class TestBenefitArgumentPages(BenefitArgumentData, PageSuite):
    url_prefix = "commitments:benefitargument"

    def valid_form_data(self):
        return {"name": "Royalties keep flowing", "benefit": "economic_development", "case": "Taxes and wages."}

    def invalid_form_data(self):
        return {"name": "", "benefit": "security"}, "name"

    def edit_changes(self, obj, form):
        return {"case": "Reworded for the provinces."}


class TestAdvocacyPages(AdvocacyData, PageSuite):
    url_prefix = "commitments:advocacy"

    def valid_form_data(self):
        ministry = OrganisationFactory()
        engagement = EngagementFactory(stakeholders=[ministry, OrganisationFactory()])
        return {
            "engagement": engagement.pk,
            "agency": ministry.pk,
            "standard": Standard.VPS,
            "response": Response.INTERESTED,
            "response_notes": "Asked for figures.",
            **formset({"argument": BenefitArgumentFactory(), "wording": "", "response": Response.INTERESTED}),
        }

    def invalid_form_data(self):
        """An agency that did not take part in the engagement."""
        return {**self.valid_form_data(), "agency": OrganisationFactory().pk}, "agency"

    def edit_changes(self, obj, form):
        return {"response": Response.WELCOMED}


class TestCommitmentAssessmentPages(CommitmentAssessmentData, PageSuite):
    url_prefix = "commitments:commitmentassessment"

    def valid_form_data(self):
        return {"stakeholder": OrganisationFactory().pk, "level": "supportive", "assessed_on": "2026-03-01"}

    def invalid_form_data(self):
        return {**self.valid_form_data(), "level": ""}, "level"

    def edit_changes(self, obj, form):
        return {"evidence": "Said so on the radio."}


@pytest.mark.django_db
class TestRecordingFromAnEngagement:
    def test_the_form_offers_only_the_engagements_visible_stakeholders(self, client_for):
        ministry, hidden = OrganisationFactory(), OrganisationFactory(confidentiality="confidential")
        engagement = EngagementFactory(stakeholders=[ministry, hidden])
        other = OrganisationFactory()
        response = client_for(Role.COMMUNITY).get(reverse("commitments:advocacy_add"), {"engagement": engagement.pk})
        offered = set(response.context["form"].fields["agency"].queryset)
        assert offered == {ministry}
        assert other not in offered

    def test_a_standard_raised_is_saved_with_its_arguments_and_the_case_fills_an_empty_wording(self, client_for):
        ministry = OrganisationFactory()
        engagement = EngagementFactory(stakeholders=[ministry])
        security, reputation = BenefitArgumentFactory(), BenefitArgumentFactory(case="Partners notice.")
        data = {
            "engagement": engagement.pk,
            "agency": ministry.pk,
            "standard": Standard.VPS,
            "response": Response.SCEPTICAL,
            **formset(
                {"argument": security, "wording": "Roadblock clashes halved.", "response": Response.INTERESTED},
                {"argument": reputation, "wording": "", "response": Response.REJECTED},
                {"argument": "", "wording": "", "response": Response.NO_RESPONSE},
            ),
        }
        response = client_for(Role.EXTERNAL).post(reverse("commitments:advocacy_add"), data)
        assert response.status_code == 302, response.context["form"].errors
        advocacy = Advocacy.objects.get()
        puts = {put.argument: put for put in advocacy.arguments.all()}
        assert puts[security].wording == "Roadblock clashes halved."
        assert puts[reputation].wording == "Partners notice." and puts[reputation].response == Response.REJECTED

    def test_a_retired_argument_is_refused_and_nothing_is_written(self, client_for):
        ministry = OrganisationFactory()
        engagement = EngagementFactory(stakeholders=[ministry])
        data = {
            "engagement": engagement.pk,
            "agency": ministry.pk,
            "standard": Standard.VPS,
            "response": Response.SCEPTICAL,
            **formset({"argument": BenefitArgumentFactory(retired=True), "wording": "", "response": "rejected"}),
        }
        response = client_for(Role.SECURITY).post(reverse("commitments:advocacy_add"), data)
        assert response.status_code == 400
        assert not Advocacy.objects.exists() and not ArgumentPut.objects.exists()

    def test_an_edit_with_the_formset_replaces_the_arguments(self, client_for):
        put = ArgumentPutFactory()
        advocacy, other = put.advocacy, BenefitArgumentFactory()
        data = {
            "engagement": advocacy.engagement_id,
            "agency": advocacy.agency_id,
            "standard": advocacy.standard,
            "response": Response.WELCOMED,
            "version": advocacy.version,
            **formset({"argument": other, "wording": "New words", "response": Response.WELCOMED}),
        }
        response = client_for(Role.SECURITY).post(reverse("commitments:advocacy_edit", args=[advocacy.pk]), data)
        assert response.status_code == 302, response.context["form"].errors
        assert [p.argument for p in ArgumentPut.objects.filter(advocacy=advocacy)] == [other]


@pytest.mark.django_db
class TestSections:
    def test_the_engagement_page_lists_the_case_with_arguments_and_an_add_button(self, client_for):
        put = ArgumentPutFactory(wording="Royalties depend on calm")
        engagement = put.advocacy.engagement
        hidden_agency = OrganisationFactory(confidentiality="confidential", name="Secret Directorate")
        engagement.stakeholders.add(hidden_agency)
        AdvocacyFactory(engagement=engagement, agency=hidden_agency)
        page = client_for(Role.COMMUNITY).get(engagement.get_absolute_url()).content.decode()
        assert 'id="case-for-the-vps"' in page
        assert "Royalties depend on calm" in page
        assert "Secret Directorate" not in page
        assert reverse("commitments:advocacy_add") + f"?engagement={engagement.pk}" in page

    def test_the_stakeholder_page_shows_the_current_commitment_and_its_history(self, client_for):
        ministry = OrganisationFactory()
        CommitmentAssessmentFactory(stakeholder=ministry, level=CommitmentLevel.AWARE, assessed_on="2026-01-01")
        CommitmentAssessmentFactory(stakeholder=ministry, level=CommitmentLevel.CHAMPION, assessed_on="2026-03-01")
        response = client_for(Role.EXTERNAL).get(ministry.get_absolute_url())
        page = response.content.decode()
        current = page[page.index('id="commitment-current"') : page.index('id="commitment-history"')]
        assert "Champion of an in-country process" in current
        assert "Aware" in page[page.index('id="commitment-history"') :]

    def test_the_stakeholder_card_costs_the_same_as_assessments_grow(self, client_for):
        ministry = OrganisationFactory()
        client = client_for(Role.SECURITY)

        def grow(n):
            for _ in range(n):
                CommitmentAssessmentFactory(stakeholder=ministry)
                AdvocacyFactory(agency=ministry)

        assert_constant_queries(grow, lambda: client.get(ministry.get_absolute_url()), many=8)


@pytest.mark.django_db
def test_a_used_argument_is_retired_not_deleted(client_for):
    put = ArgumentPutFactory()
    response = client_for(Role.MANAGER).post(reverse("commitments:benefitargument_delete", args=[put.argument_id]))
    assert response.status_code == 409
    assert b"retire it instead" in response.content
    assert BenefitArgument.objects.filter(pk=put.argument_id).exists()


@pytest.mark.django_db
def test_community_staff_read_the_arguments_but_do_not_change_them(client_for):
    argument = BenefitArgumentFactory()
    client = client_for(Role.COMMUNITY)
    assert client.get(argument.get_absolute_url()).status_code == 200
    assert client.get(reverse("commitments:benefitargument_edit", args=[argument.pk])).status_code == 403
