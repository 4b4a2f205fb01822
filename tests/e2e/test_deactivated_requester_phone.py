"""A deactivated requester's consultation in a real browser (trial Q, Q4): the officer told to
phone or WhatsApp them sees the number with both links, at 1280 px and on a 375 px phone."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import MONDAY_9
from tests.consultations.appointments.conftest import accepted_consultation


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_officer_sees_the_deactivated_requesters_phone(
    as_user, check_a11y, office, visitor, consultation_officer, subject_areas, width
):
    with time_machine.travel(MONDAY_9, tick=True):
        consultation = accepted_consultation(office, visitor, consultation_officer)
        visitor.is_active = False
        visitor.save(update_fields=["is_active"])
        page = as_user(consultation_officer, viewport={"width": width, "height": 900})
        page.goto(f"/consultations/{consultation.pk}/")
        expect(page.get_by_test_id("deactivated-phone")).to_contain_text("0812-3456-7890")
        expect(page.get_by_test_id("deactivated-call")).to_have_attribute(
            "href", "tel:+6281234567890"
        )
        expect(page.get_by_test_id("deactivated-whatsapp")).to_have_attribute(
            "href", "https://wa.me/6281234567890"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        check_a11y(page)
