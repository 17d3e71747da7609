"""Generic page views: each model's pages declare their selector, FilterSet, columns, form and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Model, ProtectedError, QuerySet
from django.forms import BaseForm, ModelForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from .audit import history_entries
from .drf import load_permissions
from .forms import style
from .list_exports import FORMATS as EXPORT_FORMATS
from .list_exports import (
    ListExport,
    export_label,
    exportable,
    file_name,
    inline_rows,
    max_rows,
    start_export_job,
    write_export,
)
from .models import AccessLog, ExportJob, describe_blockers, log_reads
from .paging import COUNT_CAP, CURSOR_PARAM, KeysetPage, KeysetPaginator, capped_count
from .services import StaleVersion
from .spreadsheets import CSV_TYPE, XLSX_TYPE
from .tables import Column
from .types import HtmxHttpRequest


def permission_name(model: type[Model], action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin, View

    class _ViewBase(ContextMixin, View):
        """What the mixin below is mixed into (a Django view); for the type checker only."""

else:
    _ViewBase = object


class PermissionRequiredMixin(_ViewBase):
    """Refuses (403) a user whose role lacks ``<action>`` on the view's model."""

    model: Any  # the view's model class (``MultipleObjectMixin`` and ``SingleObjectMixin`` declare it their way)
    permission_action = "view"

    def has_permission(self) -> bool:
        return self.request.user.has_perm(permission_name(self.model, self.permission_action))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        load_permissions(request.user)
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
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

    def paginate_queryset(  # type: ignore[override]  # keyset pages stand in for Django's Paginator and Page
        self, queryset: QuerySet, page_size: int
    ) -> tuple[KeysetPage, KeysetPage, list[Any], bool]:
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(CURSOR_PARAM, None)
        user = self.request.user
        columns = [c for c in self.columns if c.permission is None or user.has_perm(c.permission)]
        for field in self.filterset.form.fields.values():
            style(field)
        context.update(filterset=self.filterset, columns=columns, querystring=query.urlencode())
        context["export_urls"] = self.export_urls(query)
        context["import_url"] = self.import_url()
        return context

    def import_url(self) -> str:
        """Where to bring rows of this list in from a spreadsheet, for a role that adds or changes them."""
        from .imports.kinds import importable

        label = self.model._meta.label_lower
        opts = self.model._meta
        user = self.request.user
        if label not in importable() or not (
            user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        ):
            return ""
        return f"{reverse('imports')}?kind={label}"

    def export_urls(self, query: QueryDict) -> dict[str, str]:
        """The list's rows (every page, these filters, this order) as each spreadsheet format."""
        label = export_label(self.model)
        if label is None:
            return {}
        suffix = f"?{query.urlencode()}" if query else ""
        return {fmt: reverse("list_export", kwargs={"model": label, "fmt": fmt}) + suffix for fmt in EXPORT_FORMATS}


class ListExportView(View):
    """``/exports/<app_label.model>.<csv|xlsx>?<a list's filters>``: the rows that list shows (every page), as its
    reader may see them (``shrhub.list_exports``). Refused (403) without the role's ``view`` permission on the
    model, 404 for a model the API does not list or another format; invalid filters or a list longer than
    ``EXPORT_MAX_ROWS`` answer 400 with the reason, and nothing is exported. A list longer than
    ``EXPORT_INLINE_ROWS`` is written by the task worker: the answer is its progress page."""

    def get(self, request: HttpRequest, model: str, fmt: str) -> HttpResponseBase:
        if fmt not in EXPORT_FORMATS or model not in exportable():
            raise Http404
        load_permissions(request.user)
        if not request.user.has_perm(permission_name(exportable()[model].record_model(), "view")):
            raise PermissionDenied
        export = ListExport(request, model)
        problems = [f"{name}: {' '.join(messages)}" for name, messages in export.errors.items()]
        count = 0 if problems else export.count()
        if count > max_rows():
            problems.append(
                gettext("%(count)s rows match: an export holds at most %(limit)s. Narrow the filters and try again.")
                % {"count": intcomma(count), "limit": intcomma(max_rows())}
            )
        if problems:
            back = request.headers.get("Referer", "")
            safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure())
            context = {"problems": problems, "back": back if safe else ""}
            return render(request, "shrhub/export_refused.html", context, status=400)
        if count > inline_rows():
            return HttpResponseRedirect(start_export_job(request, model, fmt, count).get_absolute_url())
        out, log = write_export(export, fmt)
        log.write(request.user, export, fmt)
        content_type = CSV_TYPE if fmt == "csv" else XLSX_TYPE
        return FileResponse(out, as_attachment=True, filename=file_name(export, fmt), content_type=content_type)


class ExportJobView(View):
    """A long list's export being written by the task worker: its progress (the page polls the bar until it is
    done, ``?bar`` answers the bar alone), then the download. Its user's alone: 404 for anyone else."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(ExportJob.objects.filter(user_id=request.user.pk or 0), pk=pk)
        template = "shrhub/_export_job_bar.html" if "bar" in request.GET else "shrhub/export_job.html"
        return render(request, template, {"job": job})


class ExportJobDownloadView(View):
    """The written export, to its user (404 for anyone else, or before it is ready)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        done = ExportJob.objects.filter(user_id=request.user.pk or 0, status=ExportJob.Status.DONE)
        job = get_object_or_404(done, pk=pk)
        content_type = CSV_TYPE if job.fmt == "csv" else XLSX_TYPE
        response = FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=content_type
        )
        response["Cache-Control"] = "private, no-store"
        return response


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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object, self.request.user)
        return context


class ProgressNoteCreateView(PermissionRequiredMixin, View):
    """Append a progress note to an owned, dated item (a working-group action, an engagement follow-up), which
    may move its status; then back where the user came from (a ``next`` on this site) or to the item. A refused
    note shows the item's page again with the form's errors (400).

    Subclasses name the note's ``model`` (for the permission), the item's ``item_selector``, the ``form_class``,
    the item's ``detail_view`` and the ``create_service`` with the keyword it takes the item by (``item_argument``).
    """

    permission_action = "add"
    item_selector: Callable[..., QuerySet]
    form_class: type[BaseForm]
    detail_view: type[ObjectDetailView]
    create_service: Callable[..., Any]
    item_argument: str

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(type(self).item_selector(user=request.user), pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                type(self).create_service(actor=request.user, **{self.item_argument: item}, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Progress noted on “%(item)s”.") % {"item": item})
                return HttpResponseRedirect(self.next_url(item))
        view = self.detail_view(request=request, kwargs={"pk": pk}, object=item)
        context = view.get_context_data(object=item, progress_form=form)
        return render(request, view.get_template_names(), context, status=400)

    def next_url(self, item: Model) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return item.get_absolute_url()  # type: ignore[attr-defined]  # every item has a page


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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object is not None:
            log_reads(request.user, [self.object], via="page", view=read_name(request))
        form = self.form_class(instance=self.object, **self.get_form_kwargs())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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
                    gettext(
                        "Someone else saved this record after you opened it. Your draft is "
                        "kept below; compare it with their change and save again."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, gettext("Saved %(kind)s “%(name)s”.") % {"kind": saved._meta.verbose_name, "name": saved}
                )
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_to_response(self.get_context_data(form=form, conflict=conflict), status=400)

    def describe_conflict(self, form: ModelForm) -> list[dict[str, Any]]:
        """The fields where the stored record now differs from the user's draft."""
        if self.object is None:
            return []  # a new record has nothing stored to differ from
        current = type(self).selector(user=self.request.user).get(pk=self.object.pk)
        rows = []
        for name, field in form.fields.items():
            if name == "version" or name not in form.cleaned_data:
                continue
            theirs: Any = getattr(current, name, None)
            if hasattr(theirs, "all"):
                theirs = list(theirs.all())
            mine = form.cleaned_data[name]
            if hasattr(mine, "__iter__") and not isinstance(mine, str):
                mine = list(mine)
            if theirs != mine:
                rows.append({"label": field.label or name, "theirs": theirs, "mine": mine})
        form.data = cast(QueryDict, form.data).copy()  # the posted form: request.POST
        form.data["version"] = current.version
        return rows

    def get_success_url(self, saved: Any) -> str:
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        label = str(self.object)
        try:
            type(self).delete_service(actor=request.user, instance=self.object)
        except ProtectedError as error:
            return self.refuse(blocked_by=describe_blockers(request.user, error.protected_objects))
        except ValidationError as error:
            return self.refuse(refusal=" ".join(error.messages))
        messages.success(request, gettext("Deleted “%(name)s”.") % {"name": label})
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


def manager_warnings_view(request: HtmxHttpRequest) -> HttpResponse:
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
