"""Every registry page as an allowed and a refused role; forms, bad input, history, stale edits, query counts."""

from __future__ import annotations

import datetime

import pytest

from shrhub.roles import Role
from stakeholders.models import Stakeholder
from tests.helpers.roles import PAGE_READERS
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import NationalFactory

from .factories import (
    AssessmentFactory,
    EngagementFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)
from .suite_data import (
    AssessmentData,
    EngagementData,
    MappingRoundData,
    PositionData,
    RelationshipData,
    StakeholderData,
    TenureData,
)


class TestStakeholderPages(StakeholderData, PageSuite):
    url_prefix = "stakeholders:stakeholder"

    def valid_form_data(self):
        return {
            "kind": "organisation",
            "name": "Regional Police Command North",
            "sector": "police",
            "level": "regional",
            "jurisdiction": NationalFactory().pk,
        }

    def invalid_form_data(self):
        return {
            "kind": "organisation",
            "name": "",
            "sector": "police",
            "level": "regional",
            "jurisdiction": NationalFactory().pk,
        }, "name"

    def edit_changes(self, obj, form):
        return {"mandate": "Public order and protection of installations."}


class TestPositionPages(PositionData, PageSuite):
    url_prefix = "stakeholders:position"

    def valid_form_data(self):
        return {"organisation": OrganisationFactory().pk, "title": "Provincial Police Commander", "is_key": "on"}

    def invalid_form_data(self):
        person = PersonFactory()
        return {"organisation": person.pk, "title": "Commander"}, "organisation"


class TestTenurePages(TenureData, PageSuite):
    url_prefix = "stakeholders:tenure"

    def valid_form_data(self):
        return {"position": PositionFactory().pk, "holder": PersonFactory().pk, "started_on": "2025-05-01"}

    def invalid_form_data(self):
        return {
            "position": PositionFactory().pk,
            "holder": PersonFactory().pk,
            "started_on": "2025-05-01",
            "ended_on": "2025-01-01",
        }, "ended_on"


class TestAssessmentPages(AssessmentData, PageSuite):
    url_prefix = "stakeholders:assessment"

    def valid_form_data(self):
        return {
            "stakeholder": OrganisationFactory().pk,
            "assessed_on": "2026-04-01",
            "stance": "spoiler",
            "influence": "5",
            "interest": "2",
            "confidence": "medium",
            "sources": ["1", "6"],
        }

    def invalid_form_data(self):
        return {
            "stakeholder": OrganisationFactory().pk,
            "assessed_on": "2026-04-01",
            "stance": "spoiler",
            "influence": "9",
            "interest": "2",
            "confidence": "medium",
            "sources": ["1"],
        }, "influence"


class TestMappingRoundPages(MappingRoundData, PageSuite):
    url_prefix = "stakeholders:mappinground"

    def valid_form_data(self):
        return {
            "name": "Mapping 2026",
            "jurisdiction": NationalFactory().pk,
            "started_on": "2026-01-01",
            "status": "open",
        }

    def invalid_form_data(self):
        return {
            "name": "Mapping 2026",
            "jurisdiction": NationalFactory().pk,
            "started_on": "2026-05-01",
            "review_due_on": "2026-01-01",
            "status": "open",
        }, "__all__"


class TestRelationshipPages(RelationshipData, PageSuite):
    url_prefix = "stakeholders:relationship"

    def valid_form_data(self):
        return {"source": OrganisationFactory().pk, "target": OrganisationFactory().pk, "kind": "reports_to"}

    def invalid_form_data(self):
        one = OrganisationFactory()
        return {"source": one.pk, "target": one.pk, "kind": "reports_to"}, "__all__"


class TestEngagementPages(EngagementData, PageSuite):
    url_prefix = "stakeholders:engagement"

    def valid_form_data(self):
        return {
            "occurred_on": "2026-03-03",
            "kind": "workshop",
            "title": "Workshop on the VPs",
            "jurisdiction": NationalFactory().pk,
            "stakeholders": [OrganisationFactory().pk],
        }

    def invalid_form_data(self):
        return {
            "occurred_on": "2026-03-03",
            "kind": "workshop",
            "title": "Workshop on the VPs",
            "jurisdiction": NationalFactory().pk,
            "stakeholders": [],
        }, "stakeholders"


@pytest.mark.django_db
class TestStakeholderDetail:
    def test_shows_current_assessment_positions_relationships_and_engagements(self, client_for):
        ministry = OrganisationFactory(name="Ministry of Interior")
        AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2025, 1, 1), stance="spoiler")
        AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2026, 1, 1), stance="champion")
        position = PositionFactory(organisation=ministry, title="Minister")
        TenureFactory(position=position, holder=PersonFactory(name="Ana Velmar"))
        RelationshipFactory(source=ministry, target=OrganisationFactory(name="Regional Directorate"))
        EngagementFactory(stakeholders=[ministry], title="Briefing on the VPs")
        response = client_for(Role.MANAGER).get(ministry.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "stance-champion" in html.split("Assessment history")[0]
        assert "Ana Velmar" in html
        assert "Regional Directorate" in html
        assert "Briefing on the VPs" in html

    def test_hidden_detail_is_404_not_403_for_unknown_ids(self, client_for):
        response = client_for(Role.SECURITY).get("/stakeholders/999999/")
        assert response.status_code == 404

    def test_filters_and_sorting(self, client_for):
        OrganisationFactory(name="Alpha Police", sector="police")
        OrganisationFactory(name="Beta Ministry", sector="ministry")
        client = client_for(Role.SECURITY)
        response = client.get("/stakeholders/", {"sector": "police"})
        assert [s.name for s in response.context["object_list"]] == ["Alpha Police"]
        response = client.get("/stakeholders/", {"ordering": "-name"})
        assert [s.name for s in response.context["object_list"]][:2] == ["Beta Ministry", "Alpha Police"]
        response = client.get("/stakeholders/", {"q": "beta"})
        assert [s.name for s in response.context["object_list"]] == ["Beta Ministry"]

    def test_bad_filter_value_shows_error_not_500(self, client_for):
        response = client_for(Role.SECURITY).get("/stakeholders/", {"sector": "pirates", "jurisdiction": "x"})
        assert response.status_code == 200
        assert response.context["filterset"].errors
        assert list(response.context["object_list"]) == []

    def test_delete_refused_while_offices_refer_to_it(self, client_for):
        position = PositionFactory()
        response = client_for(Role.SECURITY).post(f"/stakeholders/{position.organisation_id}/delete/")
        assert response.status_code == 409
        assert Stakeholder.objects.filter(pk=position.organisation_id).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(PAGE_READERS))
def test_start_page_registry_panel_counts_overdue_reviews_up_to_the_list_cap(client_for, role, monkeypatch):
    """The start page counts current assessments overdue for review as the list pages count rows: exactly up
    to the cap, "more than" beyond it (a million assessments would otherwise cost every visit half a second)."""
    for _ in range(3):
        AssessmentFactory(assessed_on=datetime.date(2019, 6, 1), review_due_on=datetime.date(2020, 1, 1))
    AssessmentFactory(review_due_on=datetime.date(2999, 1, 1))
    client = client_for(role)
    panel = next(p for p in client.get("/").context["panels"] if p.title == "Stakeholder registry")
    assert (panel.context["overdue_reviews"], panel.context["overdue_reviews_capped"]) == (3, False)
    assert "<strong>3</strong> current assessments overdue for review" in client.get("/").content.decode()
    monkeypatch.setattr("stakeholders.panels.COUNT_CAP", 2)
    html = client.get("/").content.decode()
    assert "<strong>more than 2</strong> current assessments overdue for review" in html


@pytest.mark.django_db
def test_delete_refused_by_the_service_answers_409_with_its_reason(client_for, monkeypatch):
    """A service's refusal (``ValidationError``) is a 409 page with the reason on every app's delete page (the
    base ``ObjectDeleteView``), not only where a model refuses today; the record stays."""
    from django.core.exceptions import ValidationError

    from stakeholders.views import StakeholderDeleteView

    def refuse(*, actor, instance):
        raise ValidationError("Stakeholders named in an open agreement cannot be deleted.")

    monkeypatch.setattr(StakeholderDeleteView, "delete_service", refuse)
    organisation = OrganisationFactory()
    response = client_for(Role.SECURITY).post(f"/stakeholders/{organisation.pk}/delete/")
    assert response.status_code == 409
    assert "Stakeholders named in an open agreement cannot be deleted." in response.content.decode()
    assert Stakeholder.objects.filter(pk=organisation.pk).exists()
