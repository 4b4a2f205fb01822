from django.conf import settings
from django.core.management.base import CommandError

from consultations.mail.imap import Mailbox, mailbox_fetch
from pst.management.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Email in: read the unread mail of the office mailbox over IMAP (MAIL_IN_* settings) "
        "into the consultations. Handled mail is marked read; mail that could not be handled "
        "is flagged and logged. Safe to run again at once: cron every 5 minutes."
    )

    def handle(self, *args, **options) -> None:
        if not settings.MAIL_IN_HOST or not settings.MAIL_IN_USER:
            raise CommandError("Set MAIL_IN_HOST, MAIL_IN_USER and MAIL_IN_PASSWORD first.")
        mailbox = Mailbox(
            host=settings.MAIL_IN_HOST,
            port=settings.MAIL_IN_PORT,
            user=settings.MAIL_IN_USER,
            password=settings.MAIL_IN_PASSWORD,
            folder=settings.MAIL_IN_FOLDER,
            use_ssl=settings.MAIL_IN_SSL,
            timeout=settings.MAIL_IN_TIMEOUT,
        )
        try:
            report = mailbox_fetch(mailbox, max_bytes=settings.MAIL_IN_MAX_BYTES)
        except TimeoutError as error:  # the server took the connection and stopped answering
            raise CommandError(
                f"Mailbox {mailbox.user}@{mailbox.host}: no answer within "
                f"{mailbox.timeout:g} seconds (MAIL_IN_TIMEOUT); nothing was marked read"
            ) from error
        except Exception as error:  # the mailbox itself: unreachable, refused sign-in
            raise CommandError(f"Mailbox {mailbox.user}@{mailbox.host}: {error}") from error
        stored = sum(1 for outcome in report.outcomes if outcome.stored)
        self.summary(
            f"stored: {stored}, duplicates: {report.count('duplicate')}, "
            f"ignored: {report.count('ignored')}, left for a person: {report.failed}",
            did_something=bool(report.outcomes) or bool(report.failed),
        )
