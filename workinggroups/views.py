"""Working-group pages: declared on the generic bases where they fit; the meeting record (attendance sheet,
minutes with preview, approval, amendment, print) and the action tracker add their own, thin views that
read through selectors and write through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from shrhub.forms import VERSION_MISSING_MESSAGE, DomainForm
from shrhub.models import AccessLog, account, log_access, signed_in_account
from shrhub.services import StaleVersion
from shrhub.tables import Column
from shrhub.types import AnyUser
from shrhub.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    PermissionRequiredMixin,
    ProgressNoteCreateView,
    permission_name,
)
from stakeholders.models import Stakeholder

from . import filtersets, forms, selectors, services
from .calendar import issue_feed_token, revoke_feed_token
from .choices import AttendanceStatus, MeetingStatus
from .models import (
    ActionItem,
    ActionProgress,
    CalendarFeedToken,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CELLS = "workinggroups/cells"


def calendar_feed_url(request: HttpRequest, group: WorkingGroup | None = None) -> str:
    """Where the user creates their personal iCalendar address for a group's planned meetings, or for all of
    them (the address carries a key shown only once, so pages link to where it is made)."""
    url = reverse("workinggroups:calendarfeed_list")
    return f"{url}?{urlencode({'group': group.pk})}" if group else url


def feed_address(request: HttpRequest, token: CalendarFeedToken, raw_key: str) -> str:
    """The subscription address of a feed token (with its raw key: shown once)."""
    path = reverse("workinggroup-calendar", args=[token.group_id]) if token.group_id else reverse("meeting-calendar")
    return request.build_absolute_uri(path) + "?" + urlencode({"key": raw_key})


class CalendarFeedListView(PermissionRequiredMixin, TemplateView):
    """Your calendar feeds: each with its feed, creation, expiry and last use, and a button to revoke it; POST
    creates one (for a group you may see, or for every group) and shows its address once. Administrators (who
    may manage API tokens) see and may revoke everyone's."""

    model = Meeting
    template_name = "workinggroups/calendarfeed_list.html"

    def tokens(self) -> QuerySet[CalendarFeedToken]:
        tokens = CalendarFeedToken.objects.select_related("user", "group", "revoked_by")
        return tokens if manages_feeds(self.request.user) else tokens.filter(user=account(self.request.user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        groups = WorkingGroup.objects.visible_to(self.request.user).order_by("name")
        chosen = _int(self.request.GET.get("group"))
        context.update(tokens=self.tokens(), groups=groups, chosen=chosen, manages=manages_feeds(self.request.user))
        return context

    @method_decorator(never_cache)
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data())

    @method_decorator(never_cache)
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = None
        group_id = request.POST.get("group", "")
        if group_id:
            pk = _int(group_id)
            group = WorkingGroup.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
            if group is None:
                raise Http404
        token, raw_key = issue_feed_token(user=signed_in_account(request.user), group=group)
        messages.success(request, gettext("Calendar feed created. Copy its address now: it is not shown again."))
        context = self.get_context_data(new_address=feed_address(request, token, raw_key), new_token=token)
        return self.render_to_response(context)


def manages_feeds(user: AnyUser) -> bool:
    """Administrators (who manage API tokens) see and revoke every user's calendar feeds."""
    return user.has_perm("shrhub.change_apitoken")


class CalendarFeedRevokeView(PermissionRequiredMixin, View):
    """POST: revoke one of your calendar feeds (an administrator: anyone's); a feed you may not manage is 404."""

    model = Meeting
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tokens = CalendarFeedToken.objects.all()
        if not manages_feeds(request.user):
            tokens = tokens.filter(user=account(request.user))
        token = get_object_or_404(tokens, pk=pk)
        revoke_feed_token(token, actor=signed_in_account(request.user))
        messages.success(request, gettext("Calendar feed “%(name)s” revoked.") % {"name": token.feed_name})
        return HttpResponseRedirect(reverse("workinggroups:calendarfeed_list"))


# Groups ---------------------------------------------------------------------------------------------------


class WorkingGroupListView(ObjectListView):
    """All groups with their health; sortable by each figure."""

    model = WorkingGroup
    selector = selectors.workinggroup_health_list
    filterset_class = filtersets.WorkingGroupFilterSet
    template_name = "workinggroups/workinggroup_list.html"
    columns = [
        Column(_("Name"), "name", order_by="name", link=True),
        Column(_("Jurisdiction"), "jurisdiction"),
        Column(_("Status"), "status"),
        Column(_("Last meeting"), "last_held_at", order_by="last_held", template=f"{CELLS}/date.html"),
        Column(_("Next due"), "next_due_on", order_by="next_due", template=f"{CELLS}/next_due.html"),
        Column(_("Attendance"), "attendance_rate", order_by="attendance", template=f"{CELLS}/rate.html"),
        Column(_("Represented"), "self", template=f"{CELLS}/representation.html"),
        Column(_("Open actions"), "open_actions", order_by="open_actions"),
        Column(_("Overdue actions"), "overdue_actions", order_by="overdue_actions", template=f"{CELLS}/overdue.html"),
        Column(_("Agreements done"), "completion_rate", order_by="completion", template=f"{CELLS}/rate.html"),
    ]


class WorkingGroupDetailView(ObjectDetailView):
    model = WorkingGroup
    selector = selectors.workinggroup_detail
    template_name = "workinggroups/workinggroup_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group, user = self.object, self.request.user
        actions = selectors.actionitem_list(user=user).filter(group=group)
        context.update(
            by_constituency=selectors.attendance_by_constituency([group.pk], user=user).get(group.pk, []),
            last_n=selectors.health_meetings(),
            open_actions=list(selectors.open_actions(actions)),
            co_chairs=selectors.current_co_chairs(group),
            secretariat=next((m for m in group.memberships.all() if m.pk == group.secretariat_id), None),
            can_add_member=user.has_perm("workinggroups.add_membership"),
            can_add_meeting=user.has_perm("workinggroups.add_meeting"),
            can_add_action=user.has_perm("workinggroups.add_actionitem"),
            calendar_feed_url=calendar_feed_url(self.request, group),
        )
        return context


class WorkingGroupEditView(ObjectEditView):
    model = WorkingGroup
    selector = selectors.workinggroup_list
    form_class = forms.WorkingGroupForm
    create_service = services.workinggroup_create
    update_service = services.workinggroup_update


class WorkingGroupDeleteView(ObjectDeleteView):
    model = WorkingGroup
    selector = selectors.workinggroup_list
    delete_service = services.workinggroup_delete
    success_url_name = "workinggroups:workinggroup_list"


class WorkingGroupHistoryView(ObjectHistoryView):
    model = WorkingGroup
    selector = selectors.workinggroup_list


# Memberships ----------------------------------------------------------------------------------------------


class MembershipListView(ObjectListView):
    model = Membership
    selector = selectors.membership_list
    filterset_class = filtersets.MembershipFilterSet
    columns = [
        Column(_("Member"), "self", link=True),
        Column(_("Group"), "group", order_by="group"),
        Column(_("Constituency"), "constituency", order_by="constituency"),
        Column(_("Role"), "role", order_by="role"),
        Column(_("Joined"), "joined_on", order_by="joined"),
        Column(_("Left"), "left_on", order_by="left"),
    ]


class MembershipDetailView(ObjectDetailView):
    model = Membership
    selector = selectors.membership_list
    template_name = "workinggroups/membership_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["attendance"] = list(
            selectors.attendance_list(user=self.request.user)
            .filter(membership=self.object)
            .order_by("-meeting__starts_at")[:20]
        )
        context["actions"] = list(
            selectors.actionitem_list(user=self.request.user).filter(owner_membership=self.object).order_by("due_on")
        )
        return context


class MembershipEditView(ObjectEditView):
    model = Membership
    selector = selectors.membership_list
    form_class: type[DomainForm] = forms.MembershipForm
    create_service = services.membership_create
    update_service: Callable[..., Membership] = services.membership_update

    def get_success_url(self, saved: Membership) -> str:
        return saved.group.get_absolute_url()


class MembershipEndView(MembershipEditView):
    """A member leaves: their seat gets an end date and stays in the record."""

    form_class = forms.MembershipEndForm
    update_service = services.membership_end
    template_name = "workinggroups/membership_end.html"


class MembershipDeleteView(ObjectDeleteView):
    model = Membership
    selector = selectors.membership_list
    delete_service = services.membership_delete
    success_url_name = "workinggroups:membership_list"


class MembershipHistoryView(ObjectHistoryView):
    model = Membership
    selector = selectors.membership_list


# Meetings -------------------------------------------------------------------------------------------------


class MeetingListView(ObjectListView):
    model = Meeting
    selector = selectors.meeting_list
    filterset_class = filtersets.MeetingFilterSet
    template_name = "workinggroups/meeting_list.html"
    columns = [
        Column(_("Date"), "starts_at", order_by="starts", template=f"{CELLS}/datetime.html"),
        Column(_("Meeting"), "self", link=True),
        Column(_("Group"), "group", order_by="group"),
        Column(_("Status"), "status", order_by="status"),
        Column(_("Present"), "self", template=f"{CELLS}/present.html"),
        Column(_("Minutes"), "self", template=f"{CELLS}/minutes_state.html"),
        Column(_("Level"), "self", template=f"{CELLS}/confidentiality.html"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["calendar_feed_url"] = calendar_feed_url(self.request)
        return context


class MeetingDetailView(ObjectDetailView):
    """The meeting's record, and what the previous meeting agreed with where it stands now."""

    model = Meeting
    selector = selectors.meeting_detail
    template_name = "workinggroups/meeting_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        amendments = meeting.amendments_in_order()
        context.update(
            previous=selectors.previous_meeting(meeting, user=user),
            amendments=amendments,
            latest_amendment=amendments[-1] if amendments else None,
            can_record=user.has_perm("workinggroups.change_meeting") and not meeting.is_approved,
            can_amend=user.has_perm("workinggroups.add_minutesamendment") and meeting.is_approved,
            can_add_issue=user.has_perm("workinggroups.add_keyissue") and not meeting.is_approved,
            can_add_action=user.has_perm("workinggroups.add_actionitem"),
            attendance_open=meeting.status in {MeetingStatus.PLANNED, MeetingStatus.POSTPONED, MeetingStatus.HELD},
        )
        return context


class MeetingEditView(ObjectEditView):
    """Plan a meeting (its agenda starts from the group's standing agenda) or change its details."""

    model = Meeting
    selector = selectors.meeting_list
    form_class = forms.MeetingForm
    create_service = services.meeting_create
    update_service = services.meeting_update


class MeetingDeleteView(ObjectDeleteView):
    model = Meeting
    selector = selectors.meeting_list
    delete_service = services.meeting_delete
    success_url_name = "workinggroups:meeting_list"


class MeetingHistoryView(ObjectHistoryView):
    model = Meeting
    selector = selectors.meeting_list


class MeetingActionMixin(PermissionRequiredMixin):
    """A page acting on one meeting, which must be visible to the user (404 otherwise)."""

    model = Meeting
    permission_action = "change"

    def get_meeting(self) -> Meeting:
        return get_object_or_404(selectors.meeting_detail(user=self.request.user), pk=self.kwargs["pk"])


class MeetingAttendanceView(MeetingActionMixin, TemplateView):
    """The attendance sheet: every member of the group on the meeting's day in one form, and the guests.

    Saving it records the meeting as held.
    """

    template_name = "workinggroups/meeting_attendance.html"

    def forms(
        self, meeting: Meeting, data: QueryDict | None = None
    ) -> tuple[list[tuple[Membership | None, Any]], Any, Any]:
        seats = list(selectors.members_on(meeting, user=self.request.user))
        recorded = {a.membership_id: a.status for a in meeting.attendance.all()}
        initial = [{"membership": s.pk, "status": recorded.get(s.pk, AttendanceStatus.PRESENT)} for s in seats]
        sheet = forms.AttendanceFormSet(data, initial=initial, prefix="attendance")
        guests_initial = [
            {"id": g.pk, "name": g.name, "organisation": g.organisation, "stakeholder": g.stakeholder_id}
            for g in meeting.guests.all()
        ]
        choices = forms.near_stakeholders(self.request.user, meeting.group.jurisdiction)
        guests = forms.GuestFormSet(
            data, initial=guests_initial, prefix="guests", form_kwargs={"stakeholder_choices": choices}
        )
        seat_by_id: dict[Any, Membership] = {s.pk: s for s in seats}
        rows = []
        for form in sheet:
            seat_id = form.initial.get("membership") if data is None else _int(form["membership"].value())
            if data is not None and seat_id not in seat_by_id:
                form.full_clean()
                form.add_error(None, gettext("Not a member of the group on the meeting's day."))
            rows.append((seat_by_id.get(seat_id), form))
        return rows, sheet, guests

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        if meeting.is_approved:
            messages.info(
                request, gettext("The minutes of this meeting are approved: its attendance is part of the record.")
            )
            return HttpResponseRedirect(meeting.get_absolute_url())
        rows, sheet, guests = self.forms(meeting)
        return self.render_to_response(self.get_context_data(object=meeting, rows=rows, sheet=sheet, guests=guests))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        rows, sheet, guests = self.forms(meeting, request.POST)
        errors: list[StrOrPromise] = []
        version = _int(request.POST.get("version"))
        if version is None:  # the sheet must say which version of the meeting it was based on
            errors.append(VERSION_MISSING_MESSAGE)
        elif sheet.is_valid() and guests.is_valid():
            statuses = {row["membership"]: row["status"] for row in sheet.cleaned_data}
            guest_rows = [g for g in guests.cleaned_data if g and not g.get("DELETE")]
            registry = Stakeholder.objects.visible_to(request.user).in_bulk(
                [g["stakeholder"] for g in guest_rows if g.get("stakeholder")]
            )
            for guest in guest_rows:
                guest["stakeholder"] = registry.get(guest.get("stakeholder"))
            try:
                services.meeting_record_attendance(
                    actor=request.user,
                    meeting=meeting,
                    statuses=statuses,
                    guests=guest_rows,
                    expected_version=version,
                )
            except StaleVersion:
                errors.append(
                    gettext("Someone else changed this meeting after you opened the sheet; reload it and save again.")
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, gettext("Attendance recorded."))
                return HttpResponseRedirect(meeting.get_absolute_url())
        else:
            errors.append(gettext("Check the marked lines."))
        context = self.get_context_data(object=meeting, rows=rows, sheet=sheet, guests=guests, errors=errors)
        return self.render_to_response(context, status=400)


class MeetingMinutesView(ObjectEditView):
    """Write the draft minutes and decisions (Markdown, with a live preview). Approved minutes are amended."""

    model = Meeting
    selector = selectors.meeting_list
    form_class = forms.MinutesForm
    update_service = services.meeting_save_minutes
    template_name = "workinggroups/meeting_minutes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = cast(Meeting, self.get_object())  # the view's selector reads meetings
        if meeting.is_approved:
            messages.info(request, gettext("These minutes are approved and locked; record an amendment instead."))
            return HttpResponseRedirect(reverse("workinggroups:meeting_amend", args=[meeting.pk]))
        return super().get(request, *args, **kwargs)


class MinutesPreviewView(PermissionRequiredMixin, View):
    """htmx: the Markdown of a minutes field rendered exactly as the meeting page will show it (sanitised)."""

    model = Meeting
    permission_action = "view"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        text = request.POST.get("minutes") or request.POST.get("decisions") or request.POST.get("text") or ""
        return render(request, "workinggroups/_markdown_preview.html", {"text": text[:200_000]})


class MeetingApproveView(MeetingActionMixin, TemplateView):
    """Approve the minutes: confirm, then they are locked."""

    template_name = "workinggroups/meeting_approve.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        return self.render_to_response(self.get_context_data(object=meeting))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        form = forms.ConfirmForm(request.POST)
        if not form.is_valid():
            error = " ".join(str(message) for message in form.errors["version"])
            return self.render_to_response(self.get_context_data(object=meeting, error=error), status=400)
        try:
            services.meeting_approve(
                actor=request.user, instance=meeting, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion:
            error = gettext("Someone else changed this meeting after you opened it: review it before approving.")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, gettext("Minutes approved. They are now locked; corrections are recorded as amendments.")
            )
            return HttpResponseRedirect(meeting.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=meeting, error=error), status=400)


class MeetingAmendView(MeetingActionMixin, TemplateView):
    """Correct approved minutes: the full corrected text with the reason; the original stays readable."""

    template_name = "workinggroups/meeting_amend.html"

    def has_permission(self) -> bool:
        return self.request.user.has_perm(permission_name(MinutesAmendment, "add"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        if not meeting.is_approved:
            messages.info(request, gettext("These minutes are not approved yet: edit the draft."))
            return HttpResponseRedirect(reverse("workinggroups:meeting_minutes", args=[meeting.pk]))
        form = forms.AmendmentForm(
            initial={"minutes": meeting.effective_minutes, "decisions": meeting.effective_decisions}
        )
        return self.render_to_response(self.get_context_data(object=meeting, form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.get_meeting()
        form = forms.AmendmentForm(request.POST)
        if form.is_valid():
            try:
                services.minutes_amend(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Amendment recorded; the approved original stays readable below it."))
                return HttpResponseRedirect(meeting.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=meeting, form=form), status=400)


class MeetingPrintView(ObjectDetailView):
    """The minutes as a clean document for printing or saving as PDF."""

    model = Meeting
    selector = selectors.meeting_detail
    template_name = "workinggroups/meeting_print.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["amendments"] = self.object.amendments_in_order()
        log_access(self.request.user, AccessLog.Action.EXPORT, self.object, detail="minutes for printing")
        return context


# Key issues -----------------------------------------------------------------------------------------------


class KeyIssueListView(ObjectListView):
    model = KeyIssue
    selector = selectors.keyissue_list
    filterset_class = filtersets.KeyIssueFilterSet
    columns = [
        Column(_("Issue"), "self", link=True),
        Column(_("Raised by"), "raised_by", order_by="raised_by"),
        Column(_("Meeting"), "meeting", order_by="meeting"),
        Column(_("Group"), "meeting.group"),
    ]


class KeyIssueDetailView(ObjectDetailView):
    model = KeyIssue
    selector = selectors.keyissue_list
    template_name = "workinggroups/keyissue_detail.html"


class KeyIssueEditView(ObjectEditView):
    model = KeyIssue
    selector = selectors.keyissue_list
    form_class = forms.KeyIssueForm
    create_service = services.keyissue_create
    update_service = services.keyissue_update

    def get_success_url(self, saved: KeyIssue) -> str:
        return saved.meeting.get_absolute_url() + "#key-issues"


class KeyIssueDeleteView(ObjectDeleteView):
    model = KeyIssue
    selector = selectors.keyissue_list
    delete_service = services.keyissue_delete
    success_url_name = "workinggroups:keyissue_list"


class KeyIssueHistoryView(ObjectHistoryView):
    model = KeyIssue
    selector = selectors.keyissue_list


# Actions --------------------------------------------------------------------------------------------------


class ActionItemListView(ObjectListView):
    """The action tracker across groups: open, overdue, by owner, by group."""

    model = ActionItem
    selector = selectors.actionitem_list
    filterset_class = filtersets.ActionItemFilterSet
    template_name = "workinggroups/actionitem_list.html"
    columns = [
        Column(_("Due"), "due_on", order_by="due", template=f"{CELLS}/due.html"),
        Column(_("Action"), "self", link=True),
        Column(_("Owner"), "owner_name"),
        Column(_("Group"), "group", order_by="group"),
        Column(_("Status"), "status", order_by="status", template=f"{CELLS}/action_status.html"),
        Column(_("Notes"), "note_count"),
        Column("", "self", template=f"{CELLS}/action_progress.html"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.action_tracker_summary(cast(QuerySet[ActionItem], self.object_list))
        return context


class ActionItemDetailView(ObjectDetailView):
    model = ActionItem
    selector = selectors.actionitem_detail
    template_name = "workinggroups/actionitem_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["progress_form"] = kwargs.get("progress_form") or forms.ProgressForm()
        context["can_add_progress"] = self.request.user.has_perm("workinggroups.add_actionprogress")
        return context


class ActionItemEditView(ObjectEditView):
    model = ActionItem
    selector = selectors.actionitem_list
    form_class = forms.ActionItemForm
    create_service = services.actionitem_create
    update_service = services.actionitem_update


class ActionItemDeleteView(ObjectDeleteView):
    model = ActionItem
    selector = selectors.actionitem_list
    delete_service = services.actionitem_delete
    success_url_name = "workinggroups:actionitem_list"


class ActionItemHistoryView(ObjectHistoryView):
    model = ActionItem
    selector = selectors.actionitem_list


class ActionProgressCreateView(ProgressNoteCreateView):
    """Add a progress note to an action (and move or close it); back to where the user came from."""

    model = ActionProgress
    item_selector = selectors.actionitem_detail
    form_class = forms.ProgressForm
    detail_view = ActionItemDetailView
    create_service = services.actionprogress_create
    item_argument = "action"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
