"""A rating's comment recorded as a complaint in a real browser: the supervisor opens the IKM
page, presses "Catat sebagai pengaduan" under a comment, chooses the category, leaves a name
out of the text, records it, lands on the complaint and finds it in /complaints/; the comment
then links to its complaint. At phone and desktop widths, without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from queueing import services as queue
from tests.complaints.reports.conftest import wita

SCREENSHOTS = "test-results"
COMMENT = "Petugas Budi tidak ramah, saya menunggu 40 menit."


def fits(page, width: int) -> None:
    page.wait_for_load_state()  # before its stylesheets apply, a table is wide
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_supervisor_records_a_ratings_comment_as_a_complaint(
    as_user, office, services, desks, supervisor, monday_morning, check_a11y, width
):
    ticket = queue.ticket_issue(office=office, service=services["P"])
    SurveyResponse.objects.create(
        office=office, ticket=ticket, channel="walk_in", service=services["P"],
        served_at=wita(2026, 11, 20, 15, 0), submitted_at=wita(2026, 11, 20, 15, 30),
        sex="female", education="bachelor", occupation="researcher", comment=COMMENT,
        **dict.fromkeys(ELEMENT_FIELDS, 2),
    )  # fmt: skip
    page = as_user(supervisor, viewport={"width": width, "height": 900})

    page.goto("/supervisor/")
    comment = page.get_by_test_id("rating-comment")
    expect(comment).to_contain_text("menunggu 40 menit")
    check_a11y(page, f"IKM page with a comment to record at {width}px")
    fits(page, width)
    comment.get_by_test_id("rating-record-complaint").click()

    form = page.get_by_test_id("from-rating-form")
    expect(form.locator("[name=description]")).to_have_value(COMMENT)
    expect(form.locator("[name=complainant_name]")).to_have_count(0)
    check_a11y(page, f"record a comment as a complaint at {width}px")
    fits(page, width)
    page.screenshot(path=f"{SCREENSHOTS}/rating-complaint-form-{width}.png", full_page=True)
    form.locator("[name=category]").select_option(label="Pelayanan petugas")
    form.locator("[name=description]").fill("Petugas tidak ramah, saya menunggu 40 menit.")
    page.get_by_test_id("from-rating-submit").click()

    complaint = Complaint.objects.get()
    expect(page).to_have_url(f"/complaints/{complaint.pk}/")
    expect(page.locator("[data-code=recorded]")).to_contain_text(complaint.display_code)
    expect(page.get_by_test_id("complaint-channel")).to_contain_text("Survei kepuasan")
    expect(page.get_by_test_id("complaint-description")).not_to_contain_text("Budi")
    check_a11y(page, f"complaint from a rating at {width}px")
    fits(page, width)
    page.screenshot(path=f"{SCREENSHOTS}/rating-complaint-{width}.png", full_page=True)

    page.goto("/complaints/")
    expect(page.get_by_role("link", name=complaint.display_code)).to_be_visible()
    fits(page, width)
    page.goto("/supervisor/")
    expect(page.get_by_test_id("rating-record-complaint")).to_have_count(0)
    page.get_by_test_id("rating-comment").screenshot(
        path=f"{SCREENSHOTS}/rating-comment-passed-on-{width}.png"
    )
    page.get_by_test_id("rating-complaint").click()
    expect(page).to_have_url(f"/complaints/{complaint.pk}/")
