"""Follow-up pages: the tracker, a follow-up with its progress notes, and the usual add, edit, delete and
history, declared on the generic bases; progress notes are posted to a thin view that writes through the
service."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
)

from . import filtersets, forms, selectors, services
from .models import FollowUp, FollowUpProgress

CELLS = "followups/cells"


class FollowUpListView(ObjectListView):
    """The tracker of engagement follow-ups: open, overdue, mine, by owner."""

    model = FollowUp
    selector = selectors.followup_list
    filterset_class = filtersets.FollowUpFilterSet
    template_name = "followups/followup_list.html"
    columns = [
        Column(_("Due"), "due_on", order_by="due", template=f"{CELLS}/due.html"),
        Column(_("Follow-up"), "self", link=True),
        Column(_("Engagement"), "engagement", template=f"{CELLS}/engagement.html"),
        Column(_("Owner"), "owner_name"),
        Column(_("Status"), "status", order_by="status", template=f"{CELLS}/status.html"),
        Column(_("Notes"), "note_count"),
        Column("", "self", template=f"{CELLS}/progress.html"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.followup_tracker_summary(cast(QuerySet[FollowUp], self.object_list))
        return context


class FollowUpDetailView(ObjectDetailView):
    model = FollowUp
    selector = selectors.followup_detail
    template_name = "followups/followup_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["progress_form"] = kwargs.get("progress_form") or forms.FollowUpProgressForm()
        context["can_add_progress"] = self.request.user.has_perm("followups.add_followupprogress")
        return context


class FollowUpEditView(ObjectEditView):
    model = FollowUp
    selector = selectors.followup_list
    form_class = forms.FollowUpForm
    create_service = services.followup_create
    update_service = services.followup_update


class FollowUpDeleteView(ObjectDeleteView):
    model = FollowUp
    selector = selectors.followup_list
    delete_service = services.followup_delete
    success_url_name = "followups:followup_list"


class FollowUpHistoryView(ObjectHistoryView):
    model = FollowUp
    selector = selectors.followup_list


class FollowUpProgressCreateView(PermissionRequiredMixin, View):
    """Add a progress note to a follow-up (and move or close it); back to where the user came from."""

    model = FollowUpProgress
    permission_action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        follow_up = get_object_or_404(selectors.followup_detail(user=request.user), pk=pk)
        form = forms.FollowUpProgressForm(request.POST)
        if form.is_valid():
            try:
                services.followupprogress_create(actor=request.user, follow_up=follow_up, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Progress noted on “%(item)s”.") % {"item": follow_up})
                return HttpResponseRedirect(self.next_url(follow_up))
        view = FollowUpDetailView(request=request, kwargs={"pk": pk}, object=follow_up)
        context = view.get_context_data(object=follow_up, progress_form=form)
        return render(request, FollowUpDetailView.template_name, context, status=400)

    def next_url(self, follow_up: FollowUp) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return follow_up.get_absolute_url()
