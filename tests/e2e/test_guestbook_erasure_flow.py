"""The front office erases a walk-in visitor's guestbook entry at their request: from the
entry's page to the confirm page, a note, and the entry shown anonymised — on a phone and on a
desktop screen, passing axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry
from tests.queueing.guestbook.test_records import DATA

NOTE = "Asked at the counter, card shown"


@pytest.mark.parametrize("width", [375, 1280])
def test_anonymise_an_entry_at_the_visitors_request(
    as_user, check_a11y, office, front_office, width
):
    entry = guestbook.guestbook_record(office=office, officer=front_office, data=DATA)
    page = as_user(front_office, viewport={"width": width, "height": 800})
    page.goto(f"/guestbook/{entry.pk}/")
    expect(page.get_by_test_id("guestbook-entry")).to_contain_text("Rina Wulandari")
    page.get_by_test_id("guestbook-anonymise").click()
    page.wait_for_url(re.compile(rf"/guestbook/{entry.pk}/erase/$"))
    expect(page.get_by_test_id("guestbook-anonymise-what")).to_be_visible()
    check_a11y(page, f"the erasure's confirm page at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "scrolls sideways"
    form = page.get_by_test_id("guestbook-anonymise-form")
    form.locator("#id_note").fill(NOTE)
    page.get_by_test_id("guestbook-anonymise-confirm").click()
    page.wait_for_url(re.compile(rf"/guestbook/{entry.pk}/$"))
    expect(page.get_by_test_id("guestbook-erased")).to_contain_text(NOTE)
    expect(page.get_by_test_id("guestbook-entry")).not_to_contain_text("Rina")
    expect(page.get_by_test_id("guestbook-anonymise")).to_have_count(0)
    check_a11y(page, f"the entry anonymised at {width}px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "scrolls sideways"
    assert GuestbookEntry.objects.get(pk=entry.pk).name == ""
