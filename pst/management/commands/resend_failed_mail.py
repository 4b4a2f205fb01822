import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pst.mail_queue import mail_resend_failed, recipients_masked, uses_database_backend


class Command(BaseCommand):
    help = (
        "Put failed emails back in the queue, with all their attempts again (db_worker sends "
        "them): those that failed in the last --days, or only the ones named by id "
        "(mail_status lists them). One that may have been delivered (the server never "
        "answered after the whole message reached it) is sent again only when named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", metavar="ID", help="Task ids (mail_status).")
        parser.add_argument(
            "--days", type=int, default=7, help="Without ids: failed in the last N days (7)."
        )

    def handle(self, *args, ids: list[str], days: int, **options) -> None:
        if not uses_database_backend():
            raise CommandError("TASKS_BACKEND is the immediate backend: no failed email is kept.")
        if not 1 <= days <= 366:
            raise CommandError("--days must be between 1 and 366.")
        ids = [_task_id(value) for value in ids]
        rows = mail_resend_failed(ids=ids, days=days)
        for row in rows:
            self.stdout.write(
                f"  {row.pk}  {recipients_masked(row.args_kwargs.get('kwargs') or {})}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} email(s) queued again."))
        missing = set(ids) - {str(row.pk) for row in rows}
        if missing:
            raise CommandError(f"Not a failed email: {', '.join(sorted(missing))}")


def _task_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise CommandError(f"Not a task id: {value!r}") from None
