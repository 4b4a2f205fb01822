from pst.management.periodic import PeriodicCommand
from pst.models import Office
from queueing.desk_sessions import desk_sessions_close_day
from queueing.services import queue_close_day


class Command(PeriodicCommand):
    help = (
        "Close tickets still open after closing time as not served (one being served is "
        "finished), and end the desk sessions officers left open (at the closing time, or "
        "their last action at the desk if later). Nothing is deleted. Safe to run often: "
        "cron every 15 minutes."
    )

    def handle(self, *args, **options) -> None:
        total = ended = 0
        for office in Office.objects.active():
            closed = queue_close_day(office=office)
            left = desk_sessions_close_day(office=office)
            if closed:
                self.stdout.write(f"{office.code}: {closed} ticket(s) closed")
            if left:
                self.stdout.write(f"{office.code}: {left} desk session(s) ended")
            total += closed
            ended += left
        text = f"{total} ticket(s) closed" + (f", {ended} desk session(s) ended" if ended else "")
        self.summary(text, did_something=total > 0 or ended > 0)
