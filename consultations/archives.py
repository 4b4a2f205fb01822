"""What a zip attachment may hold: the kinds of file a consultation accepts on their own (and
plain text), under plain relative names; Office documents (themselves zips) inside one are read
too. A program inside an archive is as much a program as one renamed report.pdf, and an entry
named ../../x, C:\\x or pointing elsewhere (a link) writes outside the folder of whoever extracts
it (product trial F and the attack that followed: all of these were accepted and served to the
officers)."""

from __future__ import annotations

import io
import stat
import unicodedata
import zipfile
from typing import IO

from consultations.file_kinds import ALLOWED_EXTENSIONS

# The extensions an entry of a plain zip may have: the kinds taken on their own but another
# zip, and .txt.
ENTRY_EXTENSIONS = (ALLOWED_EXTENSIONS - {"zip"}) | {"txt"}
OOXML_EXTENSIONS = frozenset({"xlsx", "docx"})
# Programs announce themselves in their first bytes, whatever the name says.
PROGRAM_HEADS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
ZIP_HEAD = b"PK\x03\x04"
MAX_ENTRIES = 500
# A zip of Word files holds zips (the documents), whose charts may hold workbooks: no deeper.
MAX_DEPTH = 3
# An entry opened to look inside it (a document in the archive) is read whole: not a huge one.
MAX_NESTED_BYTES = 20 * 1024 * 1024
# What an archive may unpack to, in all, and how much larger than its packed size an entry of
# some size may be: tables compress tenfold or so, a "zip bomb" of zeros a thousandfold, and
# whoever opens it at the office fills their disk (trial attack-ev, F5). The sizes are the
# ones the archive declares; an archive that lies about them fails when it is unpacked.
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024


class _Unsafe(Exception):
    pass


def _name_is_plain(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        bool(name)
        and not name.startswith(("/", "\\"))
        and ":" not in name  # a drive (C:) or an NTFS stream (x.exe:.txt)
        and ".." not in parts
        # No control or invisible characters (a right-to-left override turns fdp.exe into
        # what reads as exe.pdf).
        and not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
    )


def _check(archive: zipfile.ZipFile, *, depth: int, office_document: bool, seen: list) -> None:
    for info in archive.infolist():
        if info.is_dir():
            continue
        seen.append(info)
        if len(seen) > MAX_ENTRIES or not _name_is_plain(info.filename):
            raise _Unsafe
        if sum(entry.file_size for entry in seen) > MAX_UNPACKED_BYTES or (
            info.file_size > RATIO_FROM_BYTES
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise _Unsafe
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _Unsafe  # a symbolic link, to /etc/passwd or ../../..
        extension = info.filename.rsplit(".", 1)[-1].lower() if "." in info.filename else ""
        # An Office document's own parts (xml, rels, pictures, embedded objects) have names of
        # their own; a plain archive holds only what the office accepts.
        if not office_document and extension not in ENTRY_EXTENSIONS:
            raise _Unsafe
        with archive.open(info) as entry:
            head = entry.read(4)
        if head.startswith(PROGRAM_HEADS):
            raise _Unsafe
        if head.startswith(ZIP_HEAD):
            # Only an Office document (or, inside one, its embedded workbook) may be a zip.
            if depth >= MAX_DEPTH or info.file_size > MAX_NESTED_BYTES:
                raise _Unsafe
            if not office_document and extension not in OOXML_EXTENSIONS:
                raise _Unsafe
            with zipfile.ZipFile(io.BytesIO(archive.read(info))) as inner:
                if "[Content_Types].xml" not in inner.namelist():
                    raise _Unsafe
                _check(inner, depth=depth + 1, office_document=True, seen=seen)


def archive_is_safe(upload: IO[bytes], *, office_document: bool = False) -> bool:
    """True when the zip `upload` (an archive, or with `office_document` a Word or Excel file)
    holds nothing but what the office accepts under plain relative names, and something at
    all; False otherwise, or when it cannot be read (damaged, encrypted)."""
    upload.seek(0)
    seen: list = []
    try:
        with zipfile.ZipFile(upload) as archive:
            _check(archive, depth=1, office_document=office_document, seen=seen)
    except (_Unsafe, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError):
        return False  # RuntimeError: an encrypted entry
    finally:
        upload.seek(0)
    return bool(seen)
