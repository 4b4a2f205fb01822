"""The supervisor's service levels and the complaints' pages one at a time: the service-level
report `/supervisor/service-levels/` (a busy past month, the current month) and its exports
(the month's calls and consultations, CSV and XLSX), the complaint figures
`/supervisor/complaints/` (the same two months) and their export, the complaint form, the
tracking page (and a code typed into it), the supervisors' queue `/complaints/`, a
complaint's page and the form that records a rating's comment as a complaint, timed inside a
gunicorn worker as multiples of /healthz.

    benchmarks/report_pages.sh                 # gunicorn with production settings + this script
    .venv/bin/python benchmarks/report_pages.py prepare > benchmarks/results/report_prep.json
    .venv/bin/python benchmarks/report_pages.py measure --host 127.0.0.1:8200 --rounds 30 \\
        --prep benchmarks/results/report_prep.json \\
        --client-out benchmarks/results/report_client.json   # against a running gunicorn
    .venv/bin/python benchmarks/report_pages.py report \\
        --log benchmarks/results/report_access.log --prep benchmarks/results/report_prep.json \\
        --client benchmarks/results/report_client.json
    .venv/bin/python benchmarks/report_pages.py queries --prep benchmarks/results/report_prep.json
    .venv/bin/python benchmarks/report_pages.py explain   # EXPLAIN ANALYZE of the busy month

Data of `generate_ratings.py` (6571's year of walk-in tickets and calls, on
`generate_online.py`'s consultations) and `generate_complaints.py`. `measure`, `report` and
`queries` are pagebench's, as for `ratings_pages.py`. `prepare` picks the month before this one
with the most calls at 6571, a complaint with the longest history, the tracking code of a
closed one, the latest rating with a comment, and prints them with the data's counts.
`explain` prints EXPLAIN (ANALYZE, BUFFERS) of every statement the busy month's report and
its two exports send, of the complaint figures' (with their first page of late ones) and
their export, and of the queue's pages and a complaint's history; then the online figures
and the consultations' export again with the indexes PROPOSED_INDEXES, created in a
transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import sys

from benchenv import django_setup
from pagebench import Suite, busy_month_exports, main
from ratings_pages import ACCOUNTS, OFFICE


def busy_month(office):
    """The month before this one with the most calls at `office`, and this month."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from complaints.reports.periods import Month
    from queueing.models import EventKind, TicketEvent
    from queueing.selectors import office_today

    this_month = Month.of(office_today(office))
    by_month = (
        TicketEvent.objects.filter(office=office, kind=EventKind.CALLED)
        .annotate(month=TruncMonth("service_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    months = (Month.of(row["month"]) for row in by_month)
    return next(m for m in months if m != this_month), this_month


def prepare(args: argparse.Namespace) -> dict:
    django_setup()
    from django.db.models import Count
    from django.utils import timezone

    from complaints.handling.models import Complaint, ComplaintEvent, ComplaintStatus
    from complaints.reports import selectors_complaints as figures
    from complaints.reports import selectors_online as online
    from complaints.reports import selectors_service_levels as levels
    from complaints.surveys.models import SurveyResponse
    from pst.models import Office
    from queueing.models import Ticket

    office = Office.objects.get(code=OFFICE)
    busy, this_month = busy_month(office)
    complaints = Complaint.objects.of_office(office)
    longest = complaints.annotate(n=Count("events")).order_by("-n", "-pk").first()
    tracked = complaints.filter(status=ComplaintStatus.RESOLVED).latest("received_at")
    commented = (
        SurveyResponse.objects.filter(office=office, complaint__isnull=True)
        .exclude(comment="")
        .latest("submitted_at")
    )

    def month_counts(month) -> dict:
        calls = levels.month_calls(office, month)
        return {
            "calls": calls.count(),
            "breaches": levels.month_breaches(office, month).count(),
            "consultations": online.month_consultations(office, month).count(),
            "complaints": figures.month_complaints(office, month).count(),
            "complaints_late": figures.month_past_due(office, month).count(),
        }

    statuses = complaints.values("status").annotate(n=Count("pk")).order_by("status")
    return {
        "office": OFFICE,
        "accounts": ACCOUNTS,
        "busy_month": busy.key,
        "this_month": this_month.key,
        "complaint": longest.pk,
        "complaint_events": longest.n,
        "track_code": tracked.display_code,
        "rating_commented": commented.pk,
        "counts": {
            f"busy_month {busy.key}": month_counts(busy),
            f"this_month {this_month.key}": month_counts(this_month),
            "tickets_office": Ticket.objects.filter(office=office).count(),
            "complaints_office": complaints.count(),
            "complaints_by_status": {row["status"]: row["n"] for row in statuses},
            "complaints_overdue": complaints.overdue(timezone.now()).count(),
            "complaint_events": ComplaintEvent.objects.count(),
        },
    }


def plan(prep: dict) -> list[dict]:
    """name, persona (None: anonymous), path, and the POST's form."""
    busy, now = prep["busy_month"], prep["this_month"]
    sup = "supervisor"
    levels = "/supervisor/service-levels/"
    pages = [
        {"name": "service levels ?month=busy", "path": f"{levels}?month={busy}", "persona": sup},
        {"name": "service levels (this month)", "path": f"{levels}?month={now}", "persona": sup},
        *busy_month_exports(levels, "calls", busy, persona=sup),
        *busy_month_exports(levels, "consultations", busy, persona=sup),
    ]
    figures = "/supervisor/complaints/"
    pages += [
        {"name": "complaints ?month=busy", "path": f"{figures}?month={busy}", "persona": sup},
        {"name": "complaints (this month)", "path": f"{figures}?month={now}", "persona": sup},
        *busy_month_exports(figures, "complaints", busy, persona=sup),
    ]
    track = "/complaints/track/"
    pages += [
        {"name": "complaint form /complaints/new/", "path": f"/complaints/new/?office={OFFICE}"},
        {"name": "track: form", "path": track},
        {
            "name": "track: POST a code",
            "method": "POST",
            "path": track,
            "query_path": track,  # a code may be looked up any number of times
            "form_from": track,
            "form": {"code": prep["track_code"]},
        },
        {"name": "queue /complaints/ (open)", "path": "/complaints/", "persona": sup},
        {"name": "queue ?show=resolved", "path": "/complaints/?show=resolved", "persona": sup},
        {"name": "queue ?show=all", "path": "/complaints/?show=all", "persona": sup},
        {
            "name": "complaint /complaints/[id]/",
            "path": f"/complaints/{prep['complaint']}/",
            "persona": sup,
        },
        {
            "name": "a rating's comment to record /complaints/record/rating/[id]/",
            "path": f"/complaints/record/rating/{prep['rating_commented']}/",
            "persona": sup,
        },
    ]
    return pages


# Proposed, not in the application: one index per date the online figures select a month by.
PROPOSED_INDEXES = [
    f"CREATE INDEX bench_consultation_{column} ON consultations_consultation (office_id, {column})"
    for column in ("created_at", "accepted_at", "answered_at", "reopened_at", "first_answered_at")
]


def explain_with_indexes(office, month) -> None:
    """The online figures and the consultations' export of `month` with PROPOSED_INDEXES, in
    a transaction rolled back afterwards (the database is left as it was)."""
    from django.db import connection, transaction
    from online_pages import explain_reads

    from complaints.reports import selectors_online as online

    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in PROPOSED_INDEXES:
                cursor.execute(statement)
            cursor.execute("ANALYZE consultations_consultation")
        explain_reads(
            f"with the proposed indexes: online figures {month.key}",
            lambda: online.online_figures(office, month),
        )
        explain_reads(
            f"with the proposed indexes: consultations export {month.key}",
            lambda: list(online.month_consultations(office, month)),
        )
        transaction.set_rollback(True)


def explain() -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement the busy month's report (with its first
    page of breaches) and its exports send, of the queue's pages and of a complaint's page."""
    django_setup()
    from django.core.paginator import Paginator
    from online_pages import explain_reads

    from complaints.handling import selectors
    from complaints.handling.models import Complaint
    from complaints.reports import selectors_complaints as figures
    from complaints.reports import selectors_online as online
    from complaints.reports import selectors_service_levels as levels
    from complaints.reports.views import BREACHES_PER_PAGE, PAST_DUE_PER_PAGE
    from pst.models import Office

    office = Office.objects.get(code=OFFICE)
    busy, _this_month = busy_month(office)
    explain_reads(f"report {busy.key}", lambda: levels.service_level_report(office, busy))
    breaches = Paginator(levels.month_breaches(office, busy), BREACHES_PER_PAGE)
    explain_reads(f"breaches {busy.key} page 1", lambda: list(breaches.get_page(1)))
    explain_reads(f"calls export {busy.key}", lambda: list(levels.month_calls(office, busy)))
    explain_reads(
        f"consultations export {busy.key}",
        lambda: list(online.month_consultations(office, busy)),
    )
    explain_reads(f"complaint report {busy.key}", lambda: figures.complaint_report(office, busy))
    late = Paginator(figures.month_past_due(office, busy), PAST_DUE_PER_PAGE)
    explain_reads(f"late complaints {busy.key} page 1", lambda: list(late.get_page(1)))
    explain_reads(
        f"complaints export {busy.key}", lambda: list(figures.month_complaints(office, busy))
    )
    for show in (selectors.SHOW_OPEN, "resolved", selectors.SHOW_ALL):
        queue = Paginator(selectors.complaint_queue(office, show), selectors.QUEUE_PAGE_SIZE)
        explain_reads(f"queue {show} page 1", lambda q=queue: list(q.get_page(1)))
    complaint = Complaint.objects.of_office(office).latest("received_at")
    explain_reads(
        "complaint history",
        lambda: selectors.complaint_history(complaint, public_only=False),
    )
    explain_with_indexes(office, busy)


SUITE = Suite(
    name="report_pages",
    doc=__doc__,
    prepare=prepare,
    plan=plan,
    commands={"explain": explain},
)

if __name__ == "__main__":
    sys.exit(main(SUITE))
