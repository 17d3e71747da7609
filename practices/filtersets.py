"""One FilterSet per catalogue list and for adoptions, each shared by its page and its API endpoint."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shrhub.filtersets import DomainFilterSet, JurisdictionTreeFilter, visible
from shrhub.selectors import assignable_users

from . import selectors
from .choices import AdoptionStatus, PracticeKind
from .models import Adoption, Challenge, Citation, Edition, MappingQuestion, Method, Practice, Reference
from .search import search_practices


def challenge_refs() -> list[tuple[str, str]]:
    """The challenges as both editions name them: ("1.1.a", "1.1.a / A")."""
    codes: dict[str, list[str]] = {}
    for ref, code in (
        Challenge.objects.filter(withdrawn=False)
        .order_by("section__edition__order", "order")
        .values_list("ref", "code")
    ):
        codes.setdefault(ref, []).append(code)
    return [(ref, " / ".join(codes[ref])) for ref in sorted(codes)]


class ChallengeRefFilter(django_filters.ChoiceFilter):
    """A challenge in every edition at once (1.1.a takes in the Hub's A), chosen by its 2016 code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", challenge_refs)
        kwargs.setdefault("label", _("Challenge"))
        super().__init__(*args, **kwargs)


class CatalogueFilterSet(DomainFilterSet):
    """Catalogue lists; ``withdrawn`` (API only: pages never list withdrawn rows) picks rows removed from the
    data file but kept because something refers to them."""

    withdrawn = django_filters.BooleanFilter(label=_("Withdrawn from the data file"), widget=forms.HiddenInput)


class PracticeFilterSet(CatalogueFilterSet):
    """Full-text search (``q``: ranked, with highlighted passages) plus edition, challenge, kind and cited
    reference. The page and ``/api/v1/practices/`` use it alike."""

    edition = django_filters.ModelChoiceFilter(
        field_name="challenge__section__edition",
        to_field_name="key",
        queryset=visible(Edition, withdrawn=False),
        label=_("Edition"),
    )
    challenge = ChallengeRefFilter(field_name="challenge__ref")
    kind = django_filters.MultipleChoiceFilter(choices=PracticeKind.choices, widget=forms.CheckboxSelectMultiple)
    reference = django_filters.ModelChoiceFilter(
        to_field_name="key",
        queryset=visible(Reference, withdrawn=False),
        method="filter_reference",
        label=_("Cites"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("challenge__ref", "challenge"), ("kind", "kind"), ("updated_at", "updated")),
        label=_("Order by"),
    )

    class Meta:
        model = Practice
        fields = ["q", "edition", "challenge", "kind", "reference", "withdrawn", "updated_since"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_practices(queryset, value)

    def filter_reference(self, queryset: QuerySet, name: str, value: Reference | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(pk__in=Citation.objects.filter(reference=value).values("practice_id"))


class ChallengeFilterSet(CatalogueFilterSet):
    search_fields = ("code", "ref", "title", "problem")
    edition = django_filters.ModelChoiceFilter(
        field_name="section__edition", to_field_name="key", queryset=visible(Edition), label=_("Edition")
    )
    ref = ChallengeRefFilter(field_name="ref")

    class Meta:
        model = Challenge
        fields = ["q", "edition", "ref", "withdrawn", "updated_since"]


class EditionFilterSet(CatalogueFilterSet):
    search_fields = ("title", "short_title")

    class Meta:
        model = Edition
        fields = ["q", "withdrawn", "updated_since"]


class ReferenceFilterSet(CatalogueFilterSet):
    search_fields = ("short_form", "title", "notes")

    class Meta:
        model = Reference
        fields = ["q", "withdrawn", "updated_since"]


class MethodFilterSet(CatalogueFilterSet):
    search_fields = ("name", "description", "questions__text")
    edition = django_filters.ModelChoiceFilter(
        field_name="challenge__section__edition", to_field_name="key", queryset=visible(Edition), label=_("Edition")
    )
    challenge = ChallengeRefFilter(field_name="challenge__ref")

    class Meta:
        model = Method
        fields = ["q", "edition", "challenge", "withdrawn", "updated_since"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return super().filter_search(queryset, name, value).distinct()


class MappingQuestionFilterSet(django_filters.FilterSet):
    method = django_filters.ModelChoiceFilter(to_field_name="key", queryset=visible(Method))
    asked_in_rounds = django_filters.BooleanFilter()
    withdrawn = django_filters.BooleanFilter()

    class Meta:
        model = MappingQuestion
        fields = ["method", "asked_in_rounds", "withdrawn"]


class AdoptionFilterSet(DomainFilterSet):
    """Adoptions by status, practice, challenge, edition, jurisdiction subtree and owner, and the three
    warnings of the progress page: overdue, without an owner, due for review."""

    search_fields = ("practice__label", "practice__heading", "jurisdiction__name", "notes", "not_applicable_reason")
    status = django_filters.MultipleChoiceFilter(choices=AdoptionStatus.choices)
    practice = django_filters.ModelChoiceFilter(
        to_field_name="key", queryset=visible(Practice), widget=forms.HiddenInput, label=_("Practice")
    )
    challenge = ChallengeRefFilter(field_name="practice__challenge__ref")
    edition = django_filters.ModelChoiceFilter(
        field_name="practice__challenge__section__edition",
        to_field_name="key",
        queryset=visible(Edition),
        label=_("Edition"),
    )
    jurisdiction = JurisdictionTreeFilter(field_name="jurisdiction_id")
    owner = django_filters.ModelChoiceFilter(queryset=lambda request: assignable_users())  # the owners one may choose
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"), widget=forms.NullBooleanSelect)
    unowned = django_filters.BooleanFilter(
        method="filter_unowned", label=_("Open without an owner"), widget=forms.NullBooleanSelect
    )
    needs_review = django_filters.BooleanFilter(
        method="filter_needs_review", label=_("Due for review"), widget=forms.NullBooleanSelect
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("practice__challenge__ref", "challenge"),
            ("jurisdiction__name", "jurisdiction"),
            ("status", "status"),
            ("target_date", "target"),
            ("last_reviewed_on", "reviewed"),
            ("updated_at", "updated"),
        ),
        label=_("Order by"),
    )

    class Meta:
        model = Adoption
        fields = [
            "q",
            "status",
            "practice",
            "challenge",
            "edition",
            "jurisdiction",
            "owner",
            "overdue",
            "unowned",
            "needs_review",
            "updated_since",
        ]

    @staticmethod
    def _flag(queryset: QuerySet, condition: Q, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return self._flag(queryset, selectors.overdue_q(), value)

    def filter_unowned(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return self._flag(queryset, selectors.unowned_q(), value)

    def filter_needs_review(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return self._flag(queryset, selectors.needs_review_q(), value)
