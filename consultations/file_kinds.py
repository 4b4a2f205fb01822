"""The kinds of file the office takes: one rule for a consultation's attachments (on the web
and by email), a complaint's evidence, what a zip attachment may hold, the file inputs'
`accept` and every sentence that names the kinds — so that a kind added here (HEIC photos,
product trial M, M2) is taken, offered and named everywhere at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    content_type: str


# What the office accepts (issue 10): documents, spreadsheets, pictures, and zip archives.
# HEIC is the iPhone camera's own format (a photo of a letter, of a table on a screen); HEIF
# is the same container under its generic name. Both are checked by their `ftyp` box
# (consultations.conversation) and, like every kind, only ever served as downloads.
ALLOWED_KINDS: dict[str, FileKind] = {
    "pdf": FileKind(("pdf",), "application/pdf"),
    "xlsx": FileKind(
        ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "docx": FileKind(
        ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xls": FileKind(("xls",), "application/vnd.ms-excel"),
    "doc": FileKind(("doc",), "application/msword"),
    "csv": FileKind(("csv",), "text/csv"),
    "png": FileKind(("png",), "image/png"),
    "jpg": FileKind(("jpg", "jpeg"), "image/jpeg"),
    "heic": FileKind(("heic",), "image/heic"),
    "heif": FileKind(("heif",), "image/heif"),
    "zip": FileKind(("zip",), "application/zip"),
}
ALLOWED_EXTENSIONS = frozenset(ext for kind in ALLOWED_KINDS.values() for ext in kind.extensions)

# The kinds as people are told them (errors, help texts): HEIF goes unnamed, HEIC is what a
# phone calls it.
KINDS_NAMED = _("PDF, Excel, Word, CSV, PNG, JPG, HEIC or ZIP")
