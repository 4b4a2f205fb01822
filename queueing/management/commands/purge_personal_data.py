import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from pst.management.periodic import PeriodicCommand
from pst.models import Office
from pst.personal_data import personal_data_access_purge
from pst.sign_in_records import sign_in_records_prune
from pst.signals import retention_ended
from queueing.guestbook.services import guestbook_purge


class Command(PeriodicCommand):
    help = (
        "Anonymise guestbook entries older than GUESTBOOK_RETENTION_DAYS (default 2 years): "
        "names, contacts, card digits and free text are blanked; the categories stay so "
        "statistics do not change; the other apps blank what they keep of people without an "
        "account (consultations: contacts written at the desk, and those of requests by "
        "WhatsApp, phone or email that ended that long ago). Sign-in records older than "
        "SIGN_IN_RECORD_DAYS (default 90) and rows of the personal-data access log older than "
        "ACCESS_LOG_RETENTION_DAYS (default 3 years) are deleted. Run daily from cron."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the GUESTBOOK_RETENTION_DAYS setting). The "
            "access log keeps its own, ACCESS_LOG_RETENTION_DAYS.",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        days = settings.GUESTBOOK_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention must be at least one day.")
        total = others = 0
        for office in Office.objects.all():
            # Each office's own calendar day: visit dates are office-local.
            before = office.local_now().date() - dt.timedelta(days=days)
            total += guestbook_purge(office=office, before=before)
            # What the other apps keep of those visits (a contact written at the desk).
            others += sum(n for _r, n in retention_ended.send(Office, office=office, before=before))
        log_days = settings.ACCESS_LOG_RETENTION_DAYS
        if log_days < 1:
            raise CommandError("ACCESS_LOG_RETENTION_DAYS must be at least one day.")
        # A moment, not an office's day: a row's time is the moment of the look.
        looks = personal_data_access_purge(before=timezone.now() - dt.timedelta(days=log_days))
        # Kept for security, not per office: their own, shorter period.
        sign_ins = sign_in_records_prune()
        self.summary(
            f"{total} guestbook entr{'y' if total == 1 else 'ies'} older than {days} days "
            f"anonymised; {others} other record(s) anonymised; {sign_ins} sign-in record(s) "
            f"older than {settings.SIGN_IN_RECORD_DAYS} days deleted; {looks} access-log "
            f"row(s) older than {log_days} days deleted",
            did_something=bool(total or others or sign_ins or looks),
        )
