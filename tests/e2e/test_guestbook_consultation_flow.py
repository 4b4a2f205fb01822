"""Service standard steps 1–6 in a browser: kiosk → front office calls and fills the guestbook
(a returning visitor, prefilled) → consultation desk records the consultation and refers the
visitor → the ticket waits in the Perpustakaan queue → finished there."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from consultations.models import Consultation
from pst.permissions import Role
from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry
from tests.conftest import MONDAY_9, WITA
from tests.e2e.test_queue_flow import sign_in_at_desk, take_ticket
from tests.factories import UserFactory

SCREENSHOTS = "test-results"


@pytest.mark.django_db(transaction=True)
def test_returning_visitor_checks_in_consults_and_is_referred_to_the_library(
    new_page,
    office,
    desks,
    services,
    front_office,
    consultation_officer,
    settings,
    subject_areas,
):
    settings.LIVE_POLL_SECONDS = 1
    services["K"].records_consultations = True
    services["K"].save()
    library_officer = UserFactory(
        email="perpustakaan@example.org", office=office, roles=[Role.FRONT_OFFICE]
    )
    # Her first visit, two weeks ago.
    with time_machine.travel(dt.datetime(2026, 11, 9, 10, 0, tzinfo=WITA), tick=False):
        guestbook.guestbook_record(
            office=office, officer=front_office,
            data={
                "name": "Rina Wulandari", "id_type": "ktp", "id_last4": "0123",
                "email": "rina@example.org", "phone": "+6281255550101", "sex": "female",
                "birth_year": 1995, "education": "bachelor", "occupation": "researcher",
                "institution_category": "education", "purpose": "thesis",
                "institution_name": "Universitas Borneo Tarakan", "privacy_acknowledged": True,
            },
        )  # fmt: skip

    with time_machine.travel(MONDAY_9, tick=True):
        kiosk, fo, konsultasi, library = new_page(), new_page(), new_page(), new_page()
        code, _status_url = take_ticket(kiosk)

        # Front office: call, open the guestbook from the console, find her by email.
        sign_in_at_desk(fo, front_office.email, 1)
        fo.get_by_test_id("action-call-next").click()
        expect(fo.get_by_test_id("current-code")).to_have_text(code)
        fo.get_by_test_id("action-guestbook").click()
        expect(fo.get_by_test_id("guestbook-ticket")).to_have_text(code)
        # Typed once htmx has wired the form up (its script runs after the page is parsed): a
        # loaded machine showed the form a moment before (CI, one run in several).
        fo.wait_for_load_state("load")
        fo.get_by_label("Email").fill("RINA@example.org")
        fo.get_by_label("Email").blur()
        expect(fo.get_by_test_id("returning-visitor")).to_contain_text("9 November 2026")
        expect(fo.get_by_label("Nama")).to_have_value("Rina Wulandari")
        expect(fo.get_by_label("Telepon / WhatsApp")).to_have_value("0812-5555-0101")
        expect(fo.get_by_label("Instansi", exact=True)).to_have_value("Universitas Borneo Tarakan")
        # What changed since last time, and what is asked at every visit.
        fo.get_by_label("Instansi", exact=True).fill("BAPPEDA Kota Tarakan")
        fo.get_by_label("Kategori instansi").select_option(label="Pemerintah daerah")
        fo.get_by_label("4 digit terakhir nomor kartu").fill("6571 0123 4567 0001")
        fo.get_by_label("Tujuan kunjungan").select_option(
            label="Perencanaan atau evaluasi pemerintahan"
        )
        fo.get_by_label("Data yang dibutuhkan").fill("IPM dan kemiskinan Kota Tarakan 2020–2025")
        fo.get_by_label("Arahkan pengunjung ke").select_option(label="K Konsultasi Statistik")
        fo.get_by_label("Pengunjung telah membaca").check()
        fo.get_by_test_id("guestbook-save").click()
        # A full card number is refused and not shown again.
        expect(
            fo.get_by_text("Ketik hanya 4 digit terakhir, bukan nomor kartu lengkap.")
        ).to_be_visible()
        expect(fo.get_by_label("4 digit terakhir nomor kartu")).to_have_value("")
        fo.get_by_label("4 digit terakhir nomor kartu").fill("0001")
        fo.get_by_label("Pengunjung telah membaca").check()
        fo.screenshot(path=f"{SCREENSHOTS}/guestbook-form.png", full_page=True)
        fo.get_by_test_id("guestbook-save").click()
        expect(
            fo.get_by_text(f"Buku tamu tersimpan; {code} masuk antrean Konsultasi Statistik.")
        ).to_be_visible()

        # Consultation desk: starting the ticket opens the consultation form.
        sign_in_at_desk(konsultasi, consultation_officer.email, 2)
        konsultasi.get_by_test_id("action-call-next").click()
        expect(konsultasi.get_by_test_id("current-code")).to_have_text(code)
        konsultasi.get_by_test_id("action-start").click()
        expect(konsultasi.get_by_test_id("consultation-ticket")).to_have_text(code)
        expect(konsultasi.get_by_test_id("consultation-visitor")).to_have_text("Rina Wulandari")
        expect(konsultasi.get_by_label("Pertanyaan")).to_have_value(
            "IPM dan kemiskinan Kota Tarakan 2020–2025"
        )
        konsultasi.get_by_label("Subjek").select_option(label="Indeks Pembangunan Manusia")
        konsultasi.get_by_label("Topik").select_option(label="Data")
        konsultasi.get_by_label("Informasi yang diberikan").fill(
            "IPM per komponen ada di tabel dinamis; data kemiskinan di publikasi tahunan."
        )
        konsultasi.get_by_label("Dirujuk ke layanan PST lain").check()
        konsultasi.get_by_label("Rujuk ke", exact=True).select_option(label="P Perpustakaan")
        konsultasi.screenshot(path=f"{SCREENSHOTS}/consultation-form.png", full_page=True)
        konsultasi.get_by_test_id("consultation-save").click()
        expect(
            konsultasi.get_by_text(f"Konsultasi tersimpan; {code} masuk antrean Perpustakaan.")
        ).to_be_visible()

        # The library desk (Meja 4) sees her in its queue and serves her.
        sign_in_at_desk(library, library_officer.email, 4)
        expect(library.get_by_test_id(f"queue-row-{code}")).to_be_visible()
        library.get_by_test_id("action-call-next").click()
        expect(library.get_by_test_id("current-code")).to_have_text(code)
        library.get_by_test_id("action-start").click()
        library.get_by_test_id("action-finish").click()
        expect(library.get_by_text(f"{code} selesai dilayani.")).to_be_visible()

    entry = GuestbookEntry.objects.get(ticket__code=code)
    assert (entry.institution_name, entry.id_last4) == ("BAPPEDA Kota Tarakan", "0001")
    consultation = Consultation.objects.get()
    assert consultation.referred_to == services["P"]
    assert consultation.guestbook_entry == entry
    assert consultation.ticket.status == "done"
