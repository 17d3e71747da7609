"""Who a record may name is one rule (``shrhub.selectors.assignable_users``), applied alike by every service,
form, serializer and filter (issue 12): an owner, lead, participant or staff member is an active account of
someone who uses the pages; a user named on a confidential record is any active account."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices import services as adoptions
from shrhub.roles import Role
from shrhub.selectors import assignable_users
from stakeholders import services as registry
from tests.practices.factories import AdoptionFactory, PracticeFactory
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory
from tests.workinggroups.factories import HeldMeetingFactory
from workinggroups import services as groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    """An active page user, an inactive one, and an API-only integration account."""
    return {
        "active": make_user(Role.COMMUNITY, last_name="Ana"),
        "inactive": make_user(Role.COMMUNITY, last_name="Ivo", is_active=False),
        "integration": make_user(Role.INTEGRATION, last_name="Feed"),
    }


def test_the_rule(people):
    assignees = set(assignable_users())
    assert people["active"] in assignees
    assert people["inactive"] not in assignees
    assert people["integration"] not in assignees
    grants = set(assignable_users(access_only=True))
    assert {people["active"], people["integration"]} <= grants
    assert people["inactive"] not in grants
    assert people["inactive"] in set(assignable_users(keep=[people["inactive"].pk]))


@pytest.mark.parametrize("who", ["inactive", "integration"])
def test_services_refuse_an_assignee_outside_the_rule(people, users, who):
    actor, user = users[Role.MANAGER], people[who]
    with pytest.raises(ValidationError) as caught:
        groups.actionitem_create(
            actor=actor,
            meeting=HeldMeetingFactory(),
            description="Share the patrol schedule",
            due_on=datetime.date(2026, 4, 1),
            owner_user=user,
        )
    assert "owner_user" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        adoptions.adoption_create(
            actor=actor, practice=PracticeFactory(), jurisdiction=NationalFactory(), status="planned", owner=user
        )
    assert "owner" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        registry.engagement_create(
            actor=actor,
            occurred_on=datetime.date(2026, 3, 1),
            kind="meeting",
            title="Courtesy visit",
            jurisdiction=NationalFactory(),
            stakeholders=[OrganisationFactory()],
            company_participants=[user],
        )
    assert "company_participants" in caught.value.message_dict


def test_a_grant_of_access_may_name_an_integration_but_not_an_inactive_account(people, users):
    actor = users[Role.ADMINISTRATOR]
    ministry = registry.stakeholder_create(
        actor=actor,
        name="Ministry of Mines",
        sector="ministry",
        level="national",
        jurisdiction=NationalFactory(),
        confidentiality="confidential",
        cleared_users=[people["integration"]],
    )
    assert people["integration"] in ministry.cleared_users.all()
    with pytest.raises(ValidationError) as caught:
        registry.stakeholder_update(actor=actor, instance=ministry, cleared_users=[people["inactive"]])
    assert "cleared_users" in caught.value.message_dict


def test_a_user_the_record_already_names_stays_when_they_leave(people, users):
    adoption = AdoptionFactory(owner=people["active"])
    people["active"].is_active = False
    people["active"].save()
    adoption = adoptions.adoption_update(
        actor=users[Role.MANAGER], instance=adoption, owner=people["active"], notes="still theirs"
    )
    assert adoption.notes == "still theirs"
    form = adoption_form(users, adoption)
    assert people["active"] in form.fields["owner"].queryset


def adoption_form(users, adoption):
    from practices.forms import AdoptionForm

    return AdoptionForm(instance=adoption, user=users[Role.MANAGER])


def test_the_form_and_the_api_refuse_what_the_service_refuses(people, client_for, api_client_for):
    inactive = people["inactive"]
    page = client_for(Role.ADMINISTRATOR).post(
        reverse("stakeholders:stakeholder_add"),
        {
            "kind": "organisation",
            "name": "Bureau of Permits",
            "sector": "ministry",
            "level": "national",
            "jurisdiction": NationalFactory().pk,
            "confidentiality": "restricted",
            "cleared_users": [inactive.pk],
        },
    )
    assert page.status_code == 400
    assert "cleared_users" in page.context["form"].errors
    api = api_client_for(Role.ADMINISTRATOR).post(
        "/api/v1/stakeholders/",
        {
            "kind": "organisation",
            "name": "Bureau of Permits",
            "sector": "ministry",
            "level": "national",
            "jurisdiction": NationalFactory().pk,
            "cleared_users": [inactive.pk],
        },
        format="json",
    )
    assert api.status_code == 400
    assert "cleared_users" in api.json()
    integration = people["integration"]
    action_page = client_for(Role.COMMUNITY).get(reverse("workinggroups:actionitem_add"))
    offered = set(action_page.context["form"].fields["owner_user"].queryset)
    assert integration not in offered and inactive not in offered and people["active"] in offered
    adoption_api = api_client_for(Role.MANAGER).post(
        reverse("adoption-list"),
        {
            "practice": PracticeFactory().key,
            "jurisdiction": NationalFactory().pk,
            "status": "planned",
            "owner": integration.pk,
        },
        format="json",
    )
    assert adoption_api.status_code == 400
    assert "owner" in adoption_api.json()
