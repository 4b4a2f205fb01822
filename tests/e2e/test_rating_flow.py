"""The rating in a real browser: a visitor served at the office opens their ticket's page on
the phone, rates the visit, forgets one question, is told which, and sends it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.surveys.elements import ELEMENTS
from complaints.surveys.models import SurveyResponse
from queueing import services as queue

SCREENSHOTS = "test-results"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_served_visitor_rates_the_visit_from_the_ticket_page(
    new_page, office, services, desks, front_office, monday_morning, check_a11y, width
):
    ticket = queue.ticket_issue(office=office, service=services["P"])
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)

    phone = new_page()
    phone.set_viewport_size({"width": width, "height": 800})
    phone.goto(f"/t/{ticket.token}/")
    phone.get_by_test_id("rate-visit").click()
    expect(phone.get_by_role("heading", name="Nilai layanan kami")).to_be_visible()
    check_a11y(phone, f"rating page at {width}px")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width

    # Every question answered but the fourth (cost): the page names it and keeps the rest.
    for element in ELEMENTS:
        if element.field != "cost":
            phone.get_by_test_id(f"question-{element.field}").get_by_text(
                str(element.answers[3]), exact=True
            ).click()
    phone.get_by_label("Perempuan").check()
    phone.get_by_label("Pendidikan").select_option("bachelor")
    phone.get_by_label("Pekerjaan").select_option("researcher")
    phone.get_by_role("textbox", name="Saran dan masukan").fill("Ruang tunggunya nyaman.")
    phone.get_by_test_id("rating-submit").click()

    expect(phone.get_by_test_id("cost-error")).to_be_visible()
    phone.get_by_test_id("rating-errors").get_by_role("link").click()  # to the question
    assert phone.evaluate("location.hash") == "#id_cost-group"
    assert not SurveyResponse.objects.exists()
    expect(phone.locator("#id_procedure_3")).to_be_checked()
    phone.get_by_test_id("question-cost").get_by_text("Gratis", exact=True).click()
    phone.screenshot(path=f"{SCREENSHOTS}/rating-{width}.png", full_page=True)
    phone.get_by_test_id("rating-submit").click()

    expect(phone.get_by_test_id("rating-done")).to_be_visible()
    rating = SurveyResponse.objects.get()
    assert rating.scores() == [4] * 9
    assert (rating.sex, rating.comment) == ("female", "Ruang tunggunya nyaman.")
    check_a11y(phone, f"thanks at {width}px")
