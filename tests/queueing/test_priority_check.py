"""Priority checked by staff (product trial P, P7): the front office confirms a claim, removes
a false one or gives priority to a regular number, at its desk or for a visitor waiting in any
queue; the officer at a service desk for the visitor at their desk. Each check is an event
with the officer, the time and the priority before and after; the call order follows at once,
the calls already made keep the priority they were made with."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.call_order import ticket_ahead
from queueing.codes import ticket_code_read
from queueing.errors import QueueError
from queueing.models import EventKind, Priority, TicketEvent
from tests.conftest import MONDAY_9

HX = {"HX-Request": "true"}


def check(ticket, desk, officer, priority):
    return queue.ticket_priority_change(
        ticket=ticket, desk=desk, officer=officer, priority=priority
    )


def checks(ticket) -> list[tuple[str, str]]:
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.PRIORITY_CHECKED).values_list(
            "priority_before", "priority"
        )
    )


def post(client, data, htmx=False):
    return client.post(reverse("desk_action", args=["priority"]), data, headers=HX if htmx else {})


# -- the service --------------------------------------------------------------------------------


def test_a_false_elderly_claim_removed_at_the_front_office_is_recorded_with_who_and_when(
    issue, desks, front_office, clock
):
    ticket = queue.ticket_call(ticket=issue("K", priority="elderly"), desk=desks[1],
                               officer=front_office)  # fmt: skip
    clock.shift(30)
    result = check(ticket, desks[1], front_office, Priority.NONE)
    assert (result.recorded, result.before, result.after) == (True, "elderly", "")
    ticket.refresh_from_db()
    assert ticket.priority == ""
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PRIORITY_CHECKED)
    assert (event.officer, event.desk, event.at) == (
        front_office,
        desks[1],
        MONDAY_9 + dt.timedelta(seconds=30),
    )
    assert (event.priority_before, event.priority) == ("elderly", "")
    assert "K-001" in result.message


def test_confirming_a_claim_is_recorded_once_and_a_double_submission_records_nothing(
    issue, desks, front_office
):
    ticket = queue.ticket_call(ticket=issue("K", priority="pregnant"), desk=desks[1],
                               officer=front_office)  # fmt: skip
    first = check(ticket, desks[1], front_office, Priority.PREGNANT)
    again = check(ticket, desks[1], front_office, Priority.PREGNANT)
    assert (first.recorded, again.recorded) == (True, False)
    assert checks(ticket) == [("pregnant", "pregnant")]
    # A change sent twice (a double click) is one change.
    check(ticket, desks[1], front_office, Priority.NONE)
    check(ticket, desks[1], front_office, Priority.NONE)
    assert checks(ticket) == [("pregnant", "pregnant"), ("pregnant", "")]


def test_a_regular_number_confirmed_regular_records_nothing(issue, desks, front_office):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    assert check(ticket, desks[1], front_office, Priority.NONE).recorded is False
    assert checks(ticket) == []


def test_priority_given_at_the_front_office_puts_the_visitor_first_in_the_next_queue(
    issue, desks, front_office, consultation_officer, services, clock
):
    # An elderly visitor whose companion took a regular number, after two regular ones.
    earlier = [issue("K"), issue("K")]
    for ticket in earlier:
        ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_transfer(ticket=ticket, desk=desks[1], officer=front_office,
                              to_service=services["K"], without_guestbook=True)  # fmt: skip
        clock.shift(10)
    elderly = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    check(elderly, desks[1], front_office, Priority.ELDERLY)
    elderly = queue.ticket_transfer(ticket=elderly, desk=desks[1], officer=front_office,
                                    to_service=services["K"], without_guestbook=True)  # fmt: skip
    assert ticket_ahead(elderly) == 0
    called = queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    assert called.code == "K-003"


def test_the_front_office_changes_a_visitor_waiting_in_any_queue_and_the_order_follows_at_once(
    issue, desks, front_office, clock
):
    regular = issue("K")
    clock.shift(10)
    late = issue("K")
    assert ticket_ahead(late) == 1
    check(late, desks[1], front_office, Priority.DISABLED)
    late.refresh_from_db()
    assert ticket_ahead(late) == 0
    assert ticket_ahead(regular) == 1
    assert queue.ticket_call_next(desk=desks[1], officer=front_office).code == "K-002"


def test_a_call_keeps_the_priority_it_was_made_with_for_the_streak(
    issue, desks, front_office, clock
):
    # Two priority calls in a row while a regular visitor waits: the regular one is next,
    # even when one of the two claims is removed after its call (it did go first).
    issue("K")  # K-001 regular
    for kind in ("elderly", "pregnant", "disabled"):
        clock.shift(10)
        issue("K", priority=kind)
    for expected in ("K-002", "K-003"):
        ticket = queue.ticket_call_next(desk=desks[1], officer=front_office)
        assert ticket.code == expected
        if expected == "K-003":
            check(ticket, desks[1], front_office, Priority.NONE)  # a false claim
        queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    assert queue.ticket_call_next(desk=desks[1], officer=front_office).code == "K-001"


@pytest.mark.parametrize("value", ["vip", "appointment", "Elderly", "\x00", None])
def test_a_priority_outside_the_staff_choices_is_refused(issue, desks, front_office, value):
    ticket = issue("K", priority="elderly")
    with pytest.raises(QueueError) as refused:
        check(ticket, desks[1], front_office, value)
    assert refused.value.code == "priority"
    ticket.refresh_from_db()
    assert ticket.priority == "elderly" and checks(ticket) == []


def test_a_ticket_already_done_is_refused(issue, desks, front_office):
    ticket = queue.ticket_call(ticket=issue("K", priority="elderly"), desk=desks[1],
                               officer=front_office)  # fmt: skip
    queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    with pytest.raises(QueueError) as refused:
        check(ticket, desks[1], front_office, Priority.NONE)
    assert refused.value.code == "state"
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


def test_a_ticket_of_another_office_is_refused(issue, desks, other_office, other_office_officer):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    theirs = DeskFactory(office=other_office, number=1, kind=DeskKind.FRONT_OFFICE)
    ticket = issue("K", priority="elderly")
    with pytest.raises(QueueError) as refused:
        check(ticket, theirs, other_office_officer, Priority.NONE)
    assert refused.value.code == "other_office"
    # Nor through our desk: the officer works for another office.
    with pytest.raises(QueueError) as refused:
        check(ticket, desks[1], other_office_officer, Priority.NONE)
    assert refused.value.code == "other_office"
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


def test_a_service_desk_changes_only_the_ticket_at_it(
    issue, desks, front_office, consultation_officer, services
):
    waiting = issue("K", priority="elderly")
    with pytest.raises(QueueError) as refused:
        check(waiting, desks[2], consultation_officer, Priority.NONE)
    assert refused.value.code == "not_here"
    # Called by the front office: at another desk, which checks it.
    queue.ticket_call(ticket=waiting, desk=desks[1], officer=front_office)
    with pytest.raises(QueueError) as refused:
        check(waiting, desks[3], consultation_officer, Priority.NONE)
    assert refused.value.code == "not_here"
    # At the officer's own desk: theirs to check.
    queue.ticket_transfer(ticket=waiting, desk=desks[1], officer=front_office,
                          to_service=services["K"], without_guestbook=True)  # fmt: skip
    at_desk = queue.ticket_call(ticket=waiting, desk=desks[3], officer=consultation_officer)
    assert check(at_desk, desks[3], consultation_officer, Priority.NONE).recorded


def test_an_appointments_ticket_keeps_its_place(issue, desks, front_office):
    ticket = issue("K", priority="appointment")
    with pytest.raises(QueueError) as refused:
        check(ticket, desks[1], front_office, Priority.NONE)
    assert refused.value.code == "appointment"


def test_a_desk_out_of_use_changes_nothing(issue, desks, front_office):
    ticket = issue("K", priority="elderly")
    desks[1].is_active = False
    desks[1].save()
    with pytest.raises(QueueError) as refused:
        check(ticket, desks[1], front_office, Priority.NONE)
    assert refused.value.code == "desk_inactive"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("K-007", "K-007"), ("k7", "K-007"), (" k - 0 0 7 ", "K-007"), ("Ｋ－００７", "K-007"),
     ("K-١٢", "K-012"), ("K1234", "K-1234"), ("K12345", None), ("KK-1", None), ("", None),
     ("K-" + "9" * 5000, None)],
)  # fmt: skip
def test_a_code_is_read_as_people_type_it_off_the_slip(typed, code):
    assert ticket_code_read(typed) == code


# -- the console --------------------------------------------------------------------------------


@pytest.fixture
def fo_client(client, front_office, desks, seat):
    client.force_login(front_office)
    return seat(client, desks[1])


def test_the_console_shows_the_claim_and_removes_it(fo_client, issue, desks, front_office):
    waiting = issue("K", priority="pregnant")
    page = fo_client.get(reverse("desk")).content.decode()
    assert 'data-testid="queue-priority">Ibu hamil<' in page
    ticket = queue.ticket_call(ticket=waiting, desk=desks[1], officer=front_office)
    page = fo_client.get(reverse("desk")).content.decode()
    assert 'data-testid="current-priority">Ibu hamil<' in page
    assert 'data-testid="priority-form"' in page
    assert '<option value="pregnant" selected>Ibu hamil</option>' in page
    response = post(fo_client, {"desk": desks[1].pk, "ticket": ticket.pk, "priority": "regular"},
                    htmx=True)  # fmt: skip
    assert response["X-Queue-Status"] == "200"
    page = response.content.decode()
    assert 'data-testid="current-priority"' not in page  # a regular visitor now
    assert '<option value="regular" selected>Reguler</option>' in page
    ticket.refresh_from_db()
    assert ticket.priority == ""


def test_the_front_office_names_a_waiting_visitor_by_the_code_on_the_slip(
    fo_client, issue, desks, clock
):
    issue("K")
    clock.shift(10)
    issue("P")
    clock.shift(10)
    elderly = issue("K")
    response = post(fo_client, {"desk": desks[1].pk, "code": "k-００2", "priority": "elderly"})
    assert response.status_code == 302
    elderly.refresh_from_db()
    assert elderly.priority == "elderly"
    page = fo_client.get(reverse("desk")).content.decode()
    assert page.index("queue-row-K-002") < page.index("queue-row-K-001")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"code": "K-099", "priority": "elderly"}, "no_ticket"),
        ({"code": "zzz", "priority": "elderly"}, "no_ticket"),
        ({"code": "K-001"}, "priority"),  # never read as "regular"
        ({"code": "K-001", "priority": ""}, "priority"),
        ({"priority": "elderly"}, "ticket"),
    ],
)
def test_what_names_no_ticket_or_no_priority_changes_nothing(fo_client, issue, desks, data, code):
    ticket = issue("K", priority="pregnant")
    response = post(fo_client, {"desk": desks[1].pk, **data})
    assert response.status_code == 409
    assert f'data-code="{code}"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority == "pregnant" and checks(ticket) == []


@pytest.mark.parametrize(
    "data",
    [
        {"priority": "vip"},
        {"priority": "appointment"},
        {"priority": "elderly\x01"},
        {"priority": "elderly", "ticket": "9" * 30},
        {"priority": "elderly", "ticket": "٣"},
        {"priority": "elderly", "code": "K" * 50},
    ],
)
def test_bad_input_is_refused_without_a_change(fo_client, issue, desks, data):
    ticket = issue("K", priority="pregnant")
    response = post(fo_client, {"desk": desks[1].pk, "ticket": ticket.pk} | data)
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.priority == "pregnant" and checks(ticket) == []


def test_a_priority_outside_the_choices_is_named_as_such(fo_client, issue, desks):
    # Attack: the refusal read "that ticket or service is not in this office".
    ticket = issue("K", priority="pregnant")
    response = post(fo_client, {"desk": desks[1].pk, "ticket": ticket.pk, "priority": "vip"})
    page = response.content.decode()
    assert "Pilih reguler atau salah satu kelompok prioritas." in page
    assert "tidak ada di kantor ini" not in page


def test_a_nul_byte_is_a_bad_request(fo_client, issue, desks):
    ticket = issue("K", priority="pregnant")
    response = post(fo_client, {"desk": desks[1].pk, "code": "K-001\x00", "priority": "regular"})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.priority == "pregnant"


def test_a_double_submission_over_the_console_records_one_change(fo_client, issue, desks):
    ticket = issue("K", priority="elderly")
    data = {"desk": desks[1].pk, "code": "K-001", "priority": "regular"}
    assert post(fo_client, data).status_code == 302
    response = post(fo_client, data, htmx=True)
    assert response["X-Queue-Status"] == "200"  # what was asked is done: said so, once
    assert checks(ticket) == [("elderly", "")]


def test_a_ticket_of_another_office_cannot_be_named(
    client, other_office_officer, other_office, issue, seat
):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    ticket = issue("K", priority="elderly")
    theirs = DeskFactory(office=other_office, number=1, kind=DeskKind.FRONT_OFFICE)
    client.force_login(other_office_officer)
    seat(client, theirs)
    assert post(client, {"desk": theirs.pk, "ticket": ticket.pk, "priority": "regular"}
                ).status_code == 400  # fmt: skip
    response = post(client, {"desk": theirs.pk, "code": "K-001", "priority": "regular"})
    assert response.status_code == 409  # no such ticket in their office today
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


@pytest.mark.parametrize("persona", ["visitor", "supervisor", "administrator"])
def test_who_works_at_no_desk_cannot_change_a_priority(client, issue, desks, persona, request):
    ticket = issue("K", priority="elderly")
    client.force_login(request.getfixturevalue(persona))
    response = post(client, {"desk": desks[1].pk, "ticket": ticket.pk, "priority": "regular"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


def test_anonymous_is_sent_to_sign_in(client, issue, desks):
    ticket = issue("K", priority="elderly")
    response = post(client, {"desk": desks[1].pk, "ticket": ticket.pk, "priority": "regular"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


def test_the_console_query_budget_stays_with_a_priority_at_the_desk(
    fo_client, issue, desks, front_office
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            fo_client.get(reverse("desk"), headers=HX)
        return len(captured.captured_queries)

    ticket = queue.ticket_call(ticket=issue("K", priority="elderly"), desk=desks[1],
                               officer=front_office)  # fmt: skip
    issue("K")
    issue("K", priority="disabled")
    before = queries()
    check(ticket, desks[1], front_office, Priority.NONE)
    for _ in range(5):
        issue("K", priority="pregnant")
        issue("K")
    assert queries() == before


@pytest.mark.parametrize(("language", "shown"), [("en", True), ("id", False), ("", False)])
def test_the_console_says_the_called_visitors_language_when_not_the_offices(
    fo_client, office, services, desks, front_office, clock, language, shown
):
    # They took the ticket at the kiosk in English: the officer greets them in it.
    waiting = queue.ticket_issue(office=office, service=services["K"], language=language)
    queue.ticket_call(ticket=waiting, desk=desks[1], officer=front_office)
    page = fo_client.get(reverse("desk")).content.decode()
    assert ('data-testid="visitor-language"' in page) is shown
    if shown:
        assert "Pengunjung memakai" in page
