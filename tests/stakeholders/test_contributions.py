"""Every corporate function contributes (toolkit 1.1.a: "collect information across different corporate
functions"): community relations and external affairs log engagements and record assessments, published at
once and tagged with the author's function; an author who may not read stance labels neither sees nor wipes
the map's stance."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from shrhub.models import Confidentiality
from shrhub.roles import Role
from stakeholders.models import Assessment, Engagement, InformationSource
from stakeholders.services import assessment_create
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def sources_of(assessment: Assessment) -> set[str]:
    return set(assessment.sources.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("role", "function"),
    [(Role.COMMUNITY, "community-relations"), (Role.EXTERNAL, "government-affairs"), (Role.SECURITY, "security")],
)
def test_an_assessment_names_its_authors_function_among_its_sources(users, role, function):
    stakeholder = OrganisationFactory()
    local_experts = InformationSource.objects.get(code="local-experts")
    assessment = assessment_create(
        actor=users[role],
        stakeholder=stakeholder,
        assessed_on=datetime.date(2026, 5, 1),
        influence=4,
        interest=3,
        sources=[local_experts],
    )
    assert sources_of(assessment) == {"local-experts", function}
    assert assessment.author == users[role]


def test_managers_add_no_function(users):
    assessment = assessment_create(
        actor=users[Role.MANAGER],
        stakeholder=OrganisationFactory(),
        assessed_on=datetime.date(2026, 5, 1),
        influence=2,
        interest=2,
        sources=InformationSource.objects.filter(code="legal"),
    )
    assert sources_of(assessment) == {"legal"}


def test_an_author_who_may_not_read_stances_carries_the_stance_of_their_level(users):
    stakeholder = OrganisationFactory()
    AssessmentFactory(stakeholder=stakeholder, stance="champion", assessed_on=datetime.date(2026, 1, 1))
    AssessmentFactory(
        stakeholder=stakeholder,
        stance="spoiler",
        assessed_on=datetime.date(2026, 2, 1),
        confidentiality=Confidentiality.RESTRICTED,
    )
    assessment = assessment_create(
        actor=users[Role.COMMUNITY],
        stakeholder=stakeholder,
        assessed_on=datetime.date(2026, 5, 1),
        influence=4,
        interest=3,
    )
    # Internal: carried from the latest internal assessment, never from the restricted one above it.
    assert assessment.stance == "champion"
    stakeholder.refresh_from_db()
    assert stakeholder.current_internal_assessment == assessment


def test_the_assessment_form_offers_no_stance_to_those_who_may_not_read_it(client_for):
    community = client_for(Role.COMMUNITY).get(reverse("stakeholders:assessment_add")).content.decode()
    security = client_for(Role.SECURITY).get(reverse("stakeholders:assessment_add")).content.decode()
    assert 'name="stance"' not in community
    assert 'name="stance"' in security


def test_community_relations_records_an_assessment_by_form(client_for, users):
    stakeholder = OrganisationFactory()
    response = client_for(Role.COMMUNITY).post(
        reverse("stakeholders:assessment_add"),
        {
            "stakeholder": stakeholder.pk,
            "assessed_on": "2026-05-02",
            "stance": "spoiler",  # not on their form: ignored
            "influence": "3",
            "interest": "4",
            "confidence": "medium",
            "sources": [InformationSource.objects.get(code="focus-groups").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = Assessment.objects.get(stakeholder=stakeholder)
    assert assessment.stance == "unknown"
    assert sources_of(assessment) == {"focus-groups", "community-relations"}
    assert assessment.author == users[Role.COMMUNITY]


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.EXTERNAL])
def test_other_functions_log_engagements_but_do_not_delete_them(client_for, role):
    stakeholder = OrganisationFactory()
    client = client_for(role)
    response = client.post(
        reverse("stakeholders:engagement_add"),
        {
            "occurred_on": "2026-05-03",
            "kind": "meeting",
            "title": "Courtesy visit to the governor",
            "jurisdiction": NationalFactory().pk,
            "stakeholders": [stakeholder.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    engagement = Engagement.objects.get(title="Courtesy visit to the governor")
    assert client.post(reverse("stakeholders:engagement_delete", args=[engagement.pk])).status_code == 403
    assert Engagement.objects.filter(pk=engagement.pk).exists()
    assert client.get(reverse("stakeholders:assessment_edit", args=[AssessmentFactory().pk])).status_code == 403


def test_through_the_api_a_stance_sent_by_community_relations_is_not_taken(api_client_for, users):
    stakeholder = OrganisationFactory()
    AssessmentFactory(stakeholder=stakeholder, stance="supporter", assessed_on=datetime.date(2026, 1, 1))
    response = api_client_for(Role.COMMUNITY).post(
        reverse("assessment-list"),
        {
            "stakeholder": stakeholder.pk,
            "assessed_on": "2026-05-05",
            "stance": "spoiler",
            "influence": 2,
            "interest": 4,
            "sources": ["local-experts"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "stance" not in response.json()
    created = Assessment.objects.get(pk=response.json()["id"])
    assert created.stance == "supporter"  # carried, not the one sent
    assert sources_of(created) == {"local-experts", "community-relations"}


def test_environment_staff_name_their_own_function(client_for, users):
    """Environment (or legal) staff work under another role's rights and say their function in their
    preferences: their assessments name it instead of the role's."""
    client = client_for(Role.EXTERNAL)
    response = client.post(reverse("preferences"), {"language": "", "time_zone": "", "function": "environment"})
    assert response.status_code == 302
    assessment = assessment_create(
        actor=users[Role.EXTERNAL],
        stakeholder=OrganisationFactory(),
        assessed_on=datetime.date(2026, 5, 1),
        influence=3,
        interest=5,
        sources=[],
    )
    assert sources_of(assessment) == {"environment"}
    bad = client.post(reverse("preferences"), {"language": "", "time_zone": "", "function": "astrology"})
    assert bad.status_code == 400
