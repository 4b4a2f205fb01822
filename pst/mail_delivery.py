"""Handing one email to the mail server, and what a failure means (product trial O, O1):

- `MailDeferred`: the server or the network failed for a moment (connection refused or cut,
  a timeout, a 4xx answer, a refused sign-in or TLS set-up, which the operator can fix):
  worth trying again;
- `MailRefused`: the server refused this message or its recipient (a 5xx answer), or the
  message could not be built: trying again would fail again;
- `MailOutcomeUnknown`: the message's last line had reached the server and its answer never
  came: the server may have it, so it is never sent again by itself (no email twice).

Each carries a one-line reason in which every address is masked: it is what the logs, the
task row and `manage.py mail_status` show. No model is imported here (LOGGING loads
`RetriedMailLogFilter` before the apps)."""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable

from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)

ADDRESS = re.compile(r"[^\s<>()\[\]{}'\",;:]+@[^\s<>()\[\]{}'\",;:]+")
# What smtplib sends last: the message's final line (RFC 5321, 4.1.1.4).
END_OF_DATA = b"\r\n.\r\n"
# The connection dropped, or the sign-in or TLS set-up was refused: a server restarting, a
# password being changed. Every email fails alike until it is fixed, and then goes.
CONNECTION_FAILURES = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)


class MailNotSent(Exception):
    """The email did not (knowingly) reach the server; `str()` names no address in full."""


class MailDeferred(MailNotSent):
    pass


class MailRefused(MailNotSent):
    pass


class MailOutcomeUnknown(MailNotSent):
    pass


def addresses_masked(text: str) -> str:
    from pst.personal_data import mask_email

    return ADDRESS.sub(lambda found: mask_email(found.group(0)), text)


def reason(error: BaseException) -> str:
    """One line: the error's kind and text, addresses masked."""
    text = " ".join(str(error).split())
    return addresses_masked(f"{type(error).__name__}: {text}" if text else type(error).__name__)


def _smtp_code(error: BaseException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # All were refused: worth another try only if every refusal was temporary.
        codes = [code for code, _text in error.recipients.values()]
        return max(codes) if codes else None
    return getattr(error, "smtp_code", None)


def failure(error: BaseException, *, handed_over: bool) -> MailNotSent:
    """What a failure of one attempt means. `handed_over`: the message's last line had left
    for the server."""
    why = reason(error)
    code = _smtp_code(error)
    if handed_over and code is None:
        return MailOutcomeUnknown(
            f"{why} (after the whole message reached the server: it may have been delivered)"
        )
    if isinstance(error, CONNECTION_FAILURES):
        return MailDeferred(why)
    if code is not None:
        return MailRefused(why) if code >= 500 else MailDeferred(why)
    if isinstance(error, OSError):  # refused, reset, timed out, no such host, TLS
        return MailDeferred(why)
    return MailRefused(why)


def deliver(message: EmailMessage, *, handing_over: Callable[[], None]) -> None:
    """Send `message` on a connection of its own, raising `MailNotSent`. `handing_over` is
    called just before the message's last line leaves for the server (SMTP only): from then
    on the server may have it. What fails once the server has accepted the message (closing
    the connection) is not the message's failure."""
    connection = get_connection()
    watch = _Handover(handing_over)
    try:
        connection.open()  # connect, TLS, sign in: nothing of the message has left yet
        watch.follow(getattr(connection, "connection", None))
        connection.send_messages([message])
    except Exception as error:  # every failure is classified, none is lost
        raise failure(error, handed_over=watch.handed_over) from None
    except SystemExit:
        # db_worker told to stop at once (a second SIGINT or SIGTERM) in the middle of it:
        # the worker ends after this task whatever it raises; the email is not lost.
        raise failure(
            InterruptedError("the worker was stopped"), handed_over=watch.handed_over
        ) from None
    finally:
        try:
            connection.close()
        except Exception as error:  # the message is already decided
            logger.debug("Closing the mail connection failed: %s", reason(error))


class _Handover:
    """Notes when smtplib sends the message's last line (`SMTP.data` sends the whole message
    ending with it in one `send`): a failure before then never reached the server's
    acceptance, one after it may have."""

    def __init__(self, handing_over: Callable[[], None]) -> None:
        self.handing_over = handing_over
        self.handed_over = False

    def follow(self, smtp: object) -> None:
        if not isinstance(smtp, smtplib.SMTP):
            return
        send = smtp.send

        def watched(data: bytes | str) -> None:
            last = data.endswith(END_OF_DATA if isinstance(data, bytes) else END_OF_DATA.decode())
            if last:
                self.handing_over()
            send(data)
            if last:
                self.handed_over = True

        smtp.send = watched


class RetriedMailLogFilter(logging.Filter):
    """django-tasks logs every failed task with its traceback at ERROR. For an email that
    failed as `MailNotSent` the portal logs its own line (pst.mail_queue: trying again at …,
    or given up), the address masked: theirs would only repeat it."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, MailNotSent)
