from django.core.management.base import BaseCommand

from consultations.stored_files import ORPHAN_AFTER, attachment_orphans_remove


class Command(BaseCommand):
    help = (
        "Delete stored attachment files that no attachment names any more (their message was "
        f"never saved, or was deleted), once older than {ORPHAN_AFTER.days} day. Run daily "
        "from cron; safe to run again at once."
    )

    def handle(self, *args, **options) -> None:
        result = attachment_orphans_remove()
        self.stdout.write(
            self.style.SUCCESS(
                f"orphan files removed: {result.removed} ({result.bytes_freed} bytes)"
            )
        )
