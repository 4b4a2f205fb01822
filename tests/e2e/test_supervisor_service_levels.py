"""The supervisor's service-level page in a real browser: from the IKM page the supervisor
opens the "Service levels" tab, reads the month's walk-in compliance, goes back a month and
returns to the IKM tab with that month kept, at 1280 px and on a 375 px phone without the
page scrolling sideways (the tables scroll inside their own box)."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from tests.complaints.conftest import visit
from tests.complaints.reports.conftest import wita

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_supervisor_opens_the_service_levels_and_switches_month_and_tab(
    new_page, check_a11y, office, services, desks, supervisor, viewport
):
    with time_machine.travel(wita(2026, 11, 23, 9, 0), tick=True):
        for day, wait in ((2, 60), (3, 300), (4, 900)):  # November: 2 of 3 within 10 min
            visit(services["K"], joined=wita(2026, 11, day, 9, 0), desk=desks[2], wait=wait)
        visit(services["K"], joined=wita(2026, 10, 5, 9, 0), desk=desks[3], wait=120)
        page = new_page()
        page.set_viewport_size(viewport)
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(supervisor.email)
        page.locator("input[name=password]").fill("correct horse battery 9")
        page.locator("form[data-sign-in] button[type=submit]").click()
        expect(page).to_have_url("/desk/today/")
        page.goto("/supervisor/")

        page.get_by_test_id("tab-service-levels").click()
        expect(page).to_have_url("/supervisor/service-levels/?month=2026-11")
        expect(page.get_by_test_id("month-shown")).to_have_text("November 2026")
        expect(page.get_by_test_id("month-running")).to_be_visible()
        expect(page.get_by_test_id("walk-in-calls")).to_have_text("3")
        expect(page.get_by_test_id("walk-in-compliance")).to_have_text("66,7 %")
        expect(page.get_by_test_id("breach")).to_have_count(1)
        page.wait_for_load_state()  # measured before its stylesheets apply, a table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"supervisor service levels at {viewport['width']} px")

        page.get_by_test_id("month-previous").click()
        expect(page.get_by_test_id("month-shown")).to_have_text("Oktober 2026")
        expect(page.get_by_test_id("walk-in-compliance")).to_have_text("100,0 %")
        expect(page.get_by_test_id("month-running")).to_have_count(0)
        page.wait_for_load_state()  # measured before its stylesheets apply, a table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

        page.get_by_test_id("tab-ikm").click()
        expect(page).to_have_url("/supervisor/?month=2026-10")
        expect(page.get_by_test_id("month-shown")).to_have_text("Oktober 2026")
