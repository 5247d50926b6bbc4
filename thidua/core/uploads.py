"""Uploaded documents: type by content (not by name), size limit, safe names.

Accepted (api.md): PDF, DOCX, XLSX, JPEG, PNG, at most 20 MB. Refusals are
413 ``FILE_TOO_LARGE`` and 422 ``FILE_TYPE_NOT_ALLOWED``.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings

from thidua.core.errors import DomainError
from thidua.rules.text import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXTENSIONS = {
    "application/pdf": "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class CheckedUpload:
    file: Any
    content_type: str
    safe_name: str
    original_name: str


def _office_kind(file: Any) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def sniff(file: Any) -> str | None:
    """The content type read from the bytes, or None when not an accepted type."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(file)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ("image/jpeg", "image/png"):
        return kind.mime
    return None


def safe_name(original: str, content_type: str) -> str:
    """An ASCII file name from the original one, with the extension of the content."""
    stem = PurePath(unicodedata.normalize("NFC", original or "")).stem
    cleaned = _UNSAFE.sub("-", fold(stem)).strip("-.")[:80] or "tep"
    return f"{cleaned}.{_EXTENSIONS[content_type]}"


def check_upload(upload: Any) -> CheckedUpload:
    if upload is None:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"file": ["required"]}}
        )
    size = getattr(upload, "size", None) or 0
    if size > settings.MAX_UPLOAD_BYTES:
        raise DomainError("FILE_TOO_LARGE")
    content_type = sniff(upload) if size else None
    if content_type is None:
        raise DomainError("FILE_TYPE_NOT_ALLOWED")
    original = unicodedata.normalize("NFC", PurePath(upload.name or "").name)[:255]
    return CheckedUpload(
        file=upload,
        content_type=content_type,
        safe_name=safe_name(original, content_type),
        original_name=original,
    )
