"""The consultations of `generate_online.py` as rows for COPY: a plan of every consultation
(status by age, officer, due and answer times), its events and its conversation. Import after
`benchenv.django_setup()`."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator

from bulk import next_id
from online_text import DATA, FILE_TYPES, REGIONS, SENTENCES, USES, fill, message_text

from consultations.models import (
    Attachment,
    Channel,
    Consultation,
    ConsultationStatus,
    EventKind,
    MessageKind,
    SubjectArea,
    Topic,
)

S = ConsultationStatus
YEARS = 3

# (age in days up to, [(status, weight), …]): how an office's consultations look by age.
STATUS_BY_AGE = [
    (1, [(S.SUBMITTED, 65), (S.NEEDS_CLARIFICATION, 10), (S.ACCEPTED, 25)]),
    (5, [(S.SUBMITTED, 8), (S.NEEDS_CLARIFICATION, 8), (S.ACCEPTED, 44), (S.ANSWERED, 35),
         (S.CANCELLED, 5)]),
    (14, [(S.NEEDS_CLARIFICATION, 4), (S.ACCEPTED, 4), (S.ANSWERED, 30), (S.CLOSED, 55),
          (S.CANCELLED, 7)]),
    (10**6, [(S.ACCEPTED, 0.05), (S.CLOSED, 92), (S.CANCELLED, 7.95)]),
]  # fmt: skip
CHANNELS = [(Channel.WEB, 70), (Channel.WHATSAPP, 12), (Channel.EMAIL, 10), (Channel.PHONE, 8)]


def status_for(age_days: float, rng: random.Random) -> str:
    for limit, choices in STATUS_BY_AGE:
        if age_days < limit:
            return rng.choices([s for s, _ in choices], [w for _, w in choices])[0]
    raise AssertionError


def consultation_plan(args, offices, officers, requester_ids, rng, now) -> list[dict]:
    """Every consultation as a dict of its columns plus `_n_messages`; the long ones last."""
    demo = offices[0]
    areas = list(SubjectArea.objects.filter(is_active=True).values_list("pk", flat=True))
    first = next_id(Consultation)
    span = 365 * YEARS
    # A few requesters ask often (the persona of the requester's list asks 60 times).
    heavy = requester_ids[: max(1, len(requester_ids) // 100)]
    plan = []
    for n in range(args.consultations - len(args.long)):
        office = demo if rng.random() < args.demo_share else rng.choice(offices[1:] or [demo])
        # More recent years are busier: age drawn with a triangular density toward today.
        age = rng.triangular(0, span, 0) if n >= 60 else rng.uniform(0, span)
        created = now - dt.timedelta(days=age)
        status = status_for(age, rng)
        if n < 60:
            requester = requester_ids[0]
        elif rng.random() < 0.1:
            requester = rng.choice(heavy)
        else:
            requester = rng.choice(requester_ids)
        row = consultation_row(
            first + n, office, status, created, requester, areas, officers, rng, now
        )
        plan.append(row)
    for i, length in enumerate(args.long):
        created = now - dt.timedelta(days=2, hours=i)
        row = consultation_row(
            first + len(plan),
            demo,
            S.ACCEPTED,
            created,
            requester_ids[1 + i],
            areas,
            officers,
            rng,
            now,
        )
        row["officer_id"] = officers[demo.pk][0]
        row["_n_messages"] = length
        row["_long"] = True
        plan.append(row)
    return plan


def consultation_row(pk, office, status, created, requester, areas, officers, rng, now) -> dict:
    data = rng.choice(DATA)
    region = rng.choice(REGIONS)
    row = {
        "id": pk,
        "number": pk,  # unique in its office as the row id is in the table
        "office_id": office.pk,
        "channel": rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
        "requester_id": requester,
        "subject_area_id": rng.choice(areas),
        "topic": rng.choice(Topic.values),
        "question": fill(rng.choice(SENTENCES[:3]), rng)
        + " "
        + " ".join(fill(rng.choice(SENTENCES[:14]), rng) for _ in range(rng.randint(0, 3))),
        "status": status,
        "created_at": created,
        "data_region": region,
        "data_period": f"{rng.randint(2015, 2020)}–{rng.randint(2021, 2025)}",
        "data_detail": rng.choice(["kecamatan", "kabupaten/kota", "provinsi", "desa"]),
        "intended_use": f"Untuk {rng.choice(USES)} tentang {data}.",
        "_long": False,
    }
    staff = officers[office.pk]
    claimed = status != S.SUBMITTED or rng.random() < 0.4
    if claimed:
        row["officer_id"] = rng.choice(staff)
    if status == S.NEEDS_CLARIFICATION:
        row["clarification_requested_at"] = created + dt.timedelta(hours=rng.uniform(1, 20))
    if status in (S.ACCEPTED, S.ANSWERED, S.CLOSED):
        accepted = created + dt.timedelta(hours=rng.uniform(0.5, 20))
        accepted = min(accepted, now - dt.timedelta(minutes=5))
        row["accepted_at"] = accepted
        row["clock_started_at"] = accepted
        # Three working days, roughly: a weekend in between adds two days.
        due = accepted + dt.timedelta(days=3)
        if accepted.weekday() >= 2:
            due += dt.timedelta(days=2)
        row["due_at"] = due
    if status in (S.ANSWERED, S.CLOSED):
        answered = row["accepted_at"] + dt.timedelta(hours=rng.triangular(1, 110, 20))
        answered = min(answered, now - dt.timedelta(minutes=1))
        row["answered_at"] = answered
        row["sla_met"] = answered <= row["due_at"]
        row["answer"] = fill(rng.choice(SENTENCES[3:8]), rng)
        row["links"] = "https://tarakankota.bps.go.id/id/statistics-table"
    if status == S.CLOSED:
        row["closed_at"] = min(row["answered_at"] + dt.timedelta(days=rng.uniform(0.2, 7)), now)
    if status == S.CANCELLED:
        row["closed_at"] = created + dt.timedelta(days=rng.uniform(0.1, 14))
    base = {
        S.SUBMITTED: (1, 1),
        S.NEEDS_CLARIFICATION: (2, 3),
        S.ACCEPTED: (2, 5),
        S.ANSWERED: (3, 7),
        S.CLOSED: (3, 9),
        S.CANCELLED: (1, 3),
    }[status]
    row["_n_messages"] = rng.randint(*base)
    return row


def balance_messages(plan: list[dict], target: int, rng: random.Random) -> None:
    """Make the conversations add up to exactly `target` messages (the long ones untouched)."""
    normal = [row for row in plan if not row["_long"]]
    diff = target - sum(row["_n_messages"] for row in plan)
    while diff > 0:
        rng.choice(normal)["_n_messages"] += 1
        diff -= 1
    while diff < 0:
        row = rng.choice(normal)
        if row["_n_messages"] > 1:
            row["_n_messages"] -= 1
            diff += 1


# The status change each kind of event records (from, to).
TRANSITIONS = {
    EventKind.SUBMITTED: ("", S.SUBMITTED),
    EventKind.CLAIMED: (S.SUBMITTED, S.SUBMITTED),
    EventKind.CLARIFICATION_REQUESTED: (S.SUBMITTED, S.NEEDS_CLARIFICATION),
    EventKind.CLARIFIED: (S.NEEDS_CLARIFICATION, S.SUBMITTED),
    EventKind.CANCELLED: (S.SUBMITTED, S.CANCELLED),
    EventKind.ACCEPTED: (S.SUBMITTED, S.ACCEPTED),
    EventKind.ANSWERED: (S.ACCEPTED, S.ANSWERED),
    EventKind.CLOSED: (S.ANSWERED, S.CLOSED),
}


def events_of(row: dict, next_pk: Iterator[int], rng: random.Random) -> Iterator[dict]:
    c, created, status = row["id"], row["created_at"], row["status"]
    officer, requester = row.get("officer_id"), row["requester_id"]

    def event(kind, at, actor, assigned=None):
        before, after = TRANSITIONS[kind]
        return {
            "id": next(next_pk),
            "consultation_id": c,
            "kind": kind,
            "from_status": before,
            "to_status": after,
            "actor_id": actor,
            "officer_id": assigned,
            "at": at,
        }

    yield event(EventKind.SUBMITTED, created, requester)
    if officer is None:
        return
    claimed = created + dt.timedelta(minutes=rng.uniform(5, 50))
    yield event(EventKind.CLAIMED, claimed, officer, officer)
    if status == S.NEEDS_CLARIFICATION:
        yield event(EventKind.CLARIFICATION_REQUESTED, row["clarification_requested_at"], officer)
        return
    if status == S.CANCELLED:
        yield event(EventKind.CANCELLED, row["closed_at"], requester)
        return
    if status == S.SUBMITTED:
        return
    accepted = row["accepted_at"]
    if rng.random() < 0.15:
        asked = claimed + (accepted - claimed) / 3
        yield event(EventKind.CLARIFICATION_REQUESTED, asked, officer)
        yield event(EventKind.CLARIFIED, claimed + (accepted - claimed) * 2 / 3, requester)
    yield event(EventKind.ACCEPTED, accepted, officer)
    if status in (S.ANSWERED, S.CLOSED):
        yield event(EventKind.ANSWERED, row["answered_at"], officer)
    if status == S.CLOSED:
        yield event(EventKind.CLOSED, row["closed_at"], requester if rng.random() < 0.4 else None)


def messages_of(row, next_pk, rng, now, attachments: list) -> Iterator[dict]:
    count = row["_n_messages"]
    start = row["created_at"]
    end = row.get("closed_at") or row.get("answered_at") or now
    if row["_long"] or end <= start:
        end = now - dt.timedelta(minutes=1)
    step = (end - start) / (count + 1)
    officer = row.get("officer_id")
    for i in range(count):
        at = start + step * (i + 1)
        internal = officer is not None and i > 0 and rng.random() < 0.15
        from_staff = internal or (officer is not None and i % 2 == 1)
        pk = next(next_pk)
        yield {
            "id": pk,
            "consultation_id": row["id"],
            "kind": MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
            "author_id": officer if from_staff else row["requester_id"],
            "from_staff": from_staff,
            "body": message_text(rng, internal),
            "created_at": at,
        }
        if rng.random() < 0.05:
            attachments.append((pk, at))


def attachment_rows(attachments, rng) -> Iterator[dict]:
    # Every query before the first row: the rows are drawn while COPY holds the connection.
    first = next_id(Attachment)
    return _attachment_rows(attachments, rng, first)


def _attachment_rows(attachments, rng, first) -> Iterator[dict]:
    for n, (message_id, at) in enumerate(attachments, start=first):
        name, content_type = rng.choice(FILE_TYPES)
        yield {
            "id": n,
            "message_id": message_id,
            "file": f"consultations/{at:%Y/%m}/{uuid.UUID(int=rng.getrandbits(128)).hex}",
            "name": name.format(n=n),
            "content_type": content_type,
            "size": rng.randint(20_000, 4_000_000),
        }
