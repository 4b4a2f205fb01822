"""The supervisor's review of the personal-data access log in a real browser (trial S1): from
the complaint figures the supervisor opens the "Log akses" tab, reads the month's looks and
exports, narrows them to one officer, and finds the export buttons — at 1280 px and on a 375 px
phone without the page scrolling sideways (the table scrolls inside its own box), axe clean."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from pst.models import AccessKind, PersonalDataAccess
from tests.complaints.reports.conftest import wita

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_supervisor_reviews_the_access_log_and_narrows_it_to_one_officer(
    as_user, check_a11y, office, supervisor, front_office, consultation_officer, viewport
):
    with time_machine.travel(wita(2026, 11, 23, 9, 0), tick=True):
        for at, user, kind, subject in [
            (wita(2026, 11, 2, 9, 0), front_office, AccessKind.VIEW_LIST, "guestbook page 1"),
            (wita(2026, 11, 9, 10, 0), consultation_officer, AccessKind.VIEW_DETAIL,
             "consultation 17 with a rather long description of what was read"),
            (wita(2026, 11, 20, 14, 0), supervisor, AccessKind.EXPORT, "guestbook csv"),
        ]:  # fmt: skip
            PersonalDataAccess.objects.create(
                user=user, office=office, at=at, kind=kind, subject=subject,
                period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30),
                row_count=12, unmasked=kind == AccessKind.EXPORT,
            )  # fmt: skip
        page = as_user(supervisor, viewport=viewport)
        page.goto("/supervisor/complaints/")

        page.get_by_test_id("tab-access-log").click()
        expect(page).to_have_url("/supervisor/access-log/?month=2026-11")
        expect(page.get_by_test_id("month-shown")).to_have_text("November 2026")
        expect(page.get_by_test_id("access-row")).to_have_count(3)
        expect(page.get_by_test_id("access-row").first).to_contain_text("guestbook csv")
        expect(page.get_by_test_id("export-access-log-xlsx")).to_be_visible()
        page.wait_for_load_state()  # measured before its stylesheets apply, a table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"access log at {viewport['width']} px")

        page.locator("select[name=reader]").select_option(str(front_office.pk))
        page.get_by_test_id("period-form").get_by_role(
            "button", name="Tampilkan", exact=True
        ).click()
        expect(page.get_by_test_id("access-row")).to_have_count(1)
        expect(page.get_by_test_id("access-row")).to_contain_text("guestbook page 1")
        expect(page.get_by_test_id("export-access-log-csv")).to_have_attribute(
            "href", f"/supervisor/access-log/access-log.csv?month=2026-11&reader={front_office.pk}"
        )
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"access log of one officer at {viewport['width']} px")
