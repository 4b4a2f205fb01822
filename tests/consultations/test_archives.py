"""What a zip or an Office file may hold (product trial F, F6, and the attack after it):
documents, spreadsheets, pictures and text under plain names; never a program, a link, an
unsafe name or an archive in disguise."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.archives import archive_is_safe
from consultations.conversation import attachment_kind
from consultations.errors import ConsultationError


def zipped(entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
                continue
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def workbook() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def with_entry(document: bytes, name: str, content: bytes) -> bytes:
    """An Office file with one more part slipped in."""
    source = zipfile.ZipFile(io.BytesIO(document))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    return zipped(parts | {name: content})


EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("arsip.zip", zipped({"tabel.csv": b"a;b\n", "grafik/grafik.png": b"\x89PNG"})),
        ("arsip.zip", zipped({"tabel.xlsx": workbook(), "catatan.txt": b"lihat tabel"})),
        ("tabel.xlsx", workbook()),
    ],
)
def test_documents_in_an_archive_are_accepted(name, content):
    assert attachment_kind(SimpleUploadedFile(name, content)) in ("zip", "xlsx")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("arsip.zip", zipped({"setup.exe": EXE})),
        ("arsip.zip", zipped({"SETUP.EXE": EXE})),
        ("arsip.zip", zipped({"laporan.pdf": EXE})),  # a renamed program
        ("arsip.zip", zipped({"../../evil.csv": b"a;b\n"})),
        ("arsip.zip", zipped({"data\\..\\..\\evil.csv": b"a;b\n"})),
        ("arsip.zip", zipped({"C:\\evil.csv": b"a;b\n"})),
        ("arsip.zip", zipped({"/etc/evil.csv": b"a;b\n"})),
        ("arsip.zip", zipped({"x.exe:.txt": b"a"})),  # an NTFS stream
        ("arsip.zip", zipped({"laporan\u202efdp.exe.txt": b"a"})),  # right-to-left override
        ("arsip.zip", zipped({"passwd.txt": b"/etc/passwd"}, links=("passwd.txt",))),
        ("arsip.zip", zipped({"dalam.zip": zipped({"a.csv": b"a"})})),
        ("arsip.zip", zipped({"dalam.txt": zipped({"a.exe": EXE})})),  # an archive as text
        ("arsip.zip", zipped({"dalam.docx": zipped({"a.exe": EXE})})),  # not a document
        ("arsip.zip", zipped({"tabel.xlsx": with_entry(workbook(), "xl/evil.bin", EXE)})),
        ("arsip.zip", zipped({"halaman.html": b"<script>"})),
        ("arsip.zip", zipped({})),  # nothing in it
        ("arsip.zip", zipped({"kosong/": b""})),  # folders only
        ("arsip.zip", b"PK\x03\x04" + b"\x00" * 64),  # no archive inside
        ("tabel.xlsx", with_entry(workbook(), "xl/media/evil.exe", EXE)),
        ("tabel.xlsx", with_entry(workbook(), "../evil.xml", b"<x/>")),
    ],
)
def test_anything_else_in_an_archive_is_refused(name, content):
    with pytest.raises(ConsultationError) as refused:
        attachment_kind(SimpleUploadedFile(name, content))
    assert refused.value.code == "file_type"


def test_an_encrypted_entry_cannot_be_read_and_is_refused():
    content = bytearray(zipped({"tabel.csv": b"a;b\n"}))
    # Mark the entry encrypted (general purpose flag bit 0) in both headers.
    content[6] |= 1
    central = content.index(b"PK\x01\x02")
    content[central + 8] |= 1
    assert archive_is_safe(io.BytesIO(bytes(content))) is False


def deflated(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused():
    # Trial attack-ev, F5: five entries of zeros that unpack to a thousand times their size.
    bomb = deflated({f"data{n}.txt": bytes(4 * 1024 * 1024) for n in range(5)})
    assert len(bomb) < 100_000
    assert not archive_is_safe(io.BytesIO(bomb))


def test_tables_that_compress_as_tables_do_are_accepted():
    rows = "".join(f"{n},{n * 7919 % 10007},Kecamatan {n % 7}\n" for n in range(200_000))
    assert archive_is_safe(io.BytesIO(deflated({"tabel.csv": rows.encode()})))


def test_an_archive_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch):
    from consultations import archives

    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", 1_000_000)
    content = bytes(range(256)) * 2_000  # 512 kB that hardly compress
    assert archive_is_safe(io.BytesIO(deflated({"a.txt": content})))
    assert not archive_is_safe(io.BytesIO(deflated({"a.txt": content, "b.txt": content})))
