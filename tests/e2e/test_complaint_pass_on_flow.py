"""An answer passed on in a real browser (trial P, P2 and P3): the front office records a
complaint that came as an Instagram DM with the handle it came from; the supervisor answers
it and is told that no email reaches the complainant, with the handle to answer on; the
officer finds the answer under "Answers to pass on" in the account menu, passes it on and
records it, and the complaint leaves that list. At phone and desktop widths, axe on each
page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint


def open_account_menu(page, width: int) -> None:
    if width < 1200:  # the menu folds into its button
        page.locator(".navbar-toggler").click()
        expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("#nav-main .dropdown-toggle").last.click()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_dm_is_answered_and_the_answer_passed_on(
    as_user, office, front_office, supervisor, monday_morning, check_a11y, width
):
    viewport = {"width": width, "height": 900}
    officer = as_user(front_office, viewport=viewport)
    officer.goto("/complaints/record/")
    form = officer.get_by_test_id("complaint-record-form")
    form.get_by_label("Pesan media sosial", exact=True).check()
    form.locator("[name=category]").select_option(label="Sarana dan prasarana")
    form.locator("[name=description]").fill("Toilet rusak (DM Instagram).")
    form.locator("[name=complainant_name]").fill("@user_ig")
    form.locator("[name=complainant_reply_to]").fill("IG @user_ig")
    officer.get_by_test_id("complaint-record-submit").click()
    expect(officer.get_by_test_id("tracking-code")).to_be_visible()
    complaint = Complaint.objects.get()
    assert complaint.complainant_reply_to == "IG @user_ig"

    staff = as_user(supervisor, viewport=viewport)
    staff.goto(f"/complaints/{complaint.pk}/")
    expect(staff.get_by_test_id("pass-on")).to_contain_text("IG @user_ig")
    staff.get_by_test_id("act-verify").click()
    staff.get_by_test_id("form-resolve").locator("textarea").fill("Toilet sudah diperbaiki.")
    staff.get_by_test_id("act-resolve").click()
    expect(staff.locator(".alert-warning[data-code=to_pass_on]")).to_be_visible()
    expect(staff.get_by_test_id("to-pass-on")).to_be_visible()
    expect(staff.get_by_test_id("reply-to")).to_have_text("IG @user_ig")
    check_a11y(staff, f"complaint to pass on at {width}px")
    staff.goto("/complaints/")
    expect(staff.get_by_test_id("row-to-pass-on")).to_have_count(1)
    check_a11y(staff, f"complaint list with an answer to pass on at {width}px")

    officer.goto("/desk/today/")
    open_account_menu(officer, width)
    officer.get_by_test_id("nav-answers-to-pass-on").click()
    card = officer.get_by_test_id("complaint-to-pass-on")
    expect(card).to_contain_text("Toilet sudah diperbaiki.")
    check_a11y(officer, f"answers to pass on at {width}px")
    officer.wait_for_load_state()
    assert officer.evaluate("document.documentElement.scrollWidth") <= width
    card.locator("input[name$=-body]").fill("Dibalas lewat DM Instagram.")
    card.get_by_test_id("act-passed-on").click()
    expect(officer.get_by_test_id("nothing-waits")).to_be_visible()
    event = complaint.events.get(kind="passed_on")
    assert (event.actor, event.via) == (front_office, "social")
