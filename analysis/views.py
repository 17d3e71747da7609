"""Situation analysis and risk register pages: lists, details and forms on the generic bases; an edition's
approval, revision and comparison; the risk matrix, the register's export and printable page; the proposals
from computed coordination findings, registered or dismissed by a manager."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from shrhub import clock
from shrhub.models import AccessLog, Jurisdiction, log_access
from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
    ProgressNoteCreateView,
)
from stakeholders.insights.figures.coordination import coordination
from stakeholders.insights.filters import CoordinationFilterSet, InvalidFilters, resolve_scope

from . import exports, filtersets, forms, proposals, selectors, services
from .charts import risk_matrix_svg
from .choices import Pestles
from .models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis

CELLS = "analysis/cells"


# Situation analyses.


class SituationAnalysisListView(ObjectListView):
    model = SituationAnalysis
    selector = selectors.situationanalysis_list
    filterset_class = filtersets.SituationAnalysisFilterSet
    columns = [
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Analysis"), "self", link=True),
        Column(_("As of"), "as_of", order_by="as_of"),
        Column(_("Status"), "get_status_display"),
        Column(_("Findings"), "finding_count"),
        Column(_("Review by"), "review_on", order_by="review"),
    ]


class SituationAnalysisDetailView(ObjectDetailView):
    """An edition with its findings by heading, and beside it what the registry knows of the jurisdiction."""

    model = SituationAnalysis
    selector = selectors.situationanalysis_detail
    template_name = "analysis/situationanalysis_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        analysis: SituationAnalysis = self.object
        user = self.request.user
        by_heading: dict[str, list[Finding]] = {}
        for finding in analysis.findings.all():
            by_heading.setdefault(finding.heading, []).append(finding)
        context["headings"] = [(heading, label, by_heading.get(heading, [])) for heading, label in Pestles.choices]
        try:
            scope = resolve_scope(
                user=user, data={"jurisdiction": analysis.jurisdiction_id}, filterset_class=CoordinationFilterSet
            )
        except InvalidFilters:
            context["registry"] = None
        else:
            context["registry"] = coordination(scope)
        context["can_approve"] = user.has_perm("analysis.approve_situationanalysis") and not analysis.is_approved
        context["can_revise"] = user.has_perm("analysis.add_situationanalysis") and not analysis.revisions.exists()
        context["can_add_finding"] = user.has_perm("analysis.add_finding") and not analysis.is_approved
        return context


class SituationAnalysisEditView(ObjectEditView):
    model = SituationAnalysis
    selector = selectors.situationanalysis_list
    form_class = forms.SituationAnalysisForm
    create_service = services.situationanalysis_create
    update_service = services.situationanalysis_update


class SituationAnalysisDeleteView(ObjectDeleteView):
    model = SituationAnalysis
    selector = selectors.situationanalysis_list
    delete_service = services.situationanalysis_delete
    success_url_name = "analysis:situationanalysis_list"


class SituationAnalysisHistoryView(ObjectHistoryView):
    model = SituationAnalysis
    selector = selectors.situationanalysis_list


class SituationAnalysisActionView(PermissionRequiredMixin, View):
    """A POST that approves an edition or starts the next one, through the service; back to the edition."""

    model = SituationAnalysis
    action: str

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        analysis = get_object_or_404(selectors.situationanalysis_list(user=request.user), pk=pk)
        try:
            if self.action == "approve":
                done = services.situationanalysis_approve(actor=request.user, instance=analysis)
                messages.success(request, gettext("Edition %(n)d approved.") % {"n": done.edition})
            else:
                done = services.situationanalysis_revise(actor=request.user, instance=analysis)
                messages.success(request, gettext("Edition %(n)d started from the last one.") % {"n": done.edition})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            done = analysis
        return HttpResponseRedirect(done.get_absolute_url())


class SituationAnalysisApproveView(SituationAnalysisActionView):
    permission_action = "approve"
    action = "approve"


class SituationAnalysisReviseView(SituationAnalysisActionView):
    permission_action = "add"
    action = "revise"


class SituationAnalysisCompareView(ObjectDetailView):
    """This edition against the one it revises, heading by heading."""

    model = SituationAnalysis
    selector = selectors.situationanalysis_detail
    template_name = "analysis/situationanalysis_compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        later: SituationAnalysis = self.object
        if later.previous_id is None:
            raise Http404("This is the first edition.")
        earlier = selectors.situationanalysis_detail(user=self.request.user).filter(pk=later.previous_id).first()
        if earlier is None:
            raise Http404("The earlier edition is not visible to you.")
        context.update(earlier=earlier, later=later, changes=selectors.compare_editions(earlier, later))
        return context


class FindingListView(ObjectListView):
    model = Finding
    selector = selectors.finding_list
    filterset_class = filtersets.FindingFilterSet
    columns = [
        Column(_("Heading"), "get_heading_display", order_by="heading"),
        Column(_("Finding"), "self", link=True),
        Column(_("Analysis"), "analysis"),
        Column(_("Confidence"), "get_confidence_display"),
    ]


class FindingDetailView(ObjectDetailView):
    model = Finding
    selector = selectors.finding_list

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        finding = cast(Finding, self.get_object())
        return HttpResponseRedirect(finding.get_absolute_url())


class FindingEditView(ObjectEditView):
    model = Finding
    selector = selectors.finding_list
    form_class = forms.FindingForm
    create_service = services.finding_create
    update_service = services.finding_update


class FindingDeleteView(ObjectDeleteView):
    model = Finding
    selector = selectors.finding_list
    delete_service = services.finding_delete
    success_url_name = "analysis:situationanalysis_list"


class FindingHistoryView(ObjectHistoryView):
    model = Finding
    selector = selectors.finding_list


# The risk register.


class CoordinationRiskListView(ObjectListView):
    """The register: every risk the user may see, with the matrix of those the filters keep."""

    model = CoordinationRisk
    selector = selectors.coordinationrisk_list
    filterset_class = filtersets.CoordinationRiskFilterSet
    template_name = "analysis/coordinationrisk_list.html"
    columns = [
        Column(_("Score"), "score_value", order_by="score", template=f"{CELLS}/score.html"),
        Column(_("Risk"), "self", link=True, order_by="title"),
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Area"), "area_name"),
        Column(_("Owner"), "owner_name"),
        Column(_("Status"), "get_status_display", order_by="status"),
        Column(_("Mitigations"), "self", template=f"{CELLS}/mitigations.html"),
        Column(_("Review by"), "review_on", order_by="review"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        matched = self.filterset.qs if self.filterset.is_valid() or not self.filterset.is_bound else []
        context["matrix_svg"] = risk_matrix_svg(selectors.risk_matrix(list(matched[:500])))
        context["proposal_count"] = (
            len(proposals.proposals(user=self.request.user))
            if self.request.user.has_perm("analysis.add_findingreview")
            else 0
        )
        return context


class CoordinationRiskDetailView(ObjectDetailView):
    model = CoordinationRisk
    selector = selectors.coordinationrisk_detail
    template_name = "analysis/coordinationrisk_detail.html"


class CoordinationRiskEditView(ObjectEditView):
    model = CoordinationRisk
    selector = selectors.coordinationrisk_list
    form_class = forms.CoordinationRiskForm
    create_service = services.coordinationrisk_create
    update_service = services.coordinationrisk_update


class CoordinationRiskDeleteView(ObjectDeleteView):
    model = CoordinationRisk
    selector = selectors.coordinationrisk_list
    delete_service = services.coordinationrisk_delete
    success_url_name = "analysis:coordinationrisk_list"


class CoordinationRiskHistoryView(ObjectHistoryView):
    model = CoordinationRisk
    selector = selectors.coordinationrisk_list


class RiskRegisterExportView(PermissionRequiredMixin, View):
    """The register as the list's filters keep it: ``csv``, ``xlsx``, or a printable page (``print``)."""

    model = CoordinationRisk
    LIMIT = 2_000

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        base = selectors.coordinationrisk_detail(user=request.user)
        filterset = filtersets.CoordinationRiskFilterSet(request.GET or None, queryset=base, request=request)
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponse(str(filterset.errors), status=400, content_type="text/plain; charset=utf-8")
        risks = list(filterset.qs[: self.LIMIT])
        if fmt not in {"csv", "xlsx", "print"}:
            raise Http404("No such export.")
        log_access(
            request.user,
            AccessLog.Action.EXPORT,
            model="analysis.coordinationrisk",
            detail=f"{len(risks)} risks, {fmt}",
        )
        name = f"coordination-risks-{clock.today().isoformat()}"
        if fmt == "print":
            context = {
                "risks": risks,
                "matrix_svg": risk_matrix_svg(selectors.risk_matrix(risks)),
                "today": clock.today(),
            }
            return render(request, "analysis/risk_register_print.html", context)
        table = exports.register_table(risks)
        if fmt == "xlsx":
            response = HttpResponse(
                exports.to_xlsx(table, title=gettext("Coordination risks")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = HttpResponse(exports.to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class MitigationListView(ObjectListView):
    model = Mitigation
    selector = selectors.mitigation_list
    filterset_class = filtersets.MitigationFilterSet
    columns = [
        Column(_("Due"), "due_on", order_by="due"),
        Column(_("Mitigation"), "self", link=True),
        Column(_("Risk"), "risk"),
        Column(_("Owner"), "owner_name"),
        Column(_("Status"), "get_status_display", order_by="status"),
        Column(_("Notes"), "note_count"),
    ]


class MitigationDetailView(ObjectDetailView):
    model = Mitigation
    selector = selectors.mitigation_detail
    template_name = "analysis/mitigation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["progress_form"] = kwargs.get("progress_form") or forms.MitigationProgressForm()
        context["can_add_progress"] = self.request.user.has_perm("analysis.add_mitigationprogress")
        return context


class MitigationEditView(ObjectEditView):
    model = Mitigation
    selector = selectors.mitigation_list
    form_class = forms.MitigationForm
    create_service = services.mitigation_create
    update_service = services.mitigation_update


class MitigationDeleteView(ObjectDeleteView):
    model = Mitigation
    selector = selectors.mitigation_list
    delete_service = services.mitigation_delete
    success_url_name = "analysis:mitigation_list"


class MitigationHistoryView(ObjectHistoryView):
    model = Mitigation
    selector = selectors.mitigation_list


class MitigationProgressCreateView(ProgressNoteCreateView):
    model = MitigationProgress
    item_selector = selectors.mitigation_detail
    form_class = forms.MitigationProgressForm
    detail_view = MitigationDetailView
    create_service = services.mitigationprogress_create
    item_argument = "mitigation"


# Proposals from computed coordination findings.


def _jurisdiction(request: HttpRequest, *, posted: bool = True) -> Jurisdiction | None:
    """The jurisdiction whose picture the proposals were computed in (``?jurisdiction=``; for a dismissal, also a
    posted field). ``posted=False`` where the posted ``jurisdiction`` is the risk form's own field, not the scope."""
    pk = request.GET.get("jurisdiction") or (request.POST.get("jurisdiction") if posted else None)
    if not pk or not str(pk).isdigit():
        return None
    return Jurisdiction.objects.visible_to(request.user).filter(pk=pk).first()


class ProposalListView(PermissionRequiredMixin, View):
    """The coordination findings nobody has reviewed yet, each to register as a risk or dismiss."""

    model = CoordinationRisk
    permission_action = "view"

    def has_permission(self) -> bool:
        return self.request.user.has_perm("analysis.view_findingreview")

    def get(self, request: HttpRequest) -> HttpResponse:
        jurisdiction = _jurisdiction(request)
        found = proposals.proposals(user=request.user, jurisdiction=jurisdiction)
        context = {
            "proposals": found,
            "jurisdiction": jurisdiction,
            "jurisdictions": Jurisdiction.objects.visible_to(request.user).order_by("name"),
            "can_review": request.user.has_perm("analysis.add_findingreview"),
            "dismiss_form": forms.FindingDismissForm(),
        }
        return render(request, "analysis/proposal_list.html", context)


class NotProposed(Exception):
    """The finding a review names is not (or no longer) proposed to its reader."""


class ProposalReviewMixin(PermissionRequiredMixin, View):
    """A manager's review of one proposed finding (``?key=``). A finding no longer proposed (a colleague reviewed
    it meanwhile, a form sent twice) leads back to the list with a message rather than to an error page."""

    model = CoordinationRisk
    scope_posted = True  # whether a posted ``jurisdiction`` names the proposals' scope (see ``_jurisdiction``)

    def has_permission(self) -> bool:
        return self.request.user.has_perm("analysis.add_findingreview")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotProposed:
            messages.info(request, gettext("This finding is no longer proposed: it may have been reviewed already."))
            return HttpResponseRedirect(self.back(request))

    def scope(self, request: HttpRequest) -> Jurisdiction | None:
        return _jurisdiction(request, posted=self.scope_posted)

    def back(self, request: HttpRequest) -> str:
        """The list of proposals, in the picture the review was made in."""
        scope = self.scope(request)
        return reverse("analysis:proposal_list") + (f"?jurisdiction={scope.pk}" if scope else "")

    def proposal(self, request: HttpRequest) -> proposals.Proposal:
        key = request.GET.get("key") or request.POST.get("key") or ""
        found = proposals.proposal(user=request.user, key=key, jurisdiction=self.scope(request))
        if found is None:
            raise NotProposed(key)
        return found


class ProposalRegisterView(ProposalReviewMixin):
    """The risk form pre-filled from the finding; saving registers the risk and the review together."""

    template_name = "analysis/proposal_register.html"
    scope_posted = False  # the form posts the risk's own jurisdiction; the scope stays in the query string

    def get(self, request: HttpRequest) -> HttpResponse:
        proposal = self.proposal(request)
        scope = self.scope(request)
        form = forms.CoordinationRiskForm(user=request.user, initial=proposal.initial(scope))
        return render(request, self.template_name, {"proposal": proposal, "form": form, "jurisdiction": scope})

    def post(self, request: HttpRequest) -> HttpResponse:
        proposal = self.proposal(request)
        if not request.user.has_perm("analysis.add_coordinationrisk"):
            raise PermissionDenied
        form = forms.CoordinationRiskForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                risk = services.finding_register(
                    actor=request.user, key=proposal.key, evidence=proposal.finding.evidence, **data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Registered the risk “%(risk)s”.") % {"risk": risk})
                return HttpResponseRedirect(risk.get_absolute_url())
        context = {"proposal": proposal, "form": form, "jurisdiction": self.scope(request)}
        return render(request, self.template_name, context, status=400)


class ProposalDismissView(ProposalReviewMixin):
    def post(self, request: HttpRequest) -> HttpResponse:
        proposal = self.proposal(request)
        form = forms.FindingDismissForm(request.POST)
        back = self.back(request)
        if not form.is_valid():
            messages.error(request, gettext("Say why the finding is dismissed."))
            return HttpResponseRedirect(back)
        services.finding_dismiss(
            actor=request.user, key=proposal.key, evidence=proposal.finding.evidence, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("Dismissed “%(finding)s”.") % {"finding": proposal.finding.title})
        return HttpResponseRedirect(back)
