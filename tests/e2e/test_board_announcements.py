"""The waiting-room TV as visitors and screen-reader users meet it (trial I): what it says
after a network drop, where it says it, its sound button and its running text."""

import pytest
import time_machine
from playwright.sync_api import expect

from queueing import services as queue
from tests.conftest import MONDAY_9
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture
def monday_morning(settings):
    settings.LIVE_POLL_SECONDS = 1
    with time_machine.travel(MONDAY_9, tick=True):
        yield


@pytest.mark.django_db(transaction=True)
def test_after_a_network_drop_the_board_announces_only_the_calls_still_current(
    new_page, office, desks, services, front_office, consultation_officer, monday_morning
):
    first, second, third = (queue.ticket_issue(office=office, service=services["K"]) for _ in "123")
    board = new_page()
    board.goto("/display/6571/")
    expect(board.get_by_test_id("board-waiting-K")).to_have_text("3")
    queue.ticket_call(ticket=first, desk=desks[1], officer=front_office)
    board.wait_for_function("() => window.pstAnnouncements.length === 1")
    expect(board.get_by_test_id("board-said")).to_have_text("K-001, Front Office")

    board.context.set_offline(True)
    expect(board.locator("[role=status] .board-offline")).to_be_visible()
    # Meanwhile the front office sends K-001 on (called at Meja 2, still on its way), calls
    # K-002 and sends it on too (not called anywhere yet), and calls K-003.
    transfer = {"desk": desks[1], "officer": front_office, "to_service": services["K"]}
    queue.ticket_transfer(ticket=first, without_guestbook=True, **transfer)
    queue.ticket_call(ticket=first, desk=desks[2], officer=consultation_officer)
    queue.ticket_call(ticket=second, desk=desks[1], officer=front_office)
    queue.ticket_transfer(ticket=second, without_guestbook=True, **transfer)
    queue.ticket_call(ticket=third, desk=desks[1], officer=front_office)
    board.wait_for_timeout(1500)  # polls fail while offline

    board.context.set_offline(False)
    expect(board.get_by_test_id("board-now-code")).to_have_text("K-003")
    board.wait_for_function("() => window.pstAnnouncements.length >= 3")
    assert board.evaluate("window.pstAnnouncements") == [
        "Nomor antrean K nol nol satu, silakan ke Front Office",
        "Nomor antrean K nol nol satu, silakan ke Meja dua",
        "Nomor antrean K nol nol tiga, silakan ke Front Office",
    ]  # never "K nol nol dua, silakan ke Front Office": it waits for Konsultasi now
    expect(board.get_by_test_id("board-said")).to_have_text("K-001, Meja 2; K-003, Front Office")

    # Back to normal: a new call and a recall are each announced once more (once K-003's
    # call was spoken: one identical to a call still waiting is not queued again).
    board.wait_for_function("() => window.pstSpeechWaiting.length === 0", timeout=30_000)
    queue.ticket_recall(ticket=third, desk=desks[1], officer=front_office)
    board.wait_for_function("() => window.pstAnnouncements.length === 4")
    assert board.evaluate("window.pstAnnouncements[3]").startswith("Nomor antrean K nol nol tiga")


@pytest.mark.django_db(transaction=True)
def test_a_call_identical_to_one_still_waiting_to_be_spoken_is_not_queued_again(
    new_page, office, desks, services, front_office, consultation_officer, monday_morning
):
    # Trial N, N7: "Call again" pressed four times queued four identical calls (20 s of
    # speech). The service refuses recalls that close together (test_recall_interval.py);
    # here the board itself, with that interval at 0 (tests/conftest.py).
    desks[1].is_active = False  # no front office: Meja 2 and Meja 3 both call K
    desks[1].save()
    first, second = (queue.ticket_issue(office=office, service=services["K"]) for _ in "12")
    board = new_page()
    # Speech that never ends by itself: each call holds the board for its 8-second limit, so
    # the calls made meanwhile wait in its speech queue.
    board.add_init_script("window.speechSynthesis.speak = function () {};")
    board.goto("/display/6571/")
    expect(board.get_by_test_id("board-waiting-K")).to_have_text("2")
    meja2 = {"desk": desks[2], "officer": consultation_officer}
    queue.ticket_call(ticket=first, **meja2)
    board.wait_for_function("() => window.pstAnnouncements.length === 1")  # being spoken
    queue.ticket_recall(ticket=first, **meja2)
    board.wait_for_function("() => window.pstAnnouncements.length === 2")  # waits its turn
    queue.ticket_recall(ticket=first, **meja2)  # the same call, still waiting
    board.wait_for_timeout(2000)  # polls come every second
    queue.ticket_call(ticket=second, desk=desks[3], officer=front_office)
    board.wait_for_function("() => window.pstAnnouncements.length === 3")
    assert board.evaluate("window.pstAnnouncements") == [
        "Nomor antrean K nol nol satu, silakan ke Meja dua",
        "Nomor antrean K nol nol satu, silakan ke Meja dua",
        "Nomor antrean K nol nol dua, silakan ke Meja tiga",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_boards_live_region_outlives_its_updates_and_the_offline_note_is_announced(
    new_page, office, desks, services, front_office, monday_morning
):
    board = new_page()
    board.goto("/display/6571/")
    expect(board.get_by_test_id("board-waiting-K")).to_have_text("0")
    # The polite region is outside the fragment htmx replaces; the fragment carries none.
    said = board.get_by_test_id("board-said")
    assert said.get_attribute("aria-live") == "polite"
    assert board.locator("#board-live [aria-live]").count() == 0
    status = board.locator("[data-offline-status]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == ""  # nothing to say while connected

    board.context.set_offline(True)
    expect(status).not_to_have_text("")  # the region's content changes, not only its CSS
    board.context.set_offline(False)
    expect(status).to_have_text("")


@pytest.mark.django_db(transaction=True)
def test_the_sound_button_shows_only_where_a_tap_is_needed(
    browser, new_page, live_server, office, desks, services, monday_morning
):
    # A TV set up as the README says: its browser may play sound without a tap.
    autoplay = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
    )
    try:
        playing = autoplay.new_page(base_url=live_server.url)
        playing.goto("/display/6571/")
        expect(playing.get_by_test_id("board-clock")).not_to_be_empty()
        expect(playing.get_by_test_id("enable-sound")).to_be_hidden()
    finally:
        autoplay.close()

    # Chromium's default policy: sound waits for a tap, so the button stays until tapped.
    blocked = new_page()
    blocked.goto("/display/6571/")
    button = blocked.get_by_test_id("enable-sound")
    expect(blocked.get_by_test_id("board-clock")).not_to_be_empty()
    expect(button).to_be_visible()
    button.click()
    expect(button).to_be_hidden()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_with_reduced_motion_the_whole_running_text_can_be_read(
    new_page, office, desks, services, monday_morning, width
):
    office.display_message = (
        "Pelayanan Statistik Terpadu BPS Kota Tarakan buka Senin–Kamis 07.30–16.00 dan Jumat "
        "07.30–16.30 · Layanan tidak dipungut biaya · Konsultasi daring dijawab paling lama "
        "3 hari kerja."
    )
    office.save()
    board = new_page()
    board.set_viewport_size({"width": width, "height": 800})
    board.emulate_media(reduced_motion="reduce")
    board.goto("/display/6571/")
    ticker = board.get_by_test_id("board-ticker")
    expect(ticker).to_contain_text("3 hari kerja.")
    # Every line of it lies inside the screen: nothing is cut off at the edge.
    box = ticker.evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   const b = r.getBoundingClientRect();
                   return {left: b.left, right: b.right, bottom: b.bottom}; }"""
    )
    assert box["left"] >= 0 and box["right"] <= width
    assert ticker.evaluate("el => el.parentElement.scrollWidth <= el.parentElement.clientWidth")
    # Scrolled to the end, the last words are on screen, above nothing else.
    board.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    bottom = ticker.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= board.viewport_size["height"] + 1
