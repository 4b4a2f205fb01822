"""The officer sees that a requester uses English (trial P, P5), on a phone and a desktop: a
quiet badge at the top of the consultation, a note read with the reply box, and beside a
walk-in visitor at the desk. Nothing widens the page; axe finds nothing serious."""

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.models import SubjectArea
from tests.conftest import MONDAY_9
from tests.e2e.conftest import walk_in_at_desk
from tests.e2e.test_narrow_pages import DESKTOP, PHONE, page_width
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_officer_sees_the_requester_uses_english(
    as_user, check_a11y, office, consultation_officer, subject_areas, viewport
):
    requester = UserFactory(email="j.smith@example.ac.uk", full_name="John Smith", language="en")
    with time_machine.travel(MONDAY_9, tick=True):
        consultation = lifecycle.consultation_submit(
            requester=requester, office=office,
            data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                  "question": "Poverty line of Tarakan 2025?"},
        )  # fmt: skip
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
        page = as_user(consultation_officer, viewport=viewport)
        page.goto(f"/consultations/{consultation.pk}/")
        badge = page.get_by_test_id("requester-language")
        expect(badge).to_be_visible()
        expect(badge).to_contain_text("Bahasa Inggris")
        reply = page.locator("#message-form textarea[name=body]")
        expect(reply).to_have_accessible_description(
            page.get_by_test_id("write-in-language").inner_text()
        )
        assert page_width(page) <= viewport["width"]
        check_a11y(page, label=f"consultation of an English requester, {viewport['width']}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_officer_at_the_desk_sees_the_visitor_took_the_ticket_in_english(
    as_user, check_a11y, office, desks, services, front_office, consultation_officer,
    subject_areas, viewport,
):  # fmt: skip
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = walk_in_at_desk(
            office=office, services=services, desks=desks, front_office=front_office,
            officer=consultation_officer, desk=3, language="en",
        )  # fmt: skip
        page = as_user(consultation_officer, desk=desks[3], viewport=viewport)
        page.goto(reverse("consultation_walk_in", args=[ticket.pk]))
        expect(page.get_by_test_id("visitor-language")).to_contain_text("Bahasa Inggris")
        assert page_width(page) <= viewport["width"]
        check_a11y(page, label=f"walk-in record of an English visitor, {viewport['width']}")
