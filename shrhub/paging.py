"""Keyset paging, one implementation for list pages (``KeysetPaginator``) and the API (``CursorPagination``).

List pages page by keyset ("the 50 rows after this one in this order"), never by OFFSET: the last page of a
million rows costs what the first does. Row counts stop at COUNT_CAP ("more than 10,000"): an exact count
of a big table is a scan of all of it on every request.

Both read a list's order as sort keys (``sort_keys``), the order's terms ending with the primary key, and take
the rows strictly after (or before) a boundary row (``keyset_condition``); a key that may be empty sorts its
NULLs last going forwards. Cursors carry only the boundary row's key, never its sort values.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field, ForeignObjectRel, Model, OrderBy, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request

from .models import related_model_of

COUNT_CAP = 10_000
CURSOR_PARAM = "cursor"


@dataclass(frozen=True)
class SortKey:
    """One term of a list's order, in the form keyset paging needs: a path, a direction, whether it can be NULL.

    NULLs sort last (on every database) going forwards, and so first going backwards.
    """

    path: str  # a field path ("organisation__name") or an annotation ("search_rank")
    descending: bool
    nullable: bool

    def order_by(self, reverse: bool = False) -> str | OrderBy:
        descending = self.descending != reverse
        if not self.nullable:
            return f"-{self.path}" if descending else self.path
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        return OrderBy(F(self.path), descending=descending, **nulls)

    def beyond(self, value: Any, reverse: bool) -> Q | None:
        """Rows strictly after ``value`` in this key's order (None when no row can be)."""
        descending = self.descending != reverse
        if value is None:  # NULLs are last going forwards: only non-NULLs follow them going backwards
            return Q(**{f"{self.path}__isnull": False}) if reverse else None
        after = Q(**{f"{self.path}__{'lt' if descending else 'gt'}": value})
        if self.nullable and not reverse:
            after |= Q(**{f"{self.path}__isnull": True})
        return after

    def same(self, value: Any) -> Q:
        return Q(**{f"{self.path}__isnull": True}) if value is None else Q(**{self.path: value})


def sort_keys(queryset: QuerySet) -> list[SortKey] | None:
    """The queryset's order as sort keys, ending with the primary key so every row has its own place.

    An order by a relation is expanded into the related model's own order, as the database would be told.
    None when the order cannot be paged by keyset (random, multi-valued relations, expressions).
    """
    query = queryset.query
    terms = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    filtered = query._filtered_relations  # type: ignore[attr-defined]  # private Django API the stubs leave out
    keys: list[SortKey] = []
    for term in terms:
        expanded = _expand_term(queryset.model, term, set(query.annotations), filtered=filtered)
        if expanded is None:
            return None
        keys.extend(key for key in expanded if key not in keys)
    pk = queryset.model._meta.pk
    if not any(key.path in {pk.name, pk.attname, "pk"} for key in keys):
        keys.append(SortKey(pk.name, descending=bool(keys) and keys[0].descending, nullable=False))
    return keys


def _term_name(term: Any) -> tuple[str, bool] | None:
    """The field path and direction of one ordering term; None for one keyset paging cannot follow."""
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        return term.expression.name, term.descending  # type: ignore[attr-defined]  # F.name: absent from the stubs
    if isinstance(term, str) and term != "?":
        return term.lstrip("-"), term.startswith("-")
    return None


def _expand_term(
    model: type[Model], term: Any, annotations: set[str], depth: int = 0, filtered: Mapping[str, Any] | None = None
) -> list[SortKey] | None:
    """``filtered``: the queryset's filtered relations (``seen_assessment``): single rows of a to-many
    relation, which may be missing, so ordered like a nullable foreign key."""
    named = _term_name(term)
    if named is None:
        return None
    name, descending = named
    if name in annotations:
        return [SortKey(name, descending, nullable=True)]
    parts, current, nullable = name.split("__"), model, False
    for index, part in enumerate(parts):
        if index == 0 and filtered and part in filtered and len(parts) > 1:
            current, nullable = related_model_of(model._meta.get_field(filtered[part].relation_name)), True
            continue
        try:
            found = current._meta.get_field(part) if part != "pk" else current._meta.pk
        except FieldDoesNotExist:
            return None
        if found is None or found.many_to_many or found.one_to_many:
            return None
        nullable = nullable or bool(getattr(found, "null", False))
        parts[index] = found.name
        if not found.is_relation:
            continue
        if index < len(parts) - 1:
            current = related_model_of(found)
            continue
        return _expand_relation(found, parts, descending, nullable, depth)
    return [SortKey("__".join(parts), descending, nullable)]


def _expand_relation(
    found: Field[Any, Any] | ForeignObjectRel, parts: list[str], descending: bool, nullable: bool, depth: int
) -> list[SortKey] | None:
    """An order by a relation (the last of ``parts``): by the related model's own ordering, or else by its key."""
    prefix = "__".join(parts)
    target = related_model_of(found)
    related = target._meta.ordering
    if not related or depth >= 3:
        if not isinstance(found, Field):
            return None  # a reverse one-to-one: no column of this table to order by
        return [SortKey("__".join([*parts[:-1], found.attname]), descending, nullable)]
    keys: list[SortKey] = []
    for related_term in related:
        inner = _expand_term(target, related_term, set(), depth + 1)
        if inner is None:
            return None
        keys.extend(SortKey(f"{prefix}__{k.path}", k.descending != descending, k.nullable or nullable) for k in inner)
    return keys


def keyset_condition(keys: list[SortKey], values: list[Any], reverse: bool) -> Q:
    """Rows after ``values`` in the order of ``keys`` (reversed: before them)."""
    disjuncts, prefix = [], Q()
    for key, value in zip(keys, values, strict=True):
        beyond = key.beyond(value, reverse)
        if beyond is not None:
            disjuncts.append(prefix & beyond)
        prefix &= key.same(value)
    if not disjuncts:
        return Q(pk__in=[])
    condition = reduce(or_, disjuncts)
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # Redundant, but it lets the database start its index scan at the cursor instead of filtering to it.
        condition &= Q(**{f"{first.path}__{'lte' if first.descending != reverse else 'gte'}": value})
    return condition


def _json_key(pk: Any) -> Any:
    """A primary key as a cursor carries it (integers as they are, anything else as text)."""
    return pk if isinstance(pk, int) else str(pk)


def encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(token: str) -> dict[str, Any] | None:
    """The payload of a cursor, or None if it is not one of ours (a bad cursor shows the first page)."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """The number of rows, counting no further than ``cap``; ``(cap, True)`` means "more than cap"."""
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


@dataclass
class KeysetPage:
    """One page of a list: its rows, a capped count and links to the first, previous, next and last pages.

    Used as ``page_obj`` (and ``paginator``) by the list template.
    """

    object_list: list[Model]
    count: int
    count_capped: bool
    has_previous: bool = False
    has_next: bool = False
    first_url: str = ""
    previous_url: str = ""
    next_url: str = ""
    last_url: str | None = None
    relevance: str = ""  # "ranked": best matches first; "too_many": too many matches to rank them

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


class KeysetPaginator:
    """Pages a list's queryset by keyset (or, for an order that cannot be, by an offset no deeper than the
    count cap). The cursor carries the primary key of the row to continue from, the direction, and a
    signature of the query and order it belongs to: a cursor from another query shows the first page.

    The row's sort-key values are read back from the database (through the same filtered, visible-to-the-user
    queryset), never carried in the URL: an order by name would otherwise put a person's name in every
    "Next" link, and so in browser histories and proxy logs. A boundary row that has since gone (deleted,
    hidden, or no longer matching) shows the first page."""

    def __init__(
        self,
        request: HttpRequest,
        page_size: int,
        count_cap: int = COUNT_CAP,
        rows_by_pk: Callable[[list[Any]], QuerySet] | None = None,
    ) -> None:
        self.request, self.page_size, self.count_cap = request, page_size, count_cap
        # Two phases when ``rows_by_pk`` is given: the page's sort keys first, in a query of those columns only,
        # then its rows by primary key. Worth a query when the order cannot come from an index (relevance): the
        # database then sorts narrow rows instead of joining every match to its related rows before sorting.
        self.rows_by_pk = rows_by_pk

    def paginate(self, queryset: QuerySet, count: int, capped: bool) -> KeysetPage:
        page = KeysetPage(object_list=[], count=count, count_capped=capped, first_url=self.url(None))
        keys = sort_keys(queryset)
        if keys is None:
            return self._by_offset(queryset, page)
        signature = self.signature(";".join(f"{'-' if k.descending else ''}{k.path}" for k in keys))
        direction, values = self.read_cursor(queryset, keys, signature)
        reverse = direction in {"previous", "last"}
        ordered = queryset.order_by(*(key.order_by(reverse) for key in keys))
        if values is not None:
            ordered = ordered.filter(keyset_condition(keys, values, reverse))
        if self.rows_by_pk is not None:
            pks = list(ordered.values_list("pk", flat=True)[: self.page_size + 1])
            more, pks = len(pks) > self.page_size, pks[: self.page_size]
            by_pk = {row.pk: row for row in self.rows_by_pk(pks)}
            found = [by_pk[pk] for pk in pks if pk in by_pk]
        else:
            found = list(ordered[: self.page_size + 1])
            more, found = len(found) > self.page_size, found[: self.page_size]
        if reverse:
            found.reverse()
        page.object_list = found
        page.has_previous = more if reverse else direction == "next"
        page.has_next = direction == "previous" or (more and not reverse)
        page.last_url = self.url({"d": "last", "s": signature})
        if found:
            page.next_url = self.url({"d": "next", "r": _json_key(found[-1].pk), "s": signature})
            page.previous_url = self.url({"d": "previous", "r": _json_key(found[0].pk), "s": signature})
        else:
            page.previous_url = page.first_url
        return page

    def read_cursor(
        self, queryset: QuerySet, keys: list[SortKey], signature: str
    ) -> tuple[str | None, list[Any] | None]:
        """The cursor's direction and its boundary row's sort-key values, or ``(None, None)`` for the first page."""
        payload = decode_cursor(self.request.GET.get(CURSOR_PARAM, ""))
        if not payload or payload.get("s") != signature:
            return None, None
        direction = payload.get("d")
        if direction == "last":
            return "last", None
        if direction not in {"next", "previous"}:
            return None, None
        pk_field = queryset.model._meta.pk
        try:
            pk = pk_field.to_python(payload.get("r"))
        except (ValidationError, TypeError):
            return None, None
        if pk is None:
            return None, None
        row = queryset.order_by().filter(pk=pk).values_list(*(key.path for key in keys)).first()
        return (direction, list(row)) if row is not None else (None, None)

    def _by_offset(self, queryset: QuerySet, page: KeysetPage) -> KeysetPage:
        signature = self.signature("offset")
        payload = decode_cursor(self.request.GET.get(CURSOR_PARAM, "")) or {}
        offset = payload.get("o") if payload.get("s") == signature else 0
        offset = offset if isinstance(offset, int) and 0 <= offset <= self.count_cap else 0
        rows = list(queryset[offset : offset + self.page_size + 1])
        more = len(rows) > self.page_size and offset + self.page_size < self.count_cap
        page.object_list = rows[: self.page_size]
        page.has_previous, page.has_next = offset > 0, more
        page.previous_url = self.url({"o": max(0, offset - self.page_size), "s": signature})
        page.next_url = self.url({"o": offset + self.page_size, "s": signature})
        return page

    def signature(self, order: str) -> str:
        """Ties a cursor to this list's filters and order."""
        params = self.request.GET.lists()
        query = sorted((k, v) for k, values in params if k not in {CURSOR_PARAM, "page"} for v in values)
        return hashlib.sha256(f"{order}|{query}".encode()).hexdigest()[:16]

    def url(self, payload: dict[str, Any] | None) -> str:
        query = self.request.GET.copy()
        query.pop(CURSOR_PARAM, None)
        query.pop("page", None)
        if payload is not None:
            query[CURSOR_PARAM] = encode_cursor(payload)
        return "?" + query.urlencode()


class CursorPagination(pagination.CursorPagination):
    """Keyset paging: constant cost on any page, no COUNT(*). Honours the FilterSet's ``ordering``.

    As on the list pages (``KeysetPaginator``), a cursor carries only the primary key of the row
    to continue from (``p``) and the direction (``r``), never a row's sort values: an order by name would
    otherwise put a person's name in every ``next`` link, and so in integration logs and proxy logs. The
    boundary row's sort values are read back through the list's own queryset (the user's visible rows, the
    request's filters), and the page is the rows strictly after it in the full order (which ends with the
    primary key, so ties on the sort values are neither skipped nor repeated). A boundary row that has gone
    since (deleted, hidden from the user, no longer matching the filters) restarts at the first page, as the
    list pages do. A cursor that is not one of ours answers 404 "Invalid cursor".
    """

    page_size: int | None = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: tuple[str, ...] = ("id",)

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        """A cursor that is not strict base64, carries an offset or a position that is not a key is refused."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None:
            try:
                base64.b64decode(encoded.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
        cursor = super().decode_cursor(request)
        if cursor is not None and (cursor.offset != 0 or cursor.position is None):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> tuple[str, ...]:
        """The list's chosen order (by id when none was chosen), ending with the id. A key that may be empty
        pages as on the list pages: its NULLs come last going forwards (``SortKey``)."""
        chosen = tuple(str(o) for o in queryset.query.order_by if isinstance(o, str))
        if not chosen:
            return self.ordering
        if not any(o.lstrip("-") in {"id", "pk"} for o in chosen):
            chosen += ("-id",) if chosen[0].startswith("-") else ("id",)
        return chosen

    def paginate_queryset(
        self, queryset: QuerySet[Any, Any] | Sequence[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        if not isinstance(queryset, QuerySet):
            raise TypeError("Keyset paging reads a queryset.")
        self.request = request
        page_size = self.page_size = self.get_page_size(request)
        if not page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        keys = sort_keys(queryset.order_by(*self.ordering))
        if keys is None:
            raise DRFValidationError({"ordering": [_("This order cannot page by cursor.")]})
        cursor = self.cursor = self.decode_cursor(request)
        values = self._boundary_values(queryset, keys, cursor)
        reverse = values is not None and cursor is not None and cursor.reverse
        rows = queryset.order_by(*(key.order_by(reverse) for key in keys))
        if values is not None:
            rows = rows.filter(keyset_condition(keys, values, reverse))
        results = list(rows[: page_size + 1])
        more, self.page = len(results) > page_size, results[:page_size]
        if reverse:
            self.page.reverse()
        self.has_next, self.has_previous = (values is not None, more) if reverse else (more, values is not None)
        return self.page

    def _boundary_values(self, queryset: QuerySet, keys: list, cursor: pagination.Cursor | None) -> list[Any] | None:
        """The sort values of the cursor's row, read through ``queryset``; None for the first page."""
        if cursor is None:
            return None
        try:
            pk = queryset.model._meta.pk.to_python(cursor.position)
        except ValidationError:
            raise NotFound(self.invalid_cursor_message) from None
        row = queryset.order_by().filter(pk=pk).values_list(*(key.path for key in keys)).first()
        return list(row) if row is not None else None

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if not self.page:
            return self._first_page_link()
        return self.encode_cursor(pagination.Cursor(offset=0, reverse=False, position=str(self.page[-1].pk)))  # type: ignore[arg-type]  # DRF's positions are strings

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:  # past the end: the rows before it start at the first page
            return self._first_page_link()
        return self.encode_cursor(pagination.Cursor(offset=0, reverse=True, position=str(self.page[0].pk)))  # type: ignore[arg-type]  # DRF's positions are strings

    def _first_page_link(self) -> str:
        from rest_framework.utils.urls import remove_query_param

        if self.base_url is None:
            raise RuntimeError("A link was asked for before paginate_queryset().")
        return remove_query_param(self.base_url, self.cursor_query_param)


def pageable(model: type[Model], path: str) -> bool:
    """Whether an order by ``path`` can page by keyset: not through a to-many relation (its rows would repeat).
    A name that is not a field is taken for an annotation (a computed figure), which can."""
    for index, part in enumerate(path.split("__")):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return index == 0
        if field.many_to_many or field.one_to_many:
            return False
        if not field.is_relation:
            return True
        model = related_model_of(field)
    return True
