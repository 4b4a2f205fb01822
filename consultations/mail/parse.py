"""One RFC 822 message read into what the conversation needs: who wrote, to which addresses,
the new text (quoted history and signature cut by `mail-parser-reply`; an HTML-only mail
turned into text by `inscriptis` first), the attached files as uploads, and whether it is an
automatic reply or a bounce (RFC 3834 headers, multipart/report, the mailer daemon), which
create nothing."""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import inscriptis
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from mailparser_reply import EmailMessage as ReplyThread
from mailparser_reply.constants import MAIL_LANGUAGES, QUOTED_MATCH_INCLUDE

from consultations.errors import ConsultationError
from consultations.mail.authentication import sender_vouched
from pst.models import email_normalize
from pst.personal_data import redact_identity_numbers

# The library knows no Indonesian; its language table is where a language is added (Gmail's
# "Pada … menulis:", Outlook's "Dari:/Dikirim:/Kepada:/Perihal:" block, closing lines). A
# closing line must stand alone ("Salam," not "Salam kenal, saya …"): everything after it
# is cut.
MAIL_LANGUAGES.setdefault(
    "id",
    {
        "wrote_header": r"^(" + QUOTED_MATCH_INCLUDE + r"Pada\s(?:.+?\s?.+?)\s?menulis:)$",
        "from_header": r"((?:(?:^|\n|\n"
        + QUOTED_MATCH_INCLUDE
        + r")[* ]*(?:Dari|Dikirim|Kepada|Untuk|Perihal|Subjek|Tanggal|Cc):[ *]*(?:\s{,2}).*)"
        r"{2,}(?:\n.*){,1})",
        "disclaimers": [r"Penafian:", r"Pemberitahuan kerahasiaan:"],
        "signatures": [
            r"Salam,?$",
            r"Salam hangat,?$",
            r"Hormat (?:saya|kami),?$",
            r"Terima ?kasih,$",
            r"Wassalam\S*,?$",
        ],
        "sent_from": "Dikirim dari",
    },
)

AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto:|"
    r"balasan otomatis|sedang di luar kantor|di luar kantor)",
    re.IGNORECASE,
)
FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|tr|wg|trs|diteruskan)\s*:", re.IGNORECASE)
FORWARD_MARK = re.compile(
    r"^-{3,}\s*(forwarded message|pesan yang diteruskan|pesan terusan)\s*-{3,}",
    re.IGNORECASE | re.MULTILINE,
)
DAEMONS = ("mailer-daemon", "postmaster")
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
MESSAGE_ID_MAX_LENGTH = 255
KEPT_CONTROLS = frozenset("\n\t")


@dataclass
class IncomingMail:
    message_id: str
    from_name: str
    from_address: str
    recipients: list[str]
    subject: str
    text: str
    files: list[SimpleUploadedFile] = field(default_factory=list)
    # "auto_reply" or "bounce": recognised and stored nowhere.
    automatic: str = ""
    forwarded: bool = False
    # The office's mail server vouched for the From address (consultations.mail.authentication;
    # None: no server named to read).
    sender_vouched: bool | None = None


def clean_text(text: str, *, multiline: bool = True) -> str:
    """What may be stored of a text that came by email: no control or invisible formatting
    character (a form would refuse them; a mail is never lost for them), no full identity
    number, at most two blank lines in a row."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split())
    text = "".join(
        ch
        for ch in text
        if ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs")
    )
    text = redact_identity_numbers(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, TypeError, IndexError):  # a header the parser cannot decode
        return ""


def _message_id(message: EmailMessage, raw: bytes) -> str:
    found = "".join(_header(message, "Message-ID").split())
    if found and len(found) <= MESSAGE_ID_MAX_LENGTH and found.isprintable():
        return found
    # Without a usable Message-ID, the same bytes delivered twice still count once.
    return "sha256:" + hashlib.sha256(found.encode() if found else raw).hexdigest()


def _automatic(message: EmailMessage, from_address: str) -> str:
    content_type = message.get_content_type()
    report_type = message.get_param("report-type", "") or ""
    local_part = from_address.partition("@")[0].lower()
    return_path = _header(message, "Return-Path").strip()
    if (
        (content_type == "multipart/report" and str(report_type).lower() == "delivery-status")
        or local_part in DAEMONS
        or return_path == "<>"
    ):
        return "bounce"
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    # Before the list's headers: a vacation reply a list relays is still a robot's, never a
    # requester's reply (review: classed "bulk", it was stored as the clarification).
    if (
        (auto_submitted and auto_submitted != "no")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or precedence == "auto_reply"
        or content_type == "multipart/report"
        or AUTO_SUBJECT.match(_header(message, "Subject"))
    ):
        return "auto_reply"
    # A mailing list or a newsletter (RFC 2369, 2919): nobody asks the PST a question so
    # (trial H, H4: twenty promotions opened twenty consultations and forty emails). Its
    # "Precedence: list" or "bulk" is the list's own mark, not an automatic reply's.
    if message.get("List-Id") is not None or message.get("List-Unsubscribe") is not None:
        return "bulk"
    if precedence in ("bulk", "junk", "list"):
        return "auto_reply"
    return ""


def _decoded(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _body_text(message: EmailMessage) -> tuple[str, EmailMessage | None]:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return "", None
    content = _decoded(body)
    if body.get_content_type() == "text/html":
        content = inscriptis.get_text(content) if content.strip() else ""
    return content, body


def _attached_mails(message: EmailMessage) -> list[str]:
    """Mails forwarded as attachments (Outlook's "Forward as attachment"): their text is the
    request, so it joins the message, under the header lines a forward shows."""
    texts = []
    for part in message.walk():
        if part.get_content_type() != "message/rfc822":
            continue
        inner = part.get_payload()[0] if part.get_payload() else None
        if not isinstance(inner, EmailMessage):
            continue
        header = "\n".join(
            f"{name}: {_header(inner, name)}" for name in ("From", "Date", "Subject")
            if inner.get(name)
        )  # fmt: skip
        texts.append(f"---------- Forwarded message ----------\n{header}\n\n{_body_text(inner)[0]}")
    return texts


def _files(message: EmailMessage, body: EmailMessage | None) -> list[SimpleUploadedFile]:
    files = []
    for part in message.walk():
        if part is body or part.is_multipart():
            continue
        name = part.get_filename()
        disposition = part.get_content_disposition()
        # A picture inside an HTML signature (a logo) is part of the layout, not a file sent.
        if disposition != "attachment" and (not name or part.get("Content-ID")):
            continue
        payload = part.get_payload(decode=True) or b""
        files.append(
            SimpleUploadedFile(name or "lampiran", payload, content_type=part.get_content_type())
        )
    return files


def reply_text(text: str, *, forwarded: bool) -> str:
    """The new part of a reply: the quoted history and the signature go. A forwarded mail
    keeps what it forwards (that is the request) and loses only the sender's signature."""
    if forwarded:
        return text
    # keep_hyphen_lists: "- data PDRB" is a list item of the request, not a signature.
    parsed = ReplyThread(text=text, languages=["id", "en"], keep_hyphen_lists=True).read()
    replies = [reply for reply in parsed.replies if reply.body.strip()]
    return replies[0].body if replies else text


def mail_parse(raw: bytes) -> IncomingMail:
    """`raw` read as a mail; ConsultationError when it is not one (no usable sender)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    from_name, from_address = parseaddr(_header(message, "From"))
    from_address = email_normalize(from_address)
    recipients = [
        address.strip().lower()
        for _name, address in getaddresses(
            [_header(message, name) for name in RECIPIENT_HEADERS if message.get(name)]
        )
        # An address with a control character is nobody's (and no database takes a NUL).
        if address and address.isprintable() and not any(ch.isspace() for ch in address)
    ]
    subject = clean_text(_header(message, "Subject"), multiline=False)
    automatic = _automatic(message, from_address)
    # A list's mail is read whole: one to a consultation's reply address is a requester
    # writing through their organisation's list, stored with its text and files
    # (mail_receive). Bounces and auto-replies are never stored: nothing more to read.
    if automatic and automatic != "bulk":
        return IncomingMail(
            message_id=_message_id(message, raw), from_name="", from_address=from_address,
            recipients=recipients, subject=subject, text="", automatic=automatic,
        )  # fmt: skip
    try:
        validate_email(from_address)
    except ValidationError as error:
        raise ConsultationError(
            _("The email has no valid sender address."), code="sender"
        ) from error
    text, body = _body_text(message)
    attached = _attached_mails(message)
    text = "\n\n".join([text, *attached]) if attached else text
    forwarded = bool(attached or FORWARD_SUBJECT.match(subject) or FORWARD_MARK.search(text))
    return IncomingMail(
        message_id=_message_id(message, raw),
        from_name=clean_text(from_name, multiline=False),
        from_address=from_address,
        recipients=recipients,
        subject=subject,
        text=clean_text(reply_text(clean_text(text), forwarded=forwarded)),
        files=_files(message, body),
        forwarded=forwarded,
        automatic=automatic,
        sender_vouched=sender_vouched(
            message, from_address, authserv_id=settings.MAIL_IN_AUTHSERV_ID
        ),
    )
