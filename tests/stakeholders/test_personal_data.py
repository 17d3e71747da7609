"""Erasing a person removes their personal data everywhere, history included; exporting gives all of it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from shrhub.models import AccessLog
from shrhub.roles import Role
from stakeholders import services
from stakeholders.models import Assessment, Stakeholder, Tenure
from tests.helpers.roles import ANONYMOUS, EVERYONE

from .factories import AssessmentFactory, EngagementFactory, PersonFactory, PositionFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

NAME = "Zorava Quillentine"


@pytest.fixture
def person(make_user):
    actor = make_user(Role.SECURITY)
    person = PersonFactory(name=NAME, email="zq@example.org", phone="+000 222", languages="Varantian")
    services.stakeholder_update(actor=actor, instance=person, description=f"{NAME} chairs the council.")
    AssessmentFactory(stakeholder=person, notes=f"{NAME} opposes the VPs.", stance="spoiler")
    position = PositionFactory(title="Provincial Governor")
    Tenure.objects.create(position=position, holder=person, started_on="2024-01-01", notes=f"{NAME} appointed")
    RelationshipFactory(source=person, notes=f"{NAME} is close to the commander")
    EngagementFactory(stakeholders=[person], title="Courtesy visit")
    return person


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_export_holds_everything_about_the_person(client_for, person):
    response = client_for(Role.ADMINISTRATOR).get(f"/stakeholders/{person.pk}/personal-data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["email"] == "zq@example.org"
    assert data["assessments"][0]["stance"] == "spoiler"
    assert data["offices"][0]["position"].startswith("Provincial Governor")
    assert data["relationships"][0]["notes"].startswith(NAME)
    assert data["engagements"][0]["title"] == "Courtesy visit"
    assert len(data["profile_history"]) >= 2
    assert AccessLog.objects.filter(action="export", object_id=str(person.pk)).exists()


def test_erasure_removes_the_name_from_the_whole_database_and_keeps_the_office(client_for, person, users):
    assert NAME in dump()
    response = client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{person.pk}/erase/")
    assert response.status_code == 302
    everything = dump()
    assert NAME not in everything
    assert "zq@example.org" not in everything
    assert "Varantian" not in everything
    person.refresh_from_db()
    assert person.name == f"Erased person {person.pk}"
    assert Tenure.objects.filter(holder=person, position__title="Provincial Governor").exists()
    assert not Assessment.objects.filter(stakeholder=person).exists()
    assert person.engagements.count() == 1
    log = AccessLog.objects.get(action="erase")
    assert log.user == users[Role.ADMINISTRATOR]
    assert log.object_id == str(person.pk)


@pytest.mark.parametrize("role", EVERYONE)
def test_only_administrators_export_or_erase(client_for, person, role):
    client = client_for(role)
    export = client.get(f"/stakeholders/{person.pk}/personal-data/")
    erase = client.post(f"/stakeholders/{person.pk}/erase/")
    if role == Role.ADMINISTRATOR:
        assert export.status_code == 200
        assert erase.status_code == 302
    else:
        expected = 302 if role == ANONYMOUS else 403
        assert export.status_code == expected
        assert erase.status_code == expected
        assert Stakeholder.objects.get(pk=person.pk).name == NAME


def test_organisations_cannot_be_erased(client_for):
    org = PositionFactory().organisation
    assert client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{org.pk}/erase/").status_code == 404
