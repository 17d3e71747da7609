"""Follow-up pages: the tracker, a follow-up with its progress notes, and the usual add, edit, delete and
history, declared on the generic bases; progress notes are posted to a thin view that writes through the
service."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.tables import Column
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ProgressNoteCreateView,
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


class FollowUpProgressCreateView(ProgressNoteCreateView):
    """Add a progress note to a follow-up (and move or close it); back to where the user came from."""

    model = FollowUpProgress
    item_selector = selectors.followup_detail
    form_class = forms.FollowUpProgressForm
    detail_view = FollowUpDetailView
    create_service = services.followupprogress_create
    item_argument = "follow_up"
