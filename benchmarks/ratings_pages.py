"""The satisfaction survey's pages one at a time: the rating page `/rate/<token>/` (the form,
a rating sent, a link already used) and the supervisor's report `/supervisor/` (a busy month,
the current month, by channel, pages of comments, the CSV and XLSX export), timed inside a
gunicorn worker as multiples of /healthz.

    benchmarks/ratings_pages.sh                # gunicorn with production settings + this script
    .venv/bin/python benchmarks/ratings_pages.py prepare --posts 30 \\
        > benchmarks/results/ratings_prep.json
    .venv/bin/python benchmarks/ratings_pages.py measure --host 127.0.0.1:8200 --rounds 30 \\
        --prep benchmarks/results/ratings_prep.json \\
        --client-out benchmarks/results/ratings_client.json   # against a running gunicorn
    .venv/bin/python benchmarks/ratings_pages.py report \\
        --log benchmarks/results/ratings_access.log --prep benchmarks/results/ratings_prep.json \\
        --client benchmarks/results/ratings_client.json
    .venv/bin/python benchmarks/ratings_pages.py queries --prep benchmarks/results/ratings_prep.json
    .venv/bin/python benchmarks/ratings_pages.py explain      # EXPLAIN ANALYZE of the report

Data of `generate_ratings.py` (on `generate_online.py`'s). `measure`, `report` and `queries`
are pagebench's, as for `pages.py`: each request right after a GET /healthz, one at a time,
named in `X-Bench-Page` so gunicorn's access log holds each page's `%(D)s` (µs inside the
worker); ratios to the median /healthz of the same run. `prepare` picks what the pages need —
rateable tickets and consultations of 6571 (served within SURVEY_DAYS, a day to spare, no
rating): one for each GET of the form, `--posts` for each POST row (a rating link works once,
so each round rates another one) and one more for `queries` to count a POST; a rated ticket;
the busiest month before this one and its last page of comments — and prints them with the
data's counts. The tokens are signed with SECRET_KEY: prepare, gunicorn and queries must share
it (pagebench/run.sh exports one for all three). `explain` prints EXPLAIN (ANALYZE, BUFFERS) of
every statement the report, the comments page and the export send for the busy month, and of
the navigation's inbox badge that each of the supervisor's pages also runs.
"""

from __future__ import annotations

import argparse
import sys

from benchenv import django_setup
from pagebench import Suite, busy_month_exports, main

OFFICE = "6571"
ACCOUNTS = {"supervisor": f"supervisor.{OFFICE}@bench.pst"}
COMMENTS_PER_PAGE = 25  # complaints.reports.views.COMMENTS_PER_PAGE


def rateable(office, kind: str, count: int) -> list[int]:
    """`count` pks of `kind` ("ticket", "consultation") of `office` that a link can rate now
    and for the next day: served within SURVEY_DAYS less a day, no rating. Newest first."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from consultations.models import Consultation, ConsultationStatus
    from queueing.models import Ticket, TicketStatus

    since = timezone.now() - dt.timedelta(days=settings.SURVEY_DAYS - 1)
    if kind == "ticket":
        found = Ticket.objects.filter(
            office=office, status=TicketStatus.DONE, finished_at__gte=since
        ).order_by("-finished_at", "pk")
    else:
        found = Consultation.objects.filter(
            office=office,
            status__in=(ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED),
            ticket__isnull=True,
            answered_at__gte=since,
        ).order_by("-answered_at", "pk")
    pks = list(found.filter(rating__isnull=True).values_list("pk", flat=True)[:count])
    if len(pks) < count:
        raise SystemExit(f"only {len(pks)} rateable {kind}s, {count} needed: generate more")
    return pks


def prepare(args: argparse.Namespace) -> dict:
    django_setup()
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from complaints.reports.periods import Month
    from complaints.reports.selectors import ratings_of_month
    from complaints.surveys.models import SurveyResponse
    from consultations.models import Channel, Consultation
    from pst.models import Office
    from pst.rating_links import rating_path
    from queueing.models import Ticket
    from queueing.selectors import office_today

    office = Office.objects.get(code=OFFICE)
    zone = office.zoneinfo
    this_month = Month.of(office_today(office))
    by_month = (
        SurveyResponse.objects.of_office(office)
        .annotate(month=TruncMonth("submitted_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    busy = next(
        Month.of(row["month"].date())
        for row in by_month
        if Month.of(row["month"].date()) != this_month
    )
    tickets = rateable(office, "ticket", args.posts + 2)
    consultations = rateable(office, "consultation", args.posts + 2)
    rated = SurveyResponse.objects.filter(office=office, ticket__isnull=False).latest("pk")
    first = SurveyResponse.objects.of_office(office).earliest("submitted_at").submitted_at

    def paths(kind, pks):
        return [rating_path(kind, pk) for pk in pks]

    def month_counts(month: Month) -> dict:
        ratings = ratings_of_month(office, month)
        return {
            "ratings": ratings.count(),
            "walk_in": ratings.filter(channel=Channel.WALK_IN).count(),
            "comments": ratings.exclude(comment="").count(),
        }

    busy_counts = month_counts(busy)
    return {
        "office": OFFICE,
        "accounts": ACCOUNTS,
        "busy_month": busy.key,
        "busy_last_page": max(1, -(-busy_counts["comments"] // COMMENTS_PER_PAGE)),
        "this_month": this_month.key,
        # The month before the first rating, for `queries` only.
        "empty_month": Month.of(first.astimezone(zone).date()).previous.key,
        "rate": {
            # [0]: the form's GET, [1]: kept for `queries`' POST, [2:]: one a POST round.
            "ticket": paths("ticket", tickets),
            "consultation": paths("consultation", consultations),
            "rated_ticket": rating_path("ticket", rated.ticket_id),
        },
        "counts": {
            "ratings": SurveyResponse.objects.count(),
            "ratings_office": SurveyResponse.objects.of_office(office).count(),
            "ratings_office_walk_in": SurveyResponse.objects.of_office(office)
            .filter(channel=Channel.WALK_IN)
            .count(),
            "ratings_office_comments": SurveyResponse.objects.of_office(office)
            .exclude(comment="")
            .count(),
            f"busy_month {busy.key}": busy_counts,
            f"this_month {this_month.key}": month_counts(this_month),
            "tickets_office": Ticket.objects.filter(office=office).count(),
            "consultations_office": Consultation.objects.filter(office=office).count(),
            "consultations": Consultation.objects.count(),
        },
    }


# The answers of the POST rounds, taken in turn (a few shapes: all good, mixed, a comment).
FORM = {
    "requirements": ["4", "3", "4", "3", "2"],
    "procedure": ["4", "3", "3", "4", "2"],
    "turnaround": ["3", "3", "4", "3", "1"],
    "cost": ["4", "4", "4", "4", "3"],
    "product": ["4", "3", "3", "4", "2"],
    "competence": ["4", "4", "3", "4", "3"],
    "conduct": ["4", "4", "4", "3", "3"],
    "complaint_handling": ["3", "3", "4", "3", "2"],
    "facilities": ["3", "4", "3", "3", "2"],
    "sex": ["female", "male", "female", "male", "female"],
    "education": ["bachelor", "secondary", "master", "bachelor", "diploma"],
    "occupation": ["student", "civil_servant", "researcher", "private", "student"],
    "comment": [
        "",
        "Pelayanan cepat dan petugasnya ramah. Terima kasih.",
        "",
        "Mohon disediakan colokan listrik di ruang tunggu untuk mengisi daya laptop. Secara "
        "umum pelayanan sudah baik.",
        "Saya menunggu cukup lama sebelum dipanggil ke meja layanan.\nRuang tunggu terasa "
        "panas karena pendingin ruangan tidak menyala.",
    ],
}


def rating_rows(target: str, paths: list[str]) -> list[dict]:
    """The rating page of a ticket or a consultation: its form, and a rating sent. `paths` as
    prepare gives them: [0] the form's GET, [1] kept for `queries`' POST, [2:] one a POST round
    (a rating link works once)."""
    return [
        {"name": f"rate {target}: form", "path": paths[0]},
        {
            "name": f"rate {target}: POST rating",
            "method": "POST",
            "path": paths[2:],
            "query_path": paths[1],
            "form_from": paths[0],
            "form": FORM,
        },
    ]


def plan(prep: dict) -> list[dict]:
    """name, persona (None: anonymous), path (a list: one a round), and the POST's form."""
    rate = prep["rate"]
    busy, last = prep["busy_month"], prep["busy_last_page"]
    sup = "supervisor"
    pages = [
        *rating_rows("ticket", rate["ticket"]),
        {"name": "rate ticket: already rated", "path": rate["rated_ticket"]},
        *rating_rows("consultation", rate["consultation"]),
        {"name": "supervisor (default: this month)", "path": "/supervisor/", "persona": sup},
        {
            "name": "supervisor ?channel=walk_in (this month)",
            "path": "/supervisor/?channel=walk_in",
            "persona": sup,
        },
        {"name": "supervisor ?month=busy", "path": f"/supervisor/?month={busy}", "persona": sup},
        {
            "name": "supervisor ?month=busy&channel=walk_in",
            "path": f"/supervisor/?month={busy}&channel=walk_in",
            "persona": sup,
        },
        {
            "name": "supervisor ?month=busy&channel=online",
            "path": f"/supervisor/?month={busy}&channel=online",
            "persona": sup,
        },
        {
            "name": "supervisor ?month=busy&page=2",
            "path": f"/supervisor/?month={busy}&page=2",
            "persona": sup,
        },
        {
            "name": f"supervisor ?month=busy&page={last} (last)",
            "path": f"/supervisor/?month={busy}&page={last}",
            "persona": sup,
        },
        *busy_month_exports("/supervisor/", "ratings", busy, persona=sup),
        {
            "name": "export ratings.csv (this month)",
            "path": f"/supervisor/ratings.csv?month={prep['this_month']}",
            "persona": sup,
        },
    ]
    return pages


def query_extra(prep: dict) -> list[dict]:
    """Counted in process only: the report of a month without ratings, whose counts should be
    the same as a busy month's."""
    empty = prep["empty_month"]
    return [
        {
            "name": "supervisor ?month=empty (no ratings)",
            "path": f"/supervisor/?month={empty}",
            "persona": "supervisor",
        },
        {
            "name": "export ratings.csv ?month=empty",
            "path": f"/supervisor/ratings.csv?month={empty}",
            "persona": "supervisor",
        },
    ]


def prepare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--posts", type=int, default=30, help="rating links for each POST row: one a round"
    )


def explain() -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement the busy month's report, its comments
    (page 1 and the last page) and its export send, as the selectors build them and the
    views page them."""
    django_setup()
    from django.core.paginator import Paginator
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from online_pages import explain_reads

    from complaints.reports import selectors
    from complaints.reports.periods import Month
    from complaints.surveys.models import SurveyResponse
    from consultations.inbox import waiting_count
    from pst.models import Office, User
    from queueing.selectors import office_today

    office = Office.objects.get(code=OFFICE)
    this_month = Month.of(office_today(office))
    months = (
        SurveyResponse.objects.of_office(office)
        .annotate(month=TruncMonth("submitted_at", tzinfo=office.zoneinfo))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    busy = next(m for m in (Month.of(row["month"].date()) for row in months) if m != this_month)
    for channel in ("", "walk_in"):
        label = f"{busy.key}{' ' + channel if channel else ''}"
        explain_reads(
            f"report {label}", lambda c=channel: selectors.ratings_report(office, busy, c)
        )
    comments = Paginator(selectors.rating_comments(office, busy), COMMENTS_PER_PAGE)
    explain_reads(f"comments {busy.key} page 1", lambda: list(comments.get_page(1)))
    last = comments.num_pages
    explain_reads(f"comments {busy.key} page {last}", lambda: list(comments.get_page(last)))
    explain_reads(f"export {busy.key}", lambda: list(selectors.ratings_for_export(office, busy)))
    # Not the report's: the navigation's "Inbox N" on every page of the office's consultation
    # staff and supervisors (consultations.context_processors), one statement.
    supervisor = User.objects.get(email=ACCOUNTS["supervisor"])
    explain_reads("navigation inbox badge", lambda: waiting_count(office, supervisor))


SUITE = Suite(
    name="ratings_pages",
    doc=__doc__,
    prepare=prepare,
    plan=plan,
    prepare_arguments=prepare_arguments,
    query_extra=query_extra,
    commands={"explain": explain},
)

if __name__ == "__main__":
    sys.exit(main(SUITE))
