"""Documents on records (issue 17, "Documents on records"): a file is kept only when its content is an accepted
kind and size, under a random name in the attachments storage; it reaches only those who may see it and its
record, always as a download; it goes with its row, however the row goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from documents.files import inspect, safe_name
from documents.models import Attachment
from documents.services import attachment_create
from shrhub.models import AccessLog
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory, PersonFactory

from .factories import PDF, PNG, AttachmentFactory

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = Path(storages["attachments"].location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def _empty_storage():
    root = Path(storages["attachments"].location)
    for path in root.rglob("*"):
        if path.is_file():
            path.unlink()


def upload(client, record_field: str, record, name: str, content: bytes, **fields):
    data = {record_field: record.pk, "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("documents:attachment_add"), data)


# Adding --------------------------------------------------------------------------------------------------------


def test_a_contributor_adds_a_document_from_the_record_page_and_returns_there(client_for, users):
    engagement = EngagementFactory()
    client = client_for(Role.COMMUNITY)
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert 'id="documents"' in page and 'enctype="multipart/form-data"' in page
    response = upload(client, "engagement", engagement, "Signed minutes 12 May.pdf", PDF, title="Signed minutes")
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    document = Attachment.objects.get()
    assert (document.engagement, document.title, document.uploaded_by) == (
        engagement,
        "Signed minutes",
        users[Role.COMMUNITY],
    )
    assert (document.extension, document.media_type, document.size) == ("pdf", "application/pdf", len(PDF))
    assert document.original_name == "Signed_minutes_12_May.pdf"
    [stored] = stored_files()
    assert "minutes" not in stored and stored.endswith(".pdf")  # nothing of the user's name reaches the storage
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Signed minutes" in page and document.download_url() in page


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "not accepted"),
        ("report.pdf", b"PK\x03\x04" + b"\x00" * 100, "not accepted"),
        ("drawing.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "not accepted"),
        ("notes.txt", b"plain\x00text with a NUL byte", "not accepted"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_file_is_judged_by_its_content_and_a_refused_one_leaves_nothing(client_for, name, content, why):
    engagement = EngagementFactory()
    response = upload(client_for(Role.COMMUNITY), "engagement", engagement, name, content)
    assert response.status_code == 400
    assert why in response.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit(client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 20
    response = upload(client_for(Role.COMMUNITY), "engagement", EngagementFactory(), "minutes.pdf", PDF)
    assert response.status_code == 400
    assert "documents may be at most 20" in response.content.decode()
    assert stored_files() == []


def test_accepted_kinds_are_read_from_the_content_whatever_the_name():
    assert inspect(SimpleUploadedFile("x.exe", PNG), len(PNG)).extension == "png"
    text = "Procès-verbal de la réunion\n".encode()
    assert inspect(SimpleUploadedFile("x.bin", text), len(text)).media_type == "text/plain"
    with pytest.raises(ValidationError):
        inspect(SimpleUploadedFile("x.txt", b"\xff\xfe\xfa broken"), 9)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\amina\\MoU draft.PDF", "MoU_draft.pdf"),
        ("report.pdf.exe", "report.pdf.pdf"),
        ("\x00\x1b.htaccess", "htaccess.pdf"),
        ("...", "document.pdf"),
    ],
)
def test_file_names_are_made_safe_and_end_in_the_content_s_kind(given, kept):
    assert safe_name(given, "pdf") == kept


def test_a_document_needs_exactly_one_record_and_one_the_uploader_may_see(client_for, users):
    response = client_for(Role.COMMUNITY).post(
        reverse("documents:attachment_add"), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 400
    assert "Open the record the document belongs to" in response.content.decode()
    hidden = EngagementFactory(confidentiality="restricted")
    response = upload(client_for(Role.COMMUNITY), "engagement", hidden, "a.pdf", PDF)
    assert response.status_code == 400 and not Attachment.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttachmentFactory(stakeholder=OrganisationFactory())  # on an engagement and a stakeholder at once


def test_integration_accounts_cannot_add_documents(client_for):
    response = upload(client_for(Role.INTEGRATION), "engagement", EngagementFactory(), "a.pdf", PDF)
    assert response.status_code in (302, 403)
    assert not Attachment.objects.exists()


# Reading -------------------------------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_the_content_s_type_and_the_safe_name(client_for, users):
    document = attachment_create(
        actor=users[Role.SECURITY],
        record=EngagementFactory(),
        file=SimpleUploadedFile("MoU <final>.pdf", PDF),
    )
    response = client_for(Role.COMMUNITY).get(document.download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="MoU_final.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_a_document_hides_with_its_record_and_by_its_own_stricter_level(client_for):
    on_hidden = AttachmentFactory(engagement=EngagementFactory(confidentiality="restricted"), title="Militia MoU")
    stricter = AttachmentFactory(confidentiality="restricted", title="Informant statement")
    shown = AttachmentFactory(engagement=stricter.engagement, title="Press clipping")
    community, security = client_for(Role.COMMUNITY), client_for(Role.SECURITY)
    for document in (on_hidden, stricter):
        assert community.get(document.download_url()).status_code == 404
        assert community.get(document.get_absolute_url()).status_code == 404
        assert security.get(document.download_url()).status_code == 200
    assert community.get(shown.download_url()).status_code == 200
    page = community.get(stricter.engagement.get_absolute_url()).content.decode()
    assert "Press clipping" in page and "Informant statement" not in page
    listing = community.get(reverse("documents:attachment_list")).content.decode()
    assert "Press clipping" in listing and "Militia MoU" not in listing and "Informant statement" not in listing


def test_downloading_a_sensitive_document_is_logged(client_for, users):
    document = AttachmentFactory(confidentiality="restricted")
    client_for(Role.SECURITY).get(document.download_url())
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (entry.user, entry.model, entry.object_id) == (
        users[Role.SECURITY],
        "documents.attachment",
        str(document.pk),
    )
    client_for(Role.SECURITY).get(AttachmentFactory().download_url())  # internal, on an internal record
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    document = AttachmentFactory()
    response = client.get(document.download_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_record_s_documents_cost_the_same_queries_for_few_and_many(client_for):
    engagement = EngagementFactory()
    client = client_for(Role.COMMUNITY)
    assert_constant_queries(
        lambda n: [AttachmentFactory(engagement=engagement) for _ in range(n)],
        lambda: client.get(engagement.get_absolute_url()),
    )


def test_the_documents_list_costs_the_same_queries_for_few_and_many(client_for):
    client = client_for(Role.COMMUNITY)
    assert_constant_queries(
        lambda n: [AttachmentFactory(confidentiality="internal") for _ in range(n)],
        lambda: client.get(reverse("documents:attachment_list")),
    )


@pytest.mark.parametrize(
    "factory_name",
    ["stakeholder", "meeting", "agreement", "adoption", "risk", "national_law", "action_plan"],
)
def test_every_kind_of_record_shows_its_documents(client_for, factory_name):
    record = RECORDS[factory_name]()
    document = AttachmentFactory(engagement=None, **{factory_name: record}, title="Evidence on file")
    page = client_for(Role.ADMINISTRATOR).get(record.get_absolute_url()).content.decode()
    assert "Evidence on file" in page and document.download_url() in page
    assert client_for(Role.ADMINISTRATOR).get(document.get_absolute_url()).status_code == 200


def test_integrations_read_documents_and_their_files_through_the_api(api_client_for):
    shown = AttachmentFactory(title="Signed MoU")
    hidden = AttachmentFactory(title="Informant statement", confidentiality="restricted")
    api = api_client_for(Role.INTEGRATION)
    listing = api.get(reverse("attachment-list")).json()["results"]
    assert [row["title"] for row in listing] == ["Signed MoU"]
    row = listing[0]
    assert (row["engagement"], row["extension"], row["media_type"]) == (shown.engagement_id, "pdf", "application/pdf")
    assert row["download"] == f"http://testserver{reverse('attachment-download', args=[shown.pk])}"
    response = api.get(row["download"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert api.get(reverse("attachment-download", args=[hidden.pk])).status_code == 404
    assert api.delete(reverse("attachment-detail", args=[shown.pk])).status_code == 403
    administrator = api_client_for(Role.ADMINISTRATOR)
    assert administrator.delete(reverse("attachment-detail", args=[shown.pk])).status_code == 405  # read-only API
    assert Attachment.objects.filter(pk=shown.pk).exists()


# Changing and removing ----------------------------------------------------------------------------------------


def test_editing_changes_what_the_document_is_not_its_file(client_for):
    document = AttachmentFactory()
    client = client_for(Role.COMMUNITY)
    response = client.post(
        reverse("documents:attachment_edit", args=[document.pk]),
        {"title": "MoU, signed", "dated": "2026-05-12", "confidentiality": "internal", "version": document.version},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, str(document.dated)) == ("MoU, signed", "2026-05-12")


def test_deleting_a_document_removes_its_file_once_the_deletion_commits(
    client_for, users, django_capture_on_commit_callbacks
):
    engagement = EngagementFactory()
    document = attachment_create(actor=users[Role.SECURITY], record=engagement, file=SimpleUploadedFile("a.pdf", PDF))
    assert len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(Role.SECURITY).post(reverse("documents:attachment_delete", args=[document.pk]))
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert stored_files() == []


def test_deleting_the_record_removes_its_documents_and_their_files(
    django_capture_on_commit_callbacks, client_for, users
):
    engagement = EngagementFactory()
    attachment_create(actor=users[Role.SECURITY], record=engagement, file=SimpleUploadedFile("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        engagement.delete()
    assert not Attachment.objects.exists() and stored_files() == []


def test_erasing_a_person_removes_the_documents_on_their_record(client_for, users, django_capture_on_commit_callbacks):
    from stakeholders.personal_data import person_erase

    person = PersonFactory(name="Amina Diallo")
    attachment_create(actor=users[Role.SECURITY], record=person, file=SimpleUploadedFile("id card.png", PNG))
    kept = attachment_create(
        actor=users[Role.SECURITY], record=EngagementFactory(), file=SimpleUploadedFile("a.pdf", PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(actor=users[Role.ADMINISTRATOR], person=person, reason="Request of 1 December")
    assert list(Attachment.objects.all()) == [kept]
    assert not Attachment.history.filter(stakeholder_id=person.pk).exists()
    assert len(stored_files()) == 1


RECORDS = {}


def _records() -> None:
    from tests.analysis.factories import CoordinationRiskFactory
    from tests.analysis.legal_factories import ActionPlanFactory, NationalLawFactory
    from tests.commitments.factories import AgreementFactory
    from tests.practices.factories import AdoptionFactory
    from tests.workinggroups.factories import HeldMeetingFactory

    RECORDS.update(
        stakeholder=OrganisationFactory,
        meeting=HeldMeetingFactory,
        agreement=AgreementFactory,
        adoption=AdoptionFactory,
        risk=CoordinationRiskFactory,
        national_law=NationalLawFactory,
        action_plan=ActionPlanFactory,
    )


_records()
