import datetime as dt
import uuid

import pytest
from django.db import IntegrityError
from django.urls import reverse

from queueing import services as queue
from queueing.errors import QueueError
from queueing.models import DailyCounter, EventKind, Stage, Ticket, TicketEvent
from tests.concurrency import run_in_parallel
from tests.conftest import WITA
from tests.factories import DeskFactory, ServiceFactory


def test_numbers_start_at_one_per_service_and_read_as_codes(issue):
    k1, k2, p1 = issue("K"), issue("K"), issue("P")
    assert [k1.code, k2.code, p1.code] == ["K-001", "K-002", "P-001"]
    assert (k1.number, k2.number, p1.number) == (1, 2, 1)


def test_numbering_restarts_on_the_next_office_local_day(issue, clock):
    assert issue("K").code == "K-001"
    clock.move_to(dt.datetime(2026, 11, 24, 8, 0, tzinfo=WITA))
    ticket = issue("K")
    assert ticket.code == "K-001"
    assert ticket.service_date == dt.date(2026, 11, 24)


def test_the_daily_date_is_the_office_local_date_not_utc(issue, clock):
    # 07:45 WITA on Monday is still Sunday 23:45 UTC.
    clock.move_to(dt.datetime(2026, 11, 23, 7, 45, tzinfo=WITA))
    assert issue("K").service_date == dt.date(2026, 11, 23)


def test_issuing_records_an_event_and_an_unguessable_token(issue):
    ticket = issue("K")
    assert TicketEvent.objects.get(ticket=ticket).kind == EventKind.ISSUED
    assert len(ticket.token) >= 32
    assert issue("K").token != ticket.token


def test_tickets_start_at_the_front_office_when_the_office_has_one(issue):
    assert issue("K").stage == Stage.RECEPTION


def test_tickets_go_straight_to_the_service_desk_without_a_front_office(office, services, clock):
    DeskFactory(office=office, number=2, name="Meja 2").services.set([services["K"]])
    ticket = queue.ticket_issue(office=office, service=services["K"])
    assert ticket.stage == Stage.SERVICE


def test_without_a_front_office_a_service_no_desk_takes_gives_no_number(
    client, office, services, clock
):
    DeskFactory(office=office, number=2, name="Meja 2").services.set([services["K"]])
    with pytest.raises(QueueError) as refused:
        queue.ticket_issue(office=office, service=services["P"])
    assert refused.value.code == "no_desk"
    page = client.get(reverse("kiosk", args=[office.code])).content.decode()
    assert 'data-testid="unavailable-P"' in page
    assert 'data-testid="unavailable-K"' not in page


def test_the_database_refuses_a_second_ticket_with_the_same_number(issue):
    ticket = issue("K")
    with pytest.raises(IntegrityError):
        Ticket.objects.create(
            office=ticket.office,
            issued_service=ticket.issued_service,
            service=ticket.service,
            service_date=ticket.service_date,
            number=ticket.number,
            code="K-001",
            token="another",
            stage=ticket.stage,
            issued_at=ticket.issued_at,
            queued_at=ticket.queued_at,
        )


def test_a_repeated_request_id_returns_the_same_ticket(office, services, desks, clock):
    request_id = uuid.uuid4()
    first = queue.ticket_issue(office=office, service=services["K"], client_request_id=request_id)
    again = queue.ticket_issue(office=office, service=services["K"], client_request_id=request_id)
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1
    assert DailyCounter.objects.get().last_number == 1


def test_service_of_another_office_is_refused(office, other_office, desks, clock):
    foreign = ServiceFactory(office=other_office, prefix="K")
    with pytest.raises(queue.QueueError):
        queue.ticket_issue(office=office, service=foreign)


def test_inactive_service_is_refused(office, services, desks, clock):
    services["R"].is_active = False
    services["R"].save()
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_issue(office=office, service=services["R"])
    assert error.value.code == "inactive"


def test_unknown_priority_is_refused(office, services, desks, clock):
    with pytest.raises(queue.QueueError):
        queue.ticket_issue(office=office, service=services["K"], priority="vip")


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 23, 7, 29, tzinfo=WITA),  # before opening
        dt.datetime(2026, 11, 23, 16, 0, tzinfo=WITA),  # at closing
        dt.datetime(2026, 11, 22, 10, 0, tzinfo=WITA),  # Sunday
    ],
)
def test_no_ticket_outside_opening_hours(office, services, desks, clock, moment):
    clock.move_to(moment)
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_issue(office=office, service=services["K"])
    assert error.value.code == "closed"
    assert not Ticket.objects.exists()


def test_no_ticket_on_a_holiday(office, services, desks, clock):
    from tests.factories import HolidayFactory

    HolidayFactory(date=dt.date(2026, 11, 23), name="Libur contoh")
    with pytest.raises(queue.QueueError):
        queue.ticket_issue(office=office, service=services["K"])


# -- real parallel transactions (PostgreSQL) -----------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_issuers_get_distinct_gap_free_numbers(office, services, desks):
    import time_machine

    from tests.conftest import MONDAY_9

    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(
            24,
            lambda i: (
                queue.ticket_issue(office=office, service=services["K" if i % 3 else "P"]).code
            ),
        )
    assert errors == []
    k = sorted(code for code in results if code.startswith("K"))
    p = sorted(code for code in results if code.startswith("P"))
    assert k == [f"K-{n:03d}" for n in range(1, len(k) + 1)]
    assert p == [f"P-{n:03d}" for n in range(1, len(p) + 1)]
    assert Ticket.objects.count() == 24


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_double_tap_with_one_request_id_gives_one_ticket(office, services, desks):
    import time_machine

    from tests.conftest import MONDAY_9

    request_id = uuid.uuid4()
    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(
            8,
            lambda i: (
                queue.ticket_issue(
                    office=office, service=services["K"], client_request_id=request_id
                ).pk
            ),
        )
    assert errors == []
    assert len(set(results)) == 1
    assert Ticket.objects.count() == 1
