"""Issue 11 items 4 and 6 in a real browser: an officer records a request that came by
WhatsApp for someone without an account; the requester opens the link of the email, reads
and replies without signing in and finds "Lanjutkan lewat WhatsApp" with the consultation's
code; the officer logs the WhatsApp exchange and answers; the requester sees both."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Consultation, ConsultationStatus
from pst.permissions import Role
from tests.e2e.test_online_consultation_flow import officer_page
from tests.factories import OfficeFactory, UserFactory

WITA = ZoneInfo("Asia/Makassar")
FOLLOW = re.compile(r"https?://[^/\s]+(/consultations/follow/[^/\s]+/)")


@pytest.mark.django_db(transaction=True)
def test_a_whatsapp_request_followed_without_an_account(
    new_page, live_server, check_a11y, subject_areas, settings
):
    settings.DEFAULT_OFFICE = "6571"
    office = OfficeFactory(
        code="6571", name="BPS Kota Tarakan", time_zone="Asia/Makassar",
        whatsapp="0851-8310-6571",
    )  # fmt: skip
    officer = UserFactory(
        office=office, roles=[Role.CONSULTATION_OFFICER], email="petugas@example.org",
        full_name="Budi Petugas",
    )  # fmt: skip

    # Monday 23 November 2026, 09:00 WITA: the clock ticks on from here.
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA), tick=True):
        desk = officer_page(new_page, live_server, officer)
        desk.goto(f"{live_server.url}/consultations/")
        desk.get_by_test_id("open-on-behalf").click()
        check_a11y(desk, "on-behalf form")
        form = desk.get_by_test_id("on-behalf-form")
        form.get_by_label("WhatsApp", exact=True).check()
        form.get_by_label("Nama pemohon").fill("Rina Wulandari")
        form.get_by_label("Alamat email").fill("rina@example.org")
        form.get_by_label("Nomor telepon atau WhatsApp").fill("0812-3456-7890")
        form.get_by_label("Subjek").select_option(label="Kependudukan")
        form.get_by_label("Topik").select_option("data")
        form.get_by_label("Yang ditanyakan").fill("Jumlah penduduk per kecamatan 2025?")
        form.get_by_test_id("on-behalf-save").click()
        expect(desk.get_by_test_id("requester")).to_contain_text("Rina Wulandari")
        expect(desk.get_by_test_id("message-channel")).to_contain_text("WhatsApp")
        consultation = Consultation.objects.get()
        assert consultation.officer == officer

        # The requester, with no account, opens the link of the email.
        (email,) = [m for m in mail.outbox if m.to == ["rina@example.org"]]
        path = FOLLOW.search(email.body).group(1)
        requester = new_page()
        requester.goto(live_server.url + path)
        expect(requester.get_by_test_id("consultation-reference")).to_have_text(
            consultation.reference
        )
        check_a11y(requester, "consultation followed by link")
        whatsapp = requester.get_by_test_id("continue-whatsapp")
        href = unquote(whatsapp.get_attribute("href"))
        assert href.startswith("https://wa.me/6285183106571?text=")
        assert consultation.reference in href
        requester.get_by_label("Pesan").fill("Kalau bisa menurut jenis kelamin juga.")
        requester.get_by_test_id("act-reply").click()
        expect(requester.get_by_test_id("conversation")).to_contain_text("menurut jenis kelamin")

        # The officer logs the WhatsApp exchange, accepts and answers.
        desk.reload()
        expect(desk.get_by_test_id("conversation")).to_contain_text("menurut jenis kelamin")
        desk.get_by_test_id("exchange-log").locator("summary").click()
        desk.get_by_label("Ringkasan").fill(
            "Pemohon menanyakan lewat WhatsApp kapan data tersedia."
        )
        desk.get_by_test_id("act-log").click()
        desk.get_by_test_id("act-accept").click()
        desk.get_by_label("Pesan").fill(
            "Tabel penduduk per kecamatan menurut jenis kelamin terlampir."
        )
        desk.once("dialog", lambda dialog: dialog.accept())  # "send as the answer?"
        desk.get_by_test_id("act-answer").click()
        expect(desk.get_by_test_id("history")).to_contain_text("Terjawab")

        requester.reload()
        conversation = requester.get_by_test_id("conversation")
        expect(conversation).to_contain_text("kapan data tersedia")
        expect(conversation).to_contain_text("Tabel penduduk per kecamatan")
        requester.get_by_test_id("act-close").click()
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.CLOSED
        # The link gives that consultation only: the list and the new form ask to sign in.
        requester.goto(f"{live_server.url}/consultations/new/")
        expect(requester).to_have_url(re.compile(r"/accounts/login/"))
