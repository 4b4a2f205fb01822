import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

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
        "reply, bounce, duplicate); 65 when it cannot be taken (bounced: too large, a "
        "stranger writing to a consultation's reply address, a sender over "
        "MAIL_IN_PER_SENDER_PER_HOUR, a reply to a consultation whose requester deleted their "
        "account); 75 to be tried again (the database)."
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
        # A mail a person may want is never dropped without a trace (trial H, H5): a stranger
        # writing to a reply address, or an address over the hourly limit, is bounced with
        # the reason (in their language, when the mail's outcome carries what it tells). Not
        # "try again later" for the flood: the server would retry until every
        # mail of a loop got in (review); a bounce ends a loop, bounces being ignored here.
        if outcome.kind == "ignored" and outcome.told:
            raise CommandError(outcome.told, returncode=EX_DATAERR)
        with translation.override(settings.LANGUAGE_CODE):  # the bounce reaches a person
            if outcome.kind == "ignored" and outcome.reason == "flood":
                raise CommandError(
                    _("Too many emails from this address this hour: try again later."),
                    returncode=EX_DATAERR,
                )
            if outcome.kind == "ignored" and outcome.reason == "stranger":
                raise CommandError(
                    _("Only the requester's address can write to this consultation: write "
                      "from the address it was opened with, or on the consultation's page."),
                    returncode=EX_DATAERR,
                )  # fmt: skip
        reason = f" ({outcome.reason})" if outcome.reason else ""
        self.stdout.write(f"{outcome.kind}{reason}: {outcome.where}")
