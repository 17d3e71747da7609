"""The import pages: upload a spreadsheet, match its columns, see the check row by row, import, undo.

Every batch is its uploader's alone (anyone else gets 404). Reading the file, checking and importing are
``shrhub.imports``; these views only move a batch from one step to the next (``runner.start``) and show it.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import clock
from .audit import HIDDEN_LABEL
from .drf import load_permissions
from .forms import style
from .imports.files import FORMATS, BadFile, Table, format_of, max_bytes, max_rows, read_table
from .imports.kinds import ImportKind, importable
from .imports.runner import ACTIONS, BLOCKING, NEW, ROW, SKIP, purge_stale_batches, rows_done, start
from .models import ImportBatch, ImportMapping, account
from .spreadsheets import CSV_TYPE, XLSX_TYPE, StreamingWorkbook, write_csv

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REPORT_PAGE = 100
SAMPLE_ROWS = 3


def kinds_for(user: Any) -> list[ImportKind]:
    """The kinds ``user`` may bring in (their role adds or changes such records)."""
    cached: list[ImportKind] | None = getattr(user, "_importable_kinds", None)
    if cached is not None:
        return cached
    load_permissions(user)
    found = []
    for label in importable():
        kind = ImportKind(label, user)
        if kind.may("add") or kind.may("change"):
            found.append(kind)
    user._importable_kinds = found  # the request's user: asked by the gate and again by the page
    return found


def layout_key(headers: list[str]) -> str:
    """The same for files with the same columns in any order or case: the mapping remembered for them."""
    return hashlib.sha256(json.dumps(sorted(header.casefold() for header in headers)).encode()).hexdigest()


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Records in the file"))
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX, with the column names in the first row."),
    )

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.label, kind.verbose_name_plural.capitalize()) for kind in kinds]  # type: ignore[attr-defined]  # a ChoiceField
        self.table: Table | None = None
        self.fmt = ""
        for field in self.fields.values():
            style(field)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            self.fmt = format_of(upload.name or "")
            if upload.size is not None and upload.size > max_bytes():
                raise BadFile(
                    _("The file is larger than %(limit)s MB: split it into several files.")
                    % {"limit": max_bytes() // 2**20}
                )
            self.table = read_table(upload, self.fmt)
        except BadFile as bad:
            raise forms.ValidationError(str(bad)) from bad
        if not self.table.rows:
            raise forms.ValidationError(_("The file has a header row but no rows to import."))
        upload.seek(0)
        return upload


class ImportListView(LoginRequiredMixin, View):
    """``/imports/``: the user's imports, the upload form and a blank template per kind."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not kinds_for(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        kinds = kinds_for(request.user)
        initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in importable() else {}
        return self.page(request, UploadForm(kinds=kinds, initial=initial), kinds)

    def post(self, request: HttpRequest) -> HttpResponse:
        kinds = kinds_for(request.user)
        form = UploadForm(request.POST, request.FILES, kinds=kinds)
        if not form.is_valid():
            return self.page(request, form, kinds, status=400)
        batch = create_batch(request, form)
        return HttpResponseRedirect(batch.get_absolute_url())

    def page(self, request: HttpRequest, form: UploadForm, kinds: list[ImportKind], status: int = 200) -> HttpResponse:
        batches = ImportBatch.objects.filter(user_id=request.user.pk or 0).defer("report", "written")[:50]
        context = {
            "form": form,
            "kinds": kinds,
            "batches": batches,
            "formats": FORMATS,
            "max_rows": max_rows(),
            "max_mb": max_bytes() // 2**20,
        }
        return render(request, "shrhub/imports.html", context, status=status)


def create_batch(request: HttpRequest, form: UploadForm) -> ImportBatch:
    table = form.table
    assert table is not None
    purge_stale_batches()
    user = account(request.user)
    assert user is not None, "only signed-in users reach the imports"
    label = form.cleaned_data["kind"]
    kind = ImportKind(label, user)
    upload: UploadedFile = form.cleaned_data["file"]
    remembered = ImportMapping.objects.filter(user=user, model=label, layout=layout_key(table.headers)).first()
    mapping = kind.clean_mapping(remembered.mapping, table.headers) if remembered else kind.auto_mapping(table.headers)
    batch = ImportBatch(
        user=user,
        model=label,
        fmt=form.fmt,
        file_name=(upload.name or f"import.{form.fmt}")[-255:],
        headers=table.headers,
        mapping=mapping,
        rows_total=len(table.rows),
    )
    batch.file.save(f"import.{form.fmt}", upload, save=False)
    batch.save()
    return batch


class ImportBatchView(LoginRequiredMixin, View):
    """``/imports/<pk>/``: one batch at its step: columns to match, progress, the check's report with the
    decisions it needs, the import and its undo. ``?bar`` answers the progress bar alone (polled by htmx)."""

    def get_batch(self, request: HttpRequest, pk: int) -> ImportBatch:
        return get_object_or_404(ImportBatch.objects.filter(user_id=request.user.pk or 0), pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.get_batch(request, pk)
        if "bar" in request.GET:
            response = render(request, "shrhub/_import_bar.html", bar_context(batch))
            if not batch.working and request.headers.get("HX-Request"):
                response["HX-Refresh"] = "true"  # the work is over: the whole page shows its result
            return response
        return render(request, "shrhub/import_batch.html", self.context(request, batch))

    def context(self, request: HttpRequest, batch: ImportBatch, **extra: Any) -> dict[str, Any]:
        if batch.model not in importable():
            raise Http404
        kind = ImportKind(batch.model, request.user)
        context: dict[str, Any] = {"batch": batch, "kind": kind, **bar_context(batch), **extra}
        if batch.status == ImportBatch.Status.MAPPING:
            context["columns"] = mapping_rows(batch, kind)
            context["targets"] = [(name, kind.field_label(name)) for name in kind.targets()]
        if batch.report:
            context.update(report_context(request, batch, kind))
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.get_batch(request, pk)
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None) if action in ACTION_NAMES else None
        if handler is None:
            return HttpResponse(_("Unknown action."), status=400)
        return handler(request, batch)

    def do_map(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        if batch.status != ImportBatch.Status.MAPPING:
            return self.refuse(request, batch, MOVED_ON)
        kind = ImportKind(batch.model, request.user)
        chosen = {header: request.POST.get(f"column-{index}", "") for index, header in enumerate(batch.headers)}
        mapping = kind.clean_mapping(chosen, batch.headers)
        if not mapping:
            context = self.context(request, batch, mapping_error=_("Match at least one column to a field."))
            return render(request, "shrhub/import_batch.html", context, status=400)
        ImportBatch.objects.filter(pk=batch.pk).update(mapping=mapping)
        ImportMapping.objects.update_or_create(
            user=batch.user, model=batch.model, layout=layout_key(batch.headers), defaults={"mapping": mapping}
        )
        return self.move(request, batch, ImportBatch.Status.CHECKING, (ImportBatch.Status.MAPPING,))

    def do_remap(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        expect = (ImportBatch.Status.CHECKED, ImportBatch.Status.FAILED)
        if not batch.file:
            return self.refuse(request, batch, _("The file is no longer kept: upload it again."))
        ImportBatch.objects.filter(pk=batch.pk, status__in=expect).update(status=ImportBatch.Status.MAPPING, error="")
        return HttpResponseRedirect(batch.get_absolute_url())

    def do_decide(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        if batch.status != ImportBatch.Status.CHECKED:
            return self.refuse(request, batch, MOVED_ON)
        decisions = dict(batch.decisions or {})
        lines = {str(row["line"]): row for row in batch.report if row.get("duplicates")}
        for name in request.POST:
            line, value = name.removeprefix("decision-"), request.POST.get(name, "")
            if name.startswith("decision-") and line in lines and valid_decision(value, lines[line]):
                decisions[line] = value
        ImportBatch.objects.filter(pk=batch.pk).update(decisions=decisions)
        return self.move(request, batch, ImportBatch.Status.CHECKING, (ImportBatch.Status.CHECKED,))

    def do_import(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        valid_only = request.POST.get("valid_only") == "on"
        blocked = sum(batch.counts.get(action, 0) for action in BLOCKING)
        if blocked and not valid_only:
            return self.refuse(
                request,
                batch,
                _("Some rows are refused or wait for your decision: fix the file, or import the valid rows only."),
            )
        ImportBatch.objects.filter(pk=batch.pk).update(valid_only=valid_only)
        return self.move(request, batch, ImportBatch.Status.IMPORTING, (ImportBatch.Status.CHECKED,))

    def do_undo(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        return self.move(request, batch, ImportBatch.Status.UNDOING, (ImportBatch.Status.DONE,))

    def do_discard(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        if batch.working or batch.status == ImportBatch.Status.DONE:
            return self.refuse(request, batch, _("An import in progress or done cannot be discarded (undo it first)."))
        if batch.file:
            batch.file.delete(save=False)
        batch.delete()
        messages.success(request, _("The import was discarded; nothing was written."))
        return HttpResponseRedirect(reverse("imports"))

    def move(self, request: HttpRequest, batch: ImportBatch, status: str, expect: tuple[str, ...]) -> HttpResponse:
        if not start(batch, status, expect=expect):
            return self.refuse(request, batch, MOVED_ON)
        return HttpResponseRedirect(batch.get_absolute_url())

    def refuse(self, request: HttpRequest, batch: ImportBatch, message: StrOrPromise) -> HttpResponse:
        batch.refresh_from_db()
        return render(request, "shrhub/import_batch.html", self.context(request, batch, refusal=message), status=409)


MOVED_ON = gettext_lazy("This import has moved on meanwhile (another tab?): here is where it is.")
ACTION_NAMES = frozenset({"map", "remap", "decide", "import", "undo", "discard"})


def valid_decision(value: str, row: dict[str, Any]) -> bool:
    records = {str(candidate["record"]) for candidate in row["duplicates"] if candidate.get("record")}
    return value in (NEW, SKIP) or value in records


def bar_context(batch: ImportBatch) -> dict[str, Any]:
    done = rows_done(batch)
    total = batch.rows_total
    return {"batch": batch, "done": done, "percent": 100 if not total else min(100, done * 100 // total)}


def mapping_rows(batch: ImportBatch, kind: ImportKind) -> list[dict[str, Any]]:
    """Each column of the file with its current field and a few sample values."""
    samples: list[list[str]] = []
    if batch.file:
        try:
            with batch.file.open("rb") as stream:
                samples = read_table(stream, batch.fmt).rows[:SAMPLE_ROWS]
        except (BadFile, OSError):
            samples = []
    rows = []
    for index, header in enumerate(batch.headers):
        values = [row[index] for row in samples if index < len(row) and row[index]]
        rows.append({"index": index, "header": header, "target": batch.mapping.get(header, ""), "samples": values})
    return rows


def report_context(request: HttpRequest, batch: ImportBatch, kind: ImportKind) -> dict[str, Any]:
    show = request.GET.get("show", "")
    rows = [row for row in batch.report if not show or row["action"] == show]
    page = Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))
    counts = {action: batch.counts.get(action, 0) for action in ACTIONS}
    decisions = batch.decisions or {}
    listed: list[dict[str, Any]] = list(page.object_list)
    visible = visible_ids(listed, kind)
    page_rows = [seen_now(row, visible) for row in listed]
    shown = [
        {
            **row,
            "messages": [
                ("" if name == ROW else kind.field_label(name), " ".join(texts))
                for name, texts in row.get("errors", {}).items()
            ],
            "decision": decisions.get(str(row["line"]), ""),
        }
        for row in page_rows
    ]
    query = f"show={show}&" if show else ""
    return {
        "report_page": page,
        "report_rows": shown,
        "previous_url": f"?{query}page={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"?{query}page={page.next_page_number()}" if page.has_next() else "",
        "show": show,
        "counts": counts,
        "blocked": sum(counts[action] for action in BLOCKING),
        "finished": batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.UNDOING, ImportBatch.Status.UNDONE),
        "undo_possible": batch.status == ImportBatch.Status.DONE and bool(batch.written),
    }


UPDATING = ("update", "unchanged")


def named_records(row: dict[str, Any]) -> set[int]:
    """The existing records a report row names: the one it updates, the likely duplicates."""
    found = {c["record"] for c in row.get("duplicates", []) if c.get("record")}
    if row["action"] in UPDATING and row.get("record"):
        found.add(row["record"])
    return found


def visible_ids(rows: list[dict[str, Any]], kind: ImportKind) -> set[int]:
    """Which of the records ``rows`` name the reader may see now (one query): a report keeps the names it was
    written with, and a record hidden since must not show by them."""
    wanted = set().union(*(named_records(row) for row in rows))
    return set(kind.visible().filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()


def seen_now(row: dict[str, Any], seen: set[int]) -> dict[str, Any]:
    """A report row as its reader may see it today: a record hidden since is unnamed, and no longer a choice."""
    row = dict(row)
    if row["action"] in UPDATING and row.get("record") and row["record"] not in seen:
        row["label"] = str(HIDDEN_LABEL)
    row["duplicates"] = [c for c in row.get("duplicates", []) if not c.get("record") or c["record"] in seen]
    return row


class ImportTemplateView(LoginRequiredMixin, View):
    """``/imports/templates/<kind>.<csv|xlsx>``: a blank file with the columns a kind's import reads (XLSX
    with a second sheet saying what each column takes)."""

    def get(self, request: HttpRequest, model: str, fmt: str) -> HttpResponse:
        if fmt not in FORMATS or model not in importable():
            raise Http404
        kinds = {kind.label: kind for kind in kinds_for(request.user)}
        if model not in kinds:
            raise PermissionDenied
        kind = kinds[model]
        columns = kind.template_columns()
        name = f"shrhub-{kind.model._meta.model_name}-template-{clock.today().isoformat()}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(content_type=CSV_TYPE)
            response.write("\ufeff")
            write_csv(response, columns, [])  # type: ignore[arg-type]  # an HttpResponse is a text stream here
        else:
            response = HttpResponse(content_type=XLSX_TYPE)
            book = StreamingWorkbook()
            book.sheet(kind.verbose_name_plural, columns)
            about = book.sheet(_("Columns"), [_("Column"), _("Field"), _("What it takes")], freeze=False)
            for column in columns:
                book.append(about, [column, kind.field_label(column), kind.describe(column)])
            book.save(response)  # type: ignore[arg-type]  # an HttpResponse is a binary stream here
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
