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
REASON = "Data subject's request of 2 December"


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
    registry = data["stakeholders"]
    assert registry["assessments"][0]["stance"] == "spoiler"
    assert registry["offices"][0]["position"].startswith("Provincial Governor")
    assert registry["relationships"][0]["notes"].startswith(NAME)
    assert registry["engagements"][0]["title"] == "Courtesy visit"
    assert len(registry["profile_history"]) >= 2
    assert AccessLog.objects.filter(action="export", object_id=str(person.pk)).exists()


def test_erasure_removes_the_name_from_the_whole_database_and_keeps_the_office(client_for, person, users):
    assert NAME in dump()
    response = client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON})
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
    assert log.detail == REASON


@pytest.mark.parametrize("role", EVERYONE)
def test_only_administrators_export_or_erase(client_for, person, role):
    client = client_for(role)
    export = client.get(f"/stakeholders/{person.pk}/personal-data/")
    erase = client.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON})
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
    assert client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{org.pk}/erase/", {"reason": REASON}).status_code == 404


# Free text, redaction, the erasure page -------------------------------------------------------------------------


@pytest.fixture
def mentioned(person, make_user):
    """An engagement whose summary names the person in one version of three."""
    actor = make_user(Role.SECURITY)
    engagement = EngagementFactory(stakeholders=[person], title="Site visit")
    services.engagement_update(actor=actor, instance=engagement, summary="Walked the fence line.")
    services.engagement_update(actor=actor, instance=engagement, summary=f"Walked the fence line with {NAME.upper()}.")
    return engagement


def test_erasure_waits_for_free_text_to_be_redacted(client_for, person, mentioned):
    admin = client_for(Role.ADMINISTRATOR)
    page = admin.get(f"/stakeholders/{person.pk}/erase/")
    redact_url = f"/stakeholders/{person.pk}/erase/redact/stakeholders.engagement/{mentioned.pk}/"
    assert redact_url.encode() in page.content
    assert mentioned.get_absolute_url().encode() in page.content
    assert b"erasure-summary" in page.content and b"assessments (deleted, with their history)" in page.content
    response = admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON})
    assert response.status_code == 409
    assert Stakeholder.objects.get(pk=person.pk).name == NAME
    assert not AccessLog.objects.filter(action="erase").exists()


def test_redaction_replaces_only_the_versions_that_named_the_person(client_for, person, mentioned, users):
    admin = client_for(Role.ADMINISTRATOR)
    url = f"/stakeholders/{person.pk}/erase/redact/stakeholders.engagement/{mentioned.pk}/"
    assert NAME.upper().encode() in admin.get(url).content
    still = admin.post(url, {"summary": f"Walked the fence line with {NAME.lower()}."})
    assert still.status_code == 400
    assert admin.post(url, {"summary": "Walked the fence line with the chair."}).status_code == 302
    summaries = list(mentioned.history.order_by("history_id").values_list("summary", flat=True))
    assert summaries[-1] == "Walked the fence line with the chair."
    assert "Walked the fence line." in summaries  # a version that did not name them keeps its text
    assert not any(NAME.lower() in s.lower() for s in summaries)
    latest = mentioned.history.order_by("-history_id").first()
    assert latest.history_user == users[Role.ADMINISTRATOR]
    assert latest.history_change_reason == "redacted for a personal-data erasure"
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 302


def test_the_reason_is_required_and_must_not_name_the_person(client_for, person):
    admin = client_for(Role.ADMINISTRATOR)
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": " "}).status_code == 400
    assert admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": f"{NAME} asked"}).status_code == 400
    assert Stakeholder.objects.get(pk=person.pk).name == NAME


def test_redaction_page_refuses_records_that_hold_no_declared_text(client_for, person):
    admin = client_for(Role.ADMINISTRATOR)
    assert admin.get(f"/stakeholders/{person.pk}/erase/redact/shrhub.apitoken/1/").status_code == 404
    assert admin.get(f"/stakeholders/{person.pk}/erase/redact/stakeholders.engagement/999999/").status_code == 404


def test_every_app_declares_its_part():
    from shrhub.registry import personal_data_handlers

    handlers = {h.name: h for h in personal_data_handlers()}
    assert {"stakeholders", "workinggroups", "practices", "admin log"} <= set(handlers)
    assert personal_data_handlers()[-1].name == "stakeholders"  # renames the person row: runs last
    declared = {s.model._meta.label_lower for h in handlers.values() for s in h.texts}
    assert {"workinggroups.meeting", "workinggroups.guest", "stakeholders.engagement", "practices.adoption"} <= declared


def test_the_admin_sites_log_loses_the_name(client_for, person, users):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    entry = LogEntry.objects.create(
        user=users[Role.ADMINISTRATOR],
        content_type=ContentType.objects.get_for_model(Stakeholder),
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    assert (
        client_for(Role.ADMINISTRATOR).post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 302
    )
    entry.refresh_from_db()
    assert entry.object_repr == f"stakeholder #{person.pk}"


def test_a_record_the_eraser_may_not_see_blocks_without_showing(client, make_user, person):
    """Only administrators hold the permission today; should another role get it, a confidential record that
    names the person is counted (it blocks the erasure) but neither named, linked nor opened."""
    from django.contrib.auth.models import Permission

    secret = EngagementFactory(
        stakeholders=[person], title="Night meeting", summary=f"{NAME} met us", confidentiality="confidential"
    )
    eraser = make_user(Role.SECURITY)
    eraser.user_permissions.add(Permission.objects.get(codename="erase_personal_data"))
    client.force_login(eraser)
    page = client.get(f"/stakeholders/{person.pk}/erase/")
    assert page.status_code == 200
    assert b"A record you may not see" in page.content
    assert b"Night meeting" not in page.content and secret.get_absolute_url().encode() not in page.content
    redact = f"/stakeholders/{person.pk}/erase/redact/stakeholders.engagement/{secret.pk}/"
    assert client.get(redact).status_code == 404
    assert client.post(redact, {"summary": "redacted"}).status_code == 404
    assert client.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON}).status_code == 409


def test_opening_a_confidential_record_to_redact_it_is_logged(client_for, person):
    secret = EngagementFactory(stakeholders=[person], summary=f"{NAME} met us", confidentiality="confidential")
    url = f"/stakeholders/{person.pk}/erase/redact/stakeholders.engagement/{secret.pk}/"
    assert client_for(Role.ADMINISTRATOR).get(url).status_code == 200
    assert AccessLog.objects.filter(action="view", object_id=str(secret.pk), level="confidential").exists()
