"""What import batches hold about a person: the labels of the rows that named them, the values a row replaced
(kept for undo), and the uploaded file of a batch not imported yet. Erasure blanks the labels and the kept values
and removes such files (the batch then says why it can go no further). Declared in ``ShrhubConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..models import ImportBatch
from ..personal_data import PersonMarks
from ..types import AnyUser

STAKEHOLDERS = "stakeholders.stakeholder"


def names_person(row: dict[str, Any], batch: ImportBatch, person: Any, marks: PersonMarks) -> bool:
    if batch.model == STAKEHOLDERS and row.get("record") == person.pk:
        return True
    texts = [row.get("label", ""), *(c.get("label", "") for c in row.get("duplicates", []))]
    texts += [message for messages in row.get("errors", {}).values() for message in messages]
    return any(marks.names(text) for text in texts if text)


def imports_erase(person: Any, *, actor: AnyUser) -> dict[str, int]:
    marks = PersonMarks.of(person)
    rows = files = 0
    for batch in ImportBatch.objects.iterator(chunk_size=100):
        named = [row for row in batch.report if names_person(row, batch, person, marks)]
        for row in named:
            row["label"] = ""
            row.pop("errors", None)
            for candidate in row.get("duplicates", []):
                candidate["label"] = ""
        if batch.model == STAKEHOLDERS:
            for item in (batch.written or {}).get("updated", []):
                if item.get("id") == person.pk:
                    item["before"] = {}
        if named and batch.file and batch.status != ImportBatch.Status.DONE:
            batch.file.delete(save=False)
            batch.status, batch.error = ImportBatch.Status.FAILED, _("The file was removed by an erasure.")
            files += 1
        if named:
            rows += len(named)
            batch.save()
    return {"import rows blanked": rows, "import files removed": files}


def imports_summary(person: Any) -> dict[str, int]:
    marks = PersonMarks.of(person)
    count = sum(
        1
        for batch in ImportBatch.objects.iterator(chunk_size=100)
        for row in batch.report
        if names_person(row, batch, person, marks)
    )
    return {"import rows naming the person": count}
