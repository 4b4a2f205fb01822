"""Benchmark data: N offices open around the clock, each with a realistic history day.

    createdb -h 127.0.0.1 -U postgres pst_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench
    PST_IGNORE_DOTENV=1 .venv/bin/python manage.py migrate --noinput
    .venv/bin/python benchmarks/generate.py --offices 50 --tickets 300

Offices get codes 9001, 9002, … (time zones WIB, WITA, WIT in turn), the four PST services
K/P/J/R, two front-office desks and seven service desks, one officer account per desk, and
opening hours of 00:00–24:00 every day so a benchmark can run at any hour. The history day is
yesterday in the office's own zone: `--tickets` visitors arrive between 07:30 and 15:00 (busier
mid-morning and after lunch) and go through the real queue services (`ticket_issue`,
`ticket_call_next`, `ticket_recall`, `ticket_start`, `ticket_transfer`, `ticket_no_show`,
`ticket_finish`) while time-machine moves the clock, so tickets, events, lanes, counters and
SLA waits are exactly what the portal itself would have written.

Each office is one transaction: an office is either complete or absent. An office whose code
already exists is skipped, so running the command again only adds what is missing; drop the
database to start over. The script sets PST_IGNORE_DOTENV=1 and a throw-away SECRET_KEY unless
they are set (it signs nothing), and refuses anything but PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from benchenv import django_setup

django_setup()

import time_machine  # noqa: E402
from bulk import analyze, bench_account, bench_office, bulk_session  # noqa: E402
from django.db import transaction  # noqa: E402
from history_day import FIRST_ARRIVAL, DayResult, HistoryDay, officer_email  # noqa: E402

from pst.management.commands.load_demo import PST_SERVICES  # noqa: E402
from pst.models import Holiday, HolidayKind, Office, OpeningHours  # noqa: E402
from pst.permissions import Role  # noqa: E402
from queueing.glance import today_glance  # noqa: E402
from queueing.models import Desk, DeskKind, Service, Ticket  # noqa: E402

FIRST_CODE = 9001

# 300 visitors in 7.5 hours is 40 an hour, more than one reception desk checks in, so a bench
# office has two front-office desks and seven service desks (load_demo's Tarakan has 1 + 3).
DESKS = [
    (1, "Front Office 1", DeskKind.FRONT_OFFICE, ["K", "P", "J", "R"]),
    (2, "Front Office 2", DeskKind.FRONT_OFFICE, ["K", "P", "J", "R"]),
    (3, "Meja 3", DeskKind.SERVICE, ["K", "R"]),
    (4, "Meja 4", DeskKind.SERVICE, ["K"]),
    (5, "Meja 5", DeskKind.SERVICE, ["K"]),
    (6, "Meja 6", DeskKind.SERVICE, ["K", "R"]),
    (7, "Meja 7", DeskKind.SERVICE, ["P", "J"]),
    (8, "Meja 8", DeskKind.SERVICE, ["P", "J"]),
    (9, "Meja 9", DeskKind.SERVICE, ["J", "P"]),
]


def create_office(index: int, code: str, password_hash: str, records: bool = False) -> Office:
    office = bench_office(code, index, "", display_message="Kantor uji beban · buka 24 jam")
    # Open around the clock every day: 00:00 to the last microsecond of the day.
    OpeningHours.objects.bulk_create(
        OpeningHours(office=office, weekday=day, opens_at=dt.time(0), closes_at=dt.time.max)
        for day in range(7)
    )
    local_today = office.local_now().date()
    for offset in range(-2, 8):  # a national holiday near the run would close the kiosks
        day = local_today + dt.timedelta(days=offset)
        if Holiday.objects.filter(office__isnull=True, date=day, is_closed=True).exists():
            Holiday.objects.create(
                office=office,
                date=day,
                name="Benchmark: open",
                kind=HolidayKind.LOCAL,
                is_closed=False,
            )
    by_prefix = {}
    for order, (prefix, name, name_en, description) in enumerate(PST_SERVICES):
        by_prefix[prefix] = Service.objects.create(
            office=office,
            prefix=prefix,
            name=name,
            name_en=name_en,
            description=description,
            sort_order=order,
            records_consultations=records and prefix == "K",  # as load_demo sets it
        )
    roles = {DeskKind.FRONT_OFFICE: Role.FRONT_OFFICE, DeskKind.SERVICE: Role.CONSULTATION_OFFICER}
    for number, name, kind, prefixes in DESKS:
        desk = Desk.objects.create(office=office, number=number, name=name, kind=kind)
        desk.services.set([by_prefix[p] for p in prefixes])
        email, full_name = officer_email(office, number), f"Petugas {name} {code}"
        bench_account(email, full_name, office, roles[kind], password_hash)
    # The kiosks of the load test set their browser up as the office's screens with it.
    bench_account(
        f"admin.{code}@bench.pst", f"Admin {code}", office, Role.ADMINISTRATOR, password_hash
    )
    return office


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offices", type=int, default=50)
    parser.add_argument("--tickets", type=int, default=300, help="visitors per office")
    parser.add_argument("--days", type=int, default=1, help="history days before today")
    parser.add_argument("--seed", type=int, default=6571)
    parser.add_argument(
        "--records",
        action="store_true",
        help="the front office writes a guestbook entry for every visitor it routes, and "
        "Konsultasi Statistik records each consultation (records_consultations on K)",
    )
    args = parser.parse_args()
    password_hash = bulk_session("generate.py")  # one commit per office
    started = time.monotonic()
    totals = DayResult()
    made = 0
    for index in range(args.offices):
        code = str(FIRST_CODE + index)
        if Office.objects.filter(code=code).exists():
            print(f"{code}: exists, skipped")
            continue
        office_started = time.monotonic()
        rng = random.Random(args.seed * 10_000 + index)  # noqa: S311 — simulation, not secrets
        with transaction.atomic():
            office = create_office(index, code, password_hash, args.records)
            local_today = office.local_now().date()
            lines = []
            for back in range(args.days, 0, -1):
                day = local_today - dt.timedelta(days=back)
                with time_machine.travel(
                    dt.datetime.combine(day, FIRST_ARRIVAL, tzinfo=office.zoneinfo), tick=False
                ) as traveller:
                    result = HistoryDay(office, day, args.tickets, rng, args.records).run(traveller)
                last = result.last_event.astimezone(office.zoneinfo)
                if last.date() != day:
                    raise RuntimeError(f"{code}: the history day {day} ran past midnight")
                glance = today_glance(office, day).total
                totals.issued += result.issued
                totals.transfers += result.transfers
                totals.no_shows += result.no_shows
                totals.waits += result.waits
                totals.breaches += result.breaches
                lines.append(
                    f"{code} {office.time_zone_abbreviation:<4} {day}: {glance.taken} issued, "
                    f"{glance.served} served, {glance.no_shows} no-shows, "
                    f"{result.transfers} transfers; median wait {glance.median_minutes:.1f} "
                    f"min, p90 {glance.p90_minutes:.1f} min, {glance.breaches}/{glance.calls} "
                    f"calls over the limit, {glance.without_guestbook} routed without a "
                    f"guestbook entry; last event {last:%H:%M}"
                )
        made += 1
        print("\n".join(lines) + f"; {time.monotonic() - office_started:.1f} s", flush=True)

    if made:
        analyze()
    elapsed = time.monotonic() - started
    if made:
        met = 100 * (1 - totals.breaches / len(totals.waits))
        print(
            f"\n{made} offices, {totals.issued} tickets, {totals.transfers} transfers, "
            f"{totals.no_shows} no-shows; median SLA wait "
            f"{statistics.median(totals.waits) / 60:.1f} min, {met:.1f}% of calls within the "
            f"limit; {Ticket.objects.count()} tickets in the database; {elapsed:.0f} s "
            f"({elapsed / max(1, totals.issued) * 1000:.1f} ms per ticket)."
        )
    else:
        print("Nothing to do: every office exists.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
