from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from pst.mail_queue import mail_requeue_stale
from pst.management.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Emails a stopped db_worker left being sent (RUNNING for more than --minutes) go back "
        "in the queue; one whose message had already reached the server is left failed as "
        "'may have been delivered' (mail_status, resend_failed_mail). Run before db_worker "
        "starts and from cron every 15 minutes; safe to run again at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=15,
            help="How long an attempt may run before its worker counts as stopped (default "
            "15; keep it well above EMAIL_TIMEOUT).",
        )

    def handle(self, *args, minutes: int, **options) -> None:
        if not 1 <= minutes <= 7 * 24 * 60:
            raise CommandError("--minutes must be between 1 and 10080.")
        if minutes * 60 < 10 * settings.EMAIL_TIMEOUT:
            # A slow but live attempt waits up to EMAIL_TIMEOUT at each of its steps.
            raise CommandError(
                f"--minutes must be at least 10 × EMAIL_TIMEOUT ({settings.EMAIL_TIMEOUT} s)."
            )
        result = mail_requeue_stale(minutes=minutes)
        self.summary(
            f"emails queued again: {result.requeued}, may have been delivered (left failed): "
            f"{result.maybe_delivered}, given up: {result.given_up}",
            did_something=bool(result.requeued or result.maybe_delivered or result.given_up),
        )
