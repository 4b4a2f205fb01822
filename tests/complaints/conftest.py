"""What the survey's, the reports' and the complaints' tests rate: a visit served at the
library desk, an online consultation answered, ratings on demand (`rate`); and tickets, calls
and consultations stored as they were recorded, for the service-level report (`visit`,
`consultation`)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import pytest

from complaints.handling import services
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from consultations import lifecycle
from consultations.models import Consultation, SubjectArea
from queueing import services as queue
from queueing.models import EventKind, Stage, Ticket, TicketEvent, TicketStatus
from tests.complaints.reports.conftest import wita


@pytest.fixture
def served(issue, desks, front_office):
    """P-001 served at the front office and finished (no consultation record: the library)."""
    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    return queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)


@pytest.fixture
def on_the_web(office, visitor, consultation_officer, clock):
    """A complaint the visitor (signed in) sent as a web consultation, not yet taken."""
    return lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan"),
              "topic": "data", "question": "Saya mau mengadu: petugas tidak sopan di meja."},
    )  # fmt: skip


@pytest.fixture
def claimed(office, visitor, consultation_officer, clock):
    """An online consultation the officer has taken, not yet accepted."""
    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": area, "topic": "data", "question": "Berapa angka kemiskinan?"},
    )  # fmt: skip
    return lifecycle.consultation_claim(consultation=consultation, officer=consultation_officer)


@pytest.fixture
def answered(claimed, consultation_officer):
    consultation = claimed
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    return lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer, body="Lihat tabel 3.1."
    )


@pytest.fixture
def rate(office, issue):
    """`rate(at, scores=3, comment="", sex=…, education=…, occupation=…)`: a rating of a new
    P ticket given at `at`; `scores` one number for the nine answers or a list of nine. Stored
    as given: the rating page and its rules are tested in tests/complaints/surveys."""

    def make(
        at: dt.datetime,
        scores: int | list[int] = 3,
        *,
        comment: str = "",
        sex: str = "female",
        education: str = "bachelor",
        occupation: str = "researcher",
    ) -> SurveyResponse:
        ticket = issue("P")
        answers = [scores] * 9 if isinstance(scores, int) else scores
        return SurveyResponse.objects.create(
            office=office,
            ticket=ticket,
            channel="walk_in",
            service=ticket.service,
            served_at=at,
            submitted_at=at,
            sex=sex,
            education=education,
            occupation=occupation,
            comment=comment,
            **dict(zip(ELEMENT_FIELDS, answers, strict=True)),
        )

    return make


# -- a hand-built month for the service-level report (tests/complaints/test_service_levels*) --
# Each call is stored as the call service stores it (its counted wait, whole wait and verdict):
# the report adds up what was recorded, the recording is tested in tests/queueing.

_numbers = itertools.count(1)

END_STATUS = {
    EventKind.FINISHED: TicketStatus.DONE,
    EventKind.NO_SHOW: TicketStatus.NO_SHOW,
    EventKind.CANCELLED: TicketStatus.CANCELLED,
    EventKind.CLOSED: TicketStatus.NOT_SERVED,
    EventKind.TRANSFERRED: TicketStatus.WAITING,
}


def visit(
    service, *, joined: dt.datetime, desk=None, wait: int | None = None, total: int | None = -1,
    met: bool | None = None, end: str = EventKind.FINISHED, to_service=None, priority: str = "",
) -> Ticket:  # fmt: skip
    """A ticket taken at `joined` (its office's local date is its day); called by `desk`
    after `wait` seconds of counted wait (`total`: whole wait, -1 for the same as `wait`,
    None for a call recorded before it was kept; `met`: the verdict, by default within the
    service's limit); then `end` (a transfer sends it to `to_service` and closes it there).
    `priority`: the visitor's group."""
    office = service.office
    day = joined.astimezone(office.zoneinfo).date()
    number = next(_numbers)
    ticket = Ticket.objects.create(
        office=office, issued_service=service, service=service, service_date=day,
        number=number, code=f"{service.prefix}-{number:03d}", token=uuid.uuid4().hex,
        stage=Stage.SERVICE, status=END_STATUS[end], issued_at=joined, queued_at=joined,
        priority=priority,
    )  # fmt: skip
    at = joined
    TicketEvent.objects.record(ticket, EventKind.ISSUED, at)
    if desk is not None:
        at = joined + dt.timedelta(seconds=wait)
        TicketEvent.objects.record(
            ticket, EventKind.CALLED, at, desk=desk, sla_wait_seconds=wait,
            sla_met=wait <= service.sla_minutes * 60 if met is None else met,
            sla_limit_minutes=service.sla_minutes,
            total_wait_seconds=wait if total == -1 else total,
        )  # fmt: skip
        at += dt.timedelta(minutes=5)
    TicketEvent.objects.record(ticket, end, at, desk=desk, to_service=to_service)
    if end == EventKind.TRANSFERRED:
        ticket.service = to_service
        ticket.save(update_fields=["service"])
        TicketEvent.objects.record(ticket, EventKind.CLOSED, at + dt.timedelta(hours=1))
    return ticket


def consultation(
    office, channel: str = "web", *, created: dt.datetime, accepted: dt.datetime | None = None,
    due: dt.datetime | None = None, answered: dt.datetime | None = None, **fields,
) -> Consultation:  # fmt: skip
    """A consultation as its lifecycle leaves it: `accepted` starts its answer clock (due at
    `due`), `answered` ends it; other fields given as they would be stored."""
    if accepted is not None:
        fields |= {"accepted_at": accepted, "clock_started_at": accepted}
    fields |= {"due_at": due, "answered_at": answered}
    fields.setdefault("subject_area", SubjectArea.objects.order_by("pk").first())
    if channel not in ("web", "walk_in"):
        fields.setdefault("requester_email", "penanya@example.org")
    made = Consultation.objects.create(
        office=office, channel=channel, number=next(_numbers), question="Berapa?", **fields
    )
    Consultation.objects.filter(pk=made.pk).update(created_at=created)
    return made


def reopened(office, *, first_due_kept: bool = True) -> Consultation:
    """Accepted 20 October 08.00 WITA (due the 23rd), answered on the 27th (late), reopened
    on 4 November (due the 9th), answered again on the 6th (in time). `first_due_kept=False`:
    as migration consultations 0017 leaves one reopened before the first due time was kept."""
    first_due = wita(2026, 10, 23, 8, 0) if first_due_kept else None
    return consultation(
        office, "web", created=wita(2026, 10, 20, 7, 0), status="answered",
        accepted_at=wita(2026, 10, 20, 8, 0), first_due_at=first_due,
        first_answered_at=wita(2026, 10, 27, 8, 0), reopened_at=wita(2026, 11, 4, 9, 0),
        clock_started_at=wita(2026, 11, 4, 9, 0), due=wita(2026, 11, 9, 9, 0),
        answered=wita(2026, 11, 6, 9, 0),
    )  # fmt: skip


# -- complaints ---------------------------------------------------------------------------------


@pytest.fixture
def category(office):
    """The national "Waktu tunggu dan antrean" category: 3 working days."""
    from complaints.models import ComplaintCategory

    return ComplaintCategory.objects.get(office=None, key="waiting")


@pytest.fixture
def file_complaint(office, category, clock):
    """`file_complaint(**data)`: a complaint filed through the service, now; by default
    named, with an email address, in the 3-day category."""

    def file(
        *, office=office, complainant=None, client_request_id=None, sender="browser-1", **data
    ):
        values = {
            "category": category,
            "description": "Antrean lama dan petugas tidak ada di meja.",
            "complainant_name": "Budi Santoso",
            "complainant_email": "budi@example.org",
            "complainant_phone": "081234567890",
            **data,
        }
        return services.complaint_file(
            office=office, data=values, complainant=complainant,
            client_request_id=client_request_id, client_address="198.51.100.7", sender=sender,
        )  # fmt: skip

    return file


@pytest.fixture
def record(office, front_office, category, clock):
    """`record(**data)`: a complaint the front office took by phone now: named, with a
    phone number and no email by default."""

    def make(*, channel="phone", officer=front_office, **data):
        values = {
            "category": category,
            "description": "Menunggu 45 menit, petugas tidak datang.",
            "complainant_name": "Pak Budi",
            "complainant_phone": "0812 3456 7890",
            **data,
        }
        return services.complaint_record(
            office=office, officer=officer, channel=channel, received_at=wita(2026, 11, 23, 8),
            data=values, client_request_id=uuid.uuid4(),
        )  # fmt: skip

    return make


@pytest.fixture
def by_phone(record, supervisor):
    complaint = record()
    services.complaint_verify(complaint=complaint, user=supervisor)
    return complaint
