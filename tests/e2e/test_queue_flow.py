"""The walk-in queue in a real browser: kiosk → console → display board and the visitor's
phone → transfer → finish, then two desks calling at the same moment."""

import re

import pytest
from playwright.sync_api import expect

from pst.permissions import Role
from queueing.models import Ticket
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"
SCREENSHOTS = "test-results"


def sign_in_at_desk(page, email, desk_number):
    page.goto("/accounts/login/")
    page.get_by_label("Alamat email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/desk/")
    page.get_by_test_id(f"choose-desk-{desk_number}").click()
    expect(page.get_by_test_id("console-desk")).to_be_visible()


def take_ticket(kiosk, service="K"):
    kiosk.goto("/kiosk/6571/?print=0")
    kiosk.get_by_test_id(f"service-{service}").click()
    code = kiosk.get_by_test_id("ticket-code").inner_text()
    status_url = kiosk.get_by_test_id("printed-ticket").get_attribute("data-status-url")
    return code, status_url


@pytest.mark.django_db(transaction=True)
def test_walk_in_from_kiosk_to_finish_with_two_desks_calling_together(
    new_page, office, desks, services, front_office, consultation_officer, monday_morning, settings
):
    settings.KIOSK_MIN_INTERVAL_SECONDS = 0  # one kiosk issues several tickets in this test
    settings.LIVE_POLL_SECONDS = 1
    second_officer = UserFactory(
        email="konsultasi2@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )

    kiosk, phone, board = new_page(), new_page(), new_page()
    fo, desk2, desk3 = new_page(), new_page(), new_page()

    # The kiosk issues K-001 and shows it with its QR code and status link.
    code, status_url = take_ticket(kiosk)
    assert code == "K-001"
    expect(kiosk.locator(".ticket-qr svg")).to_be_visible()
    kiosk.screenshot(path=f"{SCREENSHOTS}/queue-kiosk-ticket.png")

    phone.set_viewport_size({"width": 375, "height": 740})
    phone.goto(status_url)
    expect(phone.get_by_test_id("status-code")).to_have_text("K-001")
    board.set_viewport_size({"width": 1600, "height": 900})
    board.goto("/display/6571/")
    expect(board.get_by_test_id("board-waiting-K")).to_have_text("1")

    # The front office calls it: the board announces it, the phone says where to go.
    sign_in_at_desk(fo, front_office.email, 1)
    fo.get_by_test_id("action-call-next").click()
    expect(fo.get_by_test_id("current-code")).to_have_text("K-001")
    expect(board.get_by_test_id("board-now-code")).to_have_text("K-001")
    expect(board.get_by_test_id("board-now-desk")).to_contain_text("Front Office")
    board.wait_for_function("() => window.pstAnnouncements.length === 1")
    assert board.evaluate("window.pstAnnouncements[0]") == (
        "Nomor antrean K nol nol satu, silakan ke Front Office"
    )
    expect(phone.get_by_test_id("go-to-desk")).to_contain_text("Silakan ke Front Office")
    board.screenshot(path=f"{SCREENSHOTS}/queue-board.png")
    phone.screenshot(path=f"{SCREENSHOTS}/queue-phone-called.png")

    # A recall is announced again.
    fo.get_by_test_id("action-recall").click()
    board.wait_for_function("() => window.pstAnnouncements.length === 2")

    # The front office routes the visitor to the consultation desk; without a guestbook
    # entry it asks to confirm first.
    fo.get_by_test_id("action-start").click()
    expect(fo.get_by_test_id("current-status")).to_contain_text("Sedang dilayani")
    fo.get_by_test_id("transfer-service").select_option(label="K · Konsultasi Statistik")
    fo.get_by_test_id("action-transfer").click()
    expect(fo.get_by_test_id("confirm-transfer")).to_contain_text("K-001 belum punya entri")
    fo.get_by_test_id("action-transfer-without-guestbook").click()
    expect(fo.get_by_text("K-001 dialihkan ke antrean Konsultasi Statistik.")).to_be_visible()
    expect(phone.get_by_test_id("status-ahead")).to_contain_text("0 orang di depan Anda")

    sign_in_at_desk(desk2, consultation_officer.email, 2)
    expect(desk2.get_by_test_id("queue-row-K-001")).to_be_visible()
    desk2.screenshot(path=f"{SCREENSHOTS}/queue-console.png")
    desk2.get_by_test_id("action-call-next").click()
    expect(desk2.get_by_test_id("current-code")).to_have_text("K-001")
    expect(board.get_by_test_id("board-now-desk")).to_contain_text("Meja 2")
    board.wait_for_function("() => window.pstAnnouncements.length === 3")
    assert board.evaluate("window.pstAnnouncements[2]").endswith("silakan ke Meja dua")
    expect(phone.get_by_test_id("go-to-desk")).to_contain_text("Silakan ke Meja 2")
    desk2.get_by_test_id("action-start").click()
    desk2.get_by_test_id("action-finish").click()
    expect(desk2.get_by_text("K-001 selesai dilayani.")).to_be_visible()
    expect(phone.get_by_test_id("status-final")).to_have_text("Selesai")

    # Two more visitors, routed by the front office to the consultation queue...
    for expected in ("K-002", "K-003"):
        assert take_ticket(kiosk)[0] == expected
        fo.get_by_test_id("action-call-next").click()
        expect(fo.get_by_test_id("current-code")).to_have_text(expected)
        fo.get_by_test_id("transfer-service").select_option(label="K · Konsultasi Statistik")
        expect(fo.get_by_test_id("transfer-service")).not_to_have_value("")
        fo.get_by_test_id("action-transfer").click()
        fo.get_by_test_id("action-transfer-without-guestbook").click()
        expect(
            fo.get_by_text(f"{expected} dialihkan ke antrean Konsultasi Statistik.")
        ).to_be_visible()
        expect(fo.get_by_test_id("action-call-next")).to_be_visible()

    # ...and desks 2 and 3 press "call next" at the same moment: each gets its own visitor.
    sign_in_at_desk(desk3, second_officer.email, 3)
    for page in (desk2, desk3):
        expect(page.get_by_test_id("queue-row-K-003")).to_be_visible()
    desk2.get_by_test_id("action-call-next").dispatch_event("click")
    desk3.get_by_test_id("action-call-next").dispatch_event("click")
    for page in (desk2, desk3):
        expect(page.get_by_test_id("current-code")).to_have_text(re.compile(r"K-00[23]"))
    codes = {page.get_by_test_id("current-code").inner_text() for page in (desk2, desk3)}
    assert codes == {"K-002", "K-003"}
    expect(board.get_by_test_id("board-desks")).to_contain_text("K-002")
    expect(board.get_by_test_id("board-desks")).to_contain_text("K-003")
    # Both simultaneous calls are announced, in the order they were made.
    board.wait_for_function("() => window.pstAnnouncements.length === 7")
    spoken = board.evaluate("window.pstAnnouncements.slice(5)")
    assert {text.split(",")[1].strip() for text in spoken} == {
        "silakan ke Meja dua",
        "silakan ke Meja tiga",
    }
    called = dict(Ticket.objects.filter(status="called").values_list("desk__number", "code"))
    assert called == {
        2: desk2.get_by_test_id("current-code").inner_text(),
        3: desk3.get_by_test_id("current-code").inner_text(),
    }
