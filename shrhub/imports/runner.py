"""Checking, importing and undoing a batch: every row through the API's serializer and the kind's services.

The check and the import are the same run: each row is written inside its own savepoint within one
transaction, so that later rows see the earlier ones (a parent named two lines above), and a refused row
leaves nothing behind. The check then rolls the whole transaction back (nothing written); the import commits
it only when no row was refused and no likely duplicate is left undecided, or when the importer chose to
import the valid rows only. A row that would change nothing (an exported row brought back as it was) is
rolled back too and reported as unchanged, so a round trip changes no version and adds no history.

Undo runs the batch backwards in one transaction: updated records get their earlier values back and new
records are deleted, through the same services, unless someone has changed one since or a newer record
depends on it — then nothing is undone and the report says which.

Progress is written to the ``progress`` cache (shared by the web and worker processes) while the transaction
is open, since the batch's own row is only seen by others once it commits.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from .. import clock
from ..models import ImportBatch
from ..preferences import language_for
from ..services import StaleVersion, change_reason
from .files import BadFile, Table, read_table
from .kinds import DUPLICATE_CHECKS, NAME_FIELDS, ImportKind
from .matching import Candidate, NameIndex

logger = logging.getLogger(__name__)

CREATE, UPDATE, UNCHANGED, REFUSED, DUPLICATE, SKIPPED = (
    "create",
    "update",
    "unchanged",
    "refused",
    "duplicate",
    "skipped",
)
ACTIONS = (CREATE, UPDATE, UNCHANGED, REFUSED, DUPLICATE, SKIPPED)
BLOCKING = (REFUSED, DUPLICATE)  # rows that keep a file from being imported whole
NEW, SKIP = "new", "skip"  # the importer's decisions on a likely duplicate (or the id of the record it is)
PROGRESS_EVERY = 50
CHUNK = 500  # records read per query when loading those a file names
ROW = "__all__"


@dataclasses.dataclass
class RowResult:
    line: int
    action: str
    label: str = ""
    record: int | None = None
    errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    duplicates: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {"line": self.line, "action": self.action, "label": self.label}
        if self.record is not None:
            data["record"] = self.record
        if self.errors:
            data["errors"] = self.errors
        if self.duplicates:
            data["duplicates"] = self.duplicates
        return data


class RollBack(Exception):
    """Leave a row's savepoint without keeping what it wrote."""

    def __init__(self, result: RowResult) -> None:
        self.result = result


def inline_rows() -> int:
    """Files up to this many rows are checked and imported during the request; longer ones by the task worker."""
    return int(getattr(settings, "IMPORT_INLINE_ROWS", 500))


def load_table(batch: ImportBatch) -> Table:
    with batch.file.open("rb") as stream:
        return read_table(stream, batch.fmt)


# Progress --------------------------------------------------------------------------------------------------------


def progress_key(batch: ImportBatch) -> str:
    return f"shrhub:import:{batch.key}"


def set_progress(batch: ImportBatch, done: int) -> None:
    caches["progress"].set(progress_key(batch), done, timeout=3600)


def rows_done(batch: ImportBatch) -> int:
    """How far the worker has got (0 when it has not started)."""
    if not batch.working:
        return batch.rows_done
    return min(int(caches["progress"].get(progress_key(batch)) or 0), batch.rows_total)


# One run over the file -------------------------------------------------------------------------------------------


class BatchRun:
    """Every row of the batch's file, checked (``commit=False``: nothing is kept) or imported."""

    def __init__(self, batch: ImportBatch, table: Table, *, commit: bool) -> None:
        self.batch = batch
        self.table = table
        self.commit = commit
        self.kind = ImportKind(batch.model, batch.user)
        self.columns = [
            (index, batch.mapping[header]) for index, header in enumerate(table.headers) if header in batch.mapping
        ]
        self.duplicate_check = DUPLICATE_CHECKS.get(batch.model)
        self.names = NameIndex(self.scope_names) if self.duplicate_check else None
        self.may_add, self.may_change = self.kind.may("add"), self.kind.may("change")
        self.written: dict[str, list[dict[str, Any]]] = {"created": [], "updated": []}
        self.decisions = {str(line): str(value) for line, value in (batch.decisions or {}).items()}

    def scope_names(self, scope: Any) -> list[tuple[int, str]]:
        assert self.duplicate_check is not None
        name, scope_field = self.duplicate_check
        return list(self.kind.visible().filter(**{scope_field: scope}).values_list("pk", name))

    def run(self, progress: Callable[[int], None]) -> tuple[list[RowResult], bool]:
        """The rows' results, and whether the run was kept (committed)."""
        results: list[RowResult] = []
        reason = _("Import of %(file)s (batch %(batch)s)") % {"file": self.batch.file_name, "batch": self.batch.pk}
        with transaction.atomic(), change_reason(reason):
            self.preload()
            for offset, cells in enumerate(self.table.rows):
                if any(cell.strip() for cell in cells):
                    results.append(self.row(self.table.first_line + offset, cells))
                if offset % PROGRESS_EVERY == 0:
                    progress(offset)
            clean = not any(result.action in BLOCKING for result in results)
            kept = self.commit and (clean or self.batch.valid_only)
            if not kept:
                transaction.set_rollback(True)
        progress(len(self.table.rows))
        return results, kept

    def row(self, line: int, row: list[str]) -> RowResult:
        cells = {field: row[index] for index, field in self.columns}
        data, errors = self.kind.values(cells)
        label = self.label(cells)
        instance, problem = self.match(cells)
        if problem:
            return RowResult(line, REFUSED, label, errors={problem[0]: [problem[1]]})
        if instance is not None:
            label = str(instance)
        candidates: list[Candidate] = []
        if instance is None and self.names is not None and not errors:
            candidates = self.similar(data)
            instance, waiting = self.decide(line, label, candidates)
            if waiting is not None:
                return waiting
        if errors:
            return RowResult(line, REFUSED, label, errors=errors)
        refusal = self.permission_problem(instance)
        if refusal:
            return RowResult(line, REFUSED, label, errors={ROW: [refusal]})
        try:
            with transaction.atomic():
                result = self.write(line, label, instance, data)
                if result.action in (REFUSED, UNCHANGED):
                    raise RollBack(result)
        except RollBack as rollback:
            result = rollback.result
        result.duplicates = [c.as_dict() for c in candidates]
        if result.action == CREATE and self.names is not None and self.duplicate_check is not None:
            name_field, scope_field = self.duplicate_check
            self.names.add_row(line, str(data.get(name_field, "")), data.get(scope_field))
        return result

    def decide(self, line: int, label: str, candidates: list[Candidate]) -> tuple[Model | None, RowResult | None]:
        """What the importer decided about a new row's likely duplicates: the record it is (updated instead), a
        new record (None, None), skip it, or nothing yet (the row waits)."""
        if not candidates:
            return None, None
        decision = self.decisions.get(str(line), "")
        found = [c.as_dict() for c in candidates]
        if decision == SKIP:
            return None, RowResult(line, SKIPPED, label, duplicates=found)
        if decision in {str(c.record) for c in candidates if c.record is not None}:
            return self.kind.visible().get(pk=int(decision)), None
        if decision != NEW:
            return None, RowResult(line, DUPLICATE, label, duplicates=found)
        return None, None

    def label(self, cells: dict[str, str]) -> str:
        for name in NAME_FIELDS:
            if cells.get(name, "").strip():
                return cells[name].strip()[:200]
        return ""

    def match(self, cells: dict[str, str]) -> tuple[Model | None, tuple[str, str] | None]:
        """The record a row updates (by ``id``, else ``external_id``), or a reason to refuse the row. Records the
        importer may not see are never matched, and the message is the same as for a record that does not exist."""
        record_id = cells.get("id", "").strip()
        external_id = cells.get("external_id", "").strip()
        instance = None
        if record_id:
            if not record_id.isdigit():
                return None, ("id", _("An id is a whole number."))
            instance = self.records.get(int(record_id))
            if instance is None:
                return None, ("id", _("No %(what)s you may see has this id.") % {"what": self.kind.verbose_name})
        elif external_id:
            found = self.external_ids.get(external_id, [])
            if len(found) > 1:
                return None, ("external_id", _("Several records you may see have this external id: give its id."))
            instance = self.records.get(found[0]) if found else None
        version = cells.get("version", "").strip()
        if instance is not None and version and str(getattr(instance, "version", version)) != version:
            return None, (
                "version",
                _(
                    "The record has changed since your file was made (version %(file)s, now %(now)s): export it "
                    "again and redo this row's changes."
                )
                % {"file": version, "now": getattr(instance, "version", "")},
            )
        return instance, None

    def preload(self) -> None:
        """The records the file names by id or external id that the importer may see, read in chunks before the
        first row (one query per chunk, not one per row)."""
        columns = {field: index for index, field in self.columns}
        ids = self.column_values(columns.get("id"))
        external = self.column_values(columns.get("external_id"))
        visible = self.kind.visible()
        self.external_ids: dict[str, list[int]] = {}
        if external and "external_id" in {f.name for f in self.kind.model._meta.concrete_fields}:
            for start in range(0, len(external), CHUNK):
                chunk = external[start : start + CHUNK]
                for value, pk in visible.filter(external_id__in=chunk).values_list("external_id", "pk"):
                    self.external_ids.setdefault(value, []).append(pk)
        wanted = {int(value) for value in ids if value.isdigit()}
        wanted.update(pk for pks in self.external_ids.values() for pk in pks)
        ordered = sorted(wanted)
        self.records: dict[int, Model] = {}
        for start in range(0, len(ordered), CHUNK):
            self.records.update(visible.in_bulk(ordered[start : start + CHUNK]))

    def column_values(self, index: int | None) -> list[str]:
        if index is None:
            return []
        return sorted({row[index].strip() for row in self.table.rows if row[index].strip()})

    def similar(self, data: dict[str, Any]) -> list[Candidate]:
        assert self.names is not None
        assert self.duplicate_check is not None
        name_field, scope_field = self.duplicate_check
        name, scope = data.get(name_field), data.get(scope_field)
        if not name or scope is None:
            return []
        return self.names.similar(str(name), scope)

    def remember(self, saved: Model) -> None:
        """A record the file just created is found by later rows naming its external id."""
        external_id = getattr(saved, "external_id", "")
        if external_id:
            self.records[saved.pk] = saved
            self.external_ids.setdefault(external_id, []).append(saved.pk)

    def permission_problem(self, instance: Model | None) -> str:
        if instance is None and not self.may_add:
            return _("Your role may not add %(what)s.") % {"what": self.kind.verbose_name_plural}
        if instance is not None and not self.may_change:
            return _("Your role may not change %(what)s.") % {"what": self.kind.verbose_name_plural}
        return ""

    def write(self, line: int, label: str, instance: Model | None, data: dict[str, Any]) -> RowResult:
        serializer = self.kind.serializer(instance, data=data, partial=instance is not None)
        if not serializer.is_valid():
            return RowResult(line, REFUSED, label, errors=flat_errors(serializer.errors))
        names = list(data)
        before = self.kind.representation(instance, names) if instance is not None else None
        try:
            if instance is not None:
                saved = self.kind.update(instance, dict(serializer.validated_data))
            else:
                saved = self.kind.create(dict(serializer.validated_data))
        except StaleVersion:
            return RowResult(line, REFUSED, label, errors={ROW: [_("Someone changed the record meanwhile.")]})
        except DjangoValidationError as error:
            return RowResult(line, REFUSED, label, errors=django_errors(error))
        except (ProtectedError, RestrictedError, DatabaseError) as error:
            logger.info("import row %s refused by the database: %s", line, error)
            return RowResult(line, REFUSED, label, errors={ROW: [_("The database refused this row.")]})
        version = getattr(saved, "version", None)
        if instance is not None:
            if self.kind.representation(saved, names) == before:
                return RowResult(line, UNCHANGED, label, record=saved.pk)
            self.written["updated"].append({"id": saved.pk, "version": version, "before": before})
            return RowResult(line, UPDATE, label, record=saved.pk)
        self.written["created"].append({"id": saved.pk, "version": version})
        self.remember(saved)
        return RowResult(line, CREATE, label or str(saved), record=saved.pk)


def flat_errors(errors: Any) -> dict[str, list[str]]:
    """A serializer's errors as ``{field: [messages]}`` (nested lists and dicts flattened)."""
    flat: dict[str, list[str]] = {}
    for name, messages in dict(errors).items():
        key = ROW if name in ("non_field_errors", "__all__") else str(name)
        flat.setdefault(key, []).extend(_messages(messages))
    return flat


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ROW if name == "__all__" else name: [str(m) for m in messages]
            for name, messages in error.message_dict.items()
        }
    return {ROW: [str(message) for message in error.messages]}


def counts_of(results: list[RowResult]) -> dict[str, int]:
    counts = dict.fromkeys(ACTIONS, 0)
    for result in results:
        counts[result.action] += 1
    return counts


# Starting and running the work -----------------------------------------------------------------------------------


def start(batch: ImportBatch, status: str, *, expect: tuple[str, ...]) -> bool:
    """Move the batch to ``status`` (checking, importing, undoing) and run it now (a short file) or queue it for
    the worker. False when the batch was not in one of the ``expect``ed states (a second click, another tab)."""
    from ..tasks import work_on_import_batch

    moved = ImportBatch.objects.filter(pk=batch.pk, status__in=expect).update(status=status, error="", rows_done=0)
    if not moved:
        return False
    batch.refresh_from_db()
    set_progress(batch, 0)
    language = get_language() or settings.LANGUAGE_CODE  # the report speaks the language of the page that asked
    if batch.rows_total <= inline_rows():
        perform(batch.pk, language)
    else:
        transaction.on_commit(lambda: work_on_import_batch.enqueue(batch.pk, language))
    return True


def perform(batch_id: int, language: str | None = None) -> str:
    """Do what the batch's status says (check, import or undo), its messages in ``language`` (the user's own
    by default); returns the status it ends in."""
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    with override(language or language_for(batch.user)):
        try:
            if batch.status == ImportBatch.Status.CHECKING:
                check(batch)
            elif batch.status == ImportBatch.Status.IMPORTING:
                import_rows(batch)
            elif batch.status == ImportBatch.Status.UNDOING:
                undo(batch)
        except BadFile as bad:
            fail(batch, str(bad))
        except Exception:
            logger.exception("import batch %s failed", batch.pk)
            fail(batch, _("The import could not be run. Nothing was written. Try again, or ask an administrator."))
    return batch.status


def fail(batch: ImportBatch, message: str) -> None:
    batch.status, batch.error = ImportBatch.Status.FAILED, message
    batch.save(update_fields=["status", "error"])


def run_rows(batch: ImportBatch, *, commit: bool) -> tuple[BatchRun, list[RowResult], bool]:
    table = load_table(batch)
    run = BatchRun(batch, table, commit=commit)
    results, kept = run.run(lambda done: set_progress(batch, min(done, batch.rows_total)))
    batch.report = [result.as_dict() for result in results]
    batch.counts = counts_of(results)
    batch.rows_total = batch.rows_done = len(table.rows)
    return run, results, kept


def check(batch: ImportBatch) -> None:
    run_rows(batch, commit=False)
    batch.status, batch.checked_at = ImportBatch.Status.CHECKED, clock.now()
    batch.save()


def import_rows(batch: ImportBatch) -> None:
    run, _results, kept = run_rows(batch, commit=True)
    if not kept:
        batch.status, batch.checked_at = ImportBatch.Status.CHECKED, clock.now()
        batch.error = _("Nothing was imported: some rows are refused or wait for your decision (see below).")
        batch.save()
        return
    batch.status, batch.imported_at, batch.written = ImportBatch.Status.DONE, clock.now(), run.written
    batch.save()
    if batch.file:
        batch.file.delete(save=True)  # what the import did is recorded; the upload itself is not kept


def undo(batch: ImportBatch) -> None:
    kind = ImportKind(batch.model, batch.user)
    problems: list[str] = []
    written = batch.written or {}
    created = written.get("created", [])
    problems += undo_permission_problems(kind, written)
    reason = _("Undo of the import of %(file)s (batch %(batch)s)") % {"file": batch.file_name, "batch": batch.pk}
    with transaction.atomic(), change_reason(reason):
        updated = written.get("updated", [])
        own = [item["id"] for item in created]
        records = visible_records(kind, [item["id"] for item in updated] + own)
        done = 0
        for item in reversed(updated):
            problems += restore(kind, records.get(item["id"]), item)
            done += 1
            set_progress(batch, done)
        linked = linked_from_elsewhere(kind.model, own)
        for item in reversed(created):
            problems += remove(kind, records.get(item["id"]), item, linked)
            done += 1
            set_progress(batch, done)
        if problems:
            transaction.set_rollback(True)
    if problems:
        batch.status = ImportBatch.Status.DONE
        batch.error = " ".join([_("Nothing was undone:"), *problems])
    else:
        batch.status, batch.undone_at, batch.error = ImportBatch.Status.UNDONE, clock.now(), ""
    batch.save()


def undo_permission_problems(kind: ImportKind, written: dict[str, Any]) -> list[str]:
    """Undoing deletes what the batch added and changes back what it updated: the role must allow both."""
    problems = []
    if written.get("created") and not kind.may("delete"):
        problems.append(_("Your role may not delete %(what)s.") % {"what": kind.verbose_name_plural})
    if written.get("updated") and not kind.may("change"):
        problems.append(_("Your role may not change %(what)s.") % {"what": kind.verbose_name_plural})
    return problems


def restore(kind: ImportKind, instance: Model | None, item: dict[str, Any]) -> list[str]:
    if instance is None:
        return [_("A record the import updated is gone or no longer visible to you.")]
    if getattr(instance, "version", item["version"]) != item["version"]:
        return [_("“%(record)s” has been changed since the import.") % {"record": instance}]
    serializer = kind.serializer(instance, data=item["before"], partial=True)
    if not serializer.is_valid():
        return [_("“%(record)s” cannot get its earlier values back.") % {"record": instance}]
    kind.update(instance, dict(serializer.validated_data))
    return []


def remove(kind: ImportKind, instance: Model | None, item: dict[str, Any], linked: set[int]) -> list[str]:
    if instance is None:
        return []  # deleted since: nothing to undo
    if getattr(instance, "version", item["version"]) != item["version"]:
        return [_("“%(record)s” has been changed since the import.") % {"record": instance}]
    if instance.pk in linked:
        return [_("Newer records are linked to “%(record)s”.") % {"record": instance}]
    try:
        with transaction.atomic():
            kind.delete(instance)
    except (ProtectedError, RestrictedError, DjangoValidationError):
        return [_("Newer records are linked to “%(record)s”.") % {"record": instance}]
    return []


def visible_records(kind: ImportKind, ids: list[int]) -> dict[int, Model]:
    """The records of ``ids`` the user may see, read in chunks (one query each, not one per record)."""
    found: dict[int, Model] = {}
    visible = kind.visible()
    for start in range(0, len(ids), CHUNK):
        found.update(visible.in_bulk(ids[start : start + CHUNK]))
    return found


def linked_from_elsewhere(model: type[Model], ids: list[int]) -> set[int]:
    """The ``ids`` some record other than these links to (history aside): newer records that depend on them. One
    query per relation and chunk."""
    own: set[int] = set(ids)
    found: set[int] = set()
    for relation in model._meta.related_objects:
        related = relation.related_model
        if not isinstance(related, type) or related.__name__.startswith("Historical"):
            continue
        name = relation.field.name
        for start in range(0, len(ids), CHUNK):
            rows = related._base_manager.filter(**{f"{name}__in": ids[start : start + CHUNK]})
            if related is model:
                rows = rows.exclude(pk__in=own)  # a parent and its child both from the batch
            found.update(value for value in rows.values_list(name, flat=True) if value in own)
    return found


def purge_stale_batches() -> int:
    """Delete batches never imported (columns to match, checked or failed) older than ``IMPORT_KEEP_DAYS``, with
    their files; returns how many. Imported and undone batches stay: they record what was written."""
    days = int(getattr(settings, "IMPORT_KEEP_DAYS", 7))
    stale = ImportBatch.objects.filter(
        created_at__lt=clock.now() - datetime.timedelta(days=days),
        status__in=[ImportBatch.Status.MAPPING, ImportBatch.Status.CHECKED, ImportBatch.Status.FAILED],
    )
    count = 0
    for batch in stale:
        if batch.file:
            batch.file.delete(save=False)
        batch.delete()
        count += 1
    return count
