"""The supervisor's complaint figures in a real browser: from the service levels the supervisor
opens the "Pengaduan" tab, reads the month's complaints and the late one, goes back a month
to an empty one, and returns to the service levels with that month kept — at 1280 px and on a
375 px phone without the page scrolling sideways (the tables scroll inside their own box)."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from tests.complaints.reports.conftest import complaint, wita

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_supervisor_opens_the_complaint_figures_and_switches_month_and_tab(
    as_user, check_a11y, office, supervisor, viewport
):
    with time_machine.travel(wita(2026, 11, 23, 9, 0), tick=True):
        complaint(office, (2026, 11, 2, 9), (2026, 11, 5, 9), closed=(2026, 11, 4, 9))
        late = complaint(
            office, (2026, 11, 9, 8), (2026, 11, 12, 8), closed=(2026, 11, 16, 8), channel="phone"
        )
        complaint(office, (2026, 11, 20, 9), (2026, 11, 25, 9), channel="whatsapp")
        page = as_user(supervisor, viewport=viewport)
        page.goto("/supervisor/service-levels/")

        page.get_by_test_id("tab-complaints").click()
        expect(page).to_have_url("/supervisor/complaints/?month=2026-11")
        expect(page.get_by_test_id("tab-complaints")).to_have_text("Pengaduan")
        expect(page.get_by_test_id("month-shown")).to_have_text("November 2026")
        expect(page.get_by_test_id("month-running")).to_be_visible()
        expect(page.get_by_test_id("complaints-received")).to_have_text("3")
        expect(page.get_by_test_id("complaints-in-time-percent")).to_have_text("50,0 %")
        expect(page.get_by_test_id("complaints-open-now")).to_have_text("1")
        expect(page.get_by_test_id("past-due-row")).to_have_count(1)
        expect(page.get_by_test_id("past-due")).to_contain_text(late.display_code)
        expect(page.get_by_test_id("export-complaints-csv")).to_be_visible()
        page.wait_for_load_state()  # measured before its stylesheets apply, a table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"supervisor complaints at {viewport['width']} px")

        page.get_by_test_id("month-previous").click()
        expect(page.get_by_test_id("month-shown")).to_have_text("Oktober 2026")
        expect(page.get_by_test_id("complaints-empty")).to_be_visible()
        expect(page.get_by_test_id("complaints-figures")).to_have_count(0)
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"supervisor complaints, an empty month, at {viewport['width']} px")

        page.get_by_test_id("tab-service-levels").click()
        expect(page).to_have_url("/supervisor/service-levels/?month=2026-10")
        expect(page.get_by_test_id("month-shown")).to_have_text("Oktober 2026")
