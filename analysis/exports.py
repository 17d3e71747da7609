"""The risk register as a table a risk assessment can be built on: CSV and XLSX, one row per risk with its
mitigations, made from what the reader may see (the rows come through ``coordinationrisk_detail``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from shrhub.spreadsheets import Table, to_csv, to_xlsx

from .models import CoordinationRisk

__all__ = ["register_table", "to_csv", "to_xlsx"]


def register_table(risks: Iterable[CoordinationRisk]) -> Table:
    header = [
        _("Risk"),
        _("Jurisdiction"),
        _("Levels"),
        _("Risk area"),
        _("Coordination challenge"),
        _("Who is at risk"),
        _("Vulnerable groups"),
        _("Harm"),
        _("Likelihood"),
        _("Impact"),
        _("Score"),
        _("Rating"),
        _("Owner"),
        _("Status"),
        _("Why accepted"),
        _("Review by"),
        _("Mitigations"),
        _("Stakeholders"),
        _("Agreements"),
    ]
    rows: list[list[Any]] = []
    for risk in risks:
        mitigations = "\n".join(
            f"{m.description} ({m.owner_name}, {m.due_on.isoformat()}, {m.get_status_display()})"
            for m in risk.mitigations.all()
        )
        rows.append(
            [
                risk.title,
                str(risk.jurisdiction),
                f"{risk.get_upper_level_display()} → {risk.get_lower_level_display()}",
                risk.area_name,
                risk.challenge,
                risk.affected,
                ", ".join(str(group) for group in risk.vulnerable_groups.all()),
                risk.harm,
                risk.likelihood,
                risk.impact,
                risk.score,
                str(risk.rating.label),
                risk.owner_name,
                risk.get_status_display(),
                risk.accepted_reason,
                risk.review_on,
                mitigations,
                ", ".join(str(s) for s in risk.stakeholders.all()),
                ", ".join(str(a) for a in risk.agreements.all()),
            ]
        )
    return header, rows
