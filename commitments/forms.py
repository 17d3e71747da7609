"""Input shapes of the agreement pages; rules live in the models and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from followups.forms import OwnedItemForm, ProgressForm, StaffChoiceField
from shrhub.forms import DateInput, DomainForm, choice_field, choices_of
from shrhub.selectors import assignable_users

from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout


class AgreementForm(DomainForm):
    """An agreement; on a new one, ``?kind=…&meetings=<pk>`` or ``?engagements=<pk>`` starts it from a meeting's
    decisions or an engagement's commitments."""

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "summary",
            "made_on",
            "jurisdiction",
            "parties",
            "company_is_party",
            "incorporates_vps",
            "other_standards",
            "status",
            "superseded_by",
            "meetings",
            "engagements",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "made_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "parties": forms.SelectMultiple(attrs={"size": 6}),
            "meetings": forms.SelectMultiple(attrs={"size": 4}),
            "engagements": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "parties").queryset = choices_of(self, "parties").only("id", "name")
        choice_field(self, "engagements").queryset = (
            choices_of(self, "engagements").only("id", "title", "occurred_on").order_by("-occurred_on", "-id")
        )
        choice_field(self, "meetings").queryset = choices_of(self, "meetings").order_by("-starts_at", "-id")
        if self.instance.pk and "superseded_by" in self.fields:  # left off when its editor may not see it
            choice_field(self, "superseded_by").queryset = choices_of(self, "superseded_by").exclude(
                pk=self.instance.pk
            )


class ObligationForm(OwnedItemForm):
    owner = StaffChoiceField(queryset=assignable_users(), required=False, label=_("Owner (company staff)"))

    class Meta:
        model = Obligation
        fields = ["agreement", "description", "owner", "owner_stakeholder", "due_on", "status", "closed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput, "closed_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner_stakeholder").queryset = choices_of(self, "owner_stakeholder").only("id", "name")
        self.fields["owner"].help_text = _("Or a stakeholder below; leave both empty while nobody has taken it on.")
        self.fields["closed_on"].help_text = _("Set when the obligation is done or dropped (today if left empty).")


class ObligationProgressForm(ProgressForm):
    class Meta:
        model = ObligationProgress
        fields = ["note", "new_status"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class RolloutForm(DomainForm):
    """A body in an agreement's roll-out and where it stands; the service checks the body's level and place."""

    class Meta:
        model = Rollout
        fields = ["agreement", "body", "state", "as_of", "evidence", "engagements"]
        widgets = {
            "as_of": DateInput,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "engagements": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "body").queryset = choices_of(self, "body").filter(kind="organisation").only("id", "name")
        choice_field(self, "engagements").queryset = (
            choices_of(self, "engagements").only("id", "title", "occurred_on").order_by("-occurred_on", "-id")
        )


class AudienceForm(DomainForm):
    """Someone to keep informed of one process: the process, then its country, working group or agreement (the
    other two are left empty); the service refuses a group or an agreement the user may not see."""

    class Meta:
        model = Audience
        fields = [
            "process",
            "country",
            "working_group",
            "agreement",
            "stakeholder",
            "means",
            "every_days",
            "owner",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = self.fields["every_days"]
        every.validators.append(MinValueValidator(1))  # at least daily: said beside the field, as the constraint holds
        every.widget.attrs["min"] = 1
        choice_field(self, "stakeholder").queryset = choices_of(self, "stakeholder").only("id", "name")
        if "agreement" in self.fields:
            choice_field(self, "agreement").queryset = choices_of(self, "agreement").only("id", "title", "made_on")
