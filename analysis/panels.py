"""What the risk register adds to other apps' pages: the risks a stakeholder or an agreement is linked to."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from commitments.models import Agreement
from shrhub.registry import Panel
from stakeholders.models import Stakeholder

from . import selectors


def _risk_panel(request: HttpRequest, **link: object) -> list[Panel]:
    user = request.user
    if not user.has_perm("analysis.view_coordinationrisk"):
        return []
    risks = list(selectors.coordinationrisk_list(user=user).filter(**link).order_by(F("score_value").desc(), "title"))
    return [Panel(_("Coordination risks"), "analysis/_risks_section.html", {"risks": risks}, order=50)]


def stakeholder_sections(request: HttpRequest, stakeholder: Stakeholder) -> list[Panel]:
    return _risk_panel(request, stakeholders=stakeholder)


def agreement_sections(request: HttpRequest, agreement: Agreement) -> list[Panel]:
    return _risk_panel(request, agreements=agreement)
