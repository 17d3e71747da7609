"""Spreadsheets brought in (issue 17, "Import"): columns matched to fields, every row checked with nothing written,
the file imported whole (or its valid rows only, recorded), duplicates confirmed, one batch that can be undone."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from shrhub.imports.runner import perform
from shrhub.models import ImportBatch, ImportMapping
from shrhub.roles import Role
from stakeholders.models import Stakeholder
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

STAKEHOLDERS = "stakeholders.stakeholder"


def csv_file(rows: list[list[str]], name: str = "registry.csv", delimiter: str = ",") -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows: list[list[object]], name: str = "registry.xlsx", merge: str = "") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file, kind: str = STAKEHOLDERS):
    return client.post(reverse("imports"), {"kind": kind, "file": file})


def latest_batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def check(client, batch: ImportBatch, mapping: dict[str, str] | None = None) -> ImportBatch:
    """Confirm the batch's column mapping (the suggested one unless given) and run the check."""
    mapping = batch.mapping if mapping is None else mapping
    data = {"action": "map"}
    for index, header in enumerate(batch.headers):
        data[f"column-{index}"] = mapping.get(header, "")
    response = client.post(batch.get_absolute_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch.refresh_from_db()
    return batch


def do(client, batch: ImportBatch, action: str, **data) -> ImportBatch:
    response = client.post(batch.get_absolute_url(), {"action": action, **data})
    assert response.status_code in (302, 409), response.status_code
    batch.refresh_from_db()
    return batch


@pytest.fixture
def country():
    return NationalFactory()


def registry_rows(country) -> list[list[str]]:
    return [
        ["name", "kind", "sector", "level", "jurisdiction", "external_id", "mandate_areas"],
        ["Ministère de l'Intérieur", "organisation", "ministry", "national", str(country.pk), "GOV-1", ""],
        ["Provincial Police Command", "organisation", "police", "national", country.name, "GOV-2", ""],
    ]


def test_a_clean_file_is_checked_without_writing_then_imported_as_one_batch(client_for, country):
    client = client_for(Role.SECURITY)
    response = upload(client, csv_file(registry_rows(country)))
    batch = latest_batch()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert batch.mapping["jurisdiction"] == "jurisdiction" and batch.status == ImportBatch.Status.MAPPING

    batch = check(client, batch)
    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.counts["create"] == 2 and batch.counts["refused"] == 0
    assert not Stakeholder.objects.filter(external_id__startswith="GOV-").exists()  # the check writes nothing
    page = client.get(batch.get_absolute_url())
    assert "Provincial Police Command" in page.content.decode()

    batch = do(client, batch, "import")
    assert batch.status == ImportBatch.Status.DONE
    created = Stakeholder.objects.filter(external_id__startswith="GOV-")
    assert created.count() == 2
    history = created.get(external_id="GOV-1").history.first()
    assert history.history_change_reason == f"Import of registry.csv (batch {batch.pk})"
    assert not batch.file  # the upload is not kept once imported


def test_a_file_with_a_bad_row_imports_nothing_until_fixed_or_valid_rows_only_are_chosen(client_for, country):
    client = client_for(Role.SECURITY)
    rows = registry_rows(country)
    rows.append(["", "organisation", "ministry", "planetary", "Nowhere", "GOV-3", ""])
    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    assert batch.counts["refused"] == 1
    refused = next(row for row in batch.report if row["action"] == "refused")
    assert refused["line"] == 4
    assert set(refused["errors"]) >= {"name", "level", "jurisdiction"}
    assert "No jurisdiction you may see is named “Nowhere”." in refused["errors"]["jurisdiction"]

    response = client.post(batch.get_absolute_url(), {"action": "import"})
    assert response.status_code == 409
    assert not Stakeholder.objects.filter(external_id__startswith="GOV-").exists()

    batch = do(client, batch, "import", valid_only="on")
    assert batch.status == ImportBatch.Status.DONE and batch.valid_only
    assert set(Stakeholder.objects.filter(external_id__startswith="GOV-").values_list("external_id", flat=True)) == {
        "GOV-1",
        "GOV-2",
    }


def test_rows_match_by_external_id_and_an_unchanged_row_changes_nothing(client_for, country):
    existing = OrganisationFactory(name="Old name", external_id="GOV-1", jurisdiction=country)
    client = client_for(Role.SECURITY)
    rows = registry_rows(country)
    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    assert [row["action"] for row in batch.report] == ["update", "create"]
    do(client, batch, "import")
    existing.refresh_from_db()
    assert existing.name == "Ministère de l'Intérieur" and existing.version == 2

    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    assert batch.report[0]["action"] == "unchanged"
    # The second row matches the record the first import created, by its external id.
    assert batch.report[1]["action"] == "unchanged"
    do(client, batch, "import")
    existing.refresh_from_db()
    assert existing.version == 2  # nothing written: no version, no history


def test_an_export_imported_back_unchanged_changes_nothing(client_for, country):
    OrganisationFactory(name="Ministry of Mines", jurisdiction=country, mandate="Mining permits")
    OrganisationFactory(name="Provincial Police", jurisdiction=country, sector="police")
    client = client_for(Role.SECURITY)
    exported = b"".join(client.get(reverse("list_export", args=[STAKEHOLDERS, "csv"])).streaming_content)
    versions = dict(Stakeholder.objects.values_list("pk", "version"))
    upload(client, SimpleUploadedFile("export.csv", exported))
    batch = latest_batch()
    assert "name_label" not in batch.mapping and "jurisdiction_label" not in batch.mapping
    assert batch.mapping["id"] == "id" and batch.mapping["version"] == "version"
    batch = check(client, batch)
    assert {row["action"] for row in batch.report} == {"unchanged"}, batch.report
    do(client, batch, "import")
    assert dict(Stakeholder.objects.values_list("pk", "version")) == versions


def test_a_row_based_on_an_older_version_is_refused(client_for, country):
    ministry = OrganisationFactory(name="Ministry of Mines", jurisdiction=country)
    client = client_for(Role.SECURITY)
    rows = [["id", "version", "name"], [str(ministry.pk), "1", "Ministry of Mines and Energy"]]
    ministry.name = "Ministry of Mines (renamed)"
    ministry.save()
    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    assert batch.report[0]["action"] == "refused"
    assert "has changed since your file was made" in batch.report[0]["errors"]["version"][0]


def test_likely_duplicates_wait_for_a_decision(client_for, country):
    ministry = OrganisationFactory(name="Ministère de l'Intérieur", jurisdiction=country)
    client = client_for(Role.SECURITY)
    rows = [
        ["name", "sector", "level", "jurisdiction"],
        ["ministere de l interieur", "ministry", "national", str(country.pk)],  # accents, case, punctuation
        ["Intérieur Ministère de l'", "ministry", "national", str(country.pk)],  # word order
        ["Ministère de l'Intériuer", "ministry", "national", str(country.pk)],  # a typo
        ["Ministry of Finance", "ministry", "national", str(country.pk)],
        ["Ministry of Finanse", "ministry", "national", str(country.pk)],  # like the row above
    ]
    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    actions = [row["action"] for row in batch.report]
    assert actions == ["duplicate", "duplicate", "duplicate", "create", "duplicate"]
    assert batch.report[0]["duplicates"][0]["record"] == ministry.pk
    assert batch.report[4]["duplicates"][0]["line"] == 5

    decisions = {"decision-2": str(ministry.pk), "decision-3": "skip", "decision-4": "skip", "decision-6": "new"}
    batch = do(client, batch, "decide", **decisions)
    assert [row["action"] for row in batch.report] == ["update", "skipped", "skipped", "create", "create"]
    batch = do(client, batch, "import")
    assert batch.status == ImportBatch.Status.DONE
    assert Stakeholder.objects.filter(name__startswith="Ministry of Finan").count() == 2
    ministry.refresh_from_db()
    assert ministry.name == "ministere de l interieur"


def test_records_the_importer_may_not_see_are_never_matched_nor_named(client_for, country):
    hidden = OrganisationFactory(
        name="Secret Intelligence Bureau", jurisdiction=country, confidentiality="restricted", external_id="SIB"
    )
    client = client_for(Role.COMMUNITY)  # may add engagements and assessments, sees no restricted stakeholder
    rows = [["stakeholder", "assessed_on", "stance", "influence", "interest", "sources"]]
    rows.append(["Secret Intelligence Bureau", "2026-11-02", "neutral", "3", "3", "security"])
    rows.append([str(hidden.pk), "2026-11-02", "neutral", "3", "3", "security"])
    upload(client, csv_file(rows), kind="stakeholders.assessment")
    batch = check(client, latest_batch())
    assert [row["action"] for row in batch.report] == ["refused", "refused"]
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "No stakeholder you may see is named" in page
    assert page.count("Secret Intelligence Bureau") == 1  # the file's own cell, nothing more

    security = client_for(Role.SECURITY)
    rows = [["name", "sector", "level", "jurisdiction"], ["Secret Intelligence Bureau", "ministry", "national", "1"]]
    rows[1][3] = str(country.pk)
    upload(client_for(Role.SECURITY), csv_file(rows))
    batch = check(security, latest_batch())
    assert batch.report[0]["action"] == "duplicate"  # security staff see it: a likely duplicate


def test_the_mapping_is_remembered_for_the_same_columns(client_for, country):
    client = client_for(Role.SECURITY)
    rows = [["Nom", "Secteur", "Niveau", "Juridiction"], ["Gendarmerie", "police", "national", str(country.pk)]]
    upload(client, csv_file(rows, delimiter=";"))
    batch = latest_batch()
    assert batch.headers == ["Nom", "Secteur", "Niveau", "Juridiction"]
    mapping = {"Nom": "name", "Secteur": "sector", "Niveau": "level", "Juridiction": "jurisdiction"}
    batch = check(client, batch, mapping)
    assert batch.counts["create"] == 1
    assert ImportMapping.objects.get().mapping == mapping
    upload(client, csv_file([["juridiction", "NOM", "niveau", "secteur"], [str(country.pk), "X", "local", "police"]]))
    assert latest_batch().mapping == {
        "juridiction": "jurisdiction",
        "NOM": "name",
        "niveau": "level",
        "secteur": "sector",
    }


def test_an_import_is_undone_while_nothing_newer_depends_on_it(client_for, country):
    existing = OrganisationFactory(name="Old name", external_id="GOV-1", jurisdiction=country)
    client = client_for(Role.SECURITY)
    upload(client, csv_file(registry_rows(country)))
    batch = do(client, check(client, latest_batch()), "import")
    created = Stakeholder.objects.get(external_id="GOV-2")

    from tests.stakeholders.factories import PositionFactory

    position = PositionFactory(organisation=created)
    batch = do(client, batch, "undo")
    assert batch.status == ImportBatch.Status.DONE
    assert "Newer records are linked to “Provincial Police Command”." in batch.error
    existing.refresh_from_db()
    assert existing.name == "Ministère de l'Intérieur"  # nothing was undone

    position.delete()
    batch = do(client, batch, "undo")
    assert batch.status == ImportBatch.Status.UNDONE
    existing.refresh_from_db()
    assert existing.name == "Old name"
    assert not Stakeholder.objects.filter(external_id="GOV-2").exists()


def test_an_import_changed_since_cannot_be_undone(client_for, country):
    client = client_for(Role.SECURITY)
    upload(client, csv_file(registry_rows(country)))
    batch = do(client, check(client, latest_batch()), "import")
    created = Stakeholder.objects.get(external_id="GOV-2")
    created.description = "Edited after the import"
    created.save()
    batch = do(client, batch, "undo")
    assert batch.status == ImportBatch.Status.DONE
    assert "has been changed since the import" in batch.error
    assert Stakeholder.objects.filter(external_id__startswith="GOV-").count() == 2


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("a.csv", "name\nMinistère\n".encode("latin-1")), "Line 2 is not UTF-8 text"),
        (SimpleUploadedFile("a.csv", b"name\nMin\x00istry\n"), "NUL bytes"),
        (SimpleUploadedFile("a.csv", b" \n"), "The file is empty."),
        (SimpleUploadedFile("a.csv", b"name\n"), "no rows to import"),
        (SimpleUploadedFile("a.csv", b"name,name\nA,B\n"), "Two columns are named"),
        (SimpleUploadedFile("a.csv", b"name,\nA,B\n"), "values beyond the last named column"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4"), "Choose a CSV or XLSX file"),
        (SimpleUploadedFile("a.xlsx", b"name\nA\n"), "not a readable XLSX workbook"),
        (xlsx_file([["name", "sector"], ["A", "police"]], merge="A2:B2"), "merged cells (A2:B2)"),
    ],
)
def test_malformed_files_are_refused_beside_the_field_and_nothing_is_kept(client_for, file, message):
    response = upload(client_for(Role.SECURITY), file)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body.replace("&#x27;", "'").replace("&quot;", '"')
    assert not ImportBatch.objects.exists()


def test_too_many_rows_and_too_large_files_are_refused(client_for, settings):
    settings.IMPORT_MAX_ROWS = 3
    client = client_for(Role.SECURITY)
    response = upload(client, csv_file([["name"]] + [[f"Office {n}"] for n in range(4)]))
    assert "more than 3 rows" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 50
    response = upload(client, csv_file([["name"], ["x" * 60]]))
    assert "larger than" in response.content.decode()


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(client_for):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * (50 * 1024 * 1024) + "</a>")
    response = upload(client_for(Role.SECURITY), SimpleUploadedFile("bomb.xlsx", out.getvalue()))
    assert response.status_code == 400
    assert "unpack to far more than it weighs" in response.content.decode()


def test_formula_cells_refuse_their_row_and_quoted_values_come_back_as_values(client_for, country):
    client = client_for(Role.SECURITY)
    rows = [
        ["name", "sector", "level", "jurisdiction", "phone"],
        ["Gendarmerie", "police", "national", "=1+1", ""],
        ["Port Authority", "ministry", "national", str(country.pk), "'+243 81 000 0000"],
    ]
    upload(client, xlsx_file(rows))
    batch = latest_batch()
    assert batch.fmt == "xlsx"
    batch = check(client, batch)
    assert batch.report[0]["action"] == "refused"
    assert "holds a formula (=1+1)" in batch.report[0]["errors"]["jurisdiction"][0]
    assert batch.report[1]["action"] == "refused"  # an organisation has no phone: the model's own rule
    assert "phone" in batch.report[1]["errors"] or "__all__" in batch.report[1]["errors"]


def test_dates_numbers_and_booleans_from_xlsx_cells_are_read_as_their_values(client_for, country):
    import datetime

    ministry = OrganisationFactory(jurisdiction=country)
    client = client_for(Role.SECURITY)
    rows = [
        ["stakeholder", "assessed_on", "stance", "influence", "interest", "sources", "review_due_on"],
        [ministry.pk, datetime.datetime(2026, 11, 2), "Champion", 4.0, 3, "security; Community relations", None],
    ]
    upload(client, xlsx_file(rows), kind="stakeholders.assessment")
    batch = check(client, latest_batch())
    assert batch.report[0]["action"] == "create", batch.report


def test_a_batch_is_its_uploaders_alone(client_for, country):
    upload(client_for(Role.SECURITY), csv_file(registry_rows(country)))
    batch = latest_batch()
    other = client_for(Role.ADMINISTRATOR)
    assert other.get(batch.get_absolute_url()).status_code == 404
    assert other.post(batch.get_absolute_url(), {"action": "discard"}).status_code == 404
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_roles_import_the_kinds_they_may_add(client_for):
    assert client_for(Role.MANAGER).get(reverse("imports")).status_code == 403
    page = client_for(Role.COMMUNITY).get(reverse("imports")).content.decode()
    options = set(re.findall(r'<option value="([a-z.]+)"', page))
    assert options == {"stakeholders.engagement", "stakeholders.assessment"}
    response = client_for(Role.COMMUNITY).get(reverse("import_template", args=[STAKEHOLDERS, "csv"]))
    assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_template_holds_the_columns_the_import_reads(client_for, fmt):
    response = client_for(Role.SECURITY).get(reverse("import_template", args=[STAKEHOLDERS, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content))
        header = [cell.value for cell in book.worksheets[0][1]]
        assert book.worksheets[1].title == "Columns"
    assert header[:3] == ["external_id", "kind", "name"]
    assert "jurisdiction" in header and "id" not in header and "current_assessment" not in header
    assert "email" in header  # security staff may write contact details


@pytest.mark.django_db(transaction=True)
def test_a_long_file_is_checked_and_imported_by_the_worker(client_for, country, settings):
    from django.core.management import call_command

    settings.IMPORT_INLINE_ROWS = 2
    client = client_for(Role.SECURITY)
    rows = [["name", "sector", "level", "jurisdiction"]]
    rows += [[f"District office {n}", "ministry", "national", str(country.pk)] for n in range(5)]
    upload(client, csv_file(rows))
    batch = check(client, latest_batch())
    assert batch.status == ImportBatch.Status.CHECKING
    bar = client.get(batch.get_absolute_url() + "?bar", headers={"HX-Request": "true"})
    assert 'data-status="checking"' in bar.content.decode() and "HX-Refresh" not in bar
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED and batch.counts["create"] == 5
    assert client.get(batch.get_absolute_url() + "?bar", headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    batch = do(client, batch, "import")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Stakeholder.objects.filter(name__startswith="District office").count() == 5


def test_a_failing_run_writes_nothing_and_says_so(client_for, country, monkeypatch):
    client = client_for(Role.SECURITY)
    upload(client, csv_file(registry_rows(country)))
    batch = latest_batch()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, mapping=batch.mapping)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("shrhub.imports.runner.BatchRun.run", broken)
    assert perform(batch.pk) == ImportBatch.Status.FAILED
    batch.refresh_from_db()
    assert "Nothing was written" in batch.error
    assert not Stakeholder.objects.filter(external_id__startswith="GOV-").exists()


def test_an_erasure_blanks_what_import_batches_hold_about_the_person(client_for, users, country):
    from stakeholders.personal_data import person_erase

    client = client_for(Role.SECURITY)
    rows = [
        ["name", "kind", "sector", "level", "jurisdiction", "email"],
        ["Amina Diallo", "person", "civil_society", "national", str(country.pk), "amina@example.org"],
    ]
    upload(client, csv_file(rows))
    batch = do(client, check(client, latest_batch()), "import")
    person = Stakeholder.objects.get(name="Amina Diallo")
    upload(client, csv_file(rows))
    pending = check(client, latest_batch())
    assert pending.report[0]["label"] == "Amina Diallo" and pending.file

    person_erase(actor=users[Role.ADMINISTRATOR], person=person, reason="Request of 1 December")
    batch.refresh_from_db()
    pending.refresh_from_db()
    assert batch.report[0]["label"] == "" and pending.report[0]["label"] == ""
    assert not pending.file and pending.status == ImportBatch.Status.FAILED
    assert "Amina" not in client.get(pending.get_absolute_url()).content.decode()


def test_the_import_pages_cost_the_same_queries_for_short_and_long_reports(client_for, users):
    from tests.helpers.queries import assert_constant_queries

    client = client_for(Role.SECURITY)
    batch = ImportBatch.objects.create(
        user=users[Role.SECURITY], model=STAKEHOLDERS, fmt="csv", file_name="a.csv", status="checked"
    )

    def grow(n: int) -> None:
        batch.report += [{"line": len(batch.report) + 2, "action": "create", "label": "Office"} for _ in range(n)]
        batch.counts = {"create": len(batch.report)}
        batch.rows_total = batch.rows_done = len(batch.report)
        batch.save()

    assert_constant_queries(grow, lambda: client.get(batch.get_absolute_url()))
    assert_constant_queries(
        lambda n: [
            ImportBatch.objects.create(user=users[Role.SECURITY], model=STAKEHOLDERS, fmt="csv") for _ in range(n)
        ],
        lambda: client.get(reverse("imports")),
    )


def test_uploads_never_imported_are_discarded_after_a_week(client_for, users, country):
    from django.utils import timezone

    client = client_for(Role.SECURITY)
    upload(client, csv_file(registry_rows(country)))
    abandoned = latest_batch()
    upload(client, csv_file(registry_rows(country)))
    imported = do(client, check(client, latest_batch()), "import")
    stored = abandoned.file.name
    week_ago = timezone.now() - datetime.timedelta(days=8)
    ImportBatch.objects.filter(pk__in=[abandoned.pk, imported.pk]).update(created_at=week_ago)
    upload(client, csv_file(registry_rows(country)))
    assert not ImportBatch.objects.filter(pk=abandoned.pk).exists()
    assert not abandoned.file.storage.exists(stored)
    assert ImportBatch.objects.filter(pk=imported.pk).exists()


def test_offices_holders_relationships_and_engagements_come_in_by_name(client_for, users, country):
    """Each kind through its own serializer and services, links given by the names the importer sees."""
    from stakeholders.models import Engagement, Position, Relationship, Tenure
    from tests.stakeholders.factories import PersonFactory

    ministry = OrganisationFactory(name="Ministry of Mines", jurisdiction=country)
    police = OrganisationFactory(name="Provincial Police", jurisdiction=country, sector="police")
    minister = PersonFactory(name="Joseph Kalala", jurisdiction=country)
    client = client_for(Role.SECURITY)
    files = [
        ("stakeholders.position", [["organisation", "title", "is_key"], ["Ministry of Mines", "Minister", "oui"]]),
        (
            "stakeholders.tenure",
            [["position", "holder", "started_on"], ["Minister", "Joseph Kalala", "2025-03-01"]],
        ),
        (
            "stakeholders.relationship",
            [["source", "kind", "target"], ["Provincial Police", "Reports to", "Ministry of Mines"]],
        ),
        (
            "stakeholders.engagement",
            [
                ["occurred_on", "kind", "title", "jurisdiction", "stakeholders", "company_participants"],
                [
                    "2026-11-20",
                    "meeting",
                    "Permit review",
                    country.name,
                    "Ministry of Mines; Joseph Kalala",
                    "security",
                ],
            ],
        ),
    ]
    for kind, rows in files:
        upload(client, csv_file(rows), kind=kind)
        batch = check(client, latest_batch())
        assert [row["action"] for row in batch.report] == ["create"], (kind, batch.report)
        assert do(client, batch, "import").status == ImportBatch.Status.DONE
    position = Position.objects.get(title="Minister")
    assert position.organisation == ministry and position.is_key
    assert Tenure.objects.get().holder == minister
    assert Relationship.objects.get().source == police
    engagement = Engagement.objects.get(title="Permit review")
    assert set(engagement.stakeholders.all()) == {ministry, minister}
    assert list(engagement.company_participants.all()) == [users[Role.SECURITY]]


def test_undo_needs_the_rights_it_uses_and_reports_speak_the_page_s_language(client_for, country):
    """A contributor logs engagements but may not delete them: undoing their import is refused, nothing undone."""
    from stakeholders.models import Engagement

    ministry = OrganisationFactory(name="Ministry of Mines", jurisdiction=country)
    client = client_for(Role.COMMUNITY)
    rows = [["occurred_on", "kind", "title", "jurisdiction", "stakeholders"]]
    rows += [["2026-11-20", "meeting", "Permit review", str(country.pk), str(ministry.pk)]]
    rows += [["2026-11-21", "meeting", "", str(country.pk), str(ministry.pk)]]
    upload(client, csv_file(rows), kind="stakeholders.engagement")
    batch = latest_batch()
    client.post(
        batch.get_absolute_url(),
        {"action": "map", **{f"column-{i}": h for i, h in enumerate(batch.headers)}},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    batch.refresh_from_db()
    assert batch.report[1]["errors"]["title"] == ["Ce champ est obligatoire."]
    batch = do(client, batch, "import", valid_only="on")
    batch = do(client, batch, "undo")
    assert batch.status == ImportBatch.Status.DONE
    assert "may not delete engagements" in batch.error
    assert Engagement.objects.filter(title="Permit review").exists()


def test_a_fifty_thousand_row_file_is_refused_whole(client_for):
    body = "name,sector\n" + "".join(f"Office {n},police\n" for n in range(50_000))
    response = upload(client_for(Role.SECURITY), SimpleUploadedFile("huge.csv", body.encode()))
    assert response.status_code == 400
    assert "more than 20000 rows: split it into several files" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_round_trip_keeps_the_links_the_importer_cannot_see(client_for, country):
    secret = OrganisationFactory(name="Council", jurisdiction=country, confidentiality="confidential")
    office = OrganisationFactory(name="Council secretariat", jurisdiction=country, parent=secret)
    client = client_for(Role.SECURITY)  # security staff do not see confidential records
    exported = b"".join(client.get(reverse("list_export", args=[STAKEHOLDERS, "csv"])).streaming_content)
    assert b"Council secretariat" in exported and b"Council," not in exported
    upload(client, SimpleUploadedFile("export.csv", exported.replace(b"Council secretariat", b"Secretariat")))
    batch = check(client, latest_batch())
    assert [row["action"] for row in batch.report] == ["update"]
    do(client, batch, "import")
    office.refresh_from_db()
    assert office.name == "Secretariat" and office.parent == secret


def test_a_report_never_names_a_record_hidden_since_it_was_written(client_for, country):
    ministry = OrganisationFactory(name="Ministère de l'Intérieur", jurisdiction=country)
    police = OrganisationFactory(name="Provincial Police Command", jurisdiction=country, external_id="GOV-2")
    client = client_for(Role.SECURITY)
    upload(client, csv_file(registry_rows(country)))
    batch = check(client, latest_batch())
    assert [row["action"] for row in batch.report] == ["duplicate", "update"]
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Ministère de l&#x27;Intérieur (100 % alike)" in page and "Provincial Police Command" in page
    for record in (ministry, police):
        record.confidentiality = "confidential"  # beyond security staff
        record.save()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "% alike" not in page
    assert page.count("Provincial Police Command") == 0
    assert "a record you cannot see" in page


def test_undo_sees_newer_links_of_every_kind_but_not_the_batch_s_own(client_for, country):
    from tests.stakeholders.factories import EngagementFactory

    client = client_for(Role.SECURITY)
    rows = [
        ["name", "sector", "level", "jurisdiction", "parent"],
        ["Ministry of Roads", "ministry", "national", str(country.pk), ""],
        ["Roads directorate", "ministry", "national", str(country.pk), "Ministry of Roads"],  # a parent from above
        ["Bridges office", "ministry", "national", str(country.pk), ""],
    ]
    upload(client, csv_file(rows))
    batch = do(client, check(client, latest_batch()), "import")
    assert batch.status == ImportBatch.Status.DONE, batch.report
    bridges = Stakeholder.objects.get(name="Bridges office")
    engagement = EngagementFactory(stakeholders=[bridges])  # a newer record links to it (many-to-many)
    batch = do(client, batch, "undo")
    assert "Newer records are linked to “Bridges office”." in batch.error
    assert "Ministry of Roads" not in batch.error  # its child is the batch's own
    engagement.delete()
    batch = do(client, batch, "undo")
    assert batch.status == ImportBatch.Status.UNDONE
    assert not Stakeholder.objects.filter(
        name__in=["Ministry of Roads", "Roads directorate", "Bridges office"]
    ).exists()
