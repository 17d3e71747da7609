"""Input shapes of the working-group pages; rules live in the models and services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.forms import formset_factory
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from shrhub.forms import DateInput, DomainForm, TimeZoneField, choice_field, choices_of, style
from shrhub.models import Jurisdiction
from shrhub.selectors import assignable_users
from shrhub.types import AnyUser
from shrhub.zones import at_wall_clock, wall_clock

from .choices import ActionStatus, AttendanceStatus
from .models import ActionItem, ActionProgress, KeyIssue, Meeting, Membership, MinutesAmendment, WorkingGroup
from .services import VERSION_REQUIRED_MESSAGE, settle_closing


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MemberChoiceField(forms.ModelChoiceField):
    """Seats named by member and group, so that a list across groups stays unambiguous."""

    def label_from_instance(self, obj: Membership) -> str:
        left = f", left {obj.left_on:%Y-%m-%d}" if obj.left_on else ""
        return f"{obj.member_name} — {obj.group.name} ({obj.get_constituency_display()}{left})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.group.name} — {obj}"


class SeatChoiceField(forms.ModelChoiceField):
    """Seats named by member only: the list is one group's."""

    def label_from_instance(self, obj: Membership) -> str:
        return obj.member_name


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class WorkingGroupForm(DomainForm):
    time_zone = TimeZoneField(help_text=WorkingGroup._meta.get_field("time_zone").help_text)

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "jurisdiction",
            "purpose",
            "established_on",
            "cadence_days",
            "status",
            "standing_agenda",
            "secretariat",
            "neutral_facilitator",
            "time_zone",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "standing_agenda": forms.Textarea(attrs={"rows": 5}),
            "established_on": DateInput,
        }
        field_classes = {"secretariat": SeatChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "secretariat" not in self.fields:
            return  # a secretariat the editor may not see is kept off the form (DomainForm)
        seats = choices_of(self, "secretariat").select_related("stakeholder", "user", "group")
        if self.instance.pk:
            choice_field(self, "secretariat").queryset = seats.filter(group=self.instance, left_on__isnull=True)
        else:
            choice_field(self, "secretariat").queryset = seats.none()
            self.fields["secretariat"].help_text = _("Add members first; then choose the secretariat among them.")


class MembershipForm(DomainForm):
    # A declared field: the form's metaclass moves it into ``base_fields``, so it never shadows ``DomainForm.user``.
    user = StaffChoiceField(  # type: ignore[assignment]  # see above
        queryset=assignable_users(), required=False, label=_("Company staff")
    )

    class Meta:
        model = Membership
        fields = ["group", "stakeholder", "user", "constituency", "role", "joined_on", "left_on", "notes"]
        widgets = {"joined_on": DateInput, "left_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholder").queryset = choices_of(self, "stakeholder").only("id", "name", "kind")
        self.fields["user"].help_text = Membership._meta.get_field("user").help_text


class MembershipEndForm(DomainForm):
    """Record that a member left the group."""

    class Meta:
        model = Membership
        fields = ["left_on"]
        widgets = {"left_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"].required = True
        self.fields["left_on"].label = _("Left on")


class MeetingForm(DomainForm):
    """Plan or change a meeting. Its agenda is one item per line, starting from the group's standing agenda.

    Once the minutes are approved, everything but the practice tags is shown read-only.
    """

    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One item per line. Left empty on a new meeting, the group's standing agenda is used."),
    )

    class Meta:
        model = Meeting
        fields = [
            "group",
            "title",
            "status",
            "starts_at",
            "duration_minutes",
            "location",
            "agenda",
            "practices",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {"starts_at": DateTimeInput, "practices": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "group").queryset = choices_of(self, "group").select_related("jurisdiction")
        self.fields["starts_at"].help_text = _(
            "In the working group's local time (its time zone, or the operation's when it has none)."
        )
        if self.instance.pk:
            self.initial["starts_at"] = wall_clock(self.instance.starts_at, self.instance.group.zone)
            self.initial.setdefault("agenda", "\n".join(item.title for item in self.instance.agenda_items.all()))
            if self.instance.is_approved:
                for name in ("group", "title", "status", "starts_at", "duration_minutes", "location", "agenda"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Locked: the minutes of this meeting are approved.")
        else:
            group_id = self.initial.get("group")
            if group_id and not self.initial.get("agenda"):
                group = WorkingGroup.objects.filter(pk=group_id).only("standing_agenda").first()
                if group is not None:
                    self.initial["agenda"] = group.standing_agenda

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        group, starts_at = cleaned.get("group"), cleaned.get("starts_at")
        if group is not None and starts_at is not None and not self.fields["starts_at"].disabled:
            cleaned["starts_at"] = at_wall_clock(starts_at, group.zone)  # typed on the group's wall clock
        return cleaned


def preview_attrs(target: str, rows: int) -> dict[str, Any]:
    """htmx: re-render the sanitised preview of a Markdown field as the user types."""
    return {
        "rows": rows,
        "class": "font-monospace",
        "hx-post": reverse_lazy("workinggroups:minutes_preview"),
        "hx-trigger": "input changed delay:400ms",
        "hx-target": f"#{target}",
        "hx-swap": "innerHTML",
    }


class MinutesForm(DomainForm):
    class Meta:
        model = Meeting
        fields = ["minutes", "decisions"]
        widgets = {
            "minutes": forms.Textarea(attrs=preview_attrs("minutes-preview", 14)),
            "decisions": forms.Textarea(attrs=preview_attrs("decisions-preview", 5)),
        }


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = MinutesAmendment
        fields = ["reason", "minutes", "decisions"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
            "decisions": forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)


class AttendanceRowForm(forms.Form):
    """One member's line of the attendance sheet (the view gives the member's name beside it)."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect)


AttendanceFormSet = formset_factory(AttendanceRowForm, extra=0)


class GuestForm(forms.Form):
    """A guest line. The registry choices are computed once per page (``near_stakeholders``) and shared by
    every line, so the sheet costs the same however many guests it has."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(max_length=200)
    organisation = forms.CharField(max_length=200, required=False)
    stakeholder = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("In the registry as"))

    def __init__(self, *args: Any, stakeholder_choices: Sequence[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["stakeholder"]).choices = [("", "—"), *stakeholder_choices]
        for field in self.fields.values():
            style(field)


def near_stakeholders(user: AnyUser, jurisdiction: Jurisdiction) -> list[tuple[int, str]]:
    """Stakeholders the user may see in the jurisdiction, above it or under it: who can come to a local
    meeting (one query for the choices, whatever the size of the registry elsewhere)."""
    from stakeholders.models import Stakeholder

    ids = [*jurisdiction.descendant_ids(), *(j.pk for j in jurisdiction.ancestors())]
    rows = Stakeholder.objects.visible_to(user).filter(jurisdiction_id__in=ids).order_by("name", "id")
    return list(rows.values_list("pk", "name"))


GuestFormSet = formset_factory(GuestForm, extra=2, can_delete=True)


class KeyIssueForm(DomainForm):
    meeting = MeetingChoiceField(queryset=Meeting.objects.all())

    class Meta:
        model = KeyIssue
        fields = ["meeting", "text", "raised_by"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "meeting").queryset = (
            choices_of(self, "meeting").select_related("group").filter(approved_at__isnull=True)
        )
        choice_field(self, "raised_by").queryset = choices_of(self, "raised_by").only("id", "name")


class ActionItemForm(DomainForm):
    """An agreement with one owner: a member of the group, or a company staff member."""

    meeting = MeetingChoiceField(queryset=Meeting.objects.all(), required=False)
    owner_membership = MemberChoiceField(queryset=Membership.objects.all(), required=False, label=_("Owner (member)"))
    owner_user = StaffChoiceField(queryset=assignable_users(), required=False, label=_("Owner (company staff)"))

    class Meta:
        model = ActionItem
        fields = ["meeting", "group", "description", "owner_membership", "owner_user", "due_on", "status", "closed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput, "closed_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].required = False
        self.fields["group"].help_text = _("Taken from the meeting when left empty.")
        choice_field(self, "meeting").queryset = choices_of(self, "meeting").select_related("group")
        seats = choices_of(self, "owner_membership").select_related("stakeholder", "user", "group")
        group_id = self._group_id()
        if group_id:
            seats = seats.filter(group_id=group_id)
            choice_field(self, "meeting").queryset = choices_of(self, "meeting").filter(group_id=group_id)
        choice_field(self, "owner_membership").queryset = seats.filter(
            Q(left_on__isnull=True) | Q(pk=self.instance.owner_membership_id or 0)
        ).order_by("group__name", "id")
        self.fields["closed_on"].help_text = _("Set when the action is done or dropped (today if left empty).")

    def _group_id(self) -> int | None:
        if self.instance.pk:
            return self.instance.group_id
        if self.initial.get("group"):
            return int(self.initial["group"])
        meeting_id = self.initial.get("meeting")
        if meeting_id:
            meetings = Meeting.objects.visible_to(self.user) if self.user is not None else Meeting.objects.none()
            return meetings.filter(pk=meeting_id).values_list("group_id", flat=True).first()
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("group") and not cleaned.get("meeting") and "group" not in self.errors:
            self.add_error("group", _("Choose the group (or the meeting that agreed the action)."))
        if "status" in cleaned and "closed_on" in cleaned:
            # The service's rule, before the model checks the pair: closed without a date is closed today.
            given = {"status": cleaned["status"], "closed_on": cleaned["closed_on"]}
            cleaned.update(settle_closing(given, self.instance))
        return cleaned


class ProgressForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        choices=[("", _("— leave the status as it is —")), *ActionStatus.choices],
        required=False,
        label=_("Move the action to"),
    )

    class Meta:
        model = ActionProgress
        fields = ["note", "new_status"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)


class ConfirmForm(forms.Form):
    """A confirmation carrying the version of the record it was based on (required: what is confirmed, e.g.
    approving minutes, must be what the user read)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": VERSION_REQUIRED_MESSAGE,
            "invalid": VERSION_REQUIRED_MESSAGE,
            "min_value": VERSION_REQUIRED_MESSAGE,
        },
    )
