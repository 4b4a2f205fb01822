from pst.management.periodic import PeriodicCommand
from pst.stored_files import ORPHAN_AFTER, orphan_files_remove


class Command(PeriodicCommand):
    help = (
        "Delete stored uploads (consultation attachments, complaint evidence) that no row "
        f"names any more (never saved, or deleted), once older than {ORPHAN_AFTER.days} day. "
        "Run daily from cron; safe to run again at once."
    )

    def handle(self, *args, **options) -> None:
        result = orphan_files_remove()
        self.summary(
            f"orphan files removed: {result.removed} ({result.bytes_freed} bytes)",
            did_something=result.removed > 0,
        )
