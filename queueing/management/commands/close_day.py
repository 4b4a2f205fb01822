from pst.management.periodic import PeriodicCommand
from pst.models import Office
from queueing.services import queue_close_day


class Command(PeriodicCommand):
    help = (
        "Close tickets still open after closing time as not served (one being served is "
        "finished). Nothing is deleted. Safe to run often: cron every 15 minutes."
    )

    def handle(self, *args, **options) -> None:
        total = 0
        for office in Office.objects.active():
            closed = queue_close_day(office=office)
            if closed:
                self.stdout.write(f"{office.code}: {closed} ticket(s) closed")
            total += closed
        self.summary(f"{total} ticket(s) closed", did_something=total > 0)
