"""The legal framework's pages: the countries, one country's whole mapping (leverage first), the printable short
report the toolkit asks for, and the list, detail, form, delete and history pages of each kind of entry on the
generic bases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from shrhub.models import AccessLog, Jurisdiction, JurisdictionLevel, log_access
from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
)

from . import legal_filtersets as filtersets
from . import legal_forms as forms
from . import legal_selectors as selectors
from . import legal_services as services
from .models import ActionPlan, IhlAssessment, InitiativeCommitment, InstrumentStatus, NationalLaw

CELLS = "analysis/legal/cells"
COUNTRY = Column(_("Country"), "country", template=f"{CELLS}/country.html")
VERIFIED = Column(_("Last verified"), "verified_on", order_by="verified", template=f"{CELLS}/verified.html")
KINDS = ("initiativecommitment", "instrumentstatus", "actionplan", "ihlassessment", "nationallaw")


# One country's legal framework.


def _adds(request: HttpRequest) -> dict[str, bool]:
    """``{"nationallaw": True, …}``: which kinds of entry the user may add."""
    return {kind: request.user.has_perm(f"analysis.add_{kind}") for kind in KINDS}


def _country(request: HttpRequest, pk: int) -> Jurisdiction:
    countries = Jurisdiction.objects.visible_to(request.user).filter(level=JurisdictionLevel.NATIONAL)
    return get_object_or_404(countries, pk=pk)


class LegalCountryListView(PermissionRequiredMixin, View):
    """The countries, each with how many entries of its legal framework the user may see."""

    model = NationalLaw

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"countries": selectors.legal_countries(user=request.user), "adds": _adds(request)}
        return render(request, "analysis/legal/country_list.html", context)


class LegalFrameworkView(PermissionRequiredMixin, View):
    """A country's whole legal mapping in sections, the leverage points first, with "Add" buttons for those who
    may add and the entries due for verification flagged."""

    model = NationalLaw
    template_name = "analysis/legal/country.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        country = _country(request, pk)
        mapping = selectors.legal_mapping(user=request.user, country=country)
        return render(request, self.template_name, self.context(request, mapping))

    def context(self, request: HttpRequest, mapping: selectors.LegalMapping) -> dict[str, Any]:
        return {"country": mapping.country, "mapping": mapping, "adds": _adds(request), "today": mapping.today}


class LegalReportView(LegalFrameworkView):
    """The toolkit's "short report detailing the relevant legal codes" for one country, to print or save as a
    PDF from the browser; logged as an export."""

    template_name = "analysis/legal/report.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        country = _country(request, pk)
        mapping = selectors.legal_mapping(user=request.user, country=country)
        log_access(
            request.user,
            AccessLog.Action.EXPORT,
            country,
            detail=f"legal framework report, {len(mapping.entries)} entries, print",
        )
        return render(request, self.template_name, self.context(request, mapping))


# National laws.


class NationalLawListView(ObjectListView):
    model = NationalLaw
    selector = selectors.nationallaw_list
    filterset_class = filtersets.NationalLawFilterSet
    columns = [
        COUNTRY,
        Column(_("Law"), "self", link=True, order_by="title"),
        Column(_("Area"), "get_area_display", order_by="area"),
        VERIFIED,
    ]


class NationalLawDetailView(ObjectDetailView):
    model = NationalLaw
    selector = selectors.nationallaw_detail
    template_name = "analysis/legal/nationallaw_detail.html"


class NationalLawEditView(ObjectEditView):
    model = NationalLaw
    selector = selectors.nationallaw_list
    form_class = forms.NationalLawForm
    create_service = services.nationallaw_create
    update_service = services.nationallaw_update


class NationalLawDeleteView(ObjectDeleteView):
    model = NationalLaw
    selector = selectors.nationallaw_list
    delete_service = services.nationallaw_delete
    success_url_name = "analysis:legal_countries"


class NationalLawHistoryView(ObjectHistoryView):
    model = NationalLaw
    selector = selectors.nationallaw_list


# Instrument statuses.


class InstrumentStatusListView(ObjectListView):
    model = InstrumentStatus
    selector = selectors.instrumentstatus_list
    filterset_class = filtersets.InstrumentStatusFilterSet
    columns = [
        COUNTRY,
        Column(_("Instrument"), "self", link=True, order_by="instrument"),
        Column(_("Status"), "get_state_display"),
        Column(_("Since"), "since", order_by="since"),
        VERIFIED,
    ]


class InstrumentStatusDetailView(ObjectDetailView):
    model = InstrumentStatus
    selector = selectors.instrumentstatus_detail
    template_name = "analysis/legal/instrumentstatus_detail.html"


class InstrumentStatusEditView(ObjectEditView):
    model = InstrumentStatus
    selector = selectors.instrumentstatus_list
    form_class = forms.InstrumentStatusForm
    create_service = services.instrumentstatus_create
    update_service = services.instrumentstatus_update


class InstrumentStatusDeleteView(ObjectDeleteView):
    model = InstrumentStatus
    selector = selectors.instrumentstatus_list
    delete_service = services.instrumentstatus_delete
    success_url_name = "analysis:legal_countries"


class InstrumentStatusHistoryView(ObjectHistoryView):
    model = InstrumentStatus
    selector = selectors.instrumentstatus_list


# IHL assessments.


class IhlAssessmentListView(ObjectListView):
    model = IhlAssessment
    selector = selectors.ihlassessment_list
    filterset_class = filtersets.IhlAssessmentFilterSet
    columns = [
        COUNTRY,
        Column(_("Assessment"), "self", link=True, order_by="assessed"),
        Column(_("Current"), "is_current"),
        Column(_("Where it applies"), "areas"),
        VERIFIED,
    ]


class IhlAssessmentDetailView(ObjectDetailView):
    model = IhlAssessment
    selector = selectors.ihlassessment_detail
    template_name = "analysis/legal/ihlassessment_detail.html"


class IhlAssessmentEditView(ObjectEditView):
    model = IhlAssessment
    selector = selectors.ihlassessment_list
    form_class = forms.IhlAssessmentForm
    create_service = services.ihlassessment_create
    update_service = services.ihlassessment_update


class IhlAssessmentDeleteView(ObjectDeleteView):
    model = IhlAssessment
    selector = selectors.ihlassessment_list
    delete_service = services.ihlassessment_delete
    success_url_name = "analysis:legal_countries"


class IhlAssessmentHistoryView(ObjectHistoryView):
    model = IhlAssessment
    selector = selectors.ihlassessment_list


# National Action Plans.


class ActionPlanListView(ObjectListView):
    model = ActionPlan
    selector = selectors.actionplan_list
    filterset_class = filtersets.ActionPlanFilterSet
    columns = [
        COUNTRY,
        Column(_("Plan"), "self", link=True, order_by="title"),
        Column(_("Status"), "get_status_display"),
        Column(_("Adopted on"), "adopted_on", order_by="adopted"),
        VERIFIED,
    ]


class ActionPlanDetailView(ObjectDetailView):
    model = ActionPlan
    selector = selectors.actionplan_detail
    template_name = "analysis/legal/actionplan_detail.html"


class ActionPlanEditView(ObjectEditView):
    model = ActionPlan
    selector = selectors.actionplan_list
    form_class = forms.ActionPlanForm
    create_service = services.actionplan_create
    update_service = services.actionplan_update


class ActionPlanDeleteView(ObjectDeleteView):
    model = ActionPlan
    selector = selectors.actionplan_list
    delete_service = services.actionplan_delete
    success_url_name = "analysis:legal_countries"


class ActionPlanHistoryView(ObjectHistoryView):
    model = ActionPlan
    selector = selectors.actionplan_list


# Initiatives subscribed to.


class InitiativeCommitmentListView(ObjectListView):
    model = InitiativeCommitment
    selector = selectors.initiativecommitment_list
    filterset_class = filtersets.InitiativeCommitmentFilterSet
    columns = [
        COUNTRY,
        Column(_("Initiative"), "self", link=True, order_by="initiative"),
        Column(_("Since"), "since", order_by="since"),
        VERIFIED,
    ]


class InitiativeCommitmentDetailView(ObjectDetailView):
    model = InitiativeCommitment
    selector = selectors.initiativecommitment_detail
    template_name = "analysis/legal/initiativecommitment_detail.html"


class InitiativeCommitmentEditView(ObjectEditView):
    model = InitiativeCommitment
    selector = selectors.initiativecommitment_list
    form_class = forms.InitiativeCommitmentForm
    create_service = services.initiativecommitment_create
    update_service = services.initiativecommitment_update


class InitiativeCommitmentDeleteView(ObjectDeleteView):
    model = InitiativeCommitment
    selector = selectors.initiativecommitment_list
    delete_service = services.initiativecommitment_delete
    success_url_name = "analysis:legal_countries"


class InitiativeCommitmentHistoryView(ObjectHistoryView):
    model = InitiativeCommitment
    selector = selectors.initiativecommitment_list
