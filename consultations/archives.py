"""What a zip attachment may hold: the kinds of file a consultation accepts on their own (and
plain text), under plain relative names. A program inside an archive is as much a program as
one renamed report.pdf, and an entry named ../../x or C:\\x writes outside the folder of
whoever extracts it (product trial F: both were accepted and served to the officers)."""

from __future__ import annotations

import re
import zipfile
from typing import IO

# The extensions an entry may have (consultations.conversation.ALLOWED_KINDS, and .txt).
ENTRY_EXTENSIONS = frozenset(
    {"pdf", "xlsx", "docx", "xls", "doc", "csv", "png", "jpg", "jpeg", "txt"}
)
# Programs announce themselves in their first bytes, whatever the name says.
PROGRAM_HEADS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
MAX_ENTRIES = 500
_UNSAFE_NAME = re.compile(r"(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:")


def zip_is_safe(upload: IO[bytes]) -> bool:
    """True when every entry of the zip `upload` is a document, spreadsheet, picture or text
    under a relative name; False for anything else, or for a zip that cannot be read."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
            if len(entries) > MAX_ENTRIES:
                return False
            for info in entries:
                name = info.filename
                extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
                if _UNSAFE_NAME.search(name) or extension not in ENTRY_EXTENSIONS:
                    return False
                with archive.open(info) as entry:
                    if entry.read(4).startswith(PROGRAM_HEADS):
                        return False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError):
        return False  # damaged, encrypted (RuntimeError) or not a zip at all
    finally:
        upload.seek(0)
    return True
