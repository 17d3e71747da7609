"""The erasure canary (issue 11, leak 4): a person with a unique name, e-mail and phone is referenced from every
place the product keeps data about people — profile edits, an office, assessments, relationships, engagements
(one deleted since), a working-group seat and its notes, attendance, guest entries (linked and by name), a key
issue they raised, an action their seat owns and its progress, agenda, minutes and an amendment of approved
minutes, each with history from several edits. The administrator redacts every listed free text through the
redaction page, then erases through the erasure page. Afterwards none of the three strings is left:

(a) in the database — on PostgreSQL in a ``pg_dump`` of the test database; on SQLite in every row of every
    table read back with raw SQL, and in the raw database file after a WAL checkpoint (``secure_delete``);
(b) in any page or API response an administrator can GET for the records involved (every route of the
    URLconf whose records exist), nor in the export;
(c) in the search documents (PostgreSQL's generated ``search_vector`` columns, read back; and ``q=`` finds
    nothing on either database).

Each check is first shown to find the strings before the erasure, so that it can fail.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from analysis import legal_services as legal
from commitments import services as commitments
from commitments.advocacy import services as advocacy
from documents.models import Attachment
from documents.services import attachment_create
from shrhub.personal_data import PersonMarks, record_texts
from shrhub.roles import Role
from stakeholders import personal_data
from stakeholders import services as registry
from stakeholders.models import Assessment, Engagement, Stakeholder
from tests.commitments.advocacy_factories import BenefitArgumentFactory
from tests.documents.factories import PNG
from tests.shrhub.factories import LocalityFactory
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory, PersonFactory, PositionFactory
from tests.workinggroups.factories import WorkingGroupFactory, at
from workinggroups import services as groups
from workinggroups.choices import AttendanceStatus, Constituency, MeetingStatus

pytestmark = pytest.mark.django_db(transaction=True)  # committed, so the file and pg_dump hold the data

NAME = "Quorivanne Ţeszlák-Mbeki"
PLAIN = "QUORIVANNE TESZLAK-MBEKI"  # the same name without accents, in capitals: matched too
EMAIL = "q.teszlak.canary@example.invalid"
PHONE = "+999 4417 0231"
PHONE_OTHER_FORMAT = "(999) 4417-0231"
CANARIES = (NAME, PLAIN, EMAIL, PHONE, PHONE_OTHER_FORMAT)
SEARCH_TOKENS = ("quorivan", "teszlak", "ţeszlák", "4417")  # pieces the search documents would keep
REASON = "Data subject's request, ticket 4417-A"  # digits of the phone, but not the phone: allowed
DAY = datetime.date(2026, 3, 2)


def spellings(canary: str) -> set[str]:
    """The canary as stored or sent: as is, HTML-escaped, and JSON-escaped (``\\u0162``)."""
    return {canary, html.escape(canary), json.dumps(canary)[1:-1]}


def canaries_in(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        return [c for c in CANARIES if any(s.encode() in text for s in spellings(c))]
    return [c for c in CANARIES if any(s in text for s in spellings(c))]


def redacted(text: str) -> str:
    """What the administrator writes: the text with the person's name, e-mail and phone taken out."""
    for canary in CANARIES:
        text = re.sub(re.escape(canary), "[redacted]", text, flags=re.IGNORECASE)
    return text


@pytest.fixture
def world(users):
    """The person referenced from everywhere, with history from several edits. Returns (person, ids)."""
    actor = users[Role.ADMINISTRATOR]
    locality = LocalityFactory()
    council = OrganisationFactory(name="Kessa District Council")
    police = OrganisationFactory(name="Kessa Police Command")
    person = PersonFactory(name=NAME, email=EMAIL, phone=PHONE, languages="Varantian", parent=council)
    registry.stakeholder_update(actor=actor, instance=person, description=f"{NAME} chairs the council.")
    registry.stakeholder_update(actor=actor, instance=person, short_name="Q. T.-M.", description="Chairs it.")
    # registry
    position = PositionFactory(organisation=council, title="District Chair")
    tenure = registry.tenure_create(
        actor=actor, position=position, holder=person, started_on=DAY, notes=f"{NAME} elected"
    )
    registry.tenure_update(actor=actor, instance=tenure, notes=f"{NAME} elected unopposed, {PHONE}")
    own = AssessmentFactory(stakeholder=person, notes=f"{NAME} doubts the VPs.", stance="sceptic")
    registry.assessment_update(actor=actor, instance=own, notes=f"{NAME} opposes the VPs ({EMAIL}).")
    other = AssessmentFactory(stakeholder=police, notes=f"Takes orders from {NAME}.")
    registry.assessment_update(actor=actor, instance=other, social_agenda=f"Close to {PLAIN}")
    mine = registry.relationship_create(actor=actor, source=person, target=police, kind="influences", notes=NAME)
    registry.relationship_update(actor=actor, instance=mine, notes=f"{NAME} briefs the commander")
    theirs = registry.relationship_create(
        actor=actor, source=police, target=council, kind="reports_to", notes=f"Through {NAME}"
    )
    common = {"kind": "meeting", "jurisdiction": locality, "occurred_on": DAY}
    visit = registry.engagement_create(
        actor=actor, title="Courtesy visit", stakeholders=[person, council], summary=f"Met {NAME}.", **common
    )
    registry.engagement_update(actor=actor, instance=visit, summary=f"Met {NAME} and {EMAIL} in the hall.")
    registry.engagement_update(actor=actor, instance=visit, outcome="Agreed", follow_ups=f"Call {PHONE_OTHER_FORMAT}")
    gone = registry.engagement_create(
        actor=actor, title=f"Dinner with {NAME}", stakeholders=[council], summary="Informal", **common
    )
    gone_pk = gone.pk
    registry.engagement_delete(actor=actor, instance=gone)
    # working groups
    group = WorkingGroupFactory(jurisdiction=locality)
    seat = groups.membership_create(
        actor=actor, group=group, stakeholder=person, constituency=Constituency.LOCAL_GOVERNMENT, joined_on=DAY
    )
    groups.membership_update(actor=actor, instance=seat, notes=f"{NAME} sits for the council")
    other_seat = groups.membership_create(
        actor=actor, group=group, stakeholder=police, constituency=Constituency.POLICE, joined_on=DAY
    )
    groups.membership_update(actor=actor, instance=other_seat, notes=f"Deputises for {NAME}")
    meeting = groups.meeting_create(
        actor=actor,
        group=group,
        title="Quarterly meeting",
        status=MeetingStatus.HELD,
        starts_at=at(2026, 3, 10),
        agenda=["Welcome", f"Briefing by {NAME}"],
    )
    groups.attendance_create(actor=actor, meeting=meeting, membership=seat, status=AttendanceStatus.PRESENT)
    linked = groups.guest_create(actor=actor, meeting=meeting, name=NAME, stakeholder=person)
    unlinked = groups.guest_create(actor=actor, meeting=meeting, name=PLAIN, organisation="Kessa District Council")
    issue = groups.keyissue_create(actor=actor, meeting=meeting, text=f"{NAME} raised roadblocks", raised_by=person)
    groups.keyissue_update(actor=actor, instance=issue, text=f"{NAME} raised roadblocks at night")
    action = groups.actionitem_create(
        actor=actor,
        group=group,
        meeting=meeting,
        description=f"{NAME} shares the procedure",
        owner_membership=seat,
        due_on=datetime.date(2026, 4, 1),
    )
    groups.actionprogress_create(actor=actor, action=action, note=f"Spoke with {NAME} on {PHONE}")
    groups.meeting_save_minutes(actor=actor, instance=meeting, minutes=f"{NAME} opened.", decisions="None")
    meeting.refresh_from_db()
    groups.meeting_save_minutes(actor=actor, instance=meeting, minutes=f"{NAME} opened; {EMAIL} noted.")
    meeting.refresh_from_db()
    groups.meeting_approve(actor=actor, instance=meeting, expected_version=meeting.version)
    groups.minutes_amend(
        actor=actor, meeting=meeting, reason=f"{NAME} asked", minutes=f"{NAME} opened the meeting; {PHONE}."
    )
    # the case for the VPs, who is kept informed, the legal framework (challenge 1.1.b)
    raised = advocacy.advocacy_save(
        actor=actor,
        engagement=visit,
        agency=person,
        response="interested",
        response_notes=f"{NAME} asked for the incident figures",
        arguments=[
            {"argument": BenefitArgumentFactory(), "wording": f"As {NAME} said, fewer clashes", "response": "welcomed"}
        ],
    )
    advocacy.advocacy_save(actor=actor, instance=raised, response_notes=f"{NAME} ({EMAIL}) asked for the figures")
    advocacy.commitmentassessment_create(
        actor=actor, stakeholder=person, level="supportive", assessed_on=DAY, evidence=f"{NAME} said so"
    )
    commitments.audience_create(
        actor=actor,
        process="in_country",
        country=locality.parent.parent,
        stakeholder=person,
        means="briefing",
        every_days=60,
        notes=f"Brief {NAME} on {PHONE}",
    )
    law = legal.nationallaw_create(
        actor=actor,
        country=locality.parent.parent,
        title="Local Government Act",
        area="human_rights",
        summary=f"Explained to us by {NAME}",
        experts=[person],
    )
    # documents: one on the person's own record (title, file name and content name them), one on the visit
    own_document = attachment_create(
        actor=actor,
        record=person,
        file=SimpleUploadedFile(f"{NAME} statement.txt", f"Statement by {NAME}, {EMAIL}\n".encode()),
        title=f"Statement by {NAME}",
    )
    visit_document = attachment_create(
        actor=actor, record=visit, file=SimpleUploadedFile("photo.png", PNG), title=f"{NAME} at the visit"
    )
    ids = {
        "own_document": own_document.pk,
        "visit_document": visit_document.pk,
        "law": law.pk,
        "tenure": tenure.pk,
        "seat": seat.pk,
        "linked_guest": linked.pk,
        "unlinked_guest": unlinked.pk,
        "meeting": meeting.pk,
        "theirs": theirs.pk,
        "visit": visit.pk,
        "gone": gone_pk,
        "other_assessment": other.pk,
    }
    return person, ids


# The database, the file, the search documents --------------------------------------------------------------------


def database_text() -> str:
    """Every row of every table, read back with raw SQL (SQLite) or ``pg_dump`` (PostgreSQL)."""
    if connection.vendor == "postgresql":
        return pg_dump().decode("utf-8", "replace")
    parts = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                parts.append("\t".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row))
    assert len(tables) > 40
    return "\n".join(parts)


def stored_bytes() -> bytes:
    """Every stored file's content (documents), one after the other."""
    root = Path(storages["attachments"].location)
    return b"\n".join(path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file())


def pg_dump() -> bytes:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
    }
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return subprocess.run(["pg_dump", settings["NAME"]], env=env, check=True, capture_output=True).stdout


def database_file_bytes() -> bytes:
    """The SQLite file (and what is left of its WAL) after a checkpoint that writes the WAL back and empties it."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    name = connection.settings_dict["NAME"]
    data = b""
    for path in (name, f"{name}-wal"):
        if os.path.exists(path):
            with open(path, "rb") as handle:
                data += handle.read()
    return data


def search_documents() -> str:
    """PostgreSQL's stored search documents of every row, as text (their lexemes)."""
    texts = []
    for model in (Stakeholder, Assessment, Engagement):
        texts += model._base_manager.annotate(doc=Cast("search_vector", TextField())).values_list("doc", flat=True)
    return "\n".join(t or "" for t in texts).lower()


def search_hits(api) -> int:
    """Rows the API's ``q=`` finds for the person's surname (ranked documents on PostgreSQL, substrings here)."""
    found = 0
    for things in ("stakeholders", "engagements", "assessments"):
        for word in ("Quorivanne", "Teszlak", EMAIL):
            response = api.get(f"/api/v1/{things}/", {"q": word})
            assert response.status_code == 200, response.content
            found += len(response.json()["results"])
    return found


# Every response -------------------------------------------------------------------------------------------------


def routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, tuple[str, ...], object]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            params = tuple(entry.pattern.regex.groupindex)
            if "format" not in params:
                yield f"{namespace}{entry.name}", params, entry.callback


def route_model(callback):
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    model = getattr(cls, "model", None)
    if model is None and getattr(cls, "queryset", None) is not None:
        model = cls.queryset.model
    return model


def every_response(client, api) -> Iterator[tuple[str, bytes]]:
    """GET every route an administrator can open for the records that exist: pages and the API alike."""
    skip = {"logout", "health"}
    for name, params, callback in routes():
        if name in skip:
            continue
        is_api = getattr(callback, "cls", None) is not None and hasattr(callback, "actions")
        browser = api if is_api else client
        if not params:
            urls = [reverse(name)]
        elif params == ("pk",) and (model := route_model(callback)) is not None:
            urls = [reverse(name, kwargs={"pk": pk}) for pk in model._base_manager.values_list("pk", flat=True)]
        else:
            continue
        for url in urls:
            response = browser.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            yield url, response.status_code, content


# The test ---------------------------------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_of_the_person(world, client_for, api_client_for):
    person, ids = world
    admin, api = client_for(Role.ADMINISTRATOR), api_client_for(Role.ADMINISTRATOR)
    # Every check finds the canaries before the erasure.
    assert set(canaries_in(database_text())) == set(CANARIES)
    assert {NAME, EMAIL} <= set(canaries_in(stored_bytes()))
    if connection.vendor == "sqlite":
        assert NAME.encode() in database_file_bytes()
    else:
        assert all(token in search_documents() for token in ("quorivann", "ţeszlák", "teszlak", "4417"))
    assert search_hits(api) > 0
    export = admin.get(f"/stakeholders/{person.pk}/personal-data/")
    assert NAME in export.json()["person"]["name"] and set(canaries_in(export.content)) == set(CANARIES)
    groups_part = export.json()["workinggroups"]
    assert [len(groups_part[k]) for k in ("memberships", "attendance", "guest_visits", "key_issues_raised")] == [1] * 4
    assert groups_part["actions_owned"][0]["progress"][0]["note"].startswith("Spoke with")

    # The erasure page lists every free text that names them, and refuses to erase while any is left.
    page = admin.get(f"/stakeholders/{person.pk}/erase/")
    assert page.status_code == 200
    preview = personal_data.erasure_preview(person)
    listed = {(m.label, m.pk) for m in preview.mentions}
    expected = {
        ("stakeholders.engagement", ids["visit"]),
        ("stakeholders.engagement", ids["gone"]),  # deleted: its history still names them
        ("stakeholders.relationship", ids["theirs"]),
        ("stakeholders.assessment", ids["other_assessment"]),
        ("workinggroups.meeting", ids["meeting"]),
        ("workinggroups.guest", ids["unlinked_guest"]),
        ("documents.attachment", ids["visit_document"]),
    }
    assert expected <= listed
    assert {"workinggroups.agendaitem", "workinggroups.keyissue", "workinggroups.minutesamendment"} <= {
        label for label, _ in listed
    }
    assert {"workinggroups.actionitem", "workinggroups.actionprogress", "workinggroups.membership"} <= {
        label for label, _ in listed
    }
    # handled by the erasure itself, not listed: own profile, office notes, own relationships, own seat, own guest
    assert ("stakeholders.tenure", ids["tenure"]) not in listed
    assert ("workinggroups.membership", ids["seat"]) not in listed
    assert ("workinggroups.guest", ids["linked_guest"]) not in listed
    for mention in preview.mentions:
        link = reverse("stakeholders:person_redact", args=[person.pk, mention.label, mention.pk])
        assert link.encode() in page.content
    blocked = admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON})
    assert blocked.status_code == 409
    assert Stakeholder.objects.get(pk=person.pk).name == NAME

    # The administrator redacts each listed record through the redaction page.
    for mention in preview.mentions:
        url = reverse("stakeholders:person_redact", args=[person.pk, mention.label, mention.pk])
        assert admin.get(url).status_code == 200
        fields = record_texts(mention.model, mention.pk, person)["fields"]
        refused = admin.post(url, {name: info["value"] for name, info in fields.items()})
        assert refused.status_code == 400  # unchanged text still names them
        done = admin.post(url, {name: redacted(info["value"]) for name, info in fields.items()})
        assert done.status_code == 302, done.content.decode()[:2000]
    assert personal_data.erasure_preview(person).ready

    response = admin.post(f"/stakeholders/{person.pk}/erase/", {"reason": REASON})
    assert response.status_code == 302

    # (a) the database, and the stored files
    assert canaries_in(database_text()) == []
    assert canaries_in(stored_bytes()) == []
    assert not Attachment.objects.filter(pk=ids["own_document"]).exists()
    assert Attachment.objects.filter(pk=ids["visit_document"]).exists()  # redacted, kept
    if connection.vendor == "sqlite":
        assert canaries_in(database_file_bytes()) == []
    # (b) every response
    answers = list(every_response(admin, api))
    leaks = [url for url, _, content in answers if canaries_in(content)]
    assert leaks == []
    opened = {url for url, status, _ in answers if status == 200}
    meeting, visit = ids["meeting"], ids["visit"]
    assert {  # among the ~200 pages and API answers read: where the person was shown
        f"/stakeholders/{person.pk}/",
        f"/stakeholders/{person.pk}/history/",
        f"/engagements/{visit}/history/",
        f"/working-groups/meetings/{meeting}/",
        f"/working-groups/meetings/{meeting}/print/",
        f"/api/v1/stakeholders/{person.pk}/history/",
        f"/api/v1/engagements/{visit}/",
        "/api/v1/guests/",
        "/api/v1/minutes-amendments/",
    } <= opened
    export = admin.get(f"/stakeholders/{person.pk}/personal-data/")
    assert canaries_in(export.content) == []
    # (c) the search documents
    if connection.vendor == "postgresql":
        documents = search_documents()
        assert [token for token in SEARCH_TOKENS if token in documents] == []
    assert search_hits(api) == 0
    # and what stays: the office, the seat, attendance, the approved meeting and its amendment
    person.refresh_from_db()
    assert person.name == f"Erased person {person.pk}"
    assert person.tenures.count() == 1
    assert person.working_group_memberships.get().attendance.count() == 1


def test_secure_delete_is_on_for_every_sqlite_connection():
    """Debian's SQLite is built with secure_delete on by default; others are not: the settings switch it on for
    every connection Django opens. Replayed here on a connection where it starts off."""
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    raw = sqlite3.connect(":memory:")
    raw.execute("PRAGMA secure_delete = OFF")
    for command in connection.get_connection_params() and connection.init_commands:
        if command.strip():
            raw.execute(command)
    assert raw.execute("PRAGMA secure_delete").fetchone()[0] == 1
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_marks_match_without_case_accents_or_phone_format():
    marks = PersonMarks.build(name=NAME, email=EMAIL, phone=PHONE)
    assert marks.found(f"met {PLAIN.lower()}") == ["name"]
    assert marks.found("QUORIVANNE  Ţeszlák-Mbeki") == ["name"]  # white space collapsed
    assert marks.found(EMAIL.upper()) == ["e-mail"]
    assert marks.found(f"call {PHONE_OTHER_FORMAT} or 999.4417.0231") == ["phone"]
    assert marks.found("ticket 99944170231999 and Quorivanne alone") == []
