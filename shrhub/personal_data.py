"""A person's personal data across apps: find every free text that names them, redact it, scrub structured rows
with their history.

Apps declare what they hold in ``shrhub.registry.register_personal_data`` (``shrhub`` never imports an app); the
person export and erasure (``stakeholders.personal_data``) run every declaration.

Matching (``PersonMarks``): the person's full name, compared without case, accents or repeated white space;
their e-mail address, without case; their phone number, as its digits with any spaces, dots, dashes, slashes or
brackets between them. A match is a substring: a namesake or a longer name containing it is listed too, which
costs the administrator a look but never leaves the person's name behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shrhub.types import AnyUser

from .models import concrete_field
from .registry import TextSource, personal_data_handlers
from .services import write_fields

REDACTION_REASON = "redacted for a personal-data erasure"
MIN_PHONE_DIGITS = 6
# What PersonMarks.found names, as a refusal tells the user.
MARK_LABELS = {"name": gettext_lazy("name"), "e-mail": gettext_lazy("e-mail"), "phone": gettext_lazy("phone")}
CHUNK = 2000


def normalise(text: str) -> str:
    """Lower-case (casefold), without accents, white space collapsed to one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class PersonMarks:
    """What identifies a person in free text: their full name, e-mail and phone (any may be empty)."""

    name: str
    email: str = ""
    phone: str = ""
    _phone_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, person: Any) -> PersonMarks:
        return cls.build(name=person.name, email=getattr(person, "email", ""), phone=getattr(person, "phone", ""))

    @classmethod
    def build(cls, *, name: str, email: str = "", phone: str = "") -> PersonMarks:
        digits = re.sub(r"\D", "", phone or "")
        pattern = None
        if len(digits) >= MIN_PHONE_DIGITS:
            pattern = re.compile(r"(?<!\d)" + r"[\s\-./()]*".join(digits) + r"(?!\d)")
        return cls(normalise(name), (email or "").strip().casefold(), digits, pattern)

    def found(self, text: str | None) -> list[str]:
        """Which marks ``text`` holds: any of ``"name"``, ``"e-mail"``, ``"phone"``."""
        if not text:
            return []
        marks = []
        if self.name and self.name in normalise(text):
            marks.append("name")
        if self.email and self.email in text.casefold():
            marks.append("e-mail")
        if self._phone_pattern is not None and self._phone_pattern.search(text):
            marks.append("phone")
        return marks

    def names(self, text: str | None) -> bool:
        return bool(self.found(text))


@dataclass
class Mention:
    """A record whose free text names the person: in its current row (``live``, None once deleted) and/or in
    ``versions`` of its history. ``fields`` are the fields that name them, ``marks`` what was found."""

    model: type[models.Model]
    pk: int
    fields: list[str] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)
    versions: int = 0
    in_live: bool = False
    live: models.Model | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def url(self) -> str:
        return self.live.get_absolute_url() if self.live is not None else ""  # type: ignore[attr-defined]  # every model with personal data has a page

    def add(self, name: str, marks: Iterable[str]) -> None:
        if name not in self.fields:
            self.fields.append(name)
        self.marks.update(marks)


def text_sources() -> list[TextSource]:
    return [source for handler in personal_data_handlers() for source in handler.texts]


def source_fields(model: type[models.Model]) -> list[str]:
    """Every free-text field declared for ``model``, in declaration order."""
    names: list[str] = []
    for source in text_sources():
        if source.model is model:
            names.extend(name for name in source.fields if name not in names)
    return names


def text_model(label: str) -> type[models.Model] | None:
    """The declared model called ``label`` ("app_label.modelname"), or None."""
    for source in text_sources():
        if source.model._meta.label_lower == label.lower():
            return source.model
    return None


def _handled_q(source: TextSource, person: Any) -> Q | None:
    return source.handled(person) if source.handled is not None else None


def mentions(person: Any, marks: PersonMarks | None = None) -> list[Mention]:
    """Every record whose declared free text names ``person``, current rows and history alike, except the rows
    an app's own erase handler scrubs. Reads every declared text once (a rare administrative act: seconds per
    million rows); the result is ordered by model, then id."""
    marks = marks or PersonMarks.of(person)
    found: dict[tuple[str, int], Mention] = {}
    for source in text_sources():
        model = source.model
        handled = _handled_q(source, person)
        tables = [(model._base_manager.all(), "pk", False)]
        history = getattr(model, "history", None)
        if history is not None:
            tables.append((history.model._base_manager.all(), model._meta.pk.attname, True))
        for queryset, key, historical in tables:
            if handled is not None:
                queryset = queryset.exclude(handled)
            rows = queryset.values_list(key, *source.fields).order_by().iterator(chunk_size=CHUNK)
            for pk, *values in rows:
                for name, value in zip(source.fields, values, strict=True):
                    hits = marks.found(value)
                    if not hits:
                        continue
                    mention = found.setdefault((model._meta.label_lower, pk), Mention(model, pk))
                    mention.add(name, hits)
                    if historical:
                        mention.versions += 1  # counted per field; shown as "versions naming them"
                    else:
                        mention.in_live = True
    result = sorted(found.values(), key=lambda m: (m.label, m.pk))
    _attach_live_rows(result)
    return result


def _attach_live_rows(found: list[Mention]) -> None:
    by_model: dict[type[models.Model], list[Mention]] = {}
    for mention in found:
        by_model.setdefault(mention.model, []).append(mention)
    for model, items in by_model.items():
        rows = model._base_manager.in_bulk([m.pk for m in items])
        for mention in items:
            mention.live = rows.get(mention.pk)


def record_texts(model: type[models.Model], pk: int, person: Any, marks: PersonMarks | None = None) -> dict[str, Any]:
    """For the redaction page: per declared field of one record, its current text (the latest version's once
    the record is deleted), what it names, and how many history versions name the person.

    Only fields that name the person somewhere (and that no handler scrubs for this record) are returned;
    raises ``model.DoesNotExist`` when the record has neither a row nor a history.
    """
    marks = marks or PersonMarks.of(person)
    live = model._base_manager.filter(pk=pk).first()
    history = getattr(model, "history", None)
    versions = (
        list(history.model._base_manager.filter(**{model._meta.pk.attname: pk}).order_by("-history_id"))
        if (history is not None)
        else []
    )
    if live is None and not versions:
        raise model.DoesNotExist  # type: ignore[attr-defined]  # every concrete model has one; type[Model] does not say
    current = live if live is not None else versions[0]
    texts: dict[str, Any] = {}
    for source in text_sources():
        if source.model is not model:
            continue
        handled = _handled_q(source, person)
        if handled is not None:
            rows = type(current)._base_manager  # the live table, else the history table
            key = "pk" if live is not None else model._meta.pk.attname
            if rows.filter(handled, **{key: pk}).exists():
                continue  # an app's erase handler scrubs these fields of this record itself
        for name in source.fields:
            live_hits = marks.found(getattr(current, name))
            naming = [v for v in versions if marks.names(getattr(v, name))]
            if live_hits or naming:
                texts[name] = {
                    "label": str(model._meta.get_field(name).verbose_name),
                    "value": getattr(current, name) or "",
                    "marks": sorted(set(live_hits).union(*(marks.found(getattr(v, name)) for v in naming))),
                    "versions": len(naming),
                }
    return {"live": live, "current": current, "fields": texts}


def _redacted_text(
    model: type[models.Model], name: str, value: str | None, marks: PersonMarks, current: models.Model | None
) -> str:
    """The administrator's new text for one field, refused when missing, still naming the person, or invalid."""
    if value is None:
        raise ValidationError(_("Give the redacted text."))
    value = value.replace("\r\n", "\n")
    if marks.names(value):
        found = ", ".join(str(MARK_LABELS[mark]) for mark in marks.found(value))
        raise ValidationError(_("The text still holds the person's %(marks)s.") % {"marks": found})
    concrete_field(model, name).clean(value, current)
    return value


@transaction.atomic
def redact(
    *, actor: AnyUser, person: Any, model: type[models.Model], pk: int, texts: Mapping[str, str]
) -> models.Model | None:
    """Replace the text of one record's fields that name ``person`` by the administrator's redaction.

    Guarantees: every field that names the person (``record_texts``) is given a new text that names them no
    longer, and passes the field's own validation, or nothing is written (``ValidationError`` per field). The
    current row is saved with its version moved on and a history entry by ``actor`` ("redacted for a
    personal-data erasure"), even when the record is locked (approved minutes: a redaction is the one change
    allowed). Each earlier history version whose field named the person takes the redacted text; versions that
    did not name them keep theirs. Returns the current row (None once the record is deleted).
    """
    marks = PersonMarks.of(person)
    state = record_texts(model, pk, person, marks)
    wanted = state["fields"]
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name in wanted:
        try:
            cleaned[name] = _redacted_text(model, name, texts.get(name), marks, state["current"])
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    if cleaned:
        # write_fields runs no full_clean(): approved minutes refuse any change, and this one must happen.
        write_fields(model._base_manager.filter(pk=pk), cleaned, actor=actor, reason=REDACTION_REASON)
    live = model._base_manager.filter(pk=pk).first()
    history = getattr(model, "history", None)
    if history is not None and cleaned:
        table = history.model._base_manager
        for version in table.filter(**{model._meta.pk.attname: pk}):
            changes = {name: value for name, value in cleaned.items() if marks.names(getattr(version, name))}
            if changes:
                table.filter(pk=version.pk).update(**changes)
    return live


def scrub(model: type[models.Model], condition: Q, values: Mapping[str, Any], *, actor: AnyUser, reason: str) -> int:
    """Set ``values`` on every row of ``model`` matching ``condition`` and on every history version matching it.

    Each current row is saved (its version moves on, so a stale edit cannot write the old value back; the new
    history entry is by ``actor`` with ``reason``); then every historical row matching ``condition`` — including
    those of deleted rows — takes ``values`` too. Returns the number of current rows changed.
    """
    rows = model._base_manager.filter(condition)
    matched = rows.count()
    write_fields(rows, values, actor=actor, reason=reason)
    history = getattr(model, "history", None)
    if history is not None:
        history.model._base_manager.filter(condition).update(**values)  # history rows: not versioned themselves
    return matched


def admin_log_erase(person: Any, *, actor: AnyUser) -> dict[str, int]:
    """The admin site's log keeps each changed record's label (``object_repr``): where a label names the person,
    it becomes the record's kind and id. (Change messages hold field names only.)"""
    from django.contrib.admin.models import LogEntry

    marks = PersonMarks.of(person)
    changed = 0
    for entry in LogEntry.objects.select_related("content_type").iterator(chunk_size=CHUNK):
        if marks.names(entry.object_repr) or marks.names(entry.change_message):
            kind = entry.content_type.model if entry.content_type is not None else "record"
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=f"{kind} #{entry.object_id}", change_message="")
            changed += 1
    return {"admin log labels replaced": changed}
