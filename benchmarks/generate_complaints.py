"""Benchmark data for complaints (*pengaduan*): a year of them at each office with
opening hours, on top of `generate_online.py`'s and `generate_ratings.py`'s data.

    # the database of generate_ratings.py (its docstring: migrate, createcachetable,
    # load_demo --no-accounts, generate_online.py, generate_ratings.py), then
    .venv/bin/python benchmarks/generate_complaints.py   # ≈ 4 a week at 6571, a year

`--per-week` complaints a week per office on average, at every office with opening hours
(the due time needs its calendar: `load_demo`'s 6571; `generate_online.py`'s offices have
none, and the portal could not file a complaint there either), received on its working days
(its calendar, as `generate_ratings.py` reads it) over `--days` before now, in its hours;
channel web most, then WhatsApp, phone, email, the survey, social media, LAPOR!; a fifth
anonymous, the others with a name and an email, a phone or both; one of the national
categories (`complaints/migrations/0002`), whose working days give the due time as the portal
gives it (`filing.complaint_due`: the office's calendar); a quarter of those about the
service, the wait or the facilities name a served ticket of that day or the day before
(`related_reference`, `related_ticket`). The description is a complaint of `ratings_text.py`
(one to five sentences of Indonesian).

Each follows the supervisors' steps (`handling/services.py`) with its events: received →
verified (hours to two days) → follow-up started → now and then a public response or an
internal note → resolved with an answer (most), or rejected with a reason from any open status
(8 %). Those whose due time has passed are closed, settled mostly in time (a fifth late), but
5 % are still open and overdue; recent ones are open in every status, or already closed. The
supervisor of the office (`supervisor.<code>@bench.pst`, made if missing) handles them.

Rows go in with COPY in one transaction from one seeded random generator; the database checks
the constraints (an anonymous complaint without contact, a closed one with its answer), and a
sample is `full_clean()`ed. It refuses a database that already has complaints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from collections import Counter

from benchenv import django_setup

django_setup()

from bulk import analyze, bench_account, bulk_session, copy_rows, log, next_id  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from online_text import FIRST_NAMES, LAST_NAMES  # noqa: E402
from ratings_text import comment_text  # noqa: E402

from complaints.handling.codes import ALPHABET  # noqa: E402
from complaints.handling.filing import complaint_due  # noqa: E402
from complaints.handling.models import (  # noqa: E402
    CODE_RANDOM_LENGTH,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
)
from pst.models import Office, OpeningHours  # noqa: E402
from pst.permissions import Role  # noqa: E402
from pst.phones import normalize_phone  # noqa: E402
from pst.workcalendar import OfficeCalendar  # noqa: E402
from queueing.models import Ticket, TicketStatus  # noqa: E402

S, K = ComplaintStatus, ComplaintEventKind
CHANNELS = {
    ComplaintChannel.WEB: 55, ComplaintChannel.WHATSAPP: 15, ComplaintChannel.PHONE: 9,
    ComplaintChannel.EMAIL: 9, ComplaintChannel.SURVEY: 6, ComplaintChannel.SOCIAL: 4,
    ComplaintChannel.LAPOR: 2,
}  # fmt: skip
CATEGORIES = {"service": 20, "procedure": 14, "waiting": 22, "data": 16, "online": 14,
              "facilities": 10, "other": 4}  # fmt: skip
WITH_TICKET = {"service", "waiting", "facilities"}  # about a visit: may name its ticket
REJECTED, STILL_OPEN, LATE = 0.08, 0.05, 0.2
RESPONSES = [
    "Terima kasih atas pengaduan Anda. Kami sedang memeriksa kejadian yang Anda sampaikan "
    "bersama petugas yang bertugas pada hari itu.",
    "Pengaduan Anda sudah kami teruskan ke bagian terkait. Kami akan memberi kabar paling lambat "
    "pada tanggal yang tertera.",
    "Mohon maaf atas ketidaknyamanannya. Data yang Anda minta sedang kami siapkan kembali.",
]
NOTES = [
    "Sudah dikonfirmasi dengan petugas meja layanan; antrean sore itu memang panjang.",
    "Perlu dicek ke tim TI: formulir daring sempat gagal dikirim minggu ini.",
    "Koordinasi dengan bagian umum untuk perbaikan pendingin ruangan.",
]
ANSWERS = [
    "Terima kasih atas masukan Anda. Kami telah menambah petugas di jam sibuk dan memperbaiki "
    "pengaturan antrean.",
    "Data yang Anda minta telah kami kirimkan ke alamat email Anda. Mohon maaf atas "
    "keterlambatannya.",
    "Petugas yang bersangkutan telah kami beri pembinaan. Kami berkomitmen memberikan "
    "pelayanan yang lebih baik.",
    "Fasilitas yang Anda sampaikan sudah diperbaiki. Terima kasih telah memberi tahu kami.",
    "Formulir konsultasi daring sudah berfungsi kembali. Silakan mengirim permintaan Anda lagi.",
]
REASONS = [
    "Pengaduan ini tidak terkait dengan layanan BPS. Silakan menghubungi instansi yang berwenang.",
    "Kami tidak dapat memahami pengaduan ini dan tidak dapat menghubungi pelapor untuk "
    "memperjelasnya.",
]


def hours(value: float) -> dt.timedelta:
    return dt.timedelta(hours=value)


class Complaints:
    """The complaints of the offices and their events, as rows for COPY."""

    def __init__(self, rng: random.Random, now: dt.datetime, password_hash: str) -> None:
        self.rng, self.now, self.password_hash = rng, now, password_hash
        self.categories = {c.key: c for c in ComplaintCategory.objects.national()}
        self.complaint_pk = itertools.count(next_id(Complaint))
        self.event_pk = itertools.count(next_id(ComplaintEvent))
        self.complaints: list[dict] = []
        self.events: list[dict] = []
        self.codes: set[str] = set()

    def code(self, office: Office) -> str:
        while True:
            code = office.code + "".join(self.rng.choices(ALPHABET, k=CODE_RANDOM_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def contact(self) -> dict:
        rng = self.rng
        if rng.random() < 0.2:
            return {"is_anonymous": True}
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        row = {"is_anonymous": False, "complainant_name": f"{first} {last}"}
        kind = rng.choices(["email", "phone", "both"], [45, 30, 25])[0]
        if kind != "phone":
            row["complainant_email"] = f"{first}.{last}{rng.randrange(100)}@example.id".lower()
        if kind != "email":
            row["complainant_phone"] = normalize_phone(f"0812{rng.randrange(10**7, 10**8)}")
        return row

    def office(self, office: Office, per_week: float, days: int, tickets: dict) -> None:
        rng, now, zone = self.rng, self.now, office.zoneinfo
        today = now.astimezone(zone).date()
        first = today - dt.timedelta(days=days)
        calendar = OfficeCalendar(office, first, today)
        supervisor = bench_account(
            f"supervisor.{office.code}@bench.pst", f"Supervisor {office.code}", office,
            Role.SUPERVISOR, self.password_hash,
        )  # fmt: skip
        working = [
            day
            for day in (first + dt.timedelta(days=n) for n in range(days + 1))
            if calendar.is_working_day(day)
        ]
        rate = per_week * days / 7 / max(1, len(working))  # a working day, on average
        for day in working:
            for _ in range(sum(rng.random() < rate / 6 for _ in range(6))):
                opening, closing = calendar.opening(day), calendar.closing(day)
                received = opening + (closing - opening) * rng.random()
                if received < now:
                    self.complaint(office, supervisor, received, tickets)

    def complaint(self, office: Office, supervisor, received: dt.datetime, tickets: dict) -> None:
        rng, now = self.rng, self.now
        key = rng.choices(list(CATEGORIES), list(CATEGORIES.values()))[0]
        category = self.categories[key]
        due = complaint_due(office=office, start=received, days=category.working_days).due_at
        row = {
            "id": next(self.complaint_pk),
            "office_id": office.pk,
            "code": self.code(office),
            "channel": rng.choices(list(CHANNELS), list(CHANNELS.values()))[0],
            "category_id": category.pk,
            "working_days": category.working_days,
            "description": comment_text(rng, rng.uniform(1.5, 2.6), online=key == "online"),
            "received_at": received,
            "due_at": due,
        } | self.contact()
        day = received.astimezone(office.zoneinfo).date()
        nearby = tickets.get(day, []) + tickets.get(day - dt.timedelta(days=1), [])
        if key in WITH_TICKET and nearby and rng.random() < 0.25:
            ticket_id, code = rng.choice(nearby)
            row |= {"related_ticket_id": ticket_id, "related_reference": code}
        self.event(row, K.RECEIVED, received, None, "", S.RECEIVED)
        span = due - received
        if due < now:  # settled by now, but for a few
            closes = received + span * rng.uniform(0.25, 1.0 if rng.random() > LATE else 1.8)
            if rng.random() < STILL_OPEN:
                closes = None
        else:  # recent: open, or settled early
            closes = received + span * rng.uniform(0.15, 0.9) if rng.random() < 0.35 else None
        if closes is not None and closes >= now:
            closes = None
        self.steps(row, supervisor, received, closes, span)
        self.complaints.append(row)

    def steps(self, row: dict, supervisor, received, closes, span) -> None:
        """The supervisor's steps from receipt to `closes` (None: open now), spread over the
        time there is."""
        rng, now = self.rng, self.now
        end = closes or now
        if closes is not None and rng.random() < REJECTED:
            # Rejected from whatever status it had reached.
            stop = rng.choice([S.RECEIVED, S.VERIFIED, S.IN_PROGRESS])
        else:
            stop = S.IN_PROGRESS if closes is not None else None
        at = received
        for status, kind in ((S.VERIFIED, K.VERIFIED), (S.IN_PROGRESS, K.STARTED)):
            if stop is not None and row["status"] == stop:
                break
            step = at + min(hours(rng.uniform(1, 48)), (end - at) * rng.uniform(0.1, 0.4))
            if closes is None and (step >= now or rng.random() < 0.25):
                break  # still waiting for this step
            at = step
            self.event(row, kind, at, supervisor, "", status)
        if row["status"] == S.IN_PROGRESS:
            for _ in range(rng.choices([0, 1, 2], [50, 35, 15])[0]):
                at = at + (end - at) * rng.uniform(0.1, 0.5)
                self.event(row, K.RESPONDED, at, supervisor, rng.choice(RESPONSES), None)
            if rng.random() < 0.4:
                at = at + (end - at) * rng.uniform(0.1, 0.5)
                self.event(row, K.NOTED, at, supervisor, rng.choice(NOTES), None, public=False)
        if closes is not None:
            rejected = stop != S.IN_PROGRESS
            answer = rng.choice(REASONS if rejected else ANSWERS)
            status, kind = (S.REJECTED, K.REJECTED) if rejected else (S.RESOLVED, K.RESOLVED)
            self.event(row, kind, closes, supervisor, answer, status)
            row |= {"answer": answer, "resolved_at": closes}

    def event(self, row, kind, at, actor, body, to_status, *, public: bool = True) -> None:
        before = row.get("status", "")
        row["status"] = to_status or before
        if actor is not None:
            row["handled_by_id"] = actor.pk
        self.events.append(
            {
                "id": next(self.event_pk),
                "complaint_id": row["id"],
                "kind": kind,
                "from_status": before,
                "to_status": row["status"],
                "body": body,
                "is_public": public,
                "actor_id": actor.pk if actor else None,
                "at": at,
            }
        )


def tickets_by_day(office: Office, since: dt.date) -> dict:
    """The office's served tickets by day: (pk, code) for a complaint to name."""
    found: dict = {}
    for pk, day, code in Ticket.objects.filter(
        office=office, service_date__gte=since, status=TicketStatus.DONE
    ).values_list("pk", "service_date", "code"):
        found.setdefault(day, []).append((pk, code))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="calendar days before today")
    parser.add_argument("--per-week", type=float, default=4, help="per office, on average")
    parser.add_argument("--seed", type=int, default=2711)
    args = parser.parse_args()
    password_hash = bulk_session("generate_complaints.py")
    if Complaint.objects.exists():
        raise SystemExit("The database already has complaints: drop it to start over.")
    start = time.monotonic()
    now = timezone.now()
    rng = random.Random(args.seed)  # noqa: S311 — simulation, not secrets
    made = Complaints(rng, now, password_hash)
    offices = list(
        Office.objects.filter(pk__in=OpeningHours.objects.values("office")).order_by("code")
    )
    for office in offices:
        since = now.astimezone(office.zoneinfo).date() - dt.timedelta(days=args.days + 1)
        made.office(office, args.per_week, args.days, tickets_by_day(office, since))
    log(start, f"{len(offices)} offices, {len(made.complaints)} complaints planned")
    with transaction.atomic():
        copy_rows(Complaint, made.complaints)
        copy_rows(ComplaintEvent, made.events)
    for row in rng.sample(made.complaints, min(100, len(made.complaints))):
        Complaint.objects.get(pk=row["id"]).full_clean(validate_constraints=True)
    analyze(Complaint, ComplaintEvent)
    by_status = Counter(str(row["status"]) for row in made.complaints)
    overdue = Complaint.objects.overdue(now).count()
    log(
        start,
        f"{len(made.complaints)} complaints ({dict(by_status)}; {overdue} open and overdue), "
        f"{len(made.events)} events, "
        f"{sum(1 for row in made.complaints if row.get('related_ticket_id'))} naming a ticket",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
