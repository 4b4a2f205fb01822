"""Issue 10's walk through, in a real browser: a new user registers and verifies, searches the
knowledge base (a suggestion appears while typing but does not answer), opens a consultation
with an attachment; an officer claims it and asks for clarification; the user replies; the
officer accepts (both see the due date and its explanation), writes an internal note and a
public reply with an attachment; the user sees the reply and the file but not the note, and
closes the consultation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from consultations.models import Consultation, ConsultationStatus, SubjectArea
from pst.permissions import Role
from tests.e2e.test_registration_flow import register_and_verify
from tests.factories import ArticleFactory, OfficeFactory, UserFactory

WITA = ZoneInfo("Asia/Makassar")
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ID_TEXTS = {
    "register": "Daftar",
    "full_name": "Nama lengkap",
    "email": "Alamat email",
    "phone": "Telepon / WhatsApp",
    "occupation": "Pekerjaan",
    "password": "Kata sandi",
    "password_again": "Ulangi kata sandi",
    "create": "Buat akun",
    "subject": "Konfirmasi alamat email Anda untuk PST Konsultasi",
    "verified": "Alamat email Anda terverifikasi",
    "sign_in": "Masuk",
}


def officer_page(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.session.session_key,
          "url": live_server.url}]
    )  # fmt: skip
    return page


@pytest.mark.django_db(transaction=True)
def test_the_whole_online_consultation(
    new_page, live_server, check_a11y, subject_areas, settings, tmp_path
):
    settings.DEFAULT_OFFICE = "6571"
    office = OfficeFactory(code="6571", name="BPS Kota Tarakan", time_zone="Asia/Makassar")
    officer = UserFactory(
        office=office, roles=[Role.CONSULTATION_OFFICER], email="petugas@example.org",
        full_name="Budi Petugas",
    )  # fmt: skip
    ArticleFactory(
        title="Jumlah penduduk Kota Tarakan",
        slug="jumlah-penduduk",
        subject_area=SubjectArea.objects.get(name="Kependudukan"),
        body="Tabel penduduk menurut kecamatan ada di menu Tabel Statistik.",
    )
    attachment = tmp_path / "surat-pengantar.pdf"
    attachment.write_bytes(PDF)
    reply_file = tmp_path / "tabel-penduduk.pdf"
    reply_file.write_bytes(PDF)

    # Monday 23 November 2026, 09:00 WITA: the clock ticks on from here.
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA), tick=True):
        user = new_page("id-ID")
        register_and_verify(user, email="rina@example.org", texts=ID_TEXTS)

        # Search first: a suggestion appears while typing, but it does not answer.
        user.get_by_test_id("nav-my-consultations").click()
        user.get_by_test_id("consultation-new").click()
        user.wait_for_load_state("load")  # htmx listens from here on
        user.get_by_test_id("kb-search").press_sequentially("penduduk kecamatan")
        expect(user.get_by_test_id("kb-suggestion").first).to_contain_text("Jumlah penduduk")
        check_a11y(user, "search first")
        user.get_by_test_id("none-answers").click()

        form = user.get_by_test_id("consultation-form")
        expect(form.get_by_label("Pertanyaan Anda")).to_have_value("penduduk kecamatan")
        form.get_by_label("Pertanyaan Anda").fill(
            "Jumlah penduduk Kota Tarakan per kecamatan menurut kelompok umur 2024"
        )
        form.get_by_label("Subjek").select_option(label="Kependudukan")
        form.get_by_label("Topik").select_option("data")
        form.get_by_label("Wilayah").fill("Kota Tarakan, per kecamatan")
        form.get_by_label("Lampiran").set_input_files(str(attachment))
        check_a11y(user, "consultation form")
        user.get_by_test_id("consultation-submit").click()
        expect(user.get_by_test_id("status-badge")).to_have_attribute("data-status", "submitted")
        expect(user.get_by_test_id("attachment")).to_contain_text("surat-pengantar.pdf")
        consultation = Consultation.objects.get()
        url = f"/consultations/{consultation.pk}/"

        # The officer takes it from the inbox and asks for clarification.
        staff = officer_page(new_page, live_server, officer)
        staff.goto("/consultations/")
        expect(staff.get_by_test_id("inbox-waiting")).to_have_text("1")
        staff.get_by_role("link", name=consultation.reference).click()
        staff.get_by_test_id("act-claim").click()
        staff.get_by_label("Pesan").fill("Kelompok umur lima tahunan atau sepuluh tahunan?")
        staff.once("dialog", lambda dialog: dialog.accept())  # "ask to clarify?"
        staff.get_by_test_id("act-clarify").click()
        expect(staff.get_by_test_id("status-badge")).to_have_attribute(
            "data-status", "needs_clarification"
        )
        check_a11y(staff, "officer conversation")

        # The user replies.
        user.goto(url)
        expect(user.get_by_test_id("clarification-note")).to_be_visible()
        user.get_by_label("Pesan").fill("Lima tahunan, terima kasih.")
        user.get_by_test_id("act-reply").click()
        expect(user.get_by_test_id("status-badge")).to_have_attribute("data-status", "submitted")

        # The officer accepts: the due date and why.
        staff.reload()
        staff.get_by_test_id("act-accept").click()
        explanation = staff.get_by_test_id("due-explanation")
        expect(explanation).to_contain_text("Kamis 26 November 2026")
        user.goto(url)
        expect(user.get_by_test_id("due-explanation")).to_contain_text("Kamis 26 November 2026")

        # An internal note, then the public answer with a file.
        staff.get_by_label("Pesan").fill("Catatan: ambil dari proyeksi SP2020.")
        staff.get_by_test_id("act-note").click()
        expect(staff.get_by_test_id("internal-note")).to_contain_text("proyeksi SP2020")
        staff.get_by_label("Pesan").fill("Tabelnya terlampir, sumber Proyeksi Penduduk.")
        staff.get_by_label("Lampiran").set_input_files(str(reply_file))
        # Product trial F: the answer is emailed at once, so the officer is asked first; "no"
        # sends nothing and keeps what was typed.
        staff.once("dialog", lambda dialog: dialog.dismiss())
        staff.get_by_test_id("act-answer").click()
        expect(staff.get_by_label("Pesan")).to_have_value(
            "Tabelnya terlampir, sumber Proyeksi Penduduk."
        )
        expect(staff.get_by_test_id("status-badge")).to_have_attribute("data-status", "accepted")
        staff.once("dialog", lambda dialog: dialog.accept())  # "send as the answer?"
        staff.get_by_test_id("act-answer").click()
        expect(staff.get_by_test_id("status-badge")).to_have_attribute("data-status", "answered")

        # The user sees the answer and the file, never the note, and closes.
        user.goto(url)
        expect(user.get_by_test_id("conversation")).to_contain_text("Tabelnya terlampir")
        expect(user.get_by_test_id("attachment").last).to_contain_text("tabel-penduduk.pdf")
        expect(user.get_by_test_id("internal-note")).to_have_count(0)
        expect(user.get_by_text("proyeksi SP2020")).to_have_count(0)
        with user.expect_download() as download:
            user.get_by_test_id("attachment").last.click()
        assert download.value.suggested_filename == "tabel-penduduk.pdf"
        check_a11y(user, "requester conversation")
        user.get_by_test_id("act-close").click()
        expect(user.get_by_test_id("status-badge")).to_have_attribute("data-status", "closed")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.sla_met is True


@pytest.mark.django_db(transaction=True)
def test_a_question_typed_while_the_session_ended_is_put_back_after_signing_in(
    new_page, live_server, subject_areas, office, visitor
):
    page = officer_page(new_page, live_server, visitor)
    page.goto("/consultations/new/?q=pengangguran&ask=1")
    form = page.get_by_test_id("consultation-form")
    typed = "Tingkat pengangguran terbuka Kota Tarakan 2020–2024 per jenis kelamin"
    form.locator("textarea[name=question]").fill(typed)
    form.locator("input[name=data_region]").fill("Kota Tarakan")
    # Signed out in another tab: the session ends, the CSRF cookie stays.
    page.context.clear_cookies(name=django_settings.SESSION_COOKIE_NAME)
    form.locator("button[type=submit]").last.click()
    expect(page.locator("[data-draft-waiting]")).to_be_visible()
    page.locator("input[name=username]").fill(visitor.email)
    page.locator("input[name=password]").fill("correct horse battery 9")
    page.locator("form[data-sign-in] button[type=submit]").click()
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(form.locator("textarea[name=question]")).to_have_value(typed)
    expect(form.locator("input[name=data_region]")).to_have_value("Kota Tarakan")
    # Sent now, the text is not put back on a later visit of the form.
    page.goto("/consultations/new/?q=lain&ask=1")
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    assert form.locator("textarea[name=question]").input_value() != typed

    # Someone else signing in at the same screen never gets it.
    form.locator("textarea[name=question]").fill(typed)
    page.context.clear_cookies(name=django_settings.SESSION_COOKIE_NAME)
    form.locator("button[type=submit]").last.click()
    other = UserFactory(email="orang-lain@example.org")
    page.locator("input[name=username]").fill(other.email)
    page.locator("input[name=password]").fill("correct horse battery 9")
    page.locator("form[data-sign-in] button[type=submit]").click()
    expect(page.get_by_test_id("consultation-form")).to_be_visible()
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)
    assert form.locator("textarea[name=question]").input_value() != typed
    # Nor is it kept in the tab for them: the first page of their account drops it.
    assert page.evaluate("() => sessionStorage.getItem('pst-draft')") is None


@pytest.mark.django_db(transaction=True)
def test_back_after_sending_a_question_with_a_file_and_sending_again_opens_one(
    new_page, live_server, subject_areas, office, visitor
):
    # Trial L6: the browser refills what was typed but not the file, and the form comes with a
    # new request id; sending it again opened a second consultation.
    page = officer_page(new_page, live_server, visitor)
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/consultations/new/?q=inflasi&ask=1")
    form = page.get_by_test_id("consultation-form")
    form.locator("select[name=subject_area]").select_option(label="Kependudukan")
    form.locator("select[name=topic]").select_option(value="data")
    question = "Inflasi bulanan Kota Tarakan 2024, contoh terlampir"
    form.locator("textarea[name=question]").fill(question)
    form.locator("input[name=files]").set_input_files(
        {"name": "contoh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("consultation-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    opened = page.url

    page.go_back()
    form = page.get_by_test_id("consultation-form")
    expect(form.locator("textarea[name=question]")).to_have_value(question)
    assert form.locator("input[name=files]").evaluate("input => input.files.length") == 0
    page.get_by_test_id("consultation-submit").click()

    expect(page.locator(".alert-info")).to_be_visible()
    assert page.url == opened
    assert Consultation.objects.count() == 1
