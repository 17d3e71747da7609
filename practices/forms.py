"""Adoption form: input shape only (the rules live in the model and ``services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from shrhub.forms import DateInput, DomainForm, choice_field, choices_of
from shrhub.selectors import assignable_users
from shrhub.types import AnyUser

from . import selectors, services
from .models import Adoption, Practice


class OfferedChoiceIterator(ModelChoiceIterator):
    """Lists the field's ``offered`` rows, a part of what it accepts."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        super().__init__(field)
        offered = getattr(field, "offered", None)
        if offered is not None:
            self.queryset = offered


class PracticeChoiceField(forms.ModelChoiceField):
    """Offers the practices that may be chosen (``offered``) but accepts any the user may see, so that a
    withdrawn one is refused by the service, with its reason beside the field, as in the API."""

    iterator = OfferedChoiceIterator
    offered: QuerySet[Practice] | None = None

    def label_from_instance(self, obj: Practice) -> str:
        return f"{obj.challenge.code} · {obj}"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class AdoptionForm(DomainForm):
    practice = PracticeChoiceField(queryset=Practice.objects.none())
    owner = OwnerChoiceField(queryset=assignable_users(), required=False, help_text=Adoption.owner.field.help_text)

    class Meta:
        model = Adoption
        fields = [
            "practice",
            "jurisdiction",
            "status",
            "owner",
            "target_date",
            "not_applicable_reason",
            "last_reviewed_on",
            "notes",
        ]
        widgets = {
            "target_date": DateInput(),
            "last_reviewed_on": DateInput(),
            "not_applicable_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        current = selectors.current_practice_list(user=user).prefetch_related(None)
        if self.instance.pk is not None:
            # An adoption keeps its practice even if that practice was since withdrawn from the catalogue.
            current = current | selectors.practice_list(user=user).prefetch_related(None).filter(
                pk=self.instance.practice_id
            )
        practice = self.fields["practice"]
        if not isinstance(practice, PracticeChoiceField):
            raise TypeError("AdoptionForm.practice must be a PracticeChoiceField.")
        ordering = Practice._meta.ordering or ()
        practice.offered = current.order_by(*ordering)
        practice.queryset = selectors.practice_list(user=user).prefetch_related(None).order_by(*ordering)
        choice_field(self, "jurisdiction").queryset = choices_of(self, "jurisdiction").order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("practice") and cleaned.get("jurisdiction"):
            probe = Adoption(pk=self.instance.pk, practice=cleaned["practice"], jurisdiction=cleaned["jurisdiction"])
            try:
                services.adoption_check_one_per_place(probe)
            except ValidationError as error:
                self.add_error(None, error)  # the service names the field: jurisdiction
        return cleaned
