"""Every list as CSV and XLSX (issue 17, "Export"): the rows the list's filters keep, every page of them, as the
reader may see them (the API's columns for them), cells a spreadsheet would run quoted, each export logged."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shrhub.list_exports import exportable, purge_expired_exports
from shrhub.models import AccessLog, ExportJob
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.stakeholders.factories import AssessmentFactory, OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def export_url(label: str, fmt: str = "csv") -> str:
    return reverse("list_export", kwargs={"model": label, "fmt": fmt})


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def xlsx_book(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("label", sorted(exportable()))
def test_every_listed_model_exports_its_api_columns_in_both_formats(client_for, api_client_for, label):
    """Every model the API lists exports, with the API's field names as headers (each link followed by its
    label), so that what a file says and what the API says are one thing."""
    client = client_for(Role.ADMINISTRATOR)
    response = client.get(export_url(label))
    assert response.status_code == 200, label
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert header[0] == "id"
    assert all(name[: -len("_label")] in header for name in header if name.endswith("_label"))
    book = xlsx_book(client.get(export_url(label, "xlsx")))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == header
    assert book.worksheets[1].title == "About this file"


@pytest.fixture
def registry():
    """A visible ministry under a restricted parent, a restricted militia, a person with contact details, and a
    name a spreadsheet would run as a formula."""
    hidden_parent = OrganisationFactory(name="Hidden Security Council", confidentiality="restricted")
    ministry = OrganisationFactory(name="Ministry of Mines", parent=hidden_parent)
    militia = OrganisationFactory(name="Restricted Militia", confidentiality="restricted")
    person = PersonFactory(name="Amina Diallo", email="amina@example.org")
    formula = OrganisationFactory(name='=HYPERLINK("http://example.org","Click")')
    return {"parent": hidden_parent, "ministry": ministry, "militia": militia, "person": person, "formula": formula}


def test_the_export_holds_what_the_reader_may_see_and_masks_hidden_links(client_for, registry):
    rows = csv_rows(client_for(Role.COMMUNITY).get(export_url("stakeholders.stakeholder")))
    names = {row["name"] for row in rows}
    assert "Ministry of Mines" in names and "Amina Diallo" in names
    assert "Restricted Militia" not in names and "Hidden Security Council" not in names
    ministry = next(row for row in rows if row["name"] == "Ministry of Mines")
    assert ministry["parent"] == "" and ministry["parent_label"] == ""  # the link to a hidden parent is masked
    assert ministry["jurisdiction_label"] == str(registry["ministry"].jurisdiction)
    security = csv_rows(client_for(Role.SECURITY).get(export_url("stakeholders.stakeholder")))
    ministry = next(row for row in security if row["name"] == "Ministry of Mines")
    assert ministry["parent"] == str(registry["parent"].pk)
    assert ministry["parent_label"] == "Hidden Security Council"
    assert "Restricted Militia" in {row["name"] for row in security}


def test_restricted_fields_are_left_out_for_roles_without_them(client_for):
    AssessmentFactory(stakeholder=OrganisationFactory(name="Governor's office"))
    url = export_url("stakeholders.assessment")
    assert "stance" not in csv_rows(client_for(Role.COMMUNITY).get(url))[0]
    assert "stance" in csv_rows(client_for(Role.SECURITY).get(url))[0]


def test_cells_a_spreadsheet_would_run_are_quoted_in_csv_and_xlsx(client_for, registry):
    client = client_for(Role.SECURITY)
    rows = csv_rows(client.get(export_url("stakeholders.stakeholder")))
    assert '\'=HYPERLINK("http://example.org","Click")' in {row["name"] for row in rows}
    sheet = xlsx_book(client.get(export_url("stakeholders.stakeholder", "xlsx"))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://example.org","Click")' in names
    assert all(not str(name).startswith("=") for name in names)


def test_the_list_filters_search_and_order_apply_to_every_page(client_for, registry):
    for number in range(60):  # more than one page of the list
        OrganisationFactory(name=f"District office {number:02d}", level="local")
    client = client_for(Role.SECURITY)
    rows = csv_rows(client.get(export_url("stakeholders.stakeholder"), {"level": "local", "ordering": "-name"}))
    assert len(rows) == 60
    assert [row["name"] for row in rows][:2] == ["District office 59", "District office 58"]
    rows = csv_rows(client.get(export_url("stakeholders.stakeholder"), {"q": "Mines"}))
    assert [row["name"] for row in rows] == ["Ministry of Mines"]


def test_the_list_page_links_its_exports_with_its_filters(client_for, registry):
    page = reverse("stakeholders:stakeholder_list")
    response = client_for(Role.COMMUNITY).get(page, {"level": "national", "page": 2})
    content = response.content.decode()
    assert f'href="{export_url("stakeholders.stakeholder")}?level=national"' in content
    assert f'href="{export_url("stakeholders.stakeholder", "xlsx")}?level=national"' in content


def test_an_export_is_one_entry_of_the_access_log_naming_its_sensitive_rows(client_for, users, registry):
    client_for(Role.SECURITY).get(export_url("stakeholders.stakeholder", "xlsx"), {"level": "national"})
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.user == users[Role.SECURITY]
    assert entry.model == "stakeholders.stakeholder"
    assert entry.count == 2  # the sensitive rows, as for every read logged
    assert set(entry.object_ids.split(",")) == {str(registry["parent"].pk), str(registry["militia"].pk)}
    assert entry.level == "restricted"
    assert entry.detail == "list xlsx, 5 rows level"


def test_bad_filters_and_too_long_lists_are_refused_with_the_reason(client_for, registry, settings):
    client = client_for(Role.SECURITY)
    response = client.get(export_url("stakeholders.stakeholder"), {"level": "galactic"})
    assert response.status_code == 400
    assert "level" in response.content.decode()
    settings.EXPORT_MAX_ROWS = 3
    response = client.get(export_url("stakeholders.stakeholder"))
    assert response.status_code == 400
    assert "an export holds at most 3" in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_who_may_export(client, client_for):
    url = export_url("stakeholders.stakeholder")
    assert client.get(url).status_code == 302  # to the login page
    assert client_for(Role.COMMUNITY).get(export_url("stakeholders.nothing")).status_code == 404
    assert client_for(Role.COMMUNITY).get(export_url("stakeholders.stakeholder", "pdf")).status_code == 404


def test_an_export_costs_the_same_queries_for_few_rows_and_many(client_for):
    client = client_for(Role.SECURITY)
    assert_constant_queries(
        lambda n: [PositionFactory() for _ in range(n)],
        lambda: b"".join(client.get(export_url("stakeholders.position")).streaming_content),
    )


# Long lists: written by the task worker ------------------------------------------------------------------------


def run_worker() -> None:
    """The real task worker, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_long_list_is_written_by_the_worker_with_its_progress_then_downloaded(client_for, users, settings):
    settings.EXPORT_INLINE_ROWS = 3
    for number in range(5):
        OrganisationFactory(name=f"District office {number}", level="local")
    OrganisationFactory(name="Restricted Militia", level="local", confidentiality="restricted")
    client = client_for(Role.COMMUNITY)
    response = client.get(export_url("stakeholders.stakeholder"), {"level": "local"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for the worker" in page and 'hx-trigger="every 1s"' in page  # the bar polls until done
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == (ExportJob.Status.DONE, 5, 5)
    bar = client.get(job.get_absolute_url(), {"bar": ""}).content.decode()
    assert "hx-trigger" not in bar and reverse("export_job_download", args=[job.pk]) in bar
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="shrhub-stakeholder-')
    names = [row["name"] for row in csv_rows(download)]
    assert sorted(names) == [f"District office {n}" for n in range(5)]  # as the user may see the list
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.user == users[Role.COMMUNITY] and entry.detail == "list csv, 5 rows level"


@pytest.mark.django_db(transaction=True)
def test_an_export_is_its_user_s_alone_and_follows_their_rights_when_written(client_for, users, settings):
    settings.EXPORT_INLINE_ROWS = 0
    OrganisationFactory()
    client_for(Role.COMMUNITY).get(export_url("stakeholders.stakeholder", "xlsx"))
    job = ExportJob.objects.get()
    other = client_for(Role.SECURITY)
    assert other.get(job.get_absolute_url()).status_code == 404
    users[Role.COMMUNITY].is_active = False  # gone before the worker got to it
    users[Role.COMMUNITY].save()
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error == "You may no longer export this list."
    assert other.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_exports_older_than_a_day_are_removed_with_their_files(users, settings):
    job = ExportJob.objects.create(user=users[Role.SECURITY], model="stakeholders.stakeholder", fmt="csv")
    job.file.save("old.csv", ContentFile(b"name\n"), save=True)
    stored = job.file.name
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    fresh = ExportJob.objects.create(user=users[Role.SECURITY], model="stakeholders.stakeholder", fmt="csv")
    assert purge_expired_exports() == 1
    assert list(ExportJob.objects.all()) == [fresh]
    assert not job.file.storage.exists(stored)
