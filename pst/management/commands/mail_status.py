from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pst.mail_queue import (
    failure_reason,
    local_time,
    mail_failed,
    mail_summary,
    recipients_masked,
    uses_database_backend,
)


class Command(BaseCommand):
    help = (
        "The emails of the database task backend: waiting, to be tried again, being sent, "
        "sent and failed in the last --days (each failed one with its masked address, "
        "subject, attempts and reason). resend_failed_mail sends failed ones again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="Period looked at (default 7).")

    def handle(self, *args, days: int, **options) -> None:
        if not 1 <= days <= 366:
            raise CommandError("--days must be between 1 and 366.")
        if not uses_database_backend():
            self.stdout.write(
                "TASKS_BACKEND is the immediate backend: emails are sent inside the request "
                "and none is kept; a failure is only in the log (pst.mail_queue)."
            )
            return
        now = timezone.now()
        counts = mail_summary(days=days, now=now)
        failed = list(mail_failed(days=days, now=now))
        write = self.stdout.write
        write(f"waiting to be sent: {counts['waiting']}")
        if counts["waiting_late"]:
            write(f"  {counts['waiting_late']} due more than 15 minutes ago: is db_worker running?")
        retry = f", next at {local_time(counts['next_retry'])}" if counts["next_retry"] else ""
        write(f"to be tried again: {counts['retrying']}{retry}")
        write(f"being sent: {counts['running']}")
        if counts["running_long"]:
            write(
                f"  {counts['running_long']} for more than 15 minutes: did its worker stop? "
                "(requeue_stale_mail)"
            )
        write(f"sent in the last {days} day(s): {counts['sent']}")
        write(f"failed in the last {days} day(s): {len(failed)}")
        for row in failed:
            kwargs = row.args_kwargs.get("kwargs") or {}
            write(
                f"  {local_time(row.finished_at)}  {row.pk}  {recipients_masked(kwargs)}  "
                f"attempts: {len(row.worker_ids)}  subject: {kwargs.get('subject', '')!r}"
            )
            write(f"    {failure_reason(row.exception_class_path, row.traceback)}")
        if failed:
            write(
                f"Send them again: manage.py resend_failed_mail --days {days} (or name them "
                "by id; one that may have been delivered is sent again only when named)."
            )
