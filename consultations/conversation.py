"""Messages of a consultation and the files sent with them.

A file is accepted by what it is, not by what it is called: its first bytes must be one of
ALLOWED_KINDS (the `filetype` library reads the magic numbers; Office files are zip or OLE
containers and are checked inside; a HEIC photo by the brands of its `ftyp` box), and its
name's extension must agree with that kind, so a renamed program or a web page called
report.pdf is refused. CSV has no magic number: it is accepted as text (no NUL byte,
decodable) with a .csv name. The kinds are consultations.file_kinds's.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import zipfile
from collections.abc import Iterable

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from consultations.archives import archive_is_safe
from consultations.errors import ConsultationError
from consultations.file_kinds import ALLOWED_KINDS, KINDS_NAMED
from consultations.models import Attachment, Channel, Consultation, Message, MessageKind
from pst.models import User
from pst.personal_data import redact_identity_numbers
from pst.service_checks import personal_text_refuse

# The OLE container (doc, xls) starts with this; filetype tells doc from xls only sometimes.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Inside an Office Open XML zip, the part that says which kind of document it is.
OOXML_PARTS = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
# A HEIF photo (ISO/IEC 23008-12: HEIC from a phone's camera) is an ISO-BMFF file whose first
# box, `ftyp`, names these brands as its major or a compatible one. `filetype` knows only
# heic (alone, or beside mif1/msf1) and misses the others (a Canon's heix, a burst's msf1 and
# hevc, a plain mif1), so the box is read here, as the OLE container is above.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})

HEAD_BYTES = 8192
MAX_NAME_LENGTH = 150
# A long question or answer is a page or two; more is a paste gone wrong (or a flood), and
# every message is shown in full and emailed to the other side.
MESSAGE_MAX_LENGTH = 10_000


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def clean_file_name(name: str) -> str:
    """The file name as shown and offered on download: no path, no control characters."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    # A scan named after the card ("3171….pdf") is kept, its number is not (the name is
    # shown, logged and emailed like any text).
    stem, dot, ext = name.rpartition(".")
    name = redact_identity_numbers(stem) + dot + ext if dot else redact_identity_numbers(name)
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext if dot else name[:MAX_NAME_LENGTH]
    return name or "lampiran"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the head is still text.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def _is_heif(head: bytes) -> bool:
    """`head` starts with an `ftyp` box (size, "ftyp", major brand, minor version, compatible
    brands) that names a HEIF brand."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    if size < 16 or size % 4 or size > len(head):
        return False
    brands = {head[8:12], *(head[at : at + 4] for at in range(16, size, 4))}
    return not brands.isdisjoint(HEIF_BRANDS)


def _ooxml_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in OOXML_PARTS.items():
        if part in names:
            return kind
    return None


def attachment_kind(upload: UploadedFile) -> str:
    """The allowed kind of `upload` by its content and name; ConsultationError otherwise."""
    name = clean_file_name(upload.name or "")
    extension = _extension(name)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    refused = ConsultationError(
        _("“%(name)s” is not a file type we accept (%(kinds)s), or its content does not match "
          "its name.") % {"name": name, "kinds": KINDS_NAMED},
        code="file_type",
        field="files",
    )  # fmt: skip
    guessed = filetype.guess(head)
    kind: str | None
    if head.startswith(OLE_SIGNATURE):
        # Old Office files share one container: the name tells which, the container that it
        # is an Office file and not a program.
        kind = extension if extension in ("doc", "xls") else None
    elif _is_heif(head):
        # The brands do not tell a .heic from a .heif apart: the name does, as for doc and xls.
        kind = extension if extension in ("heic", "heif") else None
    elif guessed is not None and guessed.extension in ("zip", "xlsx", "docx"):
        kind = _ooxml_kind(upload) or "zip"
    elif guessed is not None:
        kind = {"jpeg": "jpg"}.get(guessed.extension, guessed.extension)
    else:
        kind = "csv" if extension == "csv" and _is_text(head) else None
    if kind not in ALLOWED_KINDS or extension not in ALLOWED_KINDS[kind].extensions:
        raise refused
    if kind in ("zip", "xlsx", "docx") and not archive_is_safe(
        upload, office_document=kind != "zip"
    ):
        raise ConsultationError(
            _("“%(name)s” holds a file we do not accept (only PDF, Excel, Word, CSV, text and "
              "pictures, under plain names): send those files themselves.") % {"name": name},
            code="file_type",
            field="files",
        )  # fmt: skip
    return kind


def attachments_check(
    files: Iterable[UploadedFile | None], *, most: int | None = None, too_many: str = ""
) -> list[tuple[UploadedFile, str]]:
    """Every file within the size limit and of an allowed kind; at most `most` of them
    (ATTACHMENTS_PER_MESSAGE), refused with `too_many` (a sentence with %(count)d)."""
    files = [f for f in files if f is not None]
    most = settings.ATTACHMENTS_PER_MESSAGE if most is None else most
    if len(files) > most:
        raise ConsultationError(
            (too_many or _("Attach at most %(count)d files to one message.")) % {"count": most},
            code="file_count",
            field="files",
        )
    checked = []
    for upload in files:
        if upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise ConsultationError(
                _("“%(name)s” is larger than %(limit)s.")
                % {
                    "name": clean_file_name(upload.name or ""),
                    "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                },
                code="file_size",
                field="files",
            )
        if upload.size == 0:
            raise ConsultationError(
                _("“%(name)s” is empty.") % {"name": clean_file_name(upload.name or "")},
                code="file_empty",
                field="files",
            )
        checked.append((upload, attachment_kind(upload)))
    return checked


def stored_file_values(upload: UploadedFile, kind: str) -> dict:
    """The fields of a StoredFile row for a file `attachments_check` accepted as `kind`."""
    return {
        "file": upload,
        "name": clean_file_name(upload.name or ""),
        "content_type": ALLOWED_KINDS[kind].content_type,
        "size": upload.size,
    }


def text_length_check(text: str, *, field: str) -> None:
    if len(text or "") > MESSAGE_MAX_LENGTH:
        raise ConsultationError(
            _("Keep this under %(limit)s characters (it has %(length)s); attach a longer "
              "text as a file.")
            % {"limit": f"{MESSAGE_MAX_LENGTH:,}".replace(",", "."),
               "length": f"{len(text):,}".replace(",", ".")},
            code="too_long",
            field=field,
        )  # fmt: skip


def message_validate(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ConsultationError(_("Write a message."), code="body", field="body")
    text_length_check(body, field="body")
    personal_text_refuse(Message, {"body": body}, error=ConsultationError)
    return body


def message_sent_before(consultation: Consultation, client_request_id) -> Message | None:
    """The message this form already added (a double click, a reload), marked `is_repeat`;
    None for a new form. A transition checks this before its state guard, so that the
    repeat of the click that changed the state is answered as that click was."""
    if client_request_id is None:
        return None
    existing = Message.objects.filter(client_request_id=client_request_id).first()
    if existing is None:
        return None
    if existing.consultation_id != consultation.pk:
        raise ConsultationError(_("This form is out of date."), code="request_id")
    existing.is_repeat = True
    return existing


def message_add(
    *,
    consultation: Consultation,
    author: User | None,
    body: str,
    kind: str = MessageKind.PUBLIC,
    files: Iterable[UploadedFile] = (),
    client_request_id=None,
    channel: str = Channel.WEB,
    happened_at: dt.datetime | None = None,
    email_message_id: str | None = None,
    now: dt.datetime,
) -> Message:
    """Append a message (with its files) to `consultation`. Runs inside the caller's
    transaction, after the caller's state checks. The same form sent twice adds one message:
    the second call returns the first with `is_repeat` set. `channel` says how it came (an
    email, an officer's summary of a WhatsApp or phone exchange at `happened_at`)."""
    existing = message_sent_before(consultation, client_request_id)
    if existing is not None:
        return existing
    body = message_validate(body)
    checked = attachments_check(files)
    message = Message(
        consultation=consultation,
        kind=kind,
        author=author,
        from_staff=author is not None and author.pk != consultation.requester_id,
        body=body,
        created_at=now,
        client_request_id=client_request_id,
        channel=channel,
        happened_at=happened_at,
        email_message_id=email_message_id,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError as error:
        raise ConsultationError(_("This message was already sent."), code="request_id") from error
    for upload, file_kind in checked:
        Attachment.objects.create(message=message, **stored_file_values(upload, file_kind))
    message.is_repeat = False
    return message
