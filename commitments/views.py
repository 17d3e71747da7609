"""Agreement pages: the list with its filters, an agreement with its obligations and roll-out, and the usual add,
edit, delete and history of each record, declared on the generic bases. Progress notes and the roll-out
suggestions are posted to thin views that write through the services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from shrhub.hiding import seen_link
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
from stakeholders.models import Stakeholder
from workinggroups.models import Meeting

from . import filtersets, forms, selectors, services
from .choices import Process
from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout

CELLS = "commitments/cells"


class AgreementListView(ObjectListView):
    """Agreements, with where each stands: open obligations, and how many bodies below know of it."""

    model = Agreement
    selector = selectors.agreement_list
    filterset_class = filtersets.AgreementFilterSet
    template_name = "commitments/agreement_list.html"
    columns = [
        Column(_("Made"), "made_on", order_by="made"),
        Column(_("Agreement"), "self", link=True, order_by="title"),
        Column(_("Kind"), "get_kind_display"),
        Column(_("Reached at"), "jurisdiction"),
        Column(_("Status"), "status", order_by="status", template=f"{CELLS}/status.html"),
        Column(_("VPs"), "incorporates_vps", template=f"{CELLS}/vps.html"),
        Column(_("Open obligations"), "open_obligations"),
        Column(_("Roll-out"), "self", template=f"{CELLS}/rollout.html"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["gaps"] = selectors.rollout_gaps(user=self.request.user)
        return context


class AgreementDetailView(ObjectDetailView):
    model = Agreement
    selector = selectors.agreement_detail
    template_name = "commitments/agreement_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["suggested_bodies"] = (
            services.suggested_bodies(self.object, user=user) if user.has_perm("commitments.add_rollout") else []
        )
        context["successor"] = seen_link(self.object, "superseded_by", user)  # None when the reader may not see it
        return context


class AgreementEditView(ObjectEditView):
    model = Agreement
    selector = selectors.agreement_list
    form_class = forms.AgreementForm
    create_service = services.agreement_create
    update_service = services.agreement_update

    def get_initial(self) -> dict[str, Any]:
        """A new agreement started from a meeting (``?meetings=<pk>``) or an engagement (``?engagements=<pk>``) the
        user may see begins with what was decided or committed to there (``services.agreement_from_meeting``); the
        link's other values come on top."""
        initial = super().get_initial()
        if "pk" in self.kwargs:
            return initial
        start = self.started_from()
        return {**start, **initial, **{key: start[key] for key in ("meetings", "engagements") if key in start}}

    def started_from(self) -> dict[str, Any]:
        user, query = self.request.user, self.request.GET
        meeting, engagement = query.get("meetings", ""), query.get("engagements", "")
        if meeting.isdigit():
            found = Meeting.objects.visible_to(user).select_related("group").filter(pk=meeting).first()
            return services.agreement_from_meeting(found) if found else {}
        if engagement.isdigit():
            talks = selectors.visible_engagements(user).filter(pk=engagement).first()
            return services.agreement_from_engagement(talks) if talks else {}
        return {}


class AgreementDeleteView(ObjectDeleteView):
    model = Agreement
    selector = selectors.agreement_list
    delete_service = services.agreement_delete
    success_url_name = "commitments:agreement_list"


class AgreementHistoryView(ObjectHistoryView):
    model = Agreement
    selector = selectors.agreement_list


class RolloutSuggestView(PermissionRequiredMixin, View):
    """Put every body the registry suggests in the agreement's roll-out (not yet aware)."""

    model = Rollout
    permission_action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = get_object_or_404(selectors.agreement_list(user=request.user), pk=pk)
        try:
            added = services.rollout_add_suggested(actor=request.user, agreement=agreement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("%(count)d body added to the roll-out.", "%(count)d bodies added to the roll-out.", len(added))
                % {"count": len(added)},
            )
        return HttpResponseRedirect(agreement.get_absolute_url() + "#rollout")


class ObligationListView(ObjectListView):
    """The obligations under agreements: open, overdue, mine, by owner."""

    model = Obligation
    selector = selectors.obligation_list
    filterset_class = filtersets.ObligationFilterSet
    template_name = "commitments/obligation_list.html"
    columns = [
        Column(_("Due"), "due_on", order_by="due", template=f"{CELLS}/due.html"),
        Column(_("Obligation"), "self", link=True),
        Column(_("Agreement"), "agreement", template=f"{CELLS}/agreement.html"),
        Column(_("Owner"), "owner_name"),
        Column(_("Status"), "get_status_display", order_by="status"),
        Column(_("Notes"), "note_count"),
    ]


class ObligationDetailView(ObjectDetailView):
    model = Obligation
    selector = selectors.obligation_detail
    template_name = "commitments/obligation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["progress_form"] = kwargs.get("progress_form") or forms.ObligationProgressForm()
        context["can_add_progress"] = self.request.user.has_perm("commitments.add_obligationprogress")
        return context


class ObligationEditView(ObjectEditView):
    model = Obligation
    selector = selectors.obligation_list
    form_class = forms.ObligationForm
    create_service = services.obligation_create
    update_service = services.obligation_update


class ObligationDeleteView(ObjectDeleteView):
    model = Obligation
    selector = selectors.obligation_list
    delete_service = services.obligation_delete
    success_url_name = "commitments:obligation_list"


class ObligationHistoryView(ObjectHistoryView):
    model = Obligation
    selector = selectors.obligation_list


class ObligationProgressCreateView(ProgressNoteCreateView):
    model = ObligationProgress
    item_selector = selectors.obligation_detail
    form_class = forms.ObligationProgressForm
    detail_view = ObligationDetailView
    create_service = services.obligationprogress_create
    item_argument = "obligation"


class RolloutListView(ObjectListView):
    """Every body's stand on the agreements reached above it."""

    model = Rollout
    selector = selectors.rollout_list
    filterset_class = filtersets.RolloutFilterSet
    columns = [
        Column(_("Body"), "self", link=True),
        Column(_("Agreement"), "agreement", template=f"{CELLS}/agreement.html"),
        Column(_("Level"), "body.get_level_display"),
        Column(_("State"), "get_state_display", order_by="state"),
        Column(_("As of"), "as_of", order_by="as_of"),
    ]


class RolloutDetailView(ObjectDetailView):
    model = Rollout
    selector = selectors.rollout_detail
    template_name = "commitments/rollout_detail.html"


class RolloutEditView(ObjectEditView):
    model = Rollout
    selector = selectors.rollout_list
    form_class = forms.RolloutForm
    create_service = services.rollout_create
    update_service = services.rollout_update

    def get_success_url(self, saved: Any) -> str:
        return saved.agreement.get_absolute_url() + "#rollout"


class RolloutDeleteView(ObjectDeleteView):
    model = Rollout
    selector = selectors.rollout_list
    delete_service = services.rollout_delete
    success_url_name = "commitments:agreement_list"


class RolloutHistoryView(ObjectHistoryView):
    model = Rollout
    selector = selectors.rollout_list


# Keeping people informed ------------------------------------------------------------------------------------


class AudienceListView(ObjectListView):
    """Who must be kept informed of each process, by which means, how often, and when they last were."""

    model = Audience
    selector = selectors.audience_list
    filterset_class = filtersets.AudienceFilterSet
    template_name = "commitments/audience_list.html"
    columns = [
        Column(_("Kept informed"), "self", order_by="name", template=f"{CELLS}/audience_member.html"),
        Column(_("Of"), "self", template=f"{CELLS}/process.html"),
        Column(_("By"), "means"),
        Column(_("Every (days)"), "every_days", order_by="every"),
        Column(_("Last informed"), "last_informed_on", template=f"{CELLS}/last_informed.html"),
        Column(_("Next due"), "next_due_on", order_by="due", template=f"{CELLS}/next_due.html"),
        Column(_("Who informs them"), "owner", template=f"{CELLS}/user.html"),
        Column(_("Inform"), "self", template=f"{CELLS}/inform.html", permission="stakeholders.add_engagement"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["countries"] = selectors.countries()
        return context


class AudienceDetailView(ObjectDetailView):
    model = Audience
    selector = selectors.audience_list
    template_name = "commitments/audience_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        engagements = selectors.visible_engagements(self.request.user)
        context["recent_engagements"] = list(engagements.filter(stakeholders=self.object.stakeholder_id)[:5])
        return context


class AudienceEditView(ObjectEditView):
    model = Audience
    selector = selectors.audience_list
    form_class = forms.AudienceForm
    create_service = services.audience_create
    update_service = services.audience_update


class AudienceDeleteView(ObjectDeleteView):
    model = Audience
    selector = selectors.audience_list
    delete_service = services.audience_delete
    success_url_name = "commitments:audience_list"


class AudienceHistoryView(ObjectHistoryView):
    model = Audience
    selector = selectors.audience_list


class AudienceProposedView(PermissionRequiredMixin, TemplateView):
    """Proposed from the map: the stakeholders the influence x interest grid says to keep informed of a process
    (``?country=``, ``?working_group=`` or ``?agreement=``; the first country by default) and not yet in its
    audience. A POST adds one (``stakeholder``) or all of them, to be briefed every 90 days."""

    model = Audience
    template_name = "commitments/audience_proposed.html"

    def has_permission(self) -> bool:
        action = "add" if self.request.method == "POST" else "view"
        return self.request.user.has_perm(f"commitments.{action}_audience")

    def target(self, data: Mapping[str, Any]) -> selectors.ProcessTarget:
        found = selectors.find_target(data, user=self.request.user)
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        target = self.target(self.request.GET)
        context.update(
            target=target,
            process=selectors.process_of(target),
            target_field=selectors.TARGET_FIELDS[selectors.process_of(target)],
            proposed=selectors.proposed_audience(target, user=user),
            members=list(selectors.audience_of(target, user=user)),
            countries=selectors.countries(),
            query=selectors.target_query(target),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        target = self.target(request.POST)
        back = reverse("commitments:audience_proposed") + "?" + selectors.target_query(target)
        chosen = None
        if request.POST.get("stakeholder"):
            chosen = list(Stakeholder.objects.visible_to(request.user).filter(pk=request.POST["stakeholder"])[:1])
            if not chosen:
                raise Http404
        try:
            added = services.audience_add_proposed(actor=request.user, target=target, stakeholders=chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d stakeholder added to those kept informed.",
                    "%(count)d stakeholders added to those kept informed.",
                    len(added),
                )
                % {"count": len(added)},
            )
        if request.POST.get("next") == "target" and selectors.process_of(target) != Process.IN_COUNTRY:
            return HttpResponseRedirect(target.get_absolute_url() + "#audience")  # the group's or agreement's page
        return HttpResponseRedirect(back)
