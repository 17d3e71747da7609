"""Input shapes of the situation analysis and risk register pages; rules live in the models and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from followups.forms import OwnedItemForm, ProgressForm, StaffChoiceField
from shrhub.forms import DateInput, DomainForm, choice_field, choices_of
from shrhub.selectors import assignable_users

from .models import CoordinationRisk, Finding, Mitigation, MitigationProgress, SituationAnalysis


class SituationAnalysisForm(DomainForm):
    class Meta:
        model = SituationAnalysis
        fields = [
            "jurisdiction",
            "title",
            "as_of",
            "summary",
            "formal_systems",
            "informal_systems",
            "stakeholders",
            "review_on",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "as_of": DateInput,
            "review_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "formal_systems": forms.Textarea(attrs={"rows": 4}),
            "informal_systems": forms.Textarea(attrs={"rows": 4}),
            "stakeholders": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholders").queryset = choices_of(self, "stakeholders").only("id", "name")


class FindingForm(DomainForm):
    """A finding under one PESTLES heading; ``?analysis=<pk>&heading=…`` from the analysis page."""

    class Meta:
        model = Finding
        fields = [
            "analysis",
            "heading",
            "text",
            "confidence",
            "sources",
            "other_sources",
            "stakeholders",
            "mandate_areas",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "sources": forms.CheckboxSelectMultiple,
            "mandate_areas": forms.CheckboxSelectMultiple,
            "stakeholders": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholders").queryset = choices_of(self, "stakeholders").only("id", "name")
        choice_field(self, "analysis").queryset = choices_of(self, "analysis").filter(status="draft")


class CoordinationRiskForm(DomainForm):
    owner = StaffChoiceField(queryset=assignable_users(), required=False, label=_("Owner"))

    class Meta:
        model = CoordinationRisk
        fields = [
            "title",
            "jurisdiction",
            "upper_level",
            "lower_level",
            "area",
            "other_area",
            "challenge",
            "affected",
            "vulnerable_groups",
            "harm",
            "likelihood",
            "impact",
            "owner",
            "status",
            "accepted_reason",
            "review_on",
            "stakeholders",
            "agreements",
            "practices",
            "analysis",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "review_on": DateInput,
            "challenge": forms.Textarea(attrs={"rows": 3}),
            "affected": forms.Textarea(attrs={"rows": 2}),
            "harm": forms.Textarea(attrs={"rows": 2}),
            "accepted_reason": forms.Textarea(attrs={"rows": 2}),
            "vulnerable_groups": forms.CheckboxSelectMultiple,
            "stakeholders": forms.SelectMultiple(attrs={"size": 6}),
            "agreements": forms.SelectMultiple(attrs={"size": 4}),
            "practices": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholders").queryset = choices_of(self, "stakeholders").only("id", "name")


class FindingDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why dismiss it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It will not be proposed again unless its evidence changes."),
    )


class MitigationForm(OwnedItemForm):
    owner = StaffChoiceField(queryset=assignable_users(), required=False, label=_("Owner (company staff)"))

    class Meta:
        model = Mitigation
        fields = ["risk", "description", "owner", "due_on", "status", "closed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput, "closed_on": DateInput}


class MitigationProgressForm(ProgressForm):
    class Meta:
        model = MitigationProgress
        fields = ["note", "new_status"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
