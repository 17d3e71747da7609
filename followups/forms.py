"""Input shapes of the follow-up pages; rules live in the model and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from shrhub.forms import DateInput, DomainForm, choice_field, choices_of, style
from shrhub.selectors import assignable_users
from workinggroups.choices import ActionStatus
from workinggroups.services import settle_closing

from . import services
from .models import FollowUp, FollowUpProgress, FollowUpStatus


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class FollowUpForm(DomainForm):
    """A follow-up of an engagement the user may see, with one owner from the company staff (or none yet).
    On a new one, ``?engagement=<pk>`` chooses the engagement (the engagement page's "Add a follow-up")."""

    owner = StaffChoiceField(queryset=assignable_users(), required=False, label=_("Owner (company staff)"))

    class Meta:
        model = FollowUp
        fields = ["engagement", "description", "owner", "due_on", "status", "closed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput, "closed_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the select shows, newest first (an engagement's search document is not needed here).
        choice_field(self, "engagement").queryset = (
            choices_of(self, "engagement").only("id", "title", "occurred_on").order_by("-occurred_on", "-id")
        )
        self.fields["owner"].help_text = _("Leave empty while nobody has taken it on.")
        self.fields["closed_on"].help_text = _("Set when the follow-up is done or dropped (today if left empty).")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "status" in cleaned and "closed_on" in cleaned:
            # The service's rule, before the model checks the pair: closed without a date is closed today.
            given = {"status": cleaned["status"], "closed_on": cleaned["closed_on"]}
            cleaned.update(services.settle_closing(given, self.instance))
        return cleaned


class FollowUpProgressForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        choices=[("", _("— leave the status as it is —")), *FollowUpStatus.choices],
        required=False,
        label=_("Move the follow-up to"),
    )

    class Meta:
        model = FollowUpProgress
        fields = ["note", "new_status"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)


class OwnedItemForm(DomainForm):
    """The closing rule before the model checks the pair: closed without a date is closed today."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "status" in cleaned and "closed_on" in cleaned:
            given = {"status": cleaned["status"], "closed_on": cleaned["closed_on"]}
            cleaned.update(settle_closing(given, self.instance))
        return cleaned


class ProgressForm(forms.ModelForm):
    """A progress note that may move its item (the note's model is the subclass's)."""

    new_status = forms.ChoiceField(
        choices=[("", _("— leave the status as it is —")), *ActionStatus.choices],
        required=False,
        label=_("Move it to"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style(field)
