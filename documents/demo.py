"""Demo documents: a signed MoU on the first agreement, signed minutes on the first held meeting, a legal summary on
the first national law, a press clipping on a ministry and a restricted note on an engagement (files made here)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper

from shrhub import clock
from shrhub.models import Confidentiality

from .models import Attachment
from .services import attachment_create


def pdf_with(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII), with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _first(model_path: str, **filters: Any) -> Any:
    from django.apps import apps

    model = apps.get_model(model_path)
    return model._default_manager.filter(**filters).order_by("pk").first()


def seed_documents(*, scale: int, rng: random.Random, stdout: OutputWrapper) -> dict[str, int]:
    if Attachment.objects.exists():
        return {"documents": 0}
    internal = {"confidentiality": Confidentiality.INTERNAL}
    plans = [
        (
            _first("commitments.Agreement", **internal),
            "MoU on security arrangements (signed).pdf",
            pdf_with("Memorandum of understanding on security arrangements - signed copy"),
            {},
        ),
        (
            _first("workinggroups.Meeting", approved_at__isnull=False, **internal),
            "Minutes signed.pdf",
            pdf_with("Minutes of the local security working group - signed"),
            {},
        ),
        (
            _first("analysis.NationalLaw"),
            "Legal summary.txt",
            b"Summary prepared with the national human rights institution.\n",
            {},
        ),
        (
            _first("stakeholders.Stakeholder", kind="organisation", **internal),
            "Press clipping.txt",
            b"Daily newspaper, page 3: the ministry announces a review of security contracts.\n",
            {},
        ),
        (
            _first("stakeholders.Engagement", **internal),
            "Note on the meeting.txt",
            b"Who said what about the checkpoints, for security staff only.\n",
            {"confidentiality": Confidentiality.RESTRICTED},
        ),
    ]
    made = 0
    for record, name, content, extra in plans:
        if record is None:
            continue
        dated = _date_of(record)
        attachment_create(actor=None, record=record, file=ContentFile(content, name=name), dated=dated, **extra)
        made += 1
    return {"documents": made}


def _date_of(record: Any) -> datetime.date:
    """The day the document would bear: the agreement's, the meeting's, the engagement's; else a recent day."""
    for name in ("made_on", "occurred_on"):
        value = getattr(record, name, None)
        if isinstance(value, datetime.date):
            return value
    starts = getattr(record, "starts_at", None)
    if isinstance(starts, datetime.datetime):
        return starts.date()
    return clock.today() - datetime.timedelta(days=12)
