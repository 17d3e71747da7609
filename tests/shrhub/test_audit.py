"""The audit trail: who changed which fields, from services, the API, the admin and commands alike."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from shrhub.audit import history_entries
from shrhub.roles import Role
from shrhub.services import StaleVersion
from stakeholders import services
from stakeholders.models import InformationSource, Stakeholder
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory

from .factories import NationalFactory

pytestmark = pytest.mark.django_db


def test_one_entry_per_save_with_changed_fields_and_m2m(make_user):
    actor = make_user(Role.SECURITY)
    stakeholder = services.stakeholder_create(
        actor=actor,
        kind="organisation",
        name="Ministry of Mines",
        sector="ministry",
        level="national",
        jurisdiction=NationalFactory(),
    )
    assessment = services.assessment_create(
        actor=actor,
        stakeholder=stakeholder,
        assessed_on=datetime.date(2026, 1, 1),
        stance="neutral",
        influence=3,
        interest=3,
        sources=list(InformationSource.objects.filter(code__in=["security", "legal"])),
    )
    services.assessment_update(
        actor=actor,
        instance=assessment,
        stance="champion",
        sources=list(InformationSource.objects.filter(code="legal")),
    )
    entries = history_entries(assessment)
    assert [e.action for e in entries] == ["changed", "created"]
    changed = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert changed["stance"] == ("neutral", "champion")
    old_sources, new_sources = changed["sources"]
    assert [s.label for s in old_sources] == ["Legal", "Security"]
    assert [s.label for s in new_sources] == ["Legal"]
    assert actor.get_full_name()  # make_user gives a first name: the entry names the person, not the login
    assert entries[0].user == actor.get_full_name()


def test_delete_is_recorded_with_author(make_user):
    actor = make_user(Role.ADMINISTRATOR)
    stakeholder = OrganisationFactory()
    pk = stakeholder.pk
    services.stakeholder_delete(actor=actor, instance=stakeholder)
    last = Stakeholder.history.filter(id=pk).order_by("-history_id").first()
    assert last.history_type == "-"
    assert last.history_user == actor


def test_admin_changes_are_audited(client_for, users):
    stakeholder = OrganisationFactory(name="Old name")
    client = client_for(Role.ADMINISTRATOR)
    users[Role.ADMINISTRATOR].is_superuser = True
    users[Role.ADMINISTRATOR].save()
    response = client.get(f"/admin/stakeholders/stakeholder/{stakeholder.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(name="New name", mandate_areas=[], vulnerable_groups=[])
    response = client.post(f"/admin/stakeholders/stakeholder/{stakeholder.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    last = stakeholder.history.order_by("-history_id").first()
    assert last.name == "New name"
    assert last.history_user == users[Role.ADMINISTRATOR]


def test_stale_version_is_refused_and_nothing_written(make_user):
    actor = make_user(Role.SECURITY)
    stakeholder = OrganisationFactory(name="Before")
    services.stakeholder_update(actor=actor, instance=Stakeholder.objects.get(pk=stakeholder.pk), name="First")
    with pytest.raises(StaleVersion):
        services.stakeholder_update(actor=actor, instance=stakeholder, expected_version=1, name="Second")
    assert Stakeholder.objects.get(pk=stakeholder.pk).name == "First"


def test_invalid_write_raises_field_errors_and_writes_nothing(make_user):
    actor = make_user(Role.SECURITY)
    before = Stakeholder.objects.count()
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(
            actor=actor, kind="organisation", name="", sector="x", level="national", jurisdiction=NationalFactory()
        )
    assert {"name", "sector"} <= set(error.value.message_dict)
    assert Stakeholder.objects.count() == before


def test_history_api_shows_changes(api_client_for, make_user):
    assessment = AssessmentFactory()
    response = api_client_for(Role.MANAGER).get(f"/api/v1/assessments/{assessment.pk}/history/")
    assert response.status_code == 200
    assert response.json()[-1]["action"] == "created"
    assert response.json()[-1]["changes"]
