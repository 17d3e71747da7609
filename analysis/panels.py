"""What the analysis app adds to other apps' pages: the risks a stakeholder or an agreement is linked to, and a
country's legal framework on its readiness page."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from commitments.models import Agreement
from shrhub.models import Jurisdiction
from shrhub.registry import Panel
from stakeholders.models import Stakeholder

from . import selectors
from .legal_selectors import legal_mapping


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


def readiness_sections(request: HttpRequest, country: Jurisdiction | None = None) -> list[Panel]:
    """The country's legal framework beside its readiness for an in-country process: the leverage points (the
    initiatives subscribed to, the instruments ratified, the action plan), the laws mapped, what needs verifying,
    and links to the framework and the short report."""
    user = request.user
    if country is None or not user.has_perm("analysis.view_nationallaw"):
        return []
    context = {"mapping": legal_mapping(user=user, country=country)}
    return [Panel(_("Legal framework"), "analysis/legal/_readiness_section.html", context, order=20)]
