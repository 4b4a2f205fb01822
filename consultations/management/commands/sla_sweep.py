from dataclasses import astuple

from consultations.sweep import consultation_sla_sweep
from pst.management.periodic import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Online consultations: remind officers of answers due within one working day, tell "
        "supervisors of overdue ones, remind of requests not reviewed in time (officers, then "
        "supervisors), cancel clarifications unanswered for 14 days, close "
        "answers unconfirmed for 7 days, cancel appointments on a day the office closed since, "
        "remind appointments the working day before, end visits whose day passed, move later "
        "the due dates that counted a day the office closed since. Sends "
        "nothing twice: cron every 15 minutes."
    )

    def handle(self, *args, **options) -> None:
        result = consultation_sla_sweep()
        self.summary(
            f"due soon: {result.due_soon}, overdue: {result.overdue}, "
            f"cancelled: {result.cancelled}, closed: {result.closed}, "
            f"appointments reminded: {result.reminded}, missed: {result.missed}, "
            f"cancelled (office closed): {result.office_closed}, "
            f"review late: {result.review_late}, reported: {result.review_escalated}, "
            f"due dates moved: {result.due_moved}",
            did_something=any(astuple(result)),
        )
