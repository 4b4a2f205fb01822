"""What staff typed survives a session that ended meanwhile (trial L3–L5): the article
editor (its live preview stops quietly; Save signs in again), the supervisor's response on a
complaint, the guestbook (from the console, and on its own) and the complaint record. Each
time: the sign-in page says nothing was sent, the form comes back filled, and one save saves
once. The guestbook's draft never holds the card's digits."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.conf import settings as django_settings
from playwright.sync_api import expect

from complaints.handling import services as complaints
from complaints.handling.models import Complaint, ComplaintEvent, ComplaintEventKind
from complaints.models import ComplaintCategory
from consultations.knowledge import services as knowledge
from consultations.knowledge.models import Article
from queueing import services as queue
from queueing.guestbook.models import GuestbookEntry
from tests.conftest import MONDAY_9
from tests.factories import ArticleFactory

PASSWORD = "correct horse battery 9"


def session_ended(page):
    """Signed out meanwhile: the session cookie is gone (expired, or signed out elsewhere)."""
    page.context.clear_cookies(name=django_settings.SESSION_COOKIE_NAME)


def signed_out_in_another_tab(page):
    other = page.context.new_page()
    other.goto("/")
    other.locator("#nav-main .dropdown-toggle").last.click()
    other.locator("form[data-sign-out] button").click()
    expect(other.locator("a[href='/accounts/login/']").first).to_be_visible()
    other.close()


def sign_in_again(page, user):
    expect(page.locator("[data-draft-waiting]")).to_be_visible()
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[data-sign-in] button[type=submit]").click()


def kept_draft(page):
    return page.evaluate("() => sessionStorage.getItem('pst-draft')")


@pytest.mark.django_db(transaction=True)
def test_an_article_typed_while_the_session_ended_is_back_after_saving_signs_in_again(
    as_user, office, subject_areas, consultation_officer
):
    page = as_user(consultation_officer)
    page.goto("/kb/new/")
    form = page.get_by_test_id("kb-article-form")
    form.locator("[name=title]").fill("Cara membaca tabel IPM")
    form.locator("[name=subject_area]").select_option(index=1)
    subject = form.locator("[name=subject_area]").input_value()
    body = "IPM disusun dari **tiga** dimensi: umur panjang, pengetahuan, standar hidup."
    form.locator("[name=body]").fill(body)
    expect(page.get_by_test_id("kb-preview-body").locator("strong")).to_have_text("tiga")

    # The session ends while the officer types: the preview stops, the page stays.
    session_ended(page)
    form.locator("[name=body]").press_sequentially(" Lihat tabel dinamis.")
    expect(page.get_by_test_id("session-ended-note")).to_be_visible()
    expect(page).to_have_url("/kb/new/")
    typed = form.locator("[name=body]").input_value()

    page.get_by_test_id("kb-save").click()
    sign_in_again(page, consultation_officer)
    expect(page).to_have_url("/kb/new/")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("[name=title]")).to_have_value("Cara membaca tabel IPM")
    expect(form.locator("[name=body]")).to_have_value(typed)
    expect(form.locator("[name=subject_area]")).to_have_value(subject)
    # The preview shows the text put back.
    expect(page.get_by_test_id("kb-preview-body")).to_contain_text("Lihat tabel dinamis.")
    assert not Article.objects.exists()  # nothing was saved on the way

    page.get_by_test_id("kb-save").click()
    expect(page.get_by_role("heading", name="Cara membaca tabel IPM")).to_be_visible()
    assert Article.objects.get().body == typed
    assert kept_draft(page) is None


@pytest.mark.django_db(transaction=True)
def test_an_edit_put_back_after_signing_in_does_not_overwrite_a_colleagues_save(
    as_user, office, subject_areas, consultation_officer, supervisor
):
    article = ArticleFactory(office=office, title="Jumlah penduduk", slug="jumlah-penduduk")
    page = as_user(consultation_officer)
    page.goto(article.get_edit_url())
    form = page.get_by_test_id("kb-article-form")
    form.locator("[name=body]").fill("Teks saya, ditulis pada versi pertama.")
    session_ended(page)
    knowledge.article_update(
        article=article, editor=supervisor, data={"body": "Teks rekan."}, version=1
    )
    page.get_by_test_id("kb-save").click()
    sign_in_again(page, consultation_officer)
    expect(form.locator("[name=body]")).to_have_value("Teks saya, ditulis pada versi pertama.")
    page.get_by_test_id("kb-save").click()
    # The draft was written on version 1: the colleague's save is told, not overwritten.
    expect(page.locator(".alert-warning")).to_be_visible()
    article.refresh_from_db()
    assert (article.body, article.version) == ("Teks rekan.", 2)


@pytest.mark.django_db(transaction=True)
def test_a_response_to_the_complainant_sent_after_signing_out_elsewhere_is_back_on_the_complaint(
    as_user, office, supervisor, complaint_categories
):
    complaint = complaints.complaint_file(
        office=office,
        data={
            "category": ComplaintCategory.objects.get(office=None, key="waiting"),
            "description": "Antrean lama dan petugas tidak ada di meja.",
            "complainant_name": "Budi Santoso",
            "complainant_email": "budi@example.org",
        },
        complainant=None,
        client_request_id=None,
        client_address="198.51.100.7",
    )
    page = as_user(supervisor)
    page.goto(f"/complaints/{complaint.pk}/")
    answer = "Petugas meja 2 sudah kami tegur; antrean kini dipantau tiap jam."
    page.get_by_test_id("form-respond").locator("textarea").fill(answer)
    page.get_by_test_id("form-note").locator("textarea").fill("Catatan yang tidak dikirim.")

    signed_out_in_another_tab(page)
    page.get_by_test_id("act-respond").click()
    sign_in_again(page, supervisor)
    expect(page).to_have_url(f"/complaints/{complaint.pk}/")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(page.get_by_test_id("form-respond").locator("textarea")).to_have_value(answer)
    responded = ComplaintEvent.objects.filter(
        complaint=complaint, kind=ComplaintEventKind.RESPONDED
    )
    assert not responded.exists()

    page.get_by_test_id("act-respond").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert [event.body for event in responded] == [answer]
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    assert kept_draft(page) is None


def fill_guestbook(form, ticket: bool):
    form.locator("[name=email]").fill("rina@example.org")
    form.locator("[name=phone]").fill("0812-5555-0101")
    form.locator("[name=name]").fill("Rina Wulandari")
    form.locator("[name=id_last4]").fill("4321")
    form.locator("[name=sex]").select_option("female")
    form.locator("[name=birth_year]").fill("1995")
    form.locator("[name=education]").select_option("bachelor")
    form.locator("[name=occupation]").select_option("researcher")
    form.locator("[name=institution_category]").select_option("education")
    form.locator("[name=institution_name]").fill("Universitas Borneo Tarakan")
    form.locator("[name=purpose]").select_option("research")
    if ticket:
        form.locator("[name=route_to]").select_option(label="K Konsultasi Statistik")
    form.locator("[name=data_needed]").fill("IPM Kota Tarakan 2020–2025")
    form.locator("[name=privacy_acknowledged]").check()


def assert_guestbook_back(form):
    expect(form.locator("[name=name]")).to_have_value("Rina Wulandari")
    expect(form.locator("[name=email]")).to_have_value("rina@example.org")
    expect(form.locator("[name=education]")).to_have_value("bachelor")
    expect(form.locator("[name=data_needed]")).to_have_value("IPM Kota Tarakan 2020–2025")
    expect(form.locator("[name=privacy_acknowledged]")).to_be_checked()
    # The card is looked at again: its digits were never kept.
    expect(form.locator("[name=id_last4]")).to_have_value("")


@pytest.mark.django_db(transaction=True)
def test_a_guestbook_entry_typed_while_the_session_ended_comes_back_without_the_card_digits(
    as_user, office, services, desks, front_office
):
    page = as_user(front_office)
    page.goto("/guestbook/new/")
    form = page.get_by_test_id("guestbook-form")
    fill_guestbook(form, ticket=False)
    expect(page.get_by_test_id("new-visitor")).to_be_visible()  # the lookup ran, signed in

    session_ended(page)
    page.get_by_test_id("guestbook-save").click()
    draft = kept_draft(page)
    assert "Rina Wulandari" in draft
    assert "id_last4" not in json.loads(draft)["fields"] and "4321" not in draft
    sign_in_again(page, front_office)
    expect(page).to_have_url("/guestbook/new/")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    assert_guestbook_back(form)
    assert not GuestbookEntry.objects.exists()

    form.locator("[name=id_last4]").fill("4321")
    page.get_by_test_id("guestbook-save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert GuestbookEntry.objects.get().id_last4 == "4321"
    assert kept_draft(page) is None  # saved: nothing of the visitor stays in the tab


@pytest.mark.django_db(transaction=True)
def test_the_returning_visitor_lookup_after_the_session_ended_keeps_what_was_typed(
    as_user, office, services, desks, front_office
):
    page = as_user(front_office)
    page.goto("/guestbook/new/")
    form = page.get_by_test_id("guestbook-form")
    form.locator("[name=name]").fill("Rina Wulandari")
    form.locator("[name=data_needed]").fill("IPM Kota Tarakan 2020–2025")
    session_ended(page)
    # Leaving the email field looks the visitor up (htmx): the tab goes to the sign-in page.
    form.locator("[name=email]").fill("rina@example.org")
    form.locator("[name=email]").blur()
    sign_in_again(page, front_office)
    expect(page).to_have_url("/guestbook/new/")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("[name=name]")).to_have_value("Rina Wulandari")
    expect(form.locator("[name=email]")).to_have_value("rina@example.org")
    expect(form.locator("[name=data_needed]")).to_have_value("IPM Kota Tarakan 2020–2025")


@pytest.mark.django_db(transaction=True)
def test_a_guestbook_filled_at_the_front_office_is_back_after_signing_in_and_taking_the_desk(
    as_user, office, services, desks, front_office
):
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_call(
            ticket=queue.ticket_issue(office=office, service=services["K"]),
            desk=desks[1],
            officer=front_office,
        )
        page = as_user(front_office, desk=desks[1])
        page.goto("/desk/")
        page.get_by_test_id("action-guestbook").click()
        form = page.get_by_test_id("guestbook-form")
        fill_guestbook(form, ticket=True)

        signed_out_in_another_tab(page)
        page.get_by_test_id("guestbook-save").click()
        sign_in_again(page, front_office)
        # The new session holds no desk: the console asks for it, then the form is back.
        page.get_by_test_id("choose-desk-1").click()
        page.get_by_test_id("action-guestbook").click()
        expect(page.get_by_test_id("draft-restored")).to_be_visible()
        assert_guestbook_back(form)
        expect(form.locator("[name=route_to]")).to_have_value(str(services["K"].pk))
        form.locator("[name=id_last4]").fill("4321")
        page.get_by_test_id("guestbook-save").click()
        expect(page.get_by_test_id("console-desk")).to_be_visible()
    entry = GuestbookEntry.objects.get()
    assert (entry.ticket_id, entry.name) == (ticket.pk, "Rina Wulandari")


@pytest.mark.django_db(transaction=True)
def test_a_complaint_recorded_while_the_session_ended_is_back_and_recorded_once(
    as_user, office, front_office, complaint_categories
):
    page = as_user(front_office)
    page.goto("/complaints/record/")
    form = page.get_by_test_id("complaint-record-form")
    form.locator("[name=channel][value=phone]").check()
    form.locator("[name=category]").select_option(index=1)
    said = "Penelepon menunggu balasan email konsultasi selama seminggu."
    form.locator("[name=description]").fill(said)
    form.locator("[name=complainant_name]").fill("Budi Santoso")
    form.locator("[name=complainant_phone]").fill("0812-3456-7890")

    session_ended(page)
    page.get_by_test_id("complaint-record-submit").click()
    sign_in_again(page, front_office)
    expect(page).to_have_url("/complaints/record/")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("[name=description]")).to_have_value(said)
    expect(form.locator("[name=complainant_name]")).to_have_value("Budi Santoso")
    expect(form.locator("[name=channel][value=phone]")).to_be_checked()
    assert not Complaint.objects.exists()

    page.get_by_test_id("complaint-record-submit").click()
    expect(page.get_by_test_id("tracking-code")).to_be_visible()
    assert Complaint.objects.get().description == said
    assert kept_draft(page) is None
