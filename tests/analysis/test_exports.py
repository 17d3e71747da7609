"""The register's exports: CSV, XLSX and a printable page of the risks the list's filters keep, made from what the
reader may see, with cells a spreadsheet would run quoted; every export is logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analysis.choices import RiskStatus
from shrhub.models import AccessLog
from shrhub.roles import Role
from tests.stakeholders.factories import OrganisationFactory

from .factories import AgreementFactory, CoordinationRiskFactory, MitigationFactory

pytestmark = pytest.mark.django_db


def export(client, fmt: str, **params):
    return client.get(reverse("analysis:risk_register_export", args=[fmt]), params)


@pytest.fixture
def register():
    """A visible risk with a mitigation, links and a title a spreadsheet would run; a restricted one; a closed one."""
    police = OrganisationFactory(name="District Police")
    hidden_party = OrganisationFactory(name="Hidden Militia Liaison", confidentiality="restricted")
    shown = CoordinationRiskFactory(
        title='=HYPERLINK("http://example.org","Checkpoint abuses")',
        stakeholders=[police, hidden_party],
        agreements=[AgreementFactory(title="Pipeline MoU")],
        vulnerable_groups=["women"],
        likelihood=4,
        impact=5,
    )
    MitigationFactory(risk=shown, description="Brief the district prosecutor")
    restricted = CoordinationRiskFactory(title="Restricted militia risk", confidentiality="restricted")
    closed = CoordinationRiskFactory(title="Closed risk", status=RiskStatus.CLOSED)
    return {"shown": shown, "restricted": restricted, "closed": closed}


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_holds_the_visible_risks_with_their_mitigations_and_quotes_formulas(client_for, register):
    response = export(client_for(Role.COMMUNITY), "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="coordination-risks-')
    rows = csv_rows(response)
    titles = [row["Risk"] for row in rows]
    assert '\'=HYPERLINK("http://example.org","Checkpoint abuses")' in titles  # quoted: not run as a formula
    assert "Closed risk" in titles and "Restricted militia risk" not in titles
    row = next(row for row in rows if "Checkpoint" in row["Risk"])
    assert (row["Score"], row["Rating"], row["Levels"]) == ("20", "Critical", "National → Local")
    assert "Brief the district prosecutor" in row["Mitigations"]
    assert row["Stakeholders"] == "District Police"  # the restricted one left out
    assert (row["Agreements"], row["Vulnerable groups"]) == ("Pipeline MoU", "Women")


def test_the_export_keeps_the_lists_filters(client_for, register):
    titles = [row["Risk"] for row in csv_rows(export(client_for(Role.MANAGER), "csv", live="true"))]
    assert "Closed risk" not in titles and "Restricted militia risk" in titles  # managers see restricted risks


def test_a_filter_the_list_refuses_is_refused(client_for, register):
    response = export(client_for(Role.COMMUNITY), "csv", min_score="high")
    assert response.status_code == 400


def test_the_xlsx_holds_the_same_rows(client_for, register):
    response = export(client_for(Role.COMMUNITY), "xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Risk", "Jurisdiction", "Levels"] and "Mitigations" in header
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(['\'=HYPERLINK("http://example.org","Checkpoint abuses")', "Closed risk"])
    assert sheet.title == "Coordination risks" and sheet.freeze_panes == "A2"


def test_the_printable_register_shows_every_risk_with_its_fields_and_mitigations(client_for, register):
    response = export(client_for(Role.COMMUNITY), "print")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coordination risk register," in html and "<svg" in html
    shown = html.split(f'id="risk-{register["shown"].pk}"')[1].split("</article>")[0]
    for text in ("20 · Critical", "District Police", "Pipeline MoU", "Women", "Brief the district prosecutor",
                 "Artisanal miners stopped at checkpoints", "4 · Likely", "5 · Severe"):  # fmt: skip
        assert text in shown, text
    assert "Hidden Militia Liaison" not in html and "Restricted militia risk" not in html
    assert 'class="no-print' in html  # the way back is left off the paper


def test_an_unknown_format_is_not_found(client_for, register):
    assert export(client_for(Role.COMMUNITY), "pdf").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "print"])
def test_every_export_is_logged(client_for, users, register, fmt):
    export(client_for(Role.COMMUNITY), fmt)
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (entry.user, entry.model, entry.detail) == (
        users[Role.COMMUNITY],
        "analysis.coordinationrisk",
        f"2 risks, {fmt}",
    )


def test_the_api_only_role_may_not_export(client_for, register):
    assert export(client_for(Role.INTEGRATION), "csv").status_code == 403
