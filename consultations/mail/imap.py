"""The office mailbox over IMAP (standard library `imaplib`): every unread mail of the folder
goes to `mail_receive`. A mail is marked \\Seen once handled (stored or deliberately
ignored), so the next run does not see it again; a mail that could not be handled, or that
nobody may add (a stranger writing to a reply address, a flood), is marked \\Seen and
\\Flagged and logged: it waits in the mailbox for a person, and never stops the mails after
it. A failure that is not the mail's (the database is down) leaves it unread, flagged, for
the next run. A server that does not answer within the mailbox's `timeout` (MAIL_IN_TIMEOUT)
ends the run with TimeoutError: the mail being read stays unread, nothing is marked."""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consultations.errors import ConsultationError
from consultations.mail.services import MailOutcome, mail_receive
from pst.errors import DomainError

logger = logging.getLogger("consultations.mail")

SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
READ = r"(\Seen)"
FOR_A_PERSON = r"(\Seen \Flagged)"
TRY_AGAIN = r"(\Flagged)"
# The connection itself failed (no answer in time, reset, a reply imaplib cannot read): no
# command can be sent on it any more, so no mail is marked, and the run ends.
CONNECTION_LOST = (TimeoutError, ConnectionError, imaplib.IMAP4.abort)


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    use_ssl: bool = True
    # Seconds to connect and for every command's answer (the socket's own timeout).
    timeout: float = 30.0


@dataclass
class FetchReport:
    outcomes: list[MailOutcome] = field(default_factory=list)
    failed: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.use_ssl:
        return imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(),
            timeout=mailbox.timeout,
        )  # fmt: skip
    return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=mailbox.timeout)


def _raw(connection: imaplib.IMAP4, uid: bytes) -> bytes | None:
    status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _size(connection: imaplib.IMAP4, uid: bytes) -> int:
    status, data = connection.uid("FETCH", uid, "(RFC822.SIZE)")
    match = SIZE.search(data[0] if status == "OK" and data and data[0] else b"")
    return int(match.group(1)) if match else 0


def _handle(connection: imaplib.IMAP4, uid: bytes, max_bytes: int) -> MailOutcome:
    if _size(connection, uid) > max_bytes:
        # Not even downloaded.
        raise ConsultationError(
            _("The email is larger than the mailbox takes (MAIL_IN_MAX_BYTES)."),
            code="too_large",
        )
    raw = _raw(connection, uid)
    if raw is None:
        raise ConsultationError(_("The email could not be read from the mailbox."), code="imap")
    return mail_receive(raw=raw)


def mailbox_fetch(mailbox: Mailbox, *, max_bytes: int) -> FetchReport:
    """Handle every unread mail of `mailbox`; the report says what became of them."""
    report = FetchReport()
    connection = _connect(mailbox)
    lost = False
    try:
        connection.login(mailbox.user, mailbox.password)
        status, _data = connection.select(_quoted(mailbox.folder))
        if status != "OK":
            raise ConsultationError(
                _("The mailbox has no folder “%(folder)s”.") % {"folder": mailbox.folder},
                code="imap",
            )
        _status, data = connection.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            try:
                outcome = _handle(connection, uid, max_bytes)
            except DomainError as refused:  # one bad mail never stops the others
                logger.warning("Mail UID %s of %s left for a person: %s", uid.decode(),
                               mailbox.folder, refused.message)  # fmt: skip
                report.failed += 1
                connection.uid("STORE", uid, "+FLAGS", FOR_A_PERSON)
                continue
            except CONNECTION_LOST:
                raise
            except Exception:
                # Not the mail's fault as far as we know (the database, a bug): it stays
                # unread for the next run, flagged so that a person sees it if it keeps failing.
                logger.exception("Mail UID %s of %s not handled, tried again next run",
                                 uid.decode(), mailbox.folder)  # fmt: skip
                report.failed += 1
                connection.uid("STORE", uid, "+FLAGS", TRY_AGAIN)
                continue
            report.outcomes.append(outcome)
            if outcome.for_a_person:
                connection.uid("STORE", uid, "+FLAGS", FOR_A_PERSON)
                continue
            # Handled, perhaps at a second try: nothing left for a person.
            connection.uid("STORE", uid, "-FLAGS", TRY_AGAIN)
            connection.uid("STORE", uid, "+FLAGS", READ)
    except CONNECTION_LOST:
        lost = True
        raise
    finally:
        _close(connection, lost=lost)
    return report


def _close(connection: imaplib.IMAP4, *, lost: bool) -> None:
    with contextlib.suppress(imaplib.IMAP4.error, OSError):
        if lost:
            # A LOGOUT to a server that stopped answering would wait as long again.
            connection.shutdown()
        else:
            connection.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
