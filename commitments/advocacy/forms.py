"""Input shapes of the case for the VPs; rules live in the models and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shrhub.forms import DateInput, DomainForm, choice_field, choices_of, style

from ..choices import Response
from ..models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment

ARGUMENTS_PREFIX = "arguments"


class BenefitArgumentForm(DomainForm):
    class Meta:
        model = BenefitArgument
        fields = ["name", "benefit", "case", "retired"]
        widgets = {"case": forms.Textarea(attrs={"rows": 4})}


class ArgumentPutForm(forms.Form):
    """One argument put: which, in what words (empty: the argument's general case), and how it was received."""

    argument = forms.ModelChoiceField(queryset=BenefitArgument.objects.none(), required=False, label=_("Argument"))
    wording = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Wording used"),
        help_text=_("How the case was tailored to them; left empty, the argument's general case."),
    )
    response = forms.ChoiceField(choices=Response.choices, initial=Response.NO_RESPONSE, label=_("Response"))

    def __init__(self, *args: Any, arguments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if arguments is not None:
            self.fields["argument"].queryset = arguments  # type: ignore[attr-defined]  # a ModelChoiceField
        for field in self.fields.values():
            style(field)


ArgumentPutFormSet = forms.formset_factory(ArgumentPutForm, extra=3)


class AdvocacyForm(DomainForm):
    """A standard raised with one of the engagement's stakeholders, with the arguments put (``self.arguments``, a
    formset prefixed ``arguments``). Posted without the formset, the arguments stay as they are."""

    class Meta:
        model = Advocacy
        fields = ["engagement", "agency", "standard", "other_standard", "response", "response_notes"]
        widgets = {"response_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        engagements = choices_of(self, "engagement").only("id", "title", "occurred_on")
        choice_field(self, "engagement").queryset = engagements.order_by("-occurred_on", "-id")
        engagement_id = self._engagement_id()
        agencies = choices_of(self, "agency").only("id", "name")
        if engagement_id is not None:
            agencies = agencies.filter(engagements=engagement_id)
        choice_field(self, "agency").queryset = agencies.order_by("name")
        kept = list(self.instance.arguments.values_list("argument_id", flat=True)) if self.instance.pk else []
        offered = BenefitArgument.objects.filter(Q(retired=False) | Q(pk__in=kept)).order_by("benefit", "name")
        initial = (
            [
                {"argument": put.argument_id, "wording": put.wording, "response": put.response}
                for put in ArgumentPut.objects.filter(advocacy_id=self.instance.pk).order_by("argument__name", "id")
            ]
            if self.instance.pk
            else []
        )
        data = self.data if self.is_bound and f"{ARGUMENTS_PREFIX}-TOTAL_FORMS" in self.data else None
        self.arguments = ArgumentPutFormSet(
            data, initial=initial, prefix=ARGUMENTS_PREFIX, form_kwargs={"arguments": offered}
        )

    def _engagement_id(self) -> int | None:
        raw = self.data.get("engagement") if self.is_bound else self.initial.get("engagement")
        raw = raw or self.instance.engagement_id
        return int(raw) if str(raw or "").isdigit() else None

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.arguments.is_valid() if self.arguments.is_bound else True) and valid

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.arguments.is_bound and self.arguments.is_valid():
            cleaned["arguments"] = [row for row in self.arguments.cleaned_data if row.get("argument")]
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        """A service's error on the arguments (not a field of this form) is shown above the form."""
        if hasattr(error, "error_dict") and "arguments" in error.error_dict:
            error.error_dict.setdefault("__all__", []).extend(error.error_dict.pop("arguments"))
        super().add_error(field, error)


class CommitmentAssessmentForm(DomainForm):
    """A dated commitment level for a stakeholder, with its evidence."""

    class Meta:
        model = CommitmentAssessment
        fields = ["stakeholder", "level", "assessed_on", "evidence", "engagements", "agreements"]
        widgets = {
            "assessed_on": DateInput,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "engagements": forms.SelectMultiple(attrs={"size": 4}),
            "agreements": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholder").queryset = choices_of(self, "stakeholder").only("id", "name")
        choice_field(self, "engagements").queryset = (
            choices_of(self, "engagements").only("id", "title", "occurred_on").order_by("-occurred_on", "-id")
        )
        choice_field(self, "agreements").queryset = choices_of(self, "agreements").order_by("-made_on", "-id")
