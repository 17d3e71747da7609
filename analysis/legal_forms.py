"""Input shapes of the legal framework's pages; the rules live in the models and ``analysis.legal_services``.

Every entry names its country (``?country=<pk>`` from the country page's "Add" buttons), who prepared it (company
staff; left empty, the service names whoever saves it), the outside experts consulted and when it was last
verified. Experts are offered among the stakeholders the user may see, those of the sectors the toolkit names
first (parliament, the national human-rights institution, academia, civil society); experts the editor may not
see are not offered and stay on the entry when it is saved (``masked_links``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from followups.forms import StaffChoiceField
from shrhub.forms import DateInput, DomainForm, choice_field, choices_of
from shrhub.models import JurisdictionLevel
from shrhub.selectors import assignable_users
from stakeholders.choices import Sector

from .models import ActionPlan, IhlAssessment, InitiativeCommitment, InstrumentStatus, NationalLaw

EXPERT_SECTORS = (Sector.PARLIAMENT, Sector.NHRI, Sector.ACADEMIA, Sector.CIVIL_SOCIETY, Sector.JUDICIARY)
ENTRY_FIELDS = ["link", "prepared_by", "experts", "verified_on"]
ENTRY_WIDGETS = {"verified_on": DateInput, "experts": forms.SelectMultiple(attrs={"size": 6})}


class LegalEntryForm(DomainForm):
    """The fields every entry of the legal framework shares."""

    prepared_by = StaffChoiceField(
        queryset=assignable_users(),
        required=False,
        label=_("Prepared by"),
        help_text=_("Left empty, whoever saves the entry."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "country").queryset = choices_of(self, "country").filter(level=JurisdictionLevel.NATIONAL)
        expert_first = Case(
            When(sector__in=EXPERT_SECTORS, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        choice_field(self, "experts").queryset = (
            choices_of(self, "experts").only("id", "name", "sector").order_by(expert_first, "name")
        )


class NationalLawForm(LegalEntryForm):
    class Meta:
        model = NationalLaw
        fields = ["country", "title", "reference", "area", "summary", "vps_connection", *ENTRY_FIELDS]
        widgets = {
            **ENTRY_WIDGETS,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "vps_connection": forms.Textarea(attrs={"rows": 3}),
        }


class InstrumentStatusForm(LegalEntryForm):
    class Meta:
        model = InstrumentStatus
        fields = ["country", "instrument", "state", "since", "notes", *ENTRY_FIELDS]
        widgets = {**ENTRY_WIDGETS, "since": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}


class IhlAssessmentForm(LegalEntryForm):
    class Meta:
        model = IhlAssessment
        fields = ["country", "applies", "assessed_on", "reasoning", "areas", *ENTRY_FIELDS]
        widgets = {**ENTRY_WIDGETS, "assessed_on": DateInput, "reasoning": forms.Textarea(attrs={"rows": 4})}


class ActionPlanForm(LegalEntryForm):
    class Meta:
        model = ActionPlan
        fields = ["country", "title", "status", "adopted_on", "summary", "security_elements", *ENTRY_FIELDS]
        widgets = {
            **ENTRY_WIDGETS,
            "adopted_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "security_elements": forms.Textarea(attrs={"rows": 4}),
        }


class InitiativeCommitmentForm(LegalEntryForm):
    class Meta:
        model = InitiativeCommitment
        fields = ["country", "initiative", "other_initiative", "since", "commitments", *ENTRY_FIELDS]
        widgets = {**ENTRY_WIDGETS, "since": DateInput, "commitments": forms.Textarea(attrs={"rows": 4})}
