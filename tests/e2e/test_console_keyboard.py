"""The officer console with the keyboard and a screen reader (trial I, I2, I11): each action
leaves the focus on the next step, the waiting list's poll never takes it away, and the
list says in words what its colours say."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from queueing import services as queue
from tests.conftest import MONDAY_9


@pytest.fixture
def monday_morning(settings):
    settings.LIVE_POLL_SECONDS = 1
    with time_machine.travel(MONDAY_9, tick=True):
        yield


def press(page, test_id):
    """Reach the button with the keyboard's focus and press Enter, as a keyboard user does."""
    page.get_by_test_id(test_id).focus()
    page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_after_each_action_the_focus_is_on_the_next_step_not_at_the_top(
    as_user, office, desks, services, front_office, monday_morning
):
    for _ in range(2):
        queue.ticket_issue(office=office, service=services["K"])
    fo = as_user(front_office, desk=desks[1])
    fo.goto("/desk/")

    press(fo, "action-call-next")
    expect(fo.get_by_test_id("current-code")).to_have_text("K-001")
    expect(fo.get_by_test_id("action-start")).to_be_focused()

    press(fo, "action-recall")
    expect(fo.get_by_test_id("current-status")).to_contain_text("1")
    expect(fo.get_by_test_id("action-start")).to_be_focused()

    fo.keyboard.press("Enter")  # "start serving", where the focus already is
    expect(fo.get_by_test_id("action-finish")).to_be_focused()

    fo.get_by_test_id("transfer-service").select_option(label="K · Konsultasi Statistik")
    press(fo, "action-transfer")
    # The question to confirm comes first: the officer hears it and tabs on to its buttons.
    expect(fo.get_by_test_id("confirm-transfer")).to_be_focused()
    press(fo, "action-transfer-without-guestbook")
    expect(fo.get_by_test_id("action-call-next")).to_be_focused()
    assert fo.evaluate("document.activeElement !== document.body")


@pytest.mark.django_db(transaction=True)
def test_the_lists_poll_keeps_the_focus_and_tells_who_joined(
    as_user, office, desks, services, front_office, monday_morning
):
    for _ in range(2):
        queue.ticket_issue(office=office, service=services["K"])
    fo = as_user(front_office, desk=desks[1])
    fo.goto("/desk/")
    # Each "Call" button is named with its ticket.
    call = fo.get_by_role("button", name="Panggil K-002", exact=True)
    expect(call).to_have_attribute("data-testid", "call-K-002")
    call.focus()

    queue.ticket_issue(office=office, service=services["K"])  # a visitor takes a number
    expect(fo.get_by_test_id("queue-row-K-003")).to_be_visible()
    expect(fo.get_by_test_id("call-K-002")).to_be_focused()
    news = fo.get_by_test_id("queue-news")
    assert news.get_attribute("aria-live") == "polite"
    expect(news).to_contain_text("K-003")
    expect(news).not_to_contain_text("K-001")

    fo.keyboard.press("Enter")  # still on "Call K-002": the Enter calls it
    expect(fo.get_by_test_id("current-code")).to_have_text("K-002")


@pytest.mark.django_db(transaction=True)
def test_a_waiting_row_over_the_limit_says_so_in_words(
    as_user, office, desks, services, front_office, settings
):
    settings.LIVE_POLL_SECONDS = 1
    limit = services["K"].sla_minutes
    with time_machine.travel(MONDAY_9 - dt.timedelta(minutes=limit + 5), tick=False):
        queue.ticket_issue(office=office, service=services["K"])  # waiting for too long
    with time_machine.travel(MONDAY_9, tick=True):
        queue.ticket_issue(office=office, service=services["K"])  # just came in
        fo = as_user(front_office, desk=desks[1])
        fo.goto("/desk/")
        late = fo.get_by_test_id("queue-row-K-001").locator("[data-sla-over]")
        expect(late).to_be_visible()
        expect(late).not_to_be_empty()
        expect(fo.get_by_test_id("queue-row-K-002").locator("[data-sla-over]")).to_be_hidden()
