"""Pages of the case for the VPs: the benefit arguments, the standards raised (recorded from an engagement, with the
arguments put), the commitment assessments, declared on the generic bases; and the readiness by level, a manager
view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from shrhub.drf import load_permissions
from shrhub.models import Jurisdiction
from shrhub.tables import Column
from shrhub.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView

from ..models import Advocacy, BenefitArgument, CommitmentAssessment
from . import filtersets, forms, selectors, services
from .readiness import readiness, visible_countries

CELLS = "commitments/advocacy/cells"
PERMISSION = "shrhub.view_manager_views"


# Benefit arguments ------------------------------------------------------------------------------------------


class BenefitArgumentListView(ObjectListView):
    """The team's arguments for the VPs, with how often each was put and how it was received."""

    model = BenefitArgument
    selector = selectors.benefitargument_list
    filterset_class = filtersets.BenefitArgumentFilterSet
    columns = [
        Column(_("Argument"), "self", link=True, order_by="name"),
        Column(_("Benefit"), "get_benefit_display", order_by="benefit"),
        Column(_("Put"), "times_put"),
        Column(_("Welcomed or of interest"), "times_welcomed"),
        Column(_("Rejected"), "times_rejected"),
        Column(_("Retired"), "retired", template=f"{CELLS}/yes.html"),
    ]


class BenefitArgumentDetailView(ObjectDetailView):
    model = BenefitArgument
    selector = selectors.benefitargument_detail
    template_name = "commitments/advocacy/benefitargument_detail.html"


class BenefitArgumentEditView(ObjectEditView):
    model = BenefitArgument
    selector = selectors.benefitargument_list
    form_class = forms.BenefitArgumentForm
    create_service = services.benefitargument_create
    update_service = services.benefitargument_update


class BenefitArgumentDeleteView(ObjectDeleteView):
    model = BenefitArgument
    selector = selectors.benefitargument_list
    delete_service = services.benefitargument_delete
    success_url_name = "commitments:benefitargument_list"


class BenefitArgumentHistoryView(ObjectHistoryView):
    model = BenefitArgument
    selector = selectors.benefitargument_list


# Standards raised -------------------------------------------------------------------------------------------


class AdvocacyListView(ObjectListView):
    """Which agencies heard which standard, when, with which arguments, and what they answered."""

    model = Advocacy
    selector = selectors.advocacy_list
    filterset_class = filtersets.AdvocacyFilterSet
    columns = [
        Column(_("Raised"), "engagement.occurred_on", order_by="raised"),
        Column(_("Agency"), "agency", order_by="agency", template=f"{CELLS}/link.html"),
        Column(_("Level"), "agency.get_level_display"),
        Column(_("Standard"), "self", link=True),
        Column(_("Arguments"), "self", template=f"{CELLS}/arguments.html"),
        Column(_("Response"), "get_response_display", order_by="response"),
        Column(_("Engagement"), "engagement", template=f"{CELLS}/link.html"),
    ]


class AdvocacyDetailView(ObjectDetailView):
    model = Advocacy
    selector = selectors.advocacy_detail
    template_name = "commitments/advocacy/advocacy_detail.html"


class AdvocacyEditView(ObjectEditView):
    """Record a standard raised (``?engagement=<pk>`` starts it from an engagement: its stakeholders are the
    agencies offered) with the arguments put, or change one; saved together by ``services.advocacy_save``."""

    model = Advocacy
    selector = selectors.advocacy_list
    form_class = forms.AdvocacyForm
    create_service = services.advocacy_create
    update_service = services.advocacy_update
    template_name = "commitments/advocacy/advocacy_form.html"


class AdvocacyDeleteView(ObjectDeleteView):
    model = Advocacy
    selector = selectors.advocacy_list
    delete_service = services.advocacy_delete
    success_url_name = "commitments:advocacy_list"


class AdvocacyHistoryView(ObjectHistoryView):
    model = Advocacy
    selector = selectors.advocacy_list


# Commitment assessments -------------------------------------------------------------------------------------


class CommitmentAssessmentListView(ObjectListView):
    """Who has come how far towards an in-country process, and since when."""

    model = CommitmentAssessment
    selector = selectors.commitmentassessment_list
    filterset_class = filtersets.CommitmentAssessmentFilterSet
    columns = [
        Column(_("Assessed"), "assessed_on", order_by="assessed"),
        Column(_("Stakeholder"), "stakeholder", template=f"{CELLS}/link.html"),
        Column(_("Level"), "stakeholder.get_level_display"),
        Column(_("Jurisdiction"), "stakeholder.jurisdiction"),
        Column(_("Commitment"), "self", link=True, order_by="level", template=f"{CELLS}/commitment.html"),
    ]


class CommitmentAssessmentDetailView(ObjectDetailView):
    model = CommitmentAssessment
    selector = selectors.commitmentassessment_detail
    template_name = "commitments/advocacy/commitmentassessment_detail.html"


class CommitmentAssessmentEditView(ObjectEditView):
    model = CommitmentAssessment
    selector = selectors.commitmentassessment_list
    form_class = forms.CommitmentAssessmentForm
    create_service = services.commitmentassessment_create
    update_service = services.commitmentassessment_update


class CommitmentAssessmentDeleteView(ObjectDeleteView):
    model = CommitmentAssessment
    selector = selectors.commitmentassessment_list
    delete_service = services.commitmentassessment_delete
    success_url_name = "commitments:commitmentassessment_list"


class CommitmentAssessmentHistoryView(ObjectHistoryView):
    model = CommitmentAssessment
    selector = selectors.commitmentassessment_list


# Readiness by level -----------------------------------------------------------------------------------------


def chosen_country(request: HttpRequest, raw: str | None) -> Jurisdiction | None:
    """The country asked for (``?country=<id>``) among those the user may see; ``None`` for the default. A country
    that is not one (an unknown id, a region) is refused by the caller."""
    if not raw:
        return None
    if not raw.isdigit():
        raise LookupError(raw)
    country = visible_countries(request.user).filter(pk=raw).first()
    if country is None:
        raise LookupError(raw)
    return country


@require_safe
def readiness_view(request: HttpRequest) -> HttpResponse:
    """Readiness by level (managers and administrators): an unknown country answers 400 with the page."""
    load_permissions(request.user)
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    status = 200
    try:
        country = chosen_country(request, request.GET.get("country"))
    except LookupError:
        country, status = None, 400
    figure = readiness(user=request.user, country=country)
    context: dict[str, Any] = {"figure": figure, "invalid_country": status == 400}
    return render(request, "commitments/advocacy/readiness.html", context, status=status)
