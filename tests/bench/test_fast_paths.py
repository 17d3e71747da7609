"""The API's fast paths write exactly what DRF would: planned reading, to-many ids loaded with the rows, and
role permissions cached across requests (and dropped as soon as a role changes)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from shrhub.forms import style
from shrhub.roles import Role
from stakeholders.api import views
from stakeholders.models import MandateArea, VulnerableGroup
from tests.helpers.suites import if_match
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    RelationshipFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("stakeholders", views.StakeholderViewSet),
    ("engagements", views.EngagementViewSet),
    ("assessments", views.AssessmentViewSet),
    ("positions", views.PositionViewSet),
    ("tenures", views.TenureViewSet),
    ("relationships", views.RelationshipViewSet),
    ("mapping-rounds", views.MappingRoundViewSet),
]


@pytest.fixture
def registry(users):
    ministry = OrganisationFactory(name="Ministry of Mines", mandate="Licensing.", short_name="MoM")
    ministry.mandate_areas.set(MandateArea.objects.all())
    ministry.vulnerable_groups.set(VulnerableGroup.objects.all()[:2])
    ministry.cleared_users.set([users[Role.INTEGRATION], users[Role.COMMUNITY]])
    hidden = OrganisationFactory(name="Hidden Office")
    hidden.confidentiality = "confidential"
    hidden.save()
    AssessmentFactory(stakeholder=ministry, stance="spoiler", mapping_round=MappingRoundFactory())
    engagement = EngagementFactory(stakeholders=[ministry, hidden, PersonFactory()])
    engagement.company_participants.set([users[Role.SECURITY]])
    TenureFactory()
    RelationshipFactory(source=ministry)


def drf_writes(viewset, instance, user) -> dict:
    """What DRF's own ``Serializer.to_representation`` writes for ``instance`` (no planning, no loaded ids)."""
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    serializer = viewset.serializer_class(instance, context={"request": request})
    return json.loads(JSONRenderer().render(serializers.Serializer.to_representation(serializer, instance)))


@pytest.mark.parametrize(("prefix", "viewset"), ENDPOINTS)
@pytest.mark.parametrize("role", [Role.SECURITY, Role.INTEGRATION])
def test_lists_and_details_write_what_drf_writes(api_client_for, users, registry, prefix, viewset, role):
    client, user = api_client_for(role), users[role]
    listed = client.get(f"/api/v1/{prefix}/").json()["results"]
    assert listed
    # As a prefetch loads them: every prefetched relation, in its order (the ids' order is part of the answer and
    # must not depend on how the database happens to return a link table), visible records only for visible_many.
    prefetches = [viewset.related_prefetch(name, user) for name in (*viewset.prefetch, *viewset.visible_many)]
    visible = viewset.selector(user=user).prefetch_related(*prefetches)
    for row in listed:
        instance = visible.get(pk=row["id"])
        assert row == drf_writes(viewset, instance, user), prefix
        assert client.get(f"/api/v1/{prefix}/{row['id']}/").json() == row


def test_to_many_ids_leave_out_records_the_user_may_not_see(api_client_for, registry):
    listed = api_client_for(Role.INTEGRATION).get("/api/v1/engagements/").json()["results"]
    names = {s.pk: s.name for s in OrganisationFactory._meta.model.objects.all()}
    assert [names[pk] for pk in listed[0]["stakeholders"]] != []
    assert "Hidden Office" not in [names[pk] for pk in listed[0]["stakeholders"]]


def test_a_role_change_takes_effect_on_the_next_request(api_client_for, users):
    client = api_client_for(Role.COMMUNITY)
    assert client.get("/api/v1/stakeholders/").status_code == 200  # permissions now cached
    user = users[Role.COMMUNITY]
    user.groups.remove(Group.objects.get(name=Role.COMMUNITY))
    assert client.get("/api/v1/stakeholders/").status_code == 403
    user.groups.add(Group.objects.get(name=Role.COMMUNITY))
    assert client.get("/api/v1/stakeholders/").status_code == 200


def test_a_group_permission_change_takes_effect_on_the_next_request(client_for):
    client = client_for(Role.COMMUNITY)
    assert client.get("/stakeholders/").status_code == 200
    group = Group.objects.get(name=Role.COMMUNITY)
    kept = list(group.permissions.all())
    group.permissions.set([p for p in kept if p.codename != "view_stakeholder"])
    assert client.get("/stakeholders/").status_code == 403
    group.permissions.set(kept)
    assert client.get("/stakeholders/").status_code == 200


@pytest.mark.parametrize("path", ["/stakeholders/", "/engagements/", "/assessments/", "/positions/"])
def test_filter_forms_render_their_selects_as_django_does(client_for, registry, path):
    response = client_for(Role.SECURITY).get(path, {"sector": "police", "kind": "meeting"})
    fast = response.context["filterset"].form
    plain = type(fast)(fast.data)  # the same form, with Django's template-drawn widgets
    for field in plain.fields.values():
        style(field)  # as the list view styles its filter form
    for name in fast.fields:
        assert str(fast[name]) == str(plain[name]), name


def test_to_many_ids_come_in_one_order_whichever_path_loads_them(api_client_for, users):
    """Named users added newest first: the list and detail (ids loaded with the rows), the write answer (a
    prefetch) and a re-read all list them in the same order, whatever order the link table returns."""
    stakeholder = OrganisationFactory()
    named = sorted([users[Role.COMMUNITY].pk, users[Role.MANAGER].pk])
    for pk in reversed(named):
        stakeholder.cleared_users.add(pk)
    client = api_client_for(Role.ADMINISTRATOR)
    url = f"/api/v1/stakeholders/{stakeholder.pk}/"
    assert client.get(url).json()["cleared_users"] == named
    assert client.get("/api/v1/stakeholders/").json()["results"][0]["cleared_users"] == named
    written = client.patch(url, {"short_name": "Renamed"}, format="json", **if_match(client, url))
    assert written.status_code == 200, written.content
    assert written.json()["cleared_users"] == named
