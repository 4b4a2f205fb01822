"""The officer console in two tabs of one browser (product trial, L8): tab B changes the desk
from Meja 2 to Meja 3. Tab A then never calls a visitor to Meja 3 under a "Meja 2" heading:
its poll reloads the whole console at Meja 3, and an action it sends before that is refused
and the page reloads, saying why."""

import pytest
from playwright.sync_api import expect

from queueing import services as queue
from queueing.models import Ticket, TicketStatus

CHANGED = "Anda sekarang bertugas di Meja 3 (diganti di tab atau jendela lain)."


@pytest.fixture
def two_waiting(monday_morning, office, desks, services, front_office):
    """K-001 and K-002 sent on by the front office: both wait for Meja 2 and Meja 3."""
    for _ in range(2):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_transfer(
            ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
            without_guestbook=True,
        )  # fmt: skip


def change_desk_in_tab_b(tab_a):
    tab_b = tab_a.context.new_page()  # the same browser session
    tab_b.goto("/desk/")
    tab_b.get_by_role("button", name="Ganti meja").click()
    tab_b.get_by_test_id("choose-desk-3").click()
    expect(tab_b.get_by_test_id("console-desk")).to_have_text("Meja 3")
    return tab_b


def polls(url: str) -> bool:
    return "/desk/?desk=" in url


def held(route):
    route.abort()


@pytest.mark.django_db(transaction=True)
def test_the_poll_of_the_other_tab_reloads_the_whole_console_at_the_new_desk(
    as_user, desks, consultation_officer, two_waiting, settings, check_a11y
):
    settings.LIVE_POLL_SECONDS = 1
    tab_a = as_user(consultation_officer, desk=desks[2])
    tab_a.goto("/desk/")
    expect(tab_a.get_by_test_id("console-desk")).to_have_text("Meja 2")
    # Tab A's polls wait while tab B changes the desk: the message then goes to tab A's
    # reloaded page, not to a page tab B draws meanwhile (one session, one message store).
    tab_a.route(polls, held)
    change_desk_in_tab_b(tab_a)
    tab_a.unroute(polls, held)

    # Tab A's next poll: the heading too, not only the list, and why.
    expect(tab_a.get_by_test_id("console-desk")).to_have_text("Meja 3")
    expect(tab_a.locator("[data-code=desk_changed]")).to_have_text(CHANGED)
    check_a11y(tab_a, label="console reloaded at the new desk")
    tab_a.get_by_test_id("action-call-next").click()
    expect(tab_a.get_by_text("K-001 dipanggil ke Meja 3.")).to_be_visible()
    expect(tab_a.get_by_test_id("console-desk")).to_have_text("Meja 3")


@pytest.mark.django_db(transaction=True)
def test_call_next_in_the_other_tab_before_its_poll_calls_nobody(
    as_user, desks, consultation_officer, two_waiting, settings
):
    settings.LIVE_POLL_SECONDS = 600  # tab A's poll does not come in time
    tab_a = as_user(consultation_officer, desk=desks[2])
    tab_a.goto("/desk/")
    change_desk_in_tab_b(tab_a)

    tab_a.get_by_test_id("action-call-next").click()  # still under "Meja 2"
    expect(tab_a.get_by_test_id("console-desk")).to_have_text("Meja 3")
    expect(tab_a.locator("[data-code=desk_changed]")).to_contain_text(CHANGED)
    assert not Ticket.objects.exclude(status=TicketStatus.WAITING).filter(desk=desks[3])
    assert Ticket.objects.filter(desk__isnull=True, status=TicketStatus.WAITING).count() == 2
