"""A document's file as a response: the one way a file leaves the server (pages and API alike)."""

from __future__ import annotations

from django.http import FileResponse

from shrhub.models import AccessLog, log_access
from shrhub.types import AnyUser

from .models import Attachment


def download_response(user: AnyUser, attachment: Attachment, *, via: str) -> FileResponse:
    """The file as an attachment, typed by its content, under its safe name, never sniffed, cached or run; a
    restricted or confidential document, or one on such a record, is logged. The caller has checked that ``user``
    may see ``attachment``."""
    record = attachment.record
    if attachment.is_sensitive or getattr(record, "is_sensitive", False):
        log_access(user, AccessLog.Action.EXPORT, attachment, via=via, detail="document download")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
