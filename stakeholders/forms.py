"""Input shapes of the registry pages; rules live in the models and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import MappingQuestion
from practices.selectors import round_questions
from shrhub.forms import DateInput, DomainForm, choice_field, choices_of

from .choices import StakeholderKind
from .models import (
    VPS_PARTICIPANT_SECTORS,
    Assessment,
    Engagement,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
)

SCORE_CHOICES = [("", "—")] + [(n, str(n)) for n in range(1, 6)]


class StakeholderForm(DomainForm):
    class Meta:
        model = Stakeholder
        fields = [
            "kind",
            "name",
            "short_name",
            "external_id",
            "sector",
            "vps_participant",
            "level",
            "jurisdiction",
            "parent",
            "mandate",
            "mandate_areas",
            "vulnerable_groups",
            "description",
            "website",
            "relationship_owner",
            "contact_interval_days",
            "email",
            "phone",
            "languages",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "mandate_areas": forms.CheckboxSelectMultiple,
            "vulnerable_groups": forms.CheckboxSelectMultiple,
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            # Shown beside an embassy or a company only (static/js/shrhub.js); the model refuses it elsewhere.
            "vps_participant": forms.NullBooleanSelect(
                attrs={"data-shown-with": "sector", "data-shown-values": " ".join(sorted(VPS_PARTICIPANT_SECTORS))}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "parent" not in self.fields:
            return  # a parent the editor may not see is kept off the form (DomainForm)
        parents = choices_of(self, "parent").filter(kind=StakeholderKind.ORGANISATION)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        choice_field(self, "parent").queryset = parents.only("id", "name")


class PositionForm(DomainForm):
    class Meta:
        model = Position
        fields = ["organisation", "title", "is_key", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "organisation").queryset = (
            choices_of(self, "organisation").filter(kind=StakeholderKind.ORGANISATION).only("id", "name")
        )


class TenureForm(DomainForm):
    class Meta:
        model = Tenure
        fields = ["position", "holder", "started_on", "ended_on", "notes"]
        widgets = {"started_on": DateInput, "ended_on": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "holder").queryset = (
            choices_of(self, "holder").filter(kind=StakeholderKind.PERSON).only("id", "name")
        )
        choice_field(self, "position").queryset = choices_of(self, "position").select_related("organisation")


class AssessmentForm(DomainForm):
    influence = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, help_text=Assessment._meta.get_field("influence").help_text
    )
    interest = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, help_text=Assessment._meta.get_field("interest").help_text
    )

    class Meta:
        model = Assessment
        fields = [
            "stakeholder",
            "mapping_round",
            "assessed_on",
            "stance",
            "influence",
            "interest",
            "confidence",
            "sources",
            "economic_agenda",
            "social_agenda",
            "formal_role",
            "vulnerable_groups",
            "review_due_on",
            "notes",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "assessed_on": DateInput,
            "review_due_on": DateInput,
            "sources": forms.CheckboxSelectMultiple,
            "vulnerable_groups": forms.CheckboxSelectMultiple,
            "economic_agenda": forms.Textarea(attrs={"rows": 2}),
            "social_agenda": forms.Textarea(attrs={"rows": 2}),
            "formal_role": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholder").queryset = choices_of(self, "stakeholder").only("id", "name")


class MappingRoundForm(DomainForm):
    """A round's details plus one answer field per mapping question of the catalogue."""

    class Meta:
        model = MappingRound
        fields = ["name", "jurisdiction", "started_on", "review_due_on", "status", "lead", "scope", "practices"]
        widgets = {
            "started_on": DateInput,
            "review_due_on": DateInput,
            "scope": forms.Textarea(attrs={"rows": 2}),
            "practices": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(round_questions())
        existing = {}
        if self.instance.pk:
            existing = {a.question_id: a.answer for a in self.instance.answers.all()}
        for question in self.questions:
            field = forms.CharField(
                label=f"{question.number}. {question.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=existing.get(question.pk, ""),
            )
            self.fields[self.answer_field(question)] = field

    @staticmethod
    def answer_field(question: MappingQuestion) -> str:
        return f"answer_{question.pk}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["answers"] = {q.pk: cleaned.pop(self.answer_field(q), "") for q in self.questions}
        return cleaned


class RelationshipForm(DomainForm):
    class Meta:
        model = Relationship
        fields = ["source", "kind", "target", "notes", "confidentiality", "cleared_users"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class EngagementForm(DomainForm):
    class Meta:
        model = Engagement
        fields = [
            "occurred_on",
            "kind",
            "title",
            "jurisdiction",
            "stakeholders",
            "company_participants",
            "topics",
            "summary",
            "outcome",
            "follow_ups",
            "follow_up_due_on",
            "practices",
            "confidentiality",
            "cleared_users",
        ]
        widgets = {
            "occurred_on": DateInput,
            "follow_up_due_on": DateInput,
            "stakeholders": forms.SelectMultiple(attrs={"size": 8}),
            "company_participants": forms.SelectMultiple(attrs={"size": 4}),
            "practices": forms.SelectMultiple(attrs={"size": 6}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "follow_ups": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stakeholders").queryset = choices_of(self, "stakeholders").only("id", "name")
        self.fields["follow_ups"].help_text = _(
            "What was agreed, in words. Each commitment the company must keep is added as an owned follow-up "
            "(owner, due date) on the engagement's page once it is saved."
        )


class PersonEraseForm(forms.Form):
    """Why a person's data is erased: kept in the access log with who and when (it must not name them)."""

    reason = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("E.g. “data subject's request of 3 December”. Kept in the log: do not name the person."),
    )
