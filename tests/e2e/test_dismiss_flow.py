"""An officer closes spam that reached the office's mailbox, in a real browser at a phone's
width: the form asks first, a repeat without its reference is refused under its field with
the typed text kept, and the request leaves the open inbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation, ConsultationStatus
from pst.permissions import Role
from tests.e2e.test_online_consultation_flow import officer_page
from tests.factories import OfficeFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_an_officer_closes_spam_without_an_answer(new_page, live_server, subject_areas):
    office = OfficeFactory(code="6571", name="BPS Kota Tarakan", time_zone="Asia/Makassar")
    officer = UserFactory(
        email="konsultasi@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )
    spam = consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Promo",
        requester_email="promo@iklan.example", question="Pinjaman cepat tanpa agunan!",
    )  # fmt: skip
    page = officer_page(new_page, live_server, officer)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/consultations/{spam.pk}/")

    page.get_by_text("Tutup tanpa jawaban").first.click()  # the folded card opens
    page.get_by_label("Pengulangan konsultasi lain dari penanya yang sama").check()
    page.get_by_label("Nomor konsultasi yang diulanginya").fill("KS-6571-000999")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_test_id("act-dismiss").click()
    assert Consultation.objects.get(pk=spam.pk).status == ConsultationStatus.SUBMITTED

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("act-dismiss").click()
    field = page.get_by_label("Nomor konsultasi yang diulanginya")
    expect(field).to_have_value("KS-6571-000999")
    expect(
        page.get_by_text("Kantor ini tidak mempunyai konsultasi dengan nomor itu.")
    ).to_be_visible()

    page.get_by_label("Bukan konsultasi (spam, iklan, surel salah alamat)").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("act-dismiss").click()
    expect(page.get_by_text("Ditutup tanpa jawaban; tidak ada surel yang dikirim.")).to_be_visible()
    expect(page.get_by_test_id("dismissal")).to_contain_text("Bukan konsultasi")
    expect(page.get_by_test_id("act-dismiss")).to_have_count(0)
    assert Consultation.objects.get(pk=spam.pk).status == ConsultationStatus.CANCELLED
