"""Every list's rows as CSV or XLSX, as its reader may see them.

A list page exports the rows it lists (all of them, not one page): its FilterSet with the page's own filters,
search and order, over the model's API selector. The columns are the API's for that reader, from the same
serializer, so a spreadsheet says nothing the API would not: restricted fields are left out for a role
without them, links to hidden records are empty, and the column names are the API's field names (the import
reads them back: an export re-imported unchanged changes nothing). Each link is followed by a ``…_label``
column naming the linked records the reader may see (read-only: the import ignores it).

Cells a spreadsheet would run as formulas are quoted (``shrhub.spreadsheets``). Every export is one entry of
the access log (action "export": the model, the sensitive rows by id, their count and the highest level among
them; the format, the number of rows and the filters' names in its detail). Rows are read and written in
chunks, so memory stays flat whatever the count; beyond ``settings.EXPORT_MAX_ROWS`` the export is refused with
a message to narrow the filters.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.files import File
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.request import Request

from . import clock
from .api.viewsets import DomainViewSet
from .models import LEVEL_ORDER, AccessLog, ConfidentialModel, ExportJob, account, user_label
from .paging import CURSOR_PARAM
from .spreadsheets import StreamingWorkbook, write_csv

logger = logging.getLogger(__name__)
FORMATS = ("csv", "xlsx")
CHUNK = 500
PAGE_ONLY_PARAMS = ("page", CURSOR_PARAM, "format")


@cache
def exportable() -> dict[str, type[DomainViewSet]]:
    """``{"app_label.model_name": viewset}`` for every model the API lists (the first viewset of a model)."""
    from config.api_urls import router

    found: dict[str, type[DomainViewSet]] = {}
    for _prefix, viewset, _basename in router.registry:
        if isinstance(viewset, type) and issubclass(viewset, DomainViewSet):
            found.setdefault(viewset.record_model()._meta.label_lower, viewset)
    return found


def export_label(model: type[Model]) -> str | None:
    """The key a list page of ``model`` exports by, or None when the API does not list it."""
    label = model._meta.label_lower
    return label if label in exportable() else None


@dataclasses.dataclass(frozen=True)
class Column:
    """One column: a serializer field's value, or (``linked``) the labels of the records a link field names."""

    name: str
    field: str
    linked: type[Model] | None = None
    key: str = "pk"  # what the link field sends: the primary key, or a slug (a vocabulary's code)


def link_target(field: serializers.Field) -> tuple[type[Model], str] | None:
    """The model and key a relational field sends (one or many), or None for any other field."""
    relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    queryset: QuerySet | None = getattr(relation, "queryset", None)
    if not isinstance(relation, serializers.RelatedField) or queryset is None:
        return None
    key = relation.slug_field if isinstance(relation, serializers.SlugRelatedField) else "pk"
    return queryset.model, key


def columns_of(fields: dict[str, serializers.Field]) -> list[Column]:
    columns = []
    for name, field in fields.items():
        columns.append(Column(name, name))
        target = link_target(field)
        if target is not None:
            columns.append(Column(f"{name}_label", name, linked=target[0], key=target[1]))
    return columns


def cell(value: Any) -> Any:
    """A serialized value as one cell: lists joined with "; ", a summary as "key: value" pairs, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(cell(item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {cell(item)}" for key, item in value.items() if key != "id")
    return value


class ListExport:
    """The rows of one model's list for one request, as a header and rows of cells."""

    def __init__(self, request: HttpRequest, label: str) -> None:
        viewset_class = exportable()[label]
        drf_request = Request(request)
        drf_request.user = request.user
        self.request = request
        self.viewset = viewset_class(request=drf_request, action="list", format_kwarg=None, args=(), kwargs={})
        self.model = viewset_class.record_model()
        self.serializer = self.viewset.get_serializer()
        self.columns = columns_of(dict(self.serializer.fields))  # type: ignore[attr-defined]  # a ModelSerializer
        self.filterset = self.build_filterset()

    def build_filterset(self) -> Any:
        data = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            if name not in PAGE_ONLY_PARAMS:
                data.setlist(name, values)
        filterset_class = self.viewset.filterset_class  # type: ignore[attr-defined]  # every DomainViewSet has one
        return filterset_class(data or None, queryset=self.viewset.get_queryset(), request=self.request)

    @property
    def errors(self) -> dict[str, list[str]]:
        if self.filterset.is_bound and not self.filterset.is_valid():
            return {name: list(messages) for name, messages in self.filterset.errors.items()}
        return {}

    def queryset(self) -> QuerySet:
        return self.filterset.qs

    def count(self) -> int:
        return self.queryset().count()

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def chunks(self) -> Iterator[list[Model]]:
        rows = self.queryset().iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            self.viewset.load_many_values(chunk)
            yield chunk

    def rows(self, log: ExportLog, progress: Callable[[int], None] | None = None) -> Iterator[list[Any]]:
        for chunk in self.chunks():
            log.add(chunk)
            data = [self.serializer.to_representation(row) for row in chunk]
            labels = self.labels(data)
            for item in data:
                yield [self.value(column, item, labels) for column in self.columns]
            if progress is not None:
                progress(log.count)

    def value(self, column: Column, item: dict[str, Any], labels: dict[str, dict[Any, str]]) -> Any:
        value = item.get(column.field)
        if column.linked is None:
            return cell(value)
        names = labels[column.name]
        values = value if isinstance(value, list) else [value]
        return "; ".join(names[v] for v in values if v is not None and v in names)

    def labels(self, data: list[dict[str, Any]]) -> dict[str, dict[Any, str]]:
        """For each link column, the labels of the records the chunk's rows name that the reader may see (one
        query per link column and chunk)."""
        found: dict[str, dict[Any, str]] = {}
        for column in self.columns:
            if column.linked is None:
                continue
            wanted: set[Any] = set()
            for item in data:
                value = item.get(column.field)
                wanted.update(v for v in (value if isinstance(value, list) else [value]) if v is not None)
            found[column.name] = self.names(column, wanted) if wanted else {}
        return found

    def names(self, column: Column, wanted: set[Any]) -> dict[Any, str]:
        model = column.linked
        assert model is not None
        if model is get_user_model():
            return {user.pk: user_label(user) for user in model._default_manager.filter(pk__in=wanted)}
        queryset = model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.request.user)
        return {getattr(obj, column.key): str(obj) for obj in queryset.filter(**{f"{column.key}__in": wanted})}

    def about(self) -> list[tuple[str, str]]:
        """What the file holds: the list, when, for whom, with which filters; then each column's meaning."""
        opts = self.model._meta
        filters = ", ".join(f"{name}={value}" for name, value in (self.filterset.data or {}).items())
        lines = [
            (gettext("List"), str(opts.verbose_name_plural)),
            (gettext("Exported at"), timezone.localtime(clock.now()).isoformat(timespec="seconds")),
            (gettext("Exported by"), user_label(account(self.request.user))),
            (gettext("Filters"), filters or gettext("none")),
        ]
        for column in self.columns:
            lines.append((column.name, self.describe(column)))
        return lines

    def describe(self, column: Column) -> str:
        if column.linked is not None:
            return gettext("Names of the linked records (%(field)s) you may see; not read by an import.") % {
                "field": column.field
            }
        try:
            field = self.model._meta.get_field(column.field)
        except FieldDoesNotExist:  # a computed field of the API: its name says what it is
            return column.field.replace("_", " ")
        return str(getattr(field, "verbose_name", column.field))


class ExportLog:
    """Collects the sensitive rows an export hands out, for one access-log entry."""

    def __init__(self) -> None:
        self.count = 0
        self.sensitive: dict[str, str] = {}  # pk → level

    def add(self, rows: Iterable[Model]) -> None:
        for row in rows:
            self.count += 1
            if isinstance(row, ConfidentialModel) and row.is_sensitive:
                self.sensitive[str(row.pk)] = row.confidentiality

    def write(self, user: Any, export: ListExport, fmt: str) -> None:
        level = max(self.sensitive.values(), key=lambda value: LEVEL_ORDER.get(value, 0), default="")
        AccessLog.objects.create(
            user=account(user),
            action=AccessLog.Action.EXPORT,
            model=export.model._meta.label_lower,
            object_ids=",".join(self.sensitive),
            object_id=next(iter(self.sensitive)) if len(self.sensitive) == 1 else "",
            count=len(self.sensitive),
            level=level,
            via="page",
            detail=f"list {fmt}, {self.count} rows"
            + "".join(f" {name}" for name in sorted(export.filterset.data or {})),
        )


def write_export(export: ListExport, fmt: str, progress: Callable[[int], None] | None = None) -> tuple[Any, ExportLog]:
    """The export as a file object positioned at its start (a temporary file beyond a few megabytes);
    ``progress(rows written)`` is called after each chunk."""
    log = ExportLog()
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        write_csv(text, export.header, export.rows(log, progress))
        text.detach()
    else:
        book = StreamingWorkbook()
        sheet = book.sheet(str(export.model._meta.verbose_name_plural), export.header)
        for row in export.rows(log, progress):
            book.append(sheet, row)
        about = book.sheet(gettext("About this file"), [gettext("Item"), gettext("Value")], freeze=False)
        for line in export.about():
            book.append(about, line)
        book.save(out)
    out.seek(0)
    return out, log


def file_name(export: ListExport, fmt: str) -> str:
    stamp = clock.today().isoformat()
    return f"shrhub-{export.model._meta.model_name}-{stamp}.{fmt}"


def max_rows() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", 100_000))


def inline_rows() -> int:
    """Lists up to this many rows are written during the request; longer ones by the task worker."""
    return int(getattr(settings, "EXPORT_INLINE_ROWS", 5_000))


# Long lists: written by the task worker, with progress ------------------------------------------------------------


class ExportRefused(Exception):
    """The job's user may no longer export this list, or its filters are no longer valid."""


def start_export_job(request: HttpRequest, label: str, fmt: str, count: int) -> ExportJob:
    """Queue the export of a list too long to write during the request (``write_export_job`` runs it)."""
    from .tasks import write_export_job

    purge_expired_exports()
    user = account(request.user)
    assert user is not None, "only signed-in users reach the exports"
    job = ExportJob.objects.create(user=user, model=label, fmt=fmt, query=request.GET.urlencode(), rows_total=count)
    write_export_job.enqueue(job.pk)
    return job


def job_request(job: ExportJob) -> HttpRequest:
    """A GET request of the job's user for the list's filters, as the worker replays it."""
    return user_request(job.user, job.query)


def user_request(user: Any, query: str = "") -> HttpRequest:
    """A GET request of ``user`` on the site (``SITE_URL``), for work done outside a request (the task worker)."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    site = urlsplit(settings.SITE_URL)
    secure = site.scheme == "https"
    request.META.update(
        {
            "SERVER_NAME": site.hostname or "localhost",
            "SERVER_PORT": str(site.port or (443 if secure else 80)),
            "HTTP_HOST": site.netloc or "localhost",
            "wsgi.url_scheme": "https" if secure else "http",
        }
    )
    return request


def run_export_job(job_id: int) -> str:
    """Write a queued export as its user may see the list now; the job says how far it got, and why it failed.
    Returns the job's status."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return job.status
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        export = _job_export(job)
        total = export.count()
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, total))

        out, log = write_export(export, job.fmt, progress)
        job.refresh_from_db()
        job.file_name = file_name(export, job.fmt)
        job.file.save(job.file_name, File(out), save=False)
        log.write(job.user, export, job.fmt)
        job.status, job.finished_at, job.rows_done = ExportJob.Status.DONE, clock.now(), job.rows_total
    except ExportRefused as refused:
        job.status, job.error, job.finished_at = ExportJob.Status.FAILED, str(refused), clock.now()
    except Exception:
        logger.exception("export job %s failed", job.pk)
        job.status, job.finished_at = ExportJob.Status.FAILED, clock.now()
        job.error = gettext("The export could not be written. Try again, or ask an administrator.")
    job.save()
    return job.status


def _job_export(job: ExportJob) -> ListExport:
    from .drf import load_permissions

    load_permissions(job.user)
    viewset = exportable().get(job.model)
    if viewset is None or not job.user.is_active or not job.user.has_perm(view_permission(viewset)):
        raise ExportRefused(gettext("You may no longer export this list."))
    export = ListExport(job_request(job), job.model)
    problems = [f"{name}: {' '.join(messages)}" for name, messages in export.errors.items()]
    if problems:
        raise ExportRefused(" ".join(problems))
    return export


def view_permission(viewset: type[DomainViewSet]) -> str:
    opts = viewset.record_model()._meta
    return f"{opts.app_label}.view_{opts.model_name}"


def purge_expired_exports() -> int:
    """Delete exports older than ``EXPORT_KEEP_HOURS`` with their files; returns how many."""
    hours = int(getattr(settings, "EXPORT_KEEP_HOURS", 24))
    expired = list(ExportJob.objects.filter(created_at__lt=clock.now() - datetime.timedelta(hours=hours)))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
