"""The guestbook and the ticket's priority (product trial P, P7 and P9): the form shows the
claim and the front office confirms, removes or gives priority while routing the visitor; an
"elderly" claim with a birth year under 60 is warned about (never refused); a disability
claim ticks the disability box and is named beside it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.call_order import ticket_ahead
from queueing.guestbook.models import GuestbookEntry
from queueing.models import EventKind, TicketEvent
from tests.queueing.guestbook.test_guestbook import post_entry

CHECK_URL = "/guestbook/priority-check/"


@pytest.fixture
def at_front_office(issue, desks, front_office, client, seat):
    """`at_front_office(priority)`: a K ticket with that claim called to the front office,
    the officer signed in at desk 1."""

    def call(priority=""):
        ticket = queue.ticket_call(ticket=issue("K", priority=priority), desk=desks[1],
                                   officer=front_office)  # fmt: skip
        client.force_login(front_office)
        seat(client, desks[1])
        return ticket

    return call


def form_page(client, ticket) -> str:
    response = client.get(reverse("guestbook_new"), {"ticket": ticket.pk})
    assert response.status_code == 200
    return response.content.decode()


def checks(ticket) -> list[tuple[str, str]]:
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.PRIORITY_CHECKED).values_list(
            "priority_before", "priority"
        )
    )


def test_the_form_shows_the_claimed_priority_to_check(client, at_front_office):
    page = form_page(client, at_front_office("elderly"))
    assert 'data-testid="guestbook-priority-claimed">Lansia<' in page
    assert re.search(r'<option value="elderly" selected>\s*Lansia', page)


def test_a_false_claim_removed_in_the_guestbook_leaves_the_visitor_regular_in_the_next_queue(
    client, at_front_office, services, issue, clock
):
    ticket = at_front_office("elderly")
    clock.shift(10)
    waiting = issue("K")  # a regular visitor who took a number after
    response = post_entry(client, ticket, route_to=services["K"].pk, priority="regular",
                          birth_year="1999")  # fmt: skip
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.stage, ticket.status) == ("", "service", "waiting")
    assert checks(ticket) == [("elderly", "")]
    # Joined K's queue after the routing: a regular visitor, not first in line.
    assert ticket_ahead(ticket) == 0 and ticket_ahead(waiting) == 0  # different queues still
    transfer = TicketEvent.objects.get(ticket=ticket, kind=EventKind.TRANSFERRED)
    assert transfer.priority == ""  # the routing happened after the check


def test_priority_given_in_the_guestbook_puts_the_visitor_first_where_they_go(
    client, at_front_office, services
):
    ticket = at_front_office("")
    post_entry(client, ticket, route_to=services["K"].pk, priority="elderly", birth_year="1950")
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"
    assert checks(ticket) == [("", "elderly")]
    assert ticket_ahead(ticket) == 0


def test_a_confirmed_claim_is_recorded_and_kept(client, at_front_office, services):
    ticket = at_front_office("pregnant")
    post_entry(client, ticket, route_to=services["K"].pk, priority="pregnant")
    ticket.refresh_from_db()
    assert ticket.priority == "pregnant"
    assert checks(ticket) == [("pregnant", "pregnant")]


def test_the_form_sent_twice_checks_the_priority_once(client, at_front_office, services):
    ticket = at_front_office("elderly")
    form = {"route_to": services["K"].pk, "priority": "regular",
            "request_id": "7f1c1f5e-7d2a-4c55-9a4e-0f6b8c1d2e3f"}  # fmt: skip
    assert post_entry(client, ticket, **form).status_code == 302
    assert post_entry(client, ticket, **form).status_code == 302
    assert GuestbookEntry.objects.count() == 1
    assert checks(ticket) == [("elderly", "")]


def test_a_form_without_the_priority_leaves_the_claim_unchecked(client, at_front_office, services):
    ticket = at_front_office("elderly")
    post_entry(client, ticket, route_to=services["K"].pk)  # a form drawn before this change
    ticket.refresh_from_db()
    assert ticket.priority == "elderly" and checks(ticket) == []


@pytest.mark.parametrize("value", ["vip", "appointment", "lansia", "elderly\x0b"])
def test_a_priority_outside_the_choices_saves_nothing(client, at_front_office, services, value):
    ticket = at_front_office("elderly")
    response = post_entry(client, ticket, route_to=services["K"].pk, priority=value)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not GuestbookEntry.objects.exists()
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.stage) == ("elderly", "reception")


def test_an_appointments_ticket_shows_its_priority_and_offers_no_change(
    client, office, clock, desks, consultation_officer, seat, services
):
    checked_in = queue.ticket_issue(
        office=office, service=services["K"], priority="appointment", straight_to_service=True
    )  # as an appointment's check-in
    ticket = queue.ticket_call(ticket=checked_in, desk=desks[3], officer=consultation_officer)
    client.force_login(consultation_officer)
    seat(client, desks[3])
    page = form_page(client, ticket)
    assert 'name="priority"' not in page
    assert 'data-testid="guestbook-priority-claimed"' in page
    post_entry(client, ticket, priority="regular")  # not a field of this form: ignored
    ticket.refresh_from_db()
    assert ticket.priority == "appointment" and checks(ticket) == []


def test_a_form_without_a_ticket_has_no_priority(client, front_office, desks):
    client.force_login(front_office)
    page = client.get(reverse("guestbook_new")).content.decode()
    assert 'name="priority"' not in page
    assert 'data-testid="guestbook-priority' not in page


# -- the warning about an "elderly" claim and the birth year ----------------------------------


def warn(client, **data):
    return client.post(CHECK_URL, data)


@pytest.mark.parametrize(
    ("priority", "year", "warned"),
    [
        ("elderly", "1999", True),  # 27 this year (trial P: K-004)
        ("elderly", "1967", True),  # 59
        ("elderly", "1966", False),  # 60 this year: the law's age (UU 13/1998)
        ("elderly", "1940", False),
        ("pregnant", "1999", False),
        ("regular", "1999", False),
        ("elderly", "", False),
        ("elderly", "abc", False),
        ("elderly", "١٩٩٩", True),  # the year in another keyboard's digits
        ("elderly", "9" * 30, False),
        ("vip", "1999", False),
        ("elderly", "9999", False),  # years the guestbook refuses: no age to warn about
        ("elderly", "2030", False),
        ("elderly", "1899", False),
    ],
)
def test_an_elderly_claim_with_a_birth_year_under_60_is_warned_about(
    client, front_office, desks, priority, year, warned
):
    client.force_login(front_office)
    response = warn(client, priority=priority, birth_year=year)
    assert response.status_code == 200
    page = response.content.decode()
    assert ('data-testid="priority-warning"' in page) is warned
    if warned:
        assert "Lansia" in page  # the warning names the claim
        assert 'data-testid="priority-remove"' in page  # and offers to remove it


def test_the_warning_removes_the_claim_from_the_form(client, front_office, desks):
    client.force_login(front_office)
    page = warn(client, priority="regular", birth_year="1999", remove="1").content.decode()
    assert 'id="priority-field" hx-swap-oob="true"' in page
    assert re.search(r'<option value="regular" selected>\s*Reguler', page)
    assert 'data-testid="priority-removed"' in page


def test_the_warning_does_not_block_saving_the_claim(client, at_front_office, services):
    ticket = at_front_office("elderly")
    response = post_entry(client, ticket, route_to=services["K"].pk, priority="elderly",
                          birth_year="1999")  # fmt: skip
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == "elderly"


def test_the_birth_year_and_the_priority_ask_for_the_warning(client, at_front_office):
    page = form_page(client, at_front_office("elderly"))
    birth_year = re.search(r"<input[^>]*name=\"birth_year\"[^>]*>", page)[0]
    assert f'hx-post="{CHECK_URL}"' in birth_year and 'hx-trigger="change, load"' in birth_year
    select = re.search(r"<select[^>]*name=\"priority\"[^>]*>", page)[0]
    assert f'hx-post="{CHECK_URL}"' in select
    assert 'hx-include="#id_priority, #id_birth_year"' in select


def test_the_warning_is_asked_with_a_nul_byte_refused(client, front_office):
    client.force_login(front_office)
    assert warn(client, priority="elderly\x00", birth_year="1999").status_code == 400


def test_anonymous_is_sent_to_sign_in_for_the_warning(client):
    response = warn(client, priority="elderly", birth_year="1999")
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("persona", ["visitor", "supervisor", "administrator"])
def test_who_does_not_fill_the_guestbook_gets_no_warning(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert warn(client, priority="elderly", birth_year="1999").status_code == 403


def test_the_warning_is_only_posted(client, front_office):
    client.force_login(front_office)
    assert client.get(CHECK_URL, {"priority": "elderly", "birth_year": "1999"}).status_code == 405


# -- P9: a disability claim and the disability box --------------------------------------------


def test_a_disability_claim_ticks_the_box_and_is_named_beside_it(client, at_front_office):
    page = form_page(client, at_front_office("disabled"))
    box = re.search(r"<input[^>]*name=\"has_disability\"[^>]*>", page)[0]
    assert "checked" in box
    assert 'data-testid="disability-ticket-priority"' in page
    beside = page.split('data-testid="disability-ticket-priority">')[1].split("</p>")[0]
    assert "Penyandang disabilitas" in beside


@pytest.mark.parametrize("claim", ["", "elderly", "pregnant"])
def test_other_tickets_leave_the_box_unticked(client, at_front_office, claim):
    page = form_page(client, at_front_office(claim))
    box = re.search(r"<input[^>]*name=\"has_disability\"[^>]*>", page)[0]
    assert "checked" not in box


def test_the_saved_entry_of_a_disability_claim_says_so(client, at_front_office, services):
    ticket = at_front_office("disabled")
    post_entry(client, ticket, route_to=services["K"].pk, priority="disabled",
               has_disability="on", disability_kind="Tunadaksa")  # fmt: skip
    assert GuestbookEntry.objects.get().has_disability is True


@pytest.mark.parametrize(("before", "asks"), [(True, False), (False, True)])
def test_a_returning_visitor_keeps_the_disability_claim_or_is_asked_about_it(
    client, at_front_office, office, front_office, before, asks
):
    from tests.factories import GuestbookEntryFactory

    GuestbookEntryFactory(office=office, created_by=front_office, has_disability=before,
                          disability_kind="Tunadaksa" if before else "")  # fmt: skip
    ticket = at_front_office("disabled")
    # The form as drawn (the box ticked by the claim), the email typed.
    typed = {"email": "rina.wulandari@example.org", "has_disability": "on",
             "id_type": "ktp", "priority": "disabled"}  # fmt: skip
    response = client.post(f"{reverse('guestbook_lookup')}?ticket={ticket.pk}", typed)
    page = response.content.decode()
    assert ('data-testid="returning-visitor-differs"' in page) is asks
    if not asks:  # filled in: the box stays ticked, the claim named beside it
        box = re.search(r"<input[^>]*name=\"has_disability\"[^>]*>", page)[0]
        assert "checked" in box
        assert 'data-testid="disability-ticket-priority"' in page
