"""Every action has a state guard: what is not allowed from a status is refused and changes
nothing."""

import pytest

from queueing import services as queue
from queueing.models import EventKind, Stage, TicketEvent, TicketStatus
from tests.concurrency import run_in_parallel


@pytest.fixture
def fo(front_office):
    return front_office


def _call(ticket, desk, officer):
    return queue.ticket_call(ticket=ticket, desk=desk, officer=officer)


def test_the_full_walk_in_path_logs_every_step(issue, desks, services, fo, consultation_officer):
    ticket = issue("K")
    ticket = queue.ticket_call_next(desk=desks[1], officer=fo)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=fo)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["K"]
    )
    assert (ticket.status, ticket.stage, ticket.code) == ("waiting", Stage.SERVICE, "K-001")
    ticket = queue.ticket_call_next(desk=desks[2], officer=consultation_officer)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
    ticket = queue.ticket_finish(ticket=ticket, desk=desks[2], officer=consultation_officer)
    assert ticket.status == TicketStatus.DONE
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == [
        EventKind.ISSUED,
        EventKind.CALLED,
        EventKind.STARTED,
        EventKind.TRANSFERRED,
        EventKind.CALLED,
        EventKind.STARTED,
        EventKind.FINISHED,
    ]


def _at(status, issue, desks, fo):
    """A ticket at desk 1 in `status`."""
    ticket = issue("K")
    if status == "waiting":
        return ticket
    if status == "cancelled":
        return queue.ticket_cancel(ticket=ticket)
    ticket = _call(ticket, desks[1], fo)
    if status == "called":
        return ticket
    if status == "no_show":
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=fo)
        return queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=fo)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=fo)
    if status == "serving":
        return ticket
    return queue.ticket_finish(ticket=ticket, desk=desks[1], officer=fo)


ALLOWED = {
    "call": {"waiting"},
    "recall": {"called"},
    "start": {"called"},
    "no_show": {"called"},  # after a recall: tested separately
    "transfer": {"called", "serving"},
    "finish": {"serving"},
    "cancel": {"waiting"},
}
STATUSES = ["waiting", "called", "serving", "done", "no_show", "cancelled"]


def _act(action, ticket, desks, services, fo):
    if action == "call":
        # Another, free front-office desk: the refusal must come from the ticket's state,
        # not from desk 1 being busy with it.
        from queueing.models import Desk, DeskKind

        spare, _created = Desk.objects.get_or_create(
            office=desks[1].office,
            number=20,
            defaults={"name": "FO 20", "kind": DeskKind.FRONT_OFFICE},
        )
        return _call(ticket, spare, fo)
    if action == "cancel":
        return queue.ticket_cancel(ticket=ticket)
    if action == "transfer":
        return queue.ticket_transfer(
            without_guestbook=True,
            ticket=ticket,
            desk=desks[1],
            officer=fo,
            to_service=services["P"],
        )
    if action == "no_show" and ticket.status == "called":
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=fo)
    function = {
        "recall": queue.ticket_recall,
        "start": queue.ticket_start,
        "no_show": queue.ticket_no_show,
        "finish": queue.ticket_finish,
    }[action]
    return function(ticket=ticket, desk=desks[1], officer=fo)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_each_action_only_from_its_allowed_statuses(action, status, issue, desks, services, fo):
    ticket = _at(status, issue, desks, fo)
    events_before = TicketEvent.objects.filter(ticket=ticket).count()
    if status in ALLOWED[action]:
        _act(action, ticket, desks, services, fo)
        return
    with pytest.raises(queue.QueueError):
        _act(action, ticket, desks, services, fo)
    ticket.refresh_from_db()
    assert ticket.status == status
    assert TicketEvent.objects.filter(ticket=ticket).count() == events_before


def test_no_show_needs_a_recall_first(issue, desks, fo):
    ticket = _call(issue("K"), desks[1], fo)
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=fo)
    assert error.value.code == "recall_first"
    queue.ticket_recall(ticket=ticket, desk=desks[1], officer=fo)
    assert queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=fo).status == "no_show"


def test_a_ticket_is_never_finished_twice(issue, desks, fo):
    ticket = _at("serving", issue, desks, fo)
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=fo)
    with pytest.raises(queue.QueueError):
        queue.ticket_finish(ticket=ticket, desk=desks[1], officer=fo)
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.FINISHED).count() == 1


def test_a_ticket_called_by_one_desk_cannot_be_called_by_another(issue, desks, fo, front_office):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    second_front = DeskFactory(
        office=desks[1].office, number=9, name="Front Office 2", kind=DeskKind.FRONT_OFFICE
    )
    ticket = _call(issue("K"), desks[1], fo)
    with pytest.raises(queue.QueueError):
        _call(ticket, second_front, fo)


def test_another_desk_cannot_act_on_a_ticket_it_did_not_call(issue, desks, fo):
    ticket = _call(issue("K"), desks[1], fo)
    for action in (queue.ticket_recall, queue.ticket_start):
        with pytest.raises(queue.QueueError) as error:
            action(ticket=ticket, desk=desks[2], officer=fo)
        assert error.value.code == "not_here"


def test_a_busy_desk_cannot_call_another_visitor(issue, desks, fo):
    issue("K")
    issue("K")
    queue.ticket_call_next(desk=desks[1], officer=fo)
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_call_next(desk=desks[1], officer=fo)
    assert error.value.code == "desk_busy"


def test_call_next_with_nobody_waiting_says_so(issue, desks, fo):
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_call_next(desk=desks[1], officer=fo)
    assert error.value.code == "empty"


def test_a_service_desk_does_not_take_visitors_before_the_front_office(issue, desks, fo):
    ticket = issue("K")
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_call(ticket=ticket, desk=desks[2], officer=fo)
    assert error.value.code == "not_this_desk"


def test_a_desk_does_not_take_services_it_does_not_serve(issue, desks, services, fo):
    ticket = _call(issue("K"), desks[1], fo)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["P"]
    )
    with pytest.raises(queue.QueueError):
        queue.ticket_call(ticket=ticket, desk=desks[2], officer=fo)
    assert queue.ticket_call(ticket=ticket, desk=desks[4], officer=fo).desk == desks[4]


def test_transfer_at_a_service_desk_to_the_same_service_is_refused(issue, desks, services, fo):
    ticket = _call(issue("K"), desks[1], fo)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["K"]
    )
    ticket = _call(ticket, desks[2], fo)
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_transfer(
            without_guestbook=True,
            ticket=ticket,
            desk=desks[2],
            officer=fo,
            to_service=services["K"],
        )
    assert error.value.code == "same_service"


def test_transfer_keeps_the_code_and_joins_the_end_of_the_new_queue(
    issue, desks, services, fo, clock
):
    ticket = _call(issue("K"), desks[1], fo)
    clock.shift(60)
    ticket = queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=services["P"]
    )
    assert ticket.code == "K-001"
    assert ticket.service == services["P"]
    assert ticket.issued_service == services["K"]
    assert ticket.transfer_count == 1
    assert ticket.queued_at > ticket.issued_at


def test_transfer_to_an_inactive_or_foreign_service_is_refused(
    issue, desks, services, fo, other_office
):
    from tests.factories import ServiceFactory

    ticket = _call(issue("K"), desks[1], fo)
    foreign = ServiceFactory(office=other_office, prefix="P")
    with pytest.raises(queue.QueueError):
        queue.ticket_transfer(
            without_guestbook=True, ticket=ticket, desk=desks[1], officer=fo, to_service=foreign
        )
    services["R"].is_active = False
    services["R"].save()
    with pytest.raises(queue.QueueError):
        queue.ticket_transfer(
            without_guestbook=True,
            ticket=ticket,
            desk=desks[1],
            officer=fo,
            to_service=services["R"],
        )


def test_officer_of_another_office_cannot_operate_the_desk(issue, desks, other_office_officer):
    issue("K")
    with pytest.raises(queue.QueueError) as error:
        queue.ticket_call_next(desk=desks[1], officer=other_office_officer)
    assert error.value.code == "other_office"


def test_inactive_desk_cannot_call(issue, desks, fo):
    issue("K")
    desks[1].is_active = False
    desks[1].save()
    with pytest.raises(queue.QueueError):
        queue.ticket_call_next(desk=desks[1], officer=fo)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_desks_calling_next_at_the_same_moment_get_different_tickets(
    office, services, desks, front_office
):
    import time_machine

    from queueing.models import DeskKind
    from tests.conftest import MONDAY_9
    from tests.factories import DeskFactory

    front_desks = [desks[1]] + [
        DeskFactory(office=office, number=10 + i, name=f"FO {i}", kind=DeskKind.FRONT_OFFICE)
        for i in range(5)
    ]
    with time_machine.travel(MONDAY_9, tick=True):
        for _ in range(8):
            queue.ticket_issue(office=office, service=services["K"])
        results, errors = run_in_parallel(
            len(front_desks),
            lambda i: queue.ticket_call_next(desk=front_desks[i], officer=front_office).code,
        )
    assert errors == []
    assert sorted(results) == [f"K-{n:03d}" for n in range(1, 7)]
    from queueing.models import Ticket

    assert Ticket.objects.filter(status="called").count() == 6
    assert Ticket.objects.filter(status="waiting").count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_desk_pressing_call_next_twice_at_once_calls_one_visitor(
    office, services, desks, front_office
):
    import time_machine

    from queueing.models import Ticket
    from tests.conftest import MONDAY_9

    with time_machine.travel(MONDAY_9, tick=True):
        for _ in range(4):
            queue.ticket_issue(office=office, service=services["K"])

        def press(_i):
            try:
                return queue.ticket_call_next(desk=desks[1], officer=front_office).code
            except queue.QueueError as error:
                return error.code

        results, errors = run_in_parallel(4, press)
    assert errors == []
    assert sorted(results) == ["K-001", "desk_busy", "desk_busy", "desk_busy"]
    assert Ticket.objects.filter(desk=desks[1], status="called").count() == 1
