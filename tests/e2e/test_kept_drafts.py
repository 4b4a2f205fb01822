"""What an officer or a requester typed survives what reloads the page under them: switching
the language, and a session that ended while they typed a walk-in record (the record is
reached again only after choosing the desk)."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings as django_settings
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.models import SubjectArea
from tests.conftest import MONDAY_9
from tests.e2e.conftest import walk_in_at_desk

PASSWORD = "correct horse battery 9"


def switch_language(page, name):
    page.get_by_test_id("language-menu").click()
    page.locator("form[data-language-switch] button", has_text=name).click()


@pytest.mark.django_db(transaction=True)
def test_a_half_typed_reply_survives_switching_the_language(
    as_user, subject_areas, office, visitor
):
    consultation = lifecycle.consultation_submit(
        requester=visitor,
        office=office,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data", "question": "IPM?"},
    )
    page = as_user(visitor)
    page.goto(f"/consultations/{consultation.pk}/")
    typed = "Saya juga butuh data per kecamatan, kalau ada."
    page.locator("form[data-keep-draft] textarea[name=body]").fill(typed)
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("draft-restored")).to_have_text(
        "What you typed is still in the form."
    )
    expect(page.locator("form[data-keep-draft] textarea[name=body]")).to_have_value(typed)
    # Nothing typed: the next switch puts nothing back.
    page.goto(f"/consultations/{consultation.pk}/")
    switch_language(page, "Bahasa Indonesia")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_walk_in_record_typed_while_the_session_ended_is_back_after_taking_the_desk_again(
    as_user, subject_areas, office, services, desks, front_office,
    consultation_officer,
):  # fmt: skip
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = walk_in_at_desk(
            office=office, services=services, desks=desks, front_office=front_office,
            officer=consultation_officer, desk=2,
        )  # fmt: skip
        page = as_user(consultation_officer, desk=desks[2])
        page.goto(f"/consultations/walk-in/{ticket.pk}/")
        form = page.get_by_test_id("consultation-form")
        answer = "IPM per komponen ada di tabel dinamis; kemiskinan di publikasi tahunan."
        form.locator("textarea[name=question]").fill("IPM Kota Tarakan 2020–2025")
        form.locator("textarea[name=answer]").fill(answer)
        # Signed out in another tab while typing: the save meets the sign-in page.
        page.context.clear_cookies(name=django_settings.SESSION_COOKIE_NAME)
        page.get_by_test_id("consultation-save").click()
        expect(page.locator("[data-draft-waiting]")).to_be_visible()
        page.locator("input[name=username]").fill(consultation_officer.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form[data-sign-in] button[type=submit]").click()
        # The new session holds no desk: the console asks for it first.
        page.get_by_test_id("choose-desk-2").click()
        page.get_by_test_id("action-consultation").click()
        expect(page.get_by_test_id("draft-restored")).to_be_visible()
        expect(form.locator("textarea[name=answer]")).to_have_value(answer)
        expect(form.locator("textarea[name=question]")).to_have_value("IPM Kota Tarakan 2020–2025")


@pytest.mark.django_db(transaction=True)
def test_signing_out_leaves_no_draft_in_the_tab(as_user, subject_areas, office, visitor):
    page = as_user(visitor)
    page.goto("/consultations/new/?q=inflasi&ask=1")
    # A draft waiting to be put back (as after an ended session) when the user signs out.
    page.evaluate(
        "user => sessionStorage.setItem('pst-draft', JSON.stringify({key: "
        "'consultation-new:' + user, fields: {}, restore: 'sign-in', at: Date.now()}))",
        str(visitor.pk),
    )
    page.locator("#nav-main .dropdown-toggle").last.click()
    page.locator("form[data-sign-out] button").click()
    expect(page.locator("a[href='/accounts/login/']").first).to_be_visible()
    assert page.evaluate("() => sessionStorage.getItem('pst-draft')") is None
