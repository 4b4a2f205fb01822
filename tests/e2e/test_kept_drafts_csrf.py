"""What was typed survives a form refused as expired (trial Q3): the browser's cookies were
cleared while the form was open, the session's with the CSRF cookie, so the form meets the
403 "form has expired" page. That page keeps the draft static/js/live.js wrote as the form
was sent (it used to drop it as a form sent normally): going back passes through the sign-in
page and the same form is filled again. A form sent normally still leaves nothing behind."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from consultations import lifecycle
from consultations.models import Consultation, Message, SubjectArea
from queueing.guestbook.models import GuestbookEntry
from tests.e2e.test_kept_drafts_staff import (
    assert_guestbook_back,
    fill_guestbook,
    kept_draft,
    sign_in_again,
)

LONG = " ".join(["Penduduk Kota Tarakan menurut kecamatan dan kelompok umur 2020–2024."] * 25)


def expired_page_keeps_the_draft(page):
    expect(page.get_by_test_id("error-csrf")).to_be_visible()
    expect(page.get_by_test_id("draft-kept")).to_be_visible()
    expect(page.locator("[data-draft-none]")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_a_question_sent_after_the_cookies_were_cleared_is_back_after_signing_in(
    as_user, subject_areas, office, visitor
):
    page = as_user(visitor)
    page.goto("/consultations/new/?q=penduduk&ask=1")
    form = page.get_by_test_id("consultation-form")
    form.locator("select[name=subject_area]").select_option(label="Kependudukan")
    form.locator("select[name=topic]").select_option(value="data")
    form.locator("textarea[name=question]").fill(LONG)
    form.locator("input[name=data_region]").fill("Kota Tarakan")

    page.context.clear_cookies()
    page.get_by_test_id("consultation-submit").click()
    expired_page_keeps_the_draft(page)
    # Signed out with the cookies: the page says signing in again may be asked for.
    expect(page.get_by_test_id("draft-kept")).to_have_attribute("data-draft-kept", "sign-in")

    page.go_back()
    sign_in_again(page, visitor)
    expect(page).to_have_url("/consultations/new/?q=penduduk&ask=1")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("textarea[name=question]")).to_have_value(LONG)
    expect(form.locator("input[name=data_region]")).to_have_value("Kota Tarakan")
    assert not Consultation.objects.exists()

    page.get_by_test_id("consultation-submit").click()
    expect(page.get_by_test_id("status-badge")).to_have_attribute("data-status", "submitted")
    assert Consultation.objects.get().question == LONG
    assert kept_draft(page) is None
    # Sent normally: the form opened again is empty, no stale draft comes back.
    page.goto("/consultations/new/?q=inflasi&ask=1")
    expect(form.locator("textarea[name=question]")).to_have_value("inflasi")
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_an_officers_reply_sent_after_the_cookies_were_cleared_is_back_after_signing_in(
    as_user, subject_areas, office, visitor, consultation_officer
):
    consultation = lifecycle.consultation_submit(
        requester=visitor,
        office=office,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data", "question": "IPM?"},
    )
    lifecycle.consultation_claim(consultation=consultation, officer=consultation_officer)
    url = f"/consultations/{consultation.pk}/"
    page = as_user(consultation_officer)
    page.goto(url)
    form = page.get_by_test_id("message-form")
    answer = " ".join(["IPM Kota Tarakan ada di Kota Tarakan Dalam Angka 2024, tabel 4.1."] * 30)
    form.locator("textarea[name=body]").fill(answer)

    page.context.clear_cookies()
    page.get_by_test_id("act-write").click()
    expired_page_keeps_the_draft(page)
    # The page's own way back: the consultation, through the sign-in page.
    page.get_by_test_id("back-to-form").click()
    sign_in_again(page, consultation_officer)
    expect(page).to_have_url(url)
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("textarea[name=body]")).to_have_value(answer)
    assert not Message.objects.filter(author=consultation_officer).exists()

    page.get_by_test_id("act-write").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Message.objects.get(author=consultation_officer).body == answer
    assert kept_draft(page) is None
    page.reload()
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    expect(form.locator("textarea[name=body]")).to_have_value("")


@pytest.mark.django_db(transaction=True)
def test_a_guestbook_entry_refused_for_its_csrf_cookie_alone_is_put_back_on_going_back(
    as_user, office, services, desks, front_office
):
    page = as_user(front_office)
    page.goto("/guestbook/new/")
    form = page.get_by_test_id("guestbook-form")
    fill_guestbook(form, ticket=False)

    page.context.clear_cookies(name=django_settings.CSRF_COOKIE_NAME)
    page.get_by_test_id("guestbook-save").click()
    expired_page_keeps_the_draft(page)
    # Still signed in: no sign-in on the way, the note says the text is still in the form.
    expect(page.get_by_test_id("draft-kept")).to_have_attribute("data-draft-kept", "kept")
    page.go_back()
    expect(page).to_have_url("/guestbook/new/")
    expect(page.get_by_test_id("draft-restored")).to_have_text(
        "Yang Anda ketik masih ada di formulir."
    )
    assert_guestbook_back(form)
    assert not GuestbookEntry.objects.exists()
    assert kept_draft(page) is None
