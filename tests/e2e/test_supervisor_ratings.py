"""The supervisor's ratings page in a real browser: signed in through the sign-in page, the
supervisor follows the navigation's "Ratings (IKM)" link and reads the grade and the nine
elements, on a 1280 px screen and on a 375 px phone without the page scrolling sideways."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from queueing import services as queue
from tests.complaints.reports.conftest import wita

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_supervisor_reads_the_months_grade_and_elements(
    new_page, check_a11y, office, services, desks, supervisor, viewport
):
    with time_machine.travel(wita(2026, 11, 23, 9, 0), tick=True):
        for day, score in ((2, 4), (9, 3), (16, 3)):
            ticket = queue.ticket_issue(office=office, service=services["P"])
            SurveyResponse.objects.create(
                office=office, ticket=ticket, channel="walk_in", service=services["P"],
                served_at=wita(2026, 11, day, 10, 0), submitted_at=wita(2026, 11, day, 10, 5),
                sex="female", education="bachelor", occupation="researcher",
                comment=f"Komentar tanggal {day}: pelayanan cepat dan petugasnya sangat ramah.",
                **dict.fromkeys(ELEMENT_FIELDS, score),
            )  # fmt: skip
        page = new_page()
        page.set_viewport_size(viewport)
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(supervisor.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form[data-sign-in] button[type=submit]").click()
        expect(page).to_have_url("/desk/today/")
        if viewport is PHONE:  # the menu is folded behind its button
            page.locator(".navbar-toggler").click()
        page.get_by_test_id("nav-ratings").click()

        expect(page).to_have_url("/supervisor/")
        expect(page.get_by_test_id("month-shown")).to_have_text("November 2026")
        expect(page.get_by_test_id("ikm-respondents")).to_have_text("3")
        # NRR (4 + 3 + 3) / 3 = 3.33 for each element: 83.33, grade B.
        expect(page.get_by_test_id("ikm-converted")).to_have_text("83,33")
        expect(page.get_by_test_id("ikm-grade")).to_contain_text("B")
        rows = page.get_by_test_id("ikm-element")
        expect(rows).to_have_count(9)
        expect(rows.first.locator("[data-column=nrr]")).to_have_text("3,33")
        expect(rows.last).to_be_visible()
        expect(page.get_by_test_id("rating-comment")).to_have_count(3)
        page.wait_for_load_state()  # before its stylesheets apply, a table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        check_a11y(page, f"supervisor ratings at {viewport['width']} px")
