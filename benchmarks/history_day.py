"""One office's history day for `generate.py`: a discrete-event run through the real queue
services (`ticket_issue`, `ticket_call_next`, `ticket_recall`, `ticket_start`,
`ticket_transfer`, `ticket_no_show`, `ticket_finish`; with --records `guestbook_record` and
`consultation_record_walk_in`) while time-machine moves the clock. Import after
`benchenv.django_setup()`."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
import uuid
from dataclasses import dataclass, field

import time_machine

from consultations.models import Outcome, SubjectArea, Topic
from consultations.services import consultation_record_walk_in
from pst.models import Office, User
from pst.profile import Education, InstitutionCategory, Occupation, Sex
from queueing import services
from queueing.guestbook.models import IdType, VisitPurpose
from queueing.guestbook.services import guestbook_record
from queueing.models import Desk, DeskKind, Priority, Service, Stage

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
