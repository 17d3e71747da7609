"""Generic page views: each model's pages declare their selector, FilterSet, columns, form and services."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F, Model, OrderBy, ProtectedError, Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from .audit import history_entries
from .drf import load_permissions
from .forms import style
from .models import AccessLog, describe_blockers, log_reads
from .services import StaleVersion
from .tables import Column


def permission_name(model: type[Model], action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


class PermissionRequiredMixin:
    """Refuses (403) a user whose role lacks ``<action>`` on the view's model."""

    model: type[Model]
    permission_action = "view"

    def has_permission(self) -> bool:
        return self.request.user.has_perm(permission_name(self.model, self.permission_action))

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        load_permissions(request.user)
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, opts = self.request.user, self.model._meta
        context.update(
            opts=opts,
            can_add=user.has_perm(permission_name(self.model, "add")),
            can_change=user.has_perm(permission_name(self.model, "change")),
            can_delete=user.has_perm(permission_name(self.model, "delete")),
            url_prefix=f"{opts.app_label}:{opts.model_name}",
        )
        return context


# Paging ---------------------------------------------------------------------------------------------------
#
# List pages page by keyset ("the 50 rows after this one in this order"), never by OFFSET: the last page of a
# million rows costs what the first does. Row counts stop at COUNT_CAP ("more than 10,000"): an exact count
# of a big table is a scan of all of it on every request.

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
    keys: list[SortKey] = []
    for term in terms:
        expanded = _expand_term(queryset.model, term, set(query.annotations), filtered=query._filtered_relations)
        if expanded is None:
            return None
        keys.extend(key for key in expanded if key not in keys)
    pk = queryset.model._meta.pk
    if not any(key.path in {pk.name, pk.attname, "pk"} for key in keys):
        keys.append(SortKey(pk.name, descending=bool(keys) and keys[0].descending, nullable=False))
    return keys


def _expand_term(
    model: type[Model], term: Any, annotations: set[str], depth: int = 0, filtered: Mapping[str, Any] | None = None
) -> list[SortKey] | None:
    """``filtered``: the queryset's filtered relations (``seen_assessment``): single rows of a to-many
    relation, which may be missing, so ordered like a nullable foreign key."""
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        name, descending = term.expression.name, term.descending
    elif isinstance(term, str) and term != "?":
        name, descending = term.lstrip("-"), term.startswith("-")
    else:
        return None
    if name in annotations:
        return [SortKey(name, descending, nullable=True)]
    parts, current, nullable = name.split("__"), model, False
    for index, part in enumerate(parts):
        if index == 0 and filtered and part in filtered and len(parts) > 1:
            current, nullable = model._meta.get_field(filtered[part].relation_name).related_model, True
            continue
        try:
            found = current._meta.pk if part == "pk" else current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if found.many_to_many or found.one_to_many:
            return None
        nullable = nullable or bool(getattr(found, "null", False))
        parts[index] = found.name
        if not found.is_relation:
            continue
        if index < len(parts) - 1:
            current = found.related_model
            continue
        # Ordering by a relation means by the related model's ordering, or else by its key.
        prefix = "__".join(parts)
        related = found.related_model._meta.ordering
        if not related or depth >= 3:
            parts[index] = found.attname
            return [SortKey("__".join(parts), descending, nullable)]
        keys = []
        for related_term in related:
            inner = _expand_term(found.related_model, related_term, set(), depth + 1)
            if inner is None:
                return None
            keys.extend(
                SortKey(f"{prefix}__{k.path}", k.descending != descending, k.nullable or nullable) for k in inner
            )
        return keys
    return [SortKey("__".join(parts), descending, nullable)]


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
    ):
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


def read_name(request: HttpRequest, *, searched: bool = False) -> str:
    """How the access log names the page or endpoint a read came through (its URL name, e.g.
    ``stakeholders:stakeholder_list``); a search says so, without its words."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match is not None else request.path
    return f"{name} (search)" if searched else name


class ObjectListView(PermissionRequiredMixin, ListView):
    """A filtered, searchable, sortable list that shares its FilterSet with the API.

    Pages go by keyset with a capped count (see ``KeysetPaginator``), so every page of a big table costs the
    same. A search on PostgreSQL lists the best matches first when there are at most ``rank_up_to`` of them
    and no other order was asked for; with more, ranking them all would cost more than it helps, so the
    list keeps its usual order and says so.
    """

    selector: Callable[..., QuerySet]
    filterset_class: type
    columns: list[Column] = []
    paginate_by = 50
    count_cap = COUNT_CAP
    rank_up_to = 5_000  # ranking reads every match's search document: beyond this many it costs more than it helps
    template_name = "shrhub/object_list.html"

    def get_queryset(self) -> QuerySet:
        base = type(self).selector(user=self.request.user)
        self.filterset = self.filterset_class(self.request.GET or None, queryset=base, request=self.request)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[KeysetPage, KeysetPage, list, bool]:
        known = getattr(self.filterset, "match_count", None)  # a search's exact count, when it read it
        count, capped = (known, False) if known is not None else capped_count(queryset, self.count_cap)
        relevance = ""
        ranks = getattr(self.filterset, "ranks_by_relevance", None)
        if ranks is not None and ranks(queryset):
            relevance = "too_many" if capped or count > self.rank_up_to else "ranked"
            if relevance == "ranked":
                queryset = self.filterset.order_by_relevance(queryset)
        rows_by_pk = self.rows_by_pk if relevance == "ranked" else None
        paginator = KeysetPaginator(self.request, page_size, self.count_cap, rows_by_pk=rows_by_pk)
        page = paginator.paginate(queryset, count, capped)
        page.relevance = relevance
        searched = bool(self.request.GET.get("q"))
        log_reads(self.request.user, page.object_list, via="page", view=read_name(self.request, searched=searched))
        return page, page, page.object_list, page.has_other_pages

    def rows_by_pk(self, pks: list[Any]) -> QuerySet:
        """The rows of a page whose keys were found first (the selector's loading, none of the list's filters:
        the keys already passed them)."""
        return type(self).selector(user=self.request.user).filter(pk__in=pks)

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(CURSOR_PARAM, None)
        user = self.request.user
        columns = [c for c in self.columns if c.permission is None or user.has_perm(c.permission)]
        for field in self.filterset.form.fields.values():
            style(field)
        context.update(filterset=self.filterset, columns=columns, querystring=query.urlencode())
        return context


class ObjectDetailView(PermissionRequiredMixin, DetailView):
    """One record; a record the user may not see answers 404; viewing a sensitive one is logged."""

    selector: Callable[..., QuerySet]

    def get_queryset(self) -> QuerySet:
        return type(self).selector(user=self.request.user)

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj = super().get_object(queryset)
        log_reads(self.request.user, [obj], via="page", view=read_name(self.request))
        return obj


class ObjectHistoryView(ObjectDetailView):
    """The audit trail of one record."""

    template_name = "shrhub/object_history.html"

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object, self.request.user)
        return context


# Form fields a link may never pre-fill: who may read the record, and the version an edit is based on.
NEVER_FROM_URL = frozenset({"confidentiality", "cleared_users", "version"})


class ObjectEditView(PermissionRequiredMixin, TemplateView):
    """Create (no pk) or edit (pk) through the model's services, keeping the draft on any error.

    The form carries the version it was based on; if the record changed meanwhile, the edit is refused
    and the page shows the other change beside the user's draft.
    """

    selector: Callable[..., QuerySet]
    form_class: type[ModelForm]
    create_service: Callable[..., Model]
    update_service: Callable[..., Model]
    template_name = "shrhub/object_form.html"

    def has_permission(self) -> bool:
        action = "change" if "pk" in self.kwargs else "add"
        return self.request.user.has_perm(permission_name(self.model, action))

    def get_object(self) -> Model | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(type(self).selector(user=self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "initial": self.get_initial()}

    def get_initial(self) -> dict[str, Any]:
        """A new record's fields pre-filled from the query string (the "Record assessment" link names the
        stakeholder). Who may read the record and the version are never taken from a link, so a crafted URL
        cannot make someone file a record at the wrong level or name an outsider; an edit starts from the
        record itself, never from the URL."""
        if "pk" in self.kwargs:
            return {}
        return {
            key: value
            for key, value in self.request.GET.items()
            if key in self.form_class.base_fields and key not in NEVER_FROM_URL
        }

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        if self.object is not None:
            log_reads(request.user, [self.object], via="page", view=read_name(request))
        form = self.form_class(instance=self.object, **self.get_form_kwargs())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        form = self.form_class(request.POST, request.FILES, instance=self.object, **self.get_form_kwargs())
        conflict = None
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("version", None)
            try:
                if self.object is None:
                    saved = type(self).create_service(actor=request.user, **data)
                else:
                    saved = type(self).update_service(
                        actor=request.user, instance=form.instance, expected_version=expected, **data
                    )
            except StaleVersion:
                conflict = self.describe_conflict(form)
                form.add_error(
                    None,
                    "Someone else saved this record after you opened it. Your draft is "
                    "kept below; compare it with their change and save again.",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved {saved._meta.verbose_name} “{saved}”.")
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_to_response(self.get_context_data(form=form, conflict=conflict), status=400)

    def describe_conflict(self, form: ModelForm) -> list[dict[str, Any]]:
        """The fields where the stored record now differs from the user's draft."""
        current = type(self).selector(user=self.request.user).get(pk=self.object.pk)
        rows = []
        for name, field in form.fields.items():
            if name == "version" or name not in form.cleaned_data:
                continue
            theirs = getattr(current, name, None)
            if hasattr(theirs, "all"):
                theirs = list(theirs.all())
            mine = form.cleaned_data[name]
            if hasattr(mine, "__iter__") and not isinstance(mine, str):
                mine = list(mine)
            if theirs != mine:
                rows.append({"label": field.label or name, "theirs": theirs, "mine": mine})
        form.data = form.data.copy()
        form.data["version"] = current.version
        return rows

    def get_success_url(self, saved: Model) -> str:
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


class ObjectDeleteView(PermissionRequiredMixin, TemplateView):
    """Confirm, then delete through the model's service. A refused delete answers 409 and keeps the record: when
    other records still refer to it (``ProtectedError``) the page names only those the user may see
    (``describe_blockers``); when the service refuses (``ValidationError``, e.g. approved minutes) it gives the
    service's reason."""

    selector: Callable[..., QuerySet]
    delete_service: Callable[..., None]
    permission_action = "delete"
    template_name = "shrhub/object_confirm_delete.html"
    success_url_name: str

    def get_object(self) -> Model:
        return get_object_or_404(type(self).selector(user=self.request.user), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.object = self.get_object()
        label = str(self.object)
        try:
            type(self).delete_service(actor=request.user, instance=self.object)
        except ProtectedError as error:
            return self.refuse(blocked_by=describe_blockers(request.user, error.protected_objects))
        except ValidationError as error:
            return self.refuse(refusal=" ".join(error.messages))
        messages.success(request, f"Deleted “{label}”.")
        return HttpResponseRedirect(reverse(self.success_url_name))

    def refuse(self, **why: str) -> HttpResponse:
        """The confirmation page again, with why the record stays (``blocked_by`` or ``refusal``), as 409."""
        return self.render_to_response(self.get_context_data(object=self.object, **why), status=409)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers; reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: each app contributes its panels (see ``shrhub.registry``); managers and
    administrators also get the warnings panel, which loads on its own (``manager_warnings_view``)."""
    from .registry import home_panels

    context: dict[str, Any] = {
        "panels": home_panels(request),
        "shows_warnings": request.user.has_perm("shrhub.view_manager_views"),
    }
    return render(request, "shrhub/home.html", context)


def manager_warnings_view(request: HttpRequest) -> HttpResponse:
    """Every registered warning, most severe first, each linking to where to act (managers, administrators).

    The checks read the whole registry, which takes seconds at a million rows, so the start page asks for them
    separately (htmx, once the page is shown) instead of making every visit wait; without JavaScript the
    start page links here and this answers as a page of its own.
    """
    from .registry import manager_warnings

    if not request.user.has_perm("shrhub.view_manager_views"):
        raise PermissionDenied
    template = "shrhub/_manager_warnings.html" if request.htmx else "shrhub/manager_warnings.html"
    return render(request, template, {"manager_warnings": manager_warnings(request.user, {})})


class AccessLogView(PermissionRequiredMixin, ListView):
    """Managers and administrators read who viewed sensitive records and who exported data."""

    model = AccessLog
    paginate_by = 100
    template_name = "shrhub/access_log.html"

    def has_permission(self) -> bool:
        return self.request.user.has_perm("shrhub.view_audit_log")

    def get_queryset(self) -> QuerySet:
        queryset = AccessLog.objects.select_related("user")
        action = self.request.GET.get("action")
        if action in AccessLog.Action.values:
            queryset = queryset.filter(action=action)
        return queryset
