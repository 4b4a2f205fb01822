import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consultations.mail.services import mail_receive
from pst.errors import DomainError

logger = logging.getLogger("consultations.mail")

# sysexits.h, as mail servers read a delivery program's exit: the mail cannot be taken
# (bounced to its sender with the message) or try again later (kept in the server's queue).
EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = (
        "Email in: read one mail (RFC 822) on standard input, for a mail server that pipes "
        "mail to a program. Exit 0 when it is stored or deliberately ignored (automatic "
        "reply, bounce, duplicate); 65 when it cannot be taken; 75 to be tried again."
    )

    def handle(self, *args, **options) -> None:
        raw = sys.stdin.buffer.read(settings.MAIL_IN_MAX_BYTES + 1)
        try:
            outcome = mail_receive(raw=raw)
        except DomainError as error:
            raise CommandError(str(error.message), returncode=EX_DATAERR) from error
        except Exception as error:  # the database, the disk: the mail server keeps it
            logger.exception("Mail on standard input not stored")
            raise CommandError(f"Not stored, try again: {error}", returncode=EX_TEMPFAIL) from error
        reason = f" ({outcome.reason})" if outcome.reason else ""
        self.stdout.write(f"{outcome.kind}{reason}: consultation {outcome.consultation_id}")
