"""What an uploaded file is, read from its content (never its name), and whether the product keeps it.

``filetype`` reads the magic numbers of binary formats (PDF, images, office documents, archives, executables);
text has none, so a file that decodes as UTF-8 with no NUL byte and no markup a browser would run counts as
plain text. Only the types in ``ACCEPTED`` are kept: documents, spreadsheets, presentations, images and text.
HTML, SVG, scripts, archives and executables are refused whatever their name says, and so is anything larger
than ``settings.ATTACHMENT_MAX_BYTES``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# extension → media type, for every kind of file the product keeps.
ACCEPTED: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "tif": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "rtf": "application/rtf",
    "txt": "text/plain",
}
HEAD_BYTES = 8192  # enough for every signature filetype reads
MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|object|embed|body)\b|<\?xml", re.IGNORECASE)
NAME_LENGTH = 120


@dataclass(frozen=True)
class Inspected:
    extension: str
    media_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def inspect(upload: IO[bytes], size: int) -> Inspected:
    """The kind, size and digest of an uploaded file, or a ``ValidationError`` saying why it is refused."""
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; documents may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    extension = _kind(head, upload)
    if extension not in ACCEPTED:
        raise ValidationError(
            _("This kind of file is not accepted (%(kind)s). Documents may be PDF, office files, images or text.")
            % {"kind": extension or _("unknown")},
            code="type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for block in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(block)
    upload.seek(0)
    return Inspected(extension, ACCEPTED[extension], size, digest.hexdigest())


def _kind(head: bytes, upload: IO[bytes]) -> str:
    kind = filetype.guess(head)
    if kind is not None:
        return {"jpx": "jpg"}.get(kind.extension, kind.extension)
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if _is_plain_text(upload):
        return "txt"
    return ""


def _is_plain_text(upload: IO[bytes]) -> bool:
    """UTF-8 text with no NUL byte and no markup a browser would run (read in blocks: memory stays flat)."""
    upload.seek(0)
    decoder_tail = b""
    for block in iter(lambda: upload.read(1024 * 1024), b""):
        if b"\x00" in block or MARKUP.search(decoder_tail + block):
            return False
        try:
            (decoder_tail + block).decode("utf-8")
            decoder_tail = b""
        except UnicodeDecodeError as error:
            if error.start < len(decoder_tail + block) - 4:  # not merely a character cut at the block's end
                return False
            decoder_tail = (decoder_tail + block)[error.start :]
    return not decoder_tail


def safe_name(name: str, extension: str) -> str:
    """The uploaded name without folders, control characters or anything a file system or a header would
    misread, ending in the extension the content has (``report.pdf.exe`` that is a PDF becomes
    ``report.pdf.pdf``; a name with nothing left becomes ``document.pdf``)."""
    stem = PurePath(name.replace("\\", "/")).name
    stem = unicodedata.normalize("NFKC", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem.lstrip(".")
    stem = get_valid_filename(stem) if stem.strip(". _-") else ""
    stem = stem.strip("._-")[: NAME_LENGTH - len(extension) - 1] or "document"
    return f"{stem}.{extension}"
