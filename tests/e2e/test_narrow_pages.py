"""Pages that must not scroll sideways on a 375 px phone nor clip a table on a desktop, in
the states the first round's checks missed (fix round)."""

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from consultations.models import Outcome, SubjectArea
from consultations.services import consultation_record_walk_in
from pst.permissions import Role
from queueing import services as queue
from tests.conftest import MONDAY_9
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# The lines a piece of text takes: a code broken as "J-" / "002" takes two.
LINES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""

# Whether an element's right edge lies inside the scroll box of its nearest scrolling
# ancestor (or the viewport): a clipped column does not.
REACHABLE = """element => {
  let box = element.parentElement;
  while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
  const edge = element.getBoundingClientRect().right;
  if (!box || box === document.documentElement || box === document.body)
    return edge <= window.innerWidth;
  const outer = box.getBoundingClientRect();
  return edge <= outer.left + box.scrollWidth + 1 && box.scrollWidth >= box.clientWidth;
}"""


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def signed_in(as_user):
    def make(user, desk=None, viewport=PHONE):
        return as_user(user, desk=desk, viewport=viewport)

    return make


@pytest.mark.django_db(transaction=True)
def test_the_console_with_a_visitor_at_the_desk_and_others_waiting_fits_a_phone(
    signed_in, check_a11y, office, desks, services, front_office
):
    with time_machine.travel(MONDAY_9, tick=True):
        for _ in range(3):
            queue.ticket_issue(office=office, service=services["J"])
        queue.ticket_call_next(desk=desks[1], officer=front_office)
        page = signed_in(front_office, desk=desks[1])
        page.goto("/desk/")
        expect(page.get_by_test_id("current-code")).to_have_text("J-001")
        row = page.get_by_test_id("queue-row-J-002")
        expect(row).to_contain_text("mulai dihitung saat meja ini kosong")
        assert page_width(page) <= PHONE["width"]
        assert row.locator("td").first.evaluate(LINES) == 1  # "J-002", not "J-" / "002"
        check_a11y(page, label="console with a visitor and a queue, phone")


@pytest.mark.django_db(transaction=True)
def test_a_long_link_on_a_consultation_record_does_not_widen_a_phone(
    signed_in, office, desks, services, front_office, consultation_officer, subject_areas
):
    long_link = (
        "https://tarakankota.bps.go.id/statistics-table/2/MjYjMg==/indeks-pembangunan-manusia-"
        "menurut-komponen-kota-tarakan-2020-2025-metode-baru.html?utm_source=konsultasi"
    )
    services["K"].records_consultations = True
    services["K"].save()
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_transfer(
            ticket=ticket,
            desk=desks[1],
            officer=front_office,
            to_service=services["K"],
            without_guestbook=True,
        )
        ticket = queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
        queue.ticket_start(ticket=ticket, desk=desks[3], officer=consultation_officer)
        consultation_record_walk_in(
            ticket=ticket,
            desk=desks[3],
            officer=consultation_officer,
            outcome=Outcome.ANSWERED,
            data={
                "subject_area": SubjectArea.objects.first(),
                "topic": "data",
                "question": "IPM_per_komponen_Kota_Tarakan_2020_2025_tanpa_spasi_sama_sekali",
                "answer": "Lihat tautan.",
                "links": long_link,
            },
        )
        page = signed_in(consultation_officer)
        page.goto(reverse("consultation_walk_in", args=[ticket.pk]))
        expect(page.get_by_role("link", name=long_link)).to_be_visible()
        assert page_width(page) <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_per_service_table_of_today_shows_its_last_column_or_scrolls_to_it(
    signed_in, check_a11y, office, desks, services, supervisor, viewport
):
    with time_machine.travel(MONDAY_9, tick=True):
        queue.ticket_issue(office=office, service=services["R"])
        page = signed_in(supervisor, viewport=viewport)
        page.goto("/desk/today/")
        table = page.get_by_test_id("glance-services")
        header = table.locator("thead th").last
        expect(header).to_have_text("Melewati batas")
        assert header.evaluate(REACHABLE)
        region = page.get_by_role("region", name="Per layanan")
        width = region.evaluate("e => e.clientWidth")
        inner = region.evaluate("e => e.scrollWidth")
        if viewport is DESKTOP:
            assert inner <= width  # fits without scrolling
        region.evaluate("e => e.scrollLeft = e.scrollWidth")
        box, edge = region.bounding_box(), header.bounding_box()
        assert edge["x"] + edge["width"] <= box["x"] + box["width"] + 1
        assert page_width(page) <= viewport["width"]
        check_a11y(page, label=f"today at {viewport['width']}")


@pytest.mark.django_db(transaction=True)
def test_the_boards_sound_button_covers_no_row_on_a_phone(new_page, office, desks, services):
    with time_machine.travel(MONDAY_9, tick=True):
        page = new_page()
        page.set_viewport_size(PHONE)
        page.goto("/display/6571/")
        button = page.get_by_test_id("enable-sound")
        expect(button).to_be_visible()
        # Wherever the page is scrolled to, the button lies over no row of the board.
        covered = page.evaluate(
            """() => {
              const button = document.querySelector('[data-testid=enable-sound]');
              const rows = [...document.querySelectorAll('[data-board] tr, [data-board] h2')];
              const covered = new Set();
              for (let y = 0; y <= document.documentElement.scrollHeight; y += 50) {
                window.scrollTo(0, y);
                const b = button.getBoundingClientRect();
                for (const row of rows) {
                  const r = row.getBoundingClientRect();
                  if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)
                    covered.add(row.textContent.trim());
                }
              }
              return [...covered];
            }"""
        )
        assert covered == []
        assert page_width(page) <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["id-ID", "en-GB"])
def test_the_menu_of_someone_with_every_role_stays_on_one_line_at_1280_px(
    signed_in, office, locale
):
    everyone = UserFactory(
        email="semua@example.org",
        full_name="Muhammad Abdurrahman Wahid",
        office=office,
        roles=list(Role.values),
        is_staff=True,
    )
    page = signed_in(everyone, viewport=DESKTOP)
    page.context.set_extra_http_headers({"Accept-Language": locale[:2]})
    page.goto("/desk/today/")
    links = page.locator("#nav-main .nav-link")
    expect(links.first).to_be_visible()
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert len({round(box["y"]) for box in boxes}) == 1  # one row of links
    assert len({round(box["height"]) for box in boxes}) == 1  # none broken onto two lines
    pages = page.locator("#nav-main .me-auto .nav-link")
    assert [pages.nth(i).evaluate(LINES) for i in range(pages.count())] == [1] * pages.count()
    container = page.locator("nav .container").bounding_box()
    assert max(box["x"] + box["width"] for box in boxes) <= container["x"] + container["width"]
    # Administration moved into the account menu: still one click away.
    page.locator("#nav-main .dropdown-toggle").last.click()
    expect(page.get_by_test_id("nav-admin")).to_be_visible()
