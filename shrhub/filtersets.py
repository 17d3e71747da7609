"""The FilterSet base every list shares between its page and its API: search, ordering, updated_since.

Search (``q``) is PostgreSQL full-text search on models that keep a stored search document (a ``tsvector``
``GeneratedField`` built with ``SearchDocument`` and served by a GIN index): every word must match, as a
prefix from three letters on, with English stemming, and pages sort the matches by relevance. Elsewhere
(SQLite, or a model without a document) every word must occur in one of ``search_fields``, as a substring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from operator import add, or_
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections
from django.db.models import F, Func, Lookup, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from shrhub.types import AnyUser

from .models import Jurisdiction, visible_rows
from .selectors import assignable_users

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

SEARCH_CONFIG = "english"
MAX_TERMS = 8
PREFIX_FROM = 3  # shorter words match whole words only: "un" must not mean every word starting with "un"
# A search matching at most this many rows is narrowed to their ids first (see DomainFilterSet._full_text).
NARROW_UP_TO = 5_000
WORD = re.compile(r"[^\W_]+")


class SearchDocument(Func):
    """A row's weighted search document, for a stored ``GeneratedField``.

    On PostgreSQL it is ``setweight(to_tsvector('english', coalesce(field, '')), weight) || …`` (weights A to
    D rank a match in a name above one in a description) and a GIN index serves it; other databases store
    NULL and search ``search_fields`` instead.
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted: tuple[str, str], config: str = SEARCH_CONFIG) -> None:
        vectors = (SearchVector(name, weight=weight, config=config) for name, weight in weighted)
        super().__init__(reduce(add, vectors))

    def as_sql(  # type: ignore[override]  # params are a list at run time; the stubs say a tuple of str and int
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        return "NULL", []

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> _AsSqlType:
        return compiler.compile(self.get_source_expressions()[0])


class AnyOf(Lookup):
    """``column = ANY(%s)`` with the values as one array parameter (PostgreSQL): ``pk__in`` with thousands of
    values costs Django a placeholder, a parameter and a conversion for each."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(  # type: ignore[override]  # one array parameter: the stubs allow only strings and ints
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def search_words(value: str) -> list[str]:
    """The words of a search, lower-cased, without punctuation or operators (at most ``MAX_TERMS``)."""
    return WORD.findall(value.lower())[:MAX_TERMS]


def full_text_query(value: str, weights: str = "") -> SearchQuery | None:
    """``ministry interi`` → ``'ministry':* & 'interi':*`` (every word, as a prefix), or None if no word.

    ``weights`` ("A", "AB") limits the match to the parts of the document with those weights. The words
    contain only letters and digits, so quoting them keeps any tsquery syntax out of user input.
    """
    words = search_words(value)
    if not words:
        return None
    exact = f":{weights}" if weights else ""
    operands = (f"'{w}':*{weights}" if len(w) >= PREFIX_FROM else f"'{w}'{exact}" for w in words)
    return SearchQuery(" & ".join(operands), search_type="raw", config=SEARCH_CONFIG)


def document_paths(documents: tuple[str | tuple[str, str], ...]) -> list[tuple[str, str]]:
    """``("search_vector", ("stakeholder__search_vector", "A"))`` → ``[(path, weights), …]``."""
    return [(doc, "") if isinstance(doc, str) else doc for doc in documents]


SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _html_attrs(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html`` writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(
    widget: forms.Select, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
) -> SafeString:
    """A select, written as Django's ``select.html`` and ``select_option.html`` templates write it, in Python.

    A list page's filter form holds selects of every jurisdiction and vocabulary; rendering each option through
    two templates was a third of the page's time.
    """
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [f'<select name="{conditional_escape(context["name"])}"{_html_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"{_html_attrs(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n"  # the option template's own line end
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def render_selects_in_python(form: forms.Form) -> None:
    """Give the form's select widgets (those drawn by Django's own templates) the Python renderer."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select) and (widget.template_name, widget.option_template_name) == SELECT_TEMPLATES:
            widget.render = render_select.__get__(widget)  # type: ignore[method-assign]  # this widget only


def _is_api_request(request: HttpRequest) -> bool:
    from rest_framework.request import Request

    return isinstance(request, Request)


class DomainFilterSet(django_filters.FilterSet):
    """``q`` searches; ``updated_since`` serves incremental sync; ``ordering`` sorts.

    Subclasses declare ``search_fields`` (substring search) and, for big tables, ``search_documents``: the
    stored search documents to match on PostgreSQL — the model's own (``"search_vector"``) and those of
    related rows, optionally limited to some weights (``("stakeholder__search_vector", "A")``: the
    stakeholder's name only), each GIN-indexed. They also declare an
    ``ordering = django_filters.OrderingFilter(...)``.
    """

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Updated since (ISO 8601)")
    )
    search_fields: tuple[str, ...] = ()
    search_documents: tuple[str | tuple[str, str], ...] = ()
    # Filters and sort keys on restricted values, with the permission needed to use them: a user without it
    # gets neither (the filter is unknown to them), so nothing hidden can be inferred from results.
    restricted_filters: dict[str, str] = {}
    restricted_orderings: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name in self.withheld_filters(user):
            self.filters.pop(name, None)
        ordering = self.filters.get("ordering")
        if ordering is not None:
            for name, perm in self.restricted_orderings.items():
                if user is None or not user.has_perm(perm):
                    ordering.param_map.pop(name, None)
                    ordering.extra["choices"] = [c for c in ordering.extra["choices"] if c[0].lstrip("-") != name]
                    ordering.__dict__.pop("_field", None)  # rebuild the form field with the narrowed choices

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            if not _is_api_request(self.request):
                render_selects_in_python(form)
        return self._form

    def get_form_class(self) -> type:
        """For an API request, a form with only the filters the request uses.

        A page renders every filter, but the API only validates and applies the ones given; building the other
        form fields (each ModelChoiceFilter builds its visible-records queryset) is most of a FilterSet's cost.
        A filter is used when its parameter, or one of its widget's suffixed parameters, is in the request.
        """
        if not self.is_bound or not _is_api_request(self.request):
            return super().get_form_class()
        given = set(self.data)
        fields = {
            name: filter_.field
            for name, filter_ in self.filters.items()
            if name in given or any(key.startswith(f"{name}_") for key in given)
        }
        return type(f"{type(self).__name__}Form", (self._meta.form,), fields)

    @classmethod
    def withheld_filters(cls, user: AnyUser | None) -> set[str]:
        """The restricted filters this user may not use (they are unknown to them)."""
        return {name for name, perm in cls.restricted_filters.items() if user is None or not user.has_perm(perm)}

    @classmethod
    def filters_for(cls, user: AnyUser) -> dict[str, django_filters.Filter]:
        """The filters this user may use, by parameter, without building a FilterSet (the class's own filter
        objects: read them, never change them)."""
        withheld = cls.withheld_filters(user)
        return {name: filter_ for name, filter_ in cls.base_filters.items() if name not in withheld}

    @classmethod
    def filter_names(cls, user: AnyUser) -> set[str]:
        """The query parameters this FilterSet understands for this user, without building one."""
        return set(cls.filters_for(user))

    # After filtering: how many rows the search matched, when it narrowed the list to their ids (the list's
    # exact count, since the search is applied after every other filter), else None.
    match_count: int | None = None

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Every filter, the search last: it then reads the ids of the rows matching everything."""
        data = self.form.cleaned_data
        ordered = [name for name in data if name != "q"] + (["q"] if "q" in data else [])
        for name in ordered:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def uses_full_text(self, queryset: QuerySet) -> bool:
        return bool(self.search_documents) and connections[queryset.db].vendor == "postgresql"

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if self.uses_full_text(queryset):
            return self._full_text(queryset, value)
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms[:MAX_TERMS]:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset

    def _full_text(self, queryset: QuerySet, value: str) -> QuerySet:
        """Rows matching every word, found through the GIN index.

        PostgreSQL cannot estimate how many rows a prefix query matches, so it may walk a list's order index
        row by row, testing each, to fill a page: instant for a common word, a scan of the whole table for a
        rare or absent one. So the matching ids are read first, at most ``NARROW_UP_TO`` of them: when that is
        all of them the list is narrowed to those ids (an exact equivalent the database starts from); when
        there are more, matches are dense and walking the order index finds a page at once.
        """
        if not search_words(value):
            return queryset
        documents = document_paths(self.search_documents)
        if len(documents) == 1:
            path, weights = documents[0]
            matches = queryset.filter(**{path: full_text_query(value, weights)})
        else:
            # One indexed lookup per document, united: an OR across joined tables could use no index at all.
            manager = queryset.model._base_manager
            found = [manager.filter(**{path: full_text_query(value, w)}).values("pk") for path, w in documents]
            matches = queryset.filter(pk__in=found[0].union(*found[1:]))
        first = list(matches.order_by().values_list("pk", flat=True)[: NARROW_UP_TO + 1])
        if len(first) > NARROW_UP_TO:
            return matches
        self.match_count = len(first)
        return queryset.filter(AnyOf(F("pk"), first))

    @property
    def search_value(self) -> str:
        """The search the user asked for, once the form is valid ('' if none)."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    def ranks_by_relevance(self, queryset: QuerySet) -> bool:
        """True when a search is under way, no other sort was asked for, and the database can rank."""
        ordering = self.form.cleaned_data.get("ordering") if self.search_value else None
        return bool(self.search_value) and not ordering and self.uses_full_text(queryset)

    def order_by_relevance(self, queryset: QuerySet) -> QuerySet:
        """Best matches first (``search_rank``), then the list's usual order."""
        if not search_words(self.search_value):
            return queryset
        rank = reduce(
            add,
            (
                SearchRank(F(path), query)
                for path, weights in document_paths(self.search_documents)
                if (query := full_text_query(self.search_value, weights)) is not None
            ),
        )
        usual = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        return queryset.annotate(search_rank=rank).order_by("-search_rank", *usual)


# Filters every app's FilterSets build from ---------------------------------------------------------------------


def visible(model: type[Model], **filters: Any) -> Callable[[Any], QuerySet]:
    """Filter choices limited to what the requesting user may see: a hidden record is not a valid choice."""

    def queryset(request: HttpRequest) -> QuerySet:
        return visible_rows(model, getattr(request, "user", None)).filter(**filters)

    return queryset


def by_id(model: type[Model], **kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A filter on one record of a big table: set by links (``?stakeholder=12``), shown as a removable chip
    on pages rather than a select of every row."""
    filters = kwargs.pop("filters", {})
    return django_filters.ModelChoiceFilter(queryset=visible(model, **filters), widget=forms.HiddenInput, **kwargs)


def any_of(choices: Any, **kwargs: Any) -> django_filters.MultipleChoiceFilter:
    """Any of several values of one column of the row (or of a to-one relation), without DISTINCT: such a filter
    cannot repeat a row, and DISTINCT makes the database sort every match of a big table before the first page."""
    return django_filters.MultipleChoiceFilter(choices=choices, distinct=False, **kwargs)


class JurisdictionTreeFilter(django_filters.ModelChoiceFilter):
    """A jurisdiction and everything under it (a region includes its localities); only jurisdictions the user
    may see are choices."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", visible(Jurisdiction))
        kwargs.setdefault("label", _("Jurisdiction (with everything under it)"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Jurisdiction | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value.descendant_ids()})


def active_users(request: HttpRequest) -> QuerySet:
    """Staff accounts a filter may name, only to users who are logged in: any active account
    (``assignable_users(access_only=True)``), so that work given to someone who has since lost their role is
    still found."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return get_user_model().objects.none()
    return assignable_users(access_only=True)


class MineFilter(django_filters.BooleanFilter):
    """``true``: the records naming the requesting user in ``field_name`` (an owner, a lead); ``false``: the
    others. Nothing for a request without a signed-in user."""

    def filter(self, qs: QuerySet, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        user = getattr(getattr(self.parent, "request", None), "user", None)
        if user is None or not user.is_authenticated:
            return qs.none() if value else qs
        mine = Q(**{self.field_name: user.pk})
        return qs.filter(mine) if value else qs.exclude(mine)
