"""Benchmark data for the satisfaction survey and the supervisor's report: a year of ratings
of office 6571, on top of `generate_online.py`'s data.

    createdb -h 127.0.0.1 -U postgres pst_bench_r
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench_r
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py migrate --noinput
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py createcachetable
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py load_demo --no-accounts
    .venv/bin/python benchmarks/generate_online.py     # the consultations online ratings rate
    .venv/bin/python benchmarks/generate_ratings.py    # ≈ 10,000 ratings, 13,000 tickets

A busy office's year, every working day of 6571's calendar (load_demo's opening hours and
holidays) from `--days` ago to yesterday: `--visitors` walk-in visitors a working day (times a
month's season: quieter around Lebaran and the year's end, busier from July to October), each
a ticket taken at the kiosk or on the phone, checked in at the front office (desk 1),
transferred to its service (8 % to another service than the one tapped) and finished at one
of that service's desks; 3 % do not come when called. A ticket's events (issued, called,
started, transferred, called, started, finished; or issued, called, recalled, no-show), its
daily counter and its numbering are what the queue services write, but the times are drawn per
visitor, not by a desk simulation (`generate.py` does that, at 33 ms a ticket), and there are no
guestbook entries or consultation records (the rating does not read them; the rating page
prefills from the guestbook entry when there is one, a LEFT JOIN either way).

`--rated` of the served tickets are rated: most within minutes (the ticket's page offers
it), some hours later from the email, a few days later; a rating that would come after now is
not given, so the last days' tickets stay unrated — the rateable ones the POST measurements
use (`--min-unrated` of them served within SURVEY_DAYS, or the script fails). Online
ratings rate answered or closed consultations of 6571 (`generate_online.py`'s, channels web,
WhatsApp, email, phone), as many each month as make the walk-in share `--walk-in`; hours to
days after the answer. About `--comments` of the ratings have a comment (`ratings_text.py`:
a few words to five sentences of Indonesian, its tone following the scores). Scores: a
respondent's mood drawn around 3.4 plus each element's offset (cost high: the service is
free; waiting time, complaint handling and facilities lower), so the converted index lands
between 80 and 90 every month. Sex, education and occupation from distributions of a
statistics office's visitors (more students and graduates walk in; more graduates ask online).

Rows go in with COPY in one transaction from one seeded random generator; the database checks
every constraint of the tables (one rating per ticket or consultation, exactly one of them,
scores 1–4, one number per service and day); every comment passes the rating form's text
rules, and a sample of the ratings and tickets is `full_clean()`ed afterwards. VACUUM ANALYZE
at the end. It refuses a database whose office 6571 already has ratings or tickets before
today (drop it to start over).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import random
import statistics
import sys
import time
from collections import Counter, defaultdict

from benchenv import django_setup

django_setup()

from bulk import analyze, bench_account, bulk_session, copy_rows, log, next_id  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from history_day import officer_email  # noqa: E402
from ratings_text import comment_text  # noqa: E402
from walk_in_tickets import SEASON, Tickets, minutes  # noqa: E402

from complaints.reports.periods import Month  # noqa: E402
from complaints.reports.selectors import ratings_of_month  # noqa: E402
from complaints.surveys.elements import ELEMENT_FIELDS  # noqa: E402
from complaints.surveys.models import SurveyResponse  # noqa: E402
from complaints.surveys.selectors import ikm_summary  # noqa: E402
from consultations.models import Channel, Consultation, ConsultationStatus  # noqa: E402
from pst.models import Office  # noqa: E402
from pst.permissions import Role  # noqa: E402
from pst.personal_data.fields import personal_text_check  # noqa: E402
from pst.profile import Education, Occupation, Sex  # noqa: E402
from pst.workcalendar import OfficeCalendar  # noqa: E402
from queueing.models import (  # noqa: E402
    DailyCounter,
    Desk,
    DeskKind,
    Ticket,
    TicketEvent,
    TicketStatus,
)

OFFICE = "6571"
# Each element's offset from the respondent's mood (1–4 scale).
ELEMENT_OFFSET = {
    "requirements": 0.0, "procedure": 0.0, "turnaround": -0.2, "cost": 0.5, "product": -0.05,
    "competence": 0.1, "conduct": 0.15, "complaint_handling": -0.25, "facilities": -0.2,
}  # fmt: skip
PROFILE = {
    # field: (walk-in weights, online weights) over the choices' values in their order
    "sex": (Sex, [48, 52], [45, 55]),
    "education": (Education, [22, 9, 48, 18, 3], [8, 6, 50, 30, 6]),
    "occupation": (Occupation, [38, 9, 20, 4, 14, 9, 6], [28, 18, 22, 5, 17, 5, 5]),
}
ONLINE_STATUSES = (ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED)


# -- the ratings -----------------------------------------------------------------------------


def scores(rng: random.Random, drift: float) -> dict[str, int]:
    """Nine answers 1–4: a respondent's mood (most satisfied, a few unhappy) plus each
    element's offset, rounded."""
    mood = rng.gauss(3.55 + drift, 0.35) if rng.random() > 0.06 else rng.uniform(1.6, 2.8)
    return {
        name: min(4, max(1, round(rng.gauss(mood + ELEMENT_OFFSET[name], 0.45))))
        for name in ELEMENT_FIELDS
    }


def profile(rng: random.Random, online: bool) -> dict[str, str]:
    return {
        field: rng.choices(choices.values, online_w if online else walk_in)[0]
        for field, (choices, walk_in, online_w) in PROFILE.items()
    }


def rating_row(pk, office, rng, served_at, submitted_at, channel, comment_share, **link) -> dict:
    online = channel != Channel.WALK_IN
    # The index drifts a little over the year (best in April, lowest in October).
    drift = 0.08 * math.cos(2 * math.pi * (submitted_at.month - 4) / 12)
    answers = scores(rng, drift)
    mean = statistics.fmean(answers.values())
    # Unhappy respondents write more often.
    share = comment_share * (1.8 if mean < 2.8 else 0.95)
    comment = comment_text(rng, mean, online) if rng.random() < share else ""
    return {
        "id": pk,
        "office_id": office.pk,
        "channel": channel,
        "served_at": served_at,
        "submitted_at": submitted_at,
        **answers,
        **profile(rng, online),
        "comment": comment,
        **link,
    }


def walk_in_delay(rng: random.Random) -> dt.timedelta:
    roll = rng.random()
    if roll < 0.6:
        return minutes(rng.uniform(1, 20))  # on the spot, from the ticket's page
    if roll < 0.88:
        return minutes(rng.uniform(60, 600))  # from the email, later that day
    return dt.timedelta(days=rng.triangular(1, 14, 1.5))


def online_delay(rng: random.Random) -> dt.timedelta:
    if rng.random() < 0.85:
        return dt.timedelta(hours=rng.triangular(0.1, 48, 3))
    return dt.timedelta(days=rng.triangular(2, 20, 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="calendar days before today")
    parser.add_argument("--visitors", type=float, default=52, help="a working day, on average")
    parser.add_argument("--rated", type=float, default=0.55, help="share of served tickets")
    parser.add_argument("--walk-in", type=float, default=0.7, help="share of the ratings")
    parser.add_argument("--comments", type=float, default=1 / 3, help="share with a comment")
    parser.add_argument("--min-unrated", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2711)
    args = parser.parse_args()
    password_hash = bulk_session("generate_ratings.py")
    office = Office.objects.filter(code=OFFICE).first()
    if office is None:
        raise SystemExit("Run `manage.py load_demo --no-accounts` first (office 6571).")
    online = Consultation.objects.filter(office=office, status__in=ONLINE_STATUSES)
    if not online.exclude(channel=Channel.WALK_IN).exists():
        raise SystemExit("Run generate_online.py first: online ratings rate its consultations.")
    now = timezone.now()
    today = now.astimezone(office.zoneinfo).date()
    if (
        SurveyResponse.objects.filter(office=office).exists()
        or Ticket.objects.filter(office=office, service_date__lt=today).exists()
    ):
        raise SystemExit("Office 6571 already has ratings or past tickets: drop the database.")

    start = time.monotonic()
    rng = random.Random(args.seed)  # noqa: S311 — simulation, not secrets
    for desk in Desk.objects.filter(office=office):
        front = desk.kind == DeskKind.FRONT_OFFICE
        role = Role.FRONT_OFFICE if front else Role.CONSULTATION_OFFICER
        email = officer_email(office, desk.number)
        bench_account(email, f"Petugas {desk.name} {OFFICE}", office, role, password_hash)
    email = f"supervisor.{OFFICE}@bench.pst"
    bench_account(email, f"Supervisor {OFFICE}", office, Role.SUPERVISOR, password_hash)

    first_day = today - dt.timedelta(days=args.days)
    calendar = OfficeCalendar(office, first_day, today)
    days = [
        first_day + dt.timedelta(days=n)
        for n in range(args.days)
        if calendar.is_working_day(first_day + dt.timedelta(days=n))
    ]
    tickets = Tickets(office, rng)
    for day in days:
        mean = args.visitors * SEASON[day.month] * (1.1 if day.weekday() == 0 else 1.0)
        tickets.day(day, max(5, round(rng.gauss(mean, mean * 0.18))))
    log(start, f"{len(days)} working days, {len(tickets.tickets)} tickets planned")

    # Walk-in ratings, then as many online ones each month as give the walk-in share.
    rating_pk = itertools.count(next_id(SurveyResponse))
    ratings: list[dict] = []
    walk_in_by_month: Counter[Month] = Counter()
    zone = office.zoneinfo
    for ticket in tickets.tickets:
        if ticket["status"] != TicketStatus.DONE or rng.random() >= args.rated:
            continue
        served = ticket["finished_at"]
        submitted = served + walk_in_delay(rng)
        if submitted > now:
            continue  # not yet: stays rateable
        row = rating_row(
            next(rating_pk),
            office,
            rng,
            served,
            submitted,
            Channel.WALK_IN,
            args.comments,
            ticket_id=ticket["id"],
            service_id=ticket["service_id"],
        )
        ratings.append(row)
        walk_in_by_month[Month.of(submitted.astimezone(zone).date())] += 1
    start_at = dt.datetime.combine(first_day, dt.time(0), tzinfo=zone)
    answered: dict[Month, list[tuple[int, str, dt.datetime]]] = defaultdict(list)
    for pk, channel, at in (
        online.filter(ticket__isnull=True, answered_at__gte=start_at, answered_at__lt=now)
        .order_by("pk")
        .values_list("pk", "channel", "answered_at")
    ):
        answered[Month.of(at.astimezone(zone).date())].append((pk, channel, at))
    ratio = (1 - args.walk_in) / args.walk_in
    short = 0
    for month, count in sorted(walk_in_by_month.items(), key=lambda item: item[0].first_day):
        pool = answered.get(month, [])
        # At most half of a month's answered consultations: the rest stay rateable (the POST
        # measurements need some of the last days') when the data has few of them.
        wanted = round(count * ratio)
        taken = min(len(pool) // 2, wanted)
        short += wanted - taken
        for pk, channel, at in rng.sample(pool, taken):
            submitted = at + online_delay(rng)
            if submitted > now:
                continue
            row = rating_row(
                next(rating_pk), office, rng, at, submitted, channel, args.comments,
                consultation_id=pk,
            )  # fmt: skip
            ratings.append(row)
    if short:
        print(f"{short} online ratings fewer than --walk-in asks: too few answered consultations")
    ratings.sort(key=lambda row: row["id"])
    for row in ratings:
        if row["comment"]:
            personal_text_check(SurveyResponse, {"comment": row["comment"]})  # the form's rules
    log(start, f"{len(ratings)} ratings planned")

    with transaction.atomic():
        count = copy_rows(Ticket, tickets.tickets)
        events = copy_rows(TicketEvent, tickets.events)
        counters = copy_rows(DailyCounter, tickets.counter_rows())
        log(start, f"{count} tickets, {events} events, {counters} daily counters")
        count = copy_rows(SurveyResponse, ratings)
        log(start, f"{count} ratings")
        sample = rng.sample([row["id"] for row in ratings], min(300, len(ratings)))
        for rating in SurveyResponse.objects.filter(pk__in=sample):
            rating.full_clean()
        sample = rng.sample([row["id"] for row in tickets.tickets], 200)
        for ticket in Ticket.objects.filter(pk__in=sample):
            ticket.full_clean()
        log(start, "full_clean() of 300 ratings and 200 tickets: valid")
    analyze(Ticket, TicketEvent, DailyCounter, SurveyResponse)
    log(start, "VACUUM ANALYZE done")
    report(office, ratings, now, args.min_unrated)
    return 0


def report(office: Office, ratings: list[dict], now: dt.datetime, min_unrated: int) -> None:
    """What was made: shares, comment lengths, each month's count and index (the app's own
    selectors), the rateable tickets and consultations left."""
    zone = office.zoneinfo
    walk_in = sum(row["channel"] == Channel.WALK_IN for row in ratings)
    lengths = sorted(len(row["comment"]) for row in ratings if row["comment"])
    channels = Counter(row["channel"] for row in ratings)
    print(
        f"\n{len(ratings)} ratings: {walk_in / len(ratings):.1%} walk-in "
        f"({', '.join(f'{c} {n}' for c, n in channels.most_common())}); "
        f"{len(lengths) / len(ratings):.1%} with a comment, length median "
        f"{lengths[len(lengths) // 2]}, p90 {lengths[len(lengths) * 9 // 10]}, "
        f"max {lengths[-1]} characters"
    )
    print("| month | ratings | walk-in | comments | converted IKM | grade |")
    print("|---|--:|--:|--:|--:|---|")
    month = Month.of(min(row["submitted_at"] for row in ratings).astimezone(zone).date())
    last = Month.of(now.astimezone(zone).date())
    while month is not None and month.first_day <= last.first_day:
        of_month = ratings_of_month(office, month)
        summary = ikm_summary(of_month)
        print(
            f"| {month.key} | {summary.respondents} | "
            f"{of_month.filter(channel=Channel.WALK_IN).count()} | "
            f"{of_month.exclude(comment='').count()} | {summary.converted} | "
            f"{summary.grade.letter if summary.grade else ''} |"
        )
        month = month.next
    since = now - dt.timedelta(days=settings.SURVEY_DAYS)
    unrated = Ticket.objects.filter(
        office=office, status=TicketStatus.DONE, finished_at__gte=since, rating__isnull=True
    ).count()
    consultations = Consultation.objects.filter(
        office=office,
        status__in=ONLINE_STATUSES,
        ticket__isnull=True,
        answered_at__gte=since,
        rating__isnull=True,
    ).count()
    print(
        f"rateable now (served within {settings.SURVEY_DAYS} days, no rating): {unrated} tickets, "
        f"{consultations} consultations"
    )
    if unrated < min_unrated:
        raise SystemExit(f"fewer than --min-unrated {min_unrated} rateable tickets")


if __name__ == "__main__":
    sys.exit(main())
