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
import heapq
import itertools
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst.settings")
os.environ.setdefault("PST_IGNORE_DOTENV", "1")
os.environ.setdefault("SECRET_KEY", "benchmark-data-generator-signs-nothing")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from consultations.models import Outcome, SubjectArea, Topic  # noqa: E402
from consultations.services import consultation_record_walk_in  # noqa: E402
from pst.management.commands.load_demo import PST_SERVICES  # noqa: E402
from pst.models import Holiday, HolidayKind, Office, OpeningHours, TimeZone, User  # noqa: E402
from pst.permissions import Role  # noqa: E402
from pst.profile import Education, InstitutionCategory, Occupation, Sex  # noqa: E402
from queueing import services  # noqa: E402
from queueing.glance import today_glance  # noqa: E402
from queueing.guestbook.models import IdType, VisitPurpose  # noqa: E402
from queueing.guestbook.services import guestbook_record  # noqa: E402
from queueing.models import Desk, DeskKind, Priority, Service, Stage, Ticket  # noqa: E402

FIRST_CODE = 9001
ZONES = [TimeZone.WIB, TimeZone.WITA, TimeZone.WIT]
OFFICER_PASSWORD = "bench-pst-officer"  # noqa: S105 — benchmark accounts on a throw-away db

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

# Which service visitors tap, and how they spread over the day: fifteen half hours from
# 07:30 to 15:00, a morning peak, a lunch dip and a smaller afternoon peak.
SERVICE_SHARE = {"K": 45, "P": 20, "J": 20, "R": 15}
HALF_HOUR_WEIGHTS = [3, 6, 9, 10, 10, 9, 7, 4, 5, 8, 9, 8, 6, 4, 2]
FIRST_ARRIVAL = dt.time(7, 30)
PRIORITY_SHARE = {Priority.ELDERLY: 0.03, Priority.DISABLED: 0.01, Priority.PREGNANT: 0.01}
# A visitor who tapped the wrong service is routed elsewhere by the front office; a few learn
# at the service desk that they need another service as well.
WRONG_SERVICE = 0.08
SECOND_SERVICE = 0.06
NO_SHOW = 0.03
OTHER_SERVICE = {"K": ["R", "J"], "P": ["J", "K"], "J": ["K", "P"], "R": ["K"]}


# --records: what the front office writes in the guestbook and the consultation desk records.
FIRST_NAMES = ["Rina", "Budi", "Siti", "Agus", "Dewi", "Andi", "Putri", "Rudi", "Maya", "Yusuf"]
LAST_NAMES = ["Wulandari", "Santoso", "Rahmawati", "Pratama", "Lestari", "Hidayat", "Saputra"]
DATA_NEEDED = [
    "Jumlah penduduk per kecamatan",
    "Inflasi bulanan kota",
    "PDRB menurut lapangan usaha",
    "Tingkat pengangguran terbuka",
    "Indeks pembangunan manusia",
]


def minutes(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=round(value * 60))


@dataclass
class DeskState:
    desk: Desk
    officer: User
    takes: set[tuple[str, str]]  # (service prefix, stage) lanes this desk calls from
    idle: bool = True


@dataclass
class DayResult:
    issued: int = 0
    events: int = 0
    transfers: int = 0
    no_shows: int = 0
    waits: list[int] = field(default_factory=list)
    breaches: int = 0
    last_event: dt.datetime | None = None


class HistoryDay:
    """A discrete-event run of one office's day through the real queue services."""

    def __init__(
        self,
        office: Office,
        day: dt.date,
        tickets: int,
        rng: random.Random,
        records: bool = False,
    ) -> None:
        self.office = office
        self.records = records
        self.subject_areas = list(SubjectArea.objects.filter(is_active=True)) if records else []
        self.day = day
        self.tickets = tickets
        self.rng = rng
        self.services = {s.prefix: s for s in Service.objects.filter(office=office)}
        self.desks: list[DeskState] = []
        for desk in Desk.objects.filter(office=office).prefetch_related("services"):
            officer = User.objects.get(email=officer_email(office, desk.number))
            if desk.kind == DeskKind.FRONT_OFFICE:
                takes = {(p, Stage.RECEPTION) for p in self.services}
            else:
                takes = {(s.prefix, Stage.SERVICE) for s in desk.services.all()}
            self.desks.append(DeskState(desk, officer, takes))
        self.queue: list[tuple[dt.datetime, int, str, tuple]] = []
        self.seq = itertools.count()

    def at(self, moment: dt.datetime, kind: str, *payload: object) -> None:
        heapq.heappush(self.queue, (moment, next(self.seq), kind, payload))

    def arrivals(self) -> None:
        opening = dt.datetime.combine(self.day, FIRST_ARRIVAL, tzinfo=self.office.zoneinfo)
        prefixes = list(SERVICE_SHARE)
        for _n in range(self.tickets):
            slot = self.rng.choices(range(len(HALF_HOUR_WEIGHTS)), HALF_HOUR_WEIGHTS)[0]
            moment = opening + minutes(30 * slot + self.rng.uniform(0, 30))
            prefix = self.rng.choices(prefixes, [SERVICE_SHARE[p] for p in prefixes])[0]
            roll, priority = self.rng.random(), Priority.NONE
            for choice, share in PRIORITY_SHARE.items():
                if roll < share:
                    priority = choice
                    break
                roll -= share
            self.at(moment, "arrive", prefix, priority)

    def wake(self, moment: dt.datetime, prefix: str, stage: str) -> None:
        """A ticket joined lane (prefix, stage): one idle desk that takes it calls now."""
        for state in self.desks:
            if state.idle and (prefix, stage) in state.takes:
                state.idle = False
                self.at(moment + dt.timedelta(seconds=self.rng.randint(5, 40)), "call", state)
                return

    def run(self, traveller: time_machine.Coordinates) -> DayResult:
        result = DayResult()
        self.arrivals()
        while self.queue:
            moment, _seq, kind, payload = heapq.heappop(self.queue)
            traveller.move_to(moment)
            getattr(self, f"on_{kind}")(moment, result, *payload)
            result.last_event = moment
        return result

    # -- what happens ----------------------------------------------------------------------

    def on_arrive(self, moment, result, prefix, priority) -> None:
        ticket = services.ticket_issue(
            office=self.office,
            service=self.services[prefix],
            priority=priority,
            client_request_id=uuid.uuid4(),
        )
        result.issued += 1
        self.wake(moment, prefix, ticket.stage)

    def on_call(self, moment, result, state: DeskState) -> None:
        try:
            ticket = services.ticket_call_next(desk=state.desk, officer=state.officer)
        except services.QueueError as error:
            if error.code != "empty":
                raise
            state.idle = True
            return
        result.waits.append(ticket.sla_wait_seconds)
        result.breaches += 0 if ticket.sla_met else 1
        if self.rng.random() < NO_SHOW:
            self.at(moment + minutes(self.rng.uniform(0.8, 1.5)), "recall", state, ticket)
        else:
            self.at(moment + minutes(self.rng.uniform(0.3, 1.5)), "start", state, ticket)

    def on_recall(self, moment, result, state, ticket) -> None:
        services.ticket_recall(ticket=ticket, desk=state.desk, officer=state.officer)
        self.at(moment + minutes(self.rng.uniform(1, 2)), "no_show", state, ticket)

    def on_no_show(self, moment, result, state, ticket) -> None:
        services.ticket_no_show(ticket=ticket, desk=state.desk, officer=state.officer)
        result.no_shows += 1
        self.next_call(moment, state)

    def on_start(self, moment, result, state, ticket) -> None:
        ticket = services.ticket_start(ticket=ticket, desk=state.desk, officer=state.officer)
        if state.desk.kind == DeskKind.FRONT_OFFICE:
            turn = self.rng.triangular(0.7, 2.5, 1.0)  # guestbook check-in
        else:
            turn = self.rng.triangular(3, 15, 6)  # consultation, library, sales, recommendation
        self.at(moment + minutes(turn), "end", state, ticket)

    def on_end(self, moment, result, state, ticket) -> None:
        prefix = ticket.service.prefix
        target = None
        if state.desk.kind == DeskKind.FRONT_OFFICE:
            target = prefix
            if self.rng.random() < WRONG_SERVICE:
                target = self.rng.choice(OTHER_SERVICE[prefix])
        elif ticket.transfer_count < 2 and self.rng.random() < SECOND_SERVICE:
            target = self.rng.choice(OTHER_SERVICE[prefix])
        if self.records and state.desk.kind == DeskKind.FRONT_OFFICE:
            # --records: the front office writes the guestbook and routes in one step.
            guestbook_record(
                office=self.office,
                officer=state.officer,
                data=self.guestbook_data(),
                ticket=ticket,
                desk=state.desk,
                route_to=self.services[target],
                client_request_id=uuid.uuid4(),
            )
            result.transfers += 1
            self.wake(moment, target, Stage.SERVICE)
        elif self.records and services.needs_consultation_record(ticket):
            # --records: Konsultasi Statistik leaves only through the consultation record.
            consultation_record_walk_in(
                ticket=ticket,
                desk=state.desk,
                officer=state.officer,
                data=self.consultation_data(),
                outcome=Outcome.REFERRED if target else Outcome.ANSWERED,
                referred_to=self.services[target] if target else None,
            )
            if target:
                result.transfers += 1
                self.wake(moment, target, Stage.SERVICE)
        elif target is None:
            services.ticket_finish(ticket=ticket, desk=state.desk, officer=state.officer)
        else:
            services.ticket_transfer(
                ticket=ticket,
                desk=state.desk,
                officer=state.officer,
                to_service=self.services[target],
                without_guestbook=True,  # the history has no guestbook entries
            )
            result.transfers += 1
            self.wake(moment, target, Stage.SERVICE)
        self.next_call(moment, state)

    def guestbook_data(self) -> dict:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        category = rng.choice(InstitutionCategory.values)
        return {
            "name": f"{first} {last}",
            "id_type": rng.choice([IdType.KTP] * 8 + [IdType.SIM, IdType.STUDENT]),
            "id_last4": f"{rng.randint(0, 9999):04d}",
            "email": f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@example.org",
            "phone": f"+62812{rng.randint(10_000_000, 99_999_999)}",
            "sex": rng.choice(Sex.values),
            "birth_year": rng.randint(1960, 2007),
            "education": rng.choice(Education.values),
            "occupation": rng.choice(Occupation.values),
            "institution_category": category,
            "institution_name": f"Instansi {category.replace('_', ' ').title()}",
            "purpose": rng.choice(VisitPurpose.values),
            "data_needed": rng.choice(DATA_NEEDED),
            "has_disability": False,
            "privacy_acknowledged": True,
        }

    def consultation_data(self) -> dict:
        rng = self.rng
        return {
            "subject_area": rng.choice(self.subject_areas),
            "topic": rng.choice(Topic.values),
            "question": f"{rng.choice(DATA_NEEDED)}: tabel mana yang dipakai?",
            "answer": "Dijelaskan di meja; tautan tabel diberikan.",
            "links": "https://www.bps.go.id/id/statistics-table",
        }

    def next_call(self, moment, state) -> None:
        self.at(moment + dt.timedelta(seconds=self.rng.randint(10, 60)), "call", state)


def officer_email(office: Office, desk_number: int) -> str:
    return f"desk{desk_number}.{office.code}@bench.pst"


def create_office(index: int, code: str, password_hash: str, records: bool = False) -> Office:
    zone = ZONES[index % len(ZONES)]
    office = Office.objects.create(
        code=code,
        name=f"BPS Bench {code}",
        province="Benchmark",
        address=f"Jl. Benchmark No. {index + 1}",
        time_zone=zone,
        display_message="Kantor uji beban · buka 24 jam",
    )
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
    for order, (prefix, name, description) in enumerate(PST_SERVICES):
        by_prefix[prefix] = Service.objects.create(
            office=office,
            prefix=prefix,
            name=name,
            description=description,
            sort_order=order,
            records_consultations=records and prefix == "K",  # as load_demo sets it
        )
    groups = {
        DeskKind.FRONT_OFFICE: Group.objects.get(name=Role.FRONT_OFFICE.value),
        DeskKind.SERVICE: Group.objects.get(name=Role.CONSULTATION_OFFICER.value),
    }
    for number, name, kind, prefixes in DESKS:
        desk = Desk.objects.create(office=office, number=number, name=name, kind=kind)
        desk.services.set([by_prefix[p] for p in prefixes])
        officer = User.objects.create(
            email=officer_email(office, number),
            full_name=f"Petugas {name} {code}",
            office=office,
            password=password_hash,
            email_verified_at=office.created_at,
        )
        officer.groups.set([groups[kind]])
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
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database: the benchmark runs on PostgreSQL.")
        return 2

    with connection.cursor() as cursor:
        # One commit per office; losing the last one in a crash only means running again.
        cursor.execute("SET synchronous_commit TO off")
    password_hash = make_password(OFFICER_PASSWORD)  # hashed once, shared by every officer
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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics for the benchmark
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
