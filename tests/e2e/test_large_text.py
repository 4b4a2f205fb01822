"""Pages at 200 % text on a 360 px phone (WCAG 1.4.4 and 1.4.10; product trial M, M1): nothing
is cut off and no page scrolls sideways. Found: the navbar's brand (413 px), a consultation's
reference and its red due badge (494 px), the inbox's badges (526 px) and the supervisor's
export buttons (471 px) were wider than the phone, since Bootstrap keeps the brand and each
badge on one line. A data table may still scroll inside its own box.

Twice the text is the root font size at 32 px: what Chrome's text scaling or a browser's
default font size of 32 px gives. It is set through the page's style object, which the
Content-Security-Policy allows (a <style> tag it would refuse)."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.models import SubjectArea
from tests.complaints.reports.conftest import complaint
from tests.conftest import MONDAY_9

PHONE = {"width": 360, "height": 740}

DOUBLE_TEXT = """() => {
  document.documentElement.style.fontSize = '32px';
  return getComputedStyle(document.documentElement).fontSize;
}"""


def at_double_text(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")  # measured before its stylesheets apply, a page is wide
    assert page.evaluate(DOUBLE_TEXT) == "32px"
    # Measured as the person sees it: after the next frames, when the kiosk's word fitting
    # (static/js/fit.js, a ResizeObserver) has shrunk a word too long for its button.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def right_edge(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"]


@pytest.fixture
def overdue_consultation(subject_areas, office, visitor, consultation_officer):
    """Accepted two weeks before Monday 09.00: overdue, with a red due badge."""
    area = SubjectArea.objects.filter(name__icontains="penduduk").first()
    area = area or SubjectArea.objects.first()
    two_weeks_ago = MONDAY_9 - dt.timedelta(days=14)
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office, now=two_weeks_ago,
        data={"subject_area": area, "topic": "data", "question": "Jumlah penduduk 2025"},
    )  # fmt: skip
    return lifecycle.consultation_accept(
        consultation=consultation, officer=consultation_officer, now=two_weeks_ago
    )


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_at_twice_the_text_on_a_phone(
    new_page, as_user, office, services, visitor, consultation_officer, supervisor,
    overdue_consultation,
):  # fmt: skip
    detail = f"/consultations/{overdue_consultation.pk}/"
    with time_machine.travel(MONDAY_9, tick=True):
        complaint(office, (2026, 11, 2, 9), (2026, 11, 5, 9), closed=(2026, 11, 4, 9))
        complaint(office, (2026, 11, 9, 8), (2026, 11, 12, 8), closed=(2026, 11, 16, 8))

        anyone = new_page()
        anyone.set_viewport_size(PHONE)
        for path in ("/", "/kiosk/6571/", "/q/6571/"):
            at_double_text(anyone, path)
            assert page_width(anyone) <= PHONE["width"] + 1, path
        at_double_text(anyone, "/")
        assert right_edge(anyone.locator(".navbar-brand")) <= PHONE["width"]

        requester = as_user(visitor, viewport=PHONE)
        at_double_text(requester, detail)
        badge = requester.get_by_test_id("due-badge")
        expect(badge).to_have_attribute("data-state", "overdue")
        assert right_edge(badge) <= PHONE["width"]
        assert right_edge(requester.get_by_test_id("consultation-reference")) <= PHONE["width"]
        assert page_width(requester) <= PHONE["width"] + 1, detail

        officer = as_user(consultation_officer, viewport=PHONE)
        for path in (detail, "/consultations/"):
            at_double_text(officer, path)
            expect(officer.get_by_test_id("due-badge").first).to_be_visible()
            assert page_width(officer) <= PHONE["width"] + 1, path

        head = as_user(supervisor, viewport=PHONE)
        for path in ("/supervisor/complaints/?month=2026-11", "/complaints/", detail):
            at_double_text(head, path)
            assert page_width(head) <= PHONE["width"] + 1, path
        at_double_text(head, "/supervisor/complaints/?month=2026-11")
        assert right_edge(head.get_by_test_id("export-complaints-csv")) <= PHONE["width"]
