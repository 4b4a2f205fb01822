"""A registered person sees in one place what the portal holds about their account, and
takes a copy of it (UU 27/2022 Art. 7; trial Q, Q2): account fields, consultations with their
messages, appointments, guestbook visits recorded for the account, complaints filed signed in,
ratings of their consultations. Only ever their own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.handling.models import ComplaintStatus
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from consultations import lifecycle
from consultations.models import Consultation
from pst.models import PersonalDataAccess
from tests.factories import ComplaintFactory, GuestbookEntryFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(office, visitor, submitted):
    """The visitor's consultation with a message and a file, a complaint filed signed in and
    a rating of the consultation."""
    consultation = submitted
    lifecycle.consultation_reply(
        consultation=consultation, requester=visitor, body="Tabel per kecamatan juga, ya.",
        files=[SimpleUploadedFile("surat-permohonan.pdf", PDF)],
    )  # fmt: skip
    ComplaintFactory(
        office=office, complainant=visitor, is_anonymous=False, complainant_name="Siti Pengguna",
        complainant_email=visitor.email, description="Balasan lama sekali.",
        status=ComplaintStatus.RECEIVED,
    )  # fmt: skip
    now = consultation.created_at + dt.timedelta(days=1)
    SurveyResponse.objects.create(
        office=office, consultation=consultation, channel="web", served_at=now, submitted_at=now,
        sex="female", education="bachelor", occupation="student", comment="Cepat dan jelas.",
        **dict.fromkeys(ELEMENT_FIELDS, 4),
    )  # fmt: skip
    return consultation


@pytest.mark.parametrize("name", ["my_data", "my_data_download"])
def test_someone_not_signed_in_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["my_data", "my_data_download"])
def test_the_pages_only_read(visitor, name):
    assert _signed_in(visitor).post(reverse(name)).status_code == 405


def test_the_profile_links_to_the_page(visitor):
    page = _signed_in(visitor).get(reverse("profile")).content.decode()
    assert reverse("my_data") in page


def test_the_page_shows_everything_held_about_the_account(visitor, held):
    page = _signed_in(visitor).get(reverse("my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Siti Pengguna" in text and visitor.email in text
    assert held.reference in text
    assert "BPS Kota Tarakan" in text
    assert held.complaints.model.objects.get(complainant=visitor).display_code in text
    assert "Cepat dan jelas." in text
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]


def test_the_copy_holds_the_messages_and_names_the_files(visitor, held):
    response = _signed_in(visitor).get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    document = json.loads(body)
    assert "Tabel per kecamatan juga, ya." in body
    assert "surat-permohonan.pdf" in body
    assert held.question in body
    assert "Balasan lama sekali." in body
    assert "Cepat dan jelas." in body
    assert len(document) >= 6  # the note, the account and each kind of record


def test_another_person_and_staff_see_only_their_own(visitor, held, consultation_officer):
    other = UserFactory(email="lain@example.org", full_name="Orang Lain")
    for reader in (other, consultation_officer):
        page = _signed_in(reader).get(reverse("my_data")).content.decode()
        copy = _signed_in(reader).get(reverse("my_data_download")).content.decode()
        for text in (page, copy):
            assert reader.email in text
            assert held.reference not in text
            assert "Siti Pengguna" not in text
            assert visitor.email not in text
            assert "Cepat dan jelas." not in text


def test_taking_a_copy_of_ones_own_data_is_not_logged_as_staff_access(visitor, held):
    _signed_in(visitor).get(reverse("my_data_download"))
    assert not PersonalDataAccess.objects.exists()


def test_the_page_reads_in_a_fixed_number_of_queries(office, visitor, held, question):
    client = _signed_in(visitor)
    client.get(reverse("my_data"))  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my_data"))
    for n in range(3):
        again = question | {"question": f"Pertanyaan lain nomor {n} tentang inflasi"}
        lifecycle.consultation_submit(requester=visitor, office=office, data=again)
        ComplaintFactory(office=office, complainant=visitor, status=ComplaintStatus.RECEIVED)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("my_data")).status_code == 200
    assert len(many) == len(few) <= 12


def test_a_visit_is_shown_when_its_consultation_is_the_accounts_and_only_then(
    office, visitor, front_office, issue
):
    """The guestbook knows no account: a visit is the account's through the walk-in
    consultation recorded for it (a verified address at the desk), never by its email."""
    linked = GuestbookEntryFactory(
        office=office, created_by=front_office, name="Siti di Loket", email=visitor.email,
        data_needed="IPM 2024",
    )  # fmt: skip
    Consultation.objects.create(
        office=office, number=1, channel="walk_in", requester=visitor, guestbook_entry=linked,
        ticket=issue(), question="IPM Kota Tarakan", answer="Tabel 4.1",
    )  # fmt: skip
    GuestbookEntryFactory(
        office=office, created_by=front_office, name="Tamu Lain", email=visitor.email,
        data_needed="Inflasi bulanan",
    )  # fmt: skip
    client = _signed_in(visitor)
    page = client.get(reverse("my_data")).content.decode()
    copy = client.get(reverse("my_data_download")).content.decode()
    assert "Siti di Loket" in copy and "IPM 2024" in copy
    assert "Tamu Lain" not in copy and "Inflasi bulanan" not in copy
    assert page.count('data-testid="my-data-guestbook"') == 1
    assert "Tamu Lain" not in page


def test_a_visit_given_another_address_is_listed_without_the_visitors_identity(
    office, visitor, front_office, issue
):
    """The follow-up address is typed at the desk: a visitor may give a relative's. Its owner
    sees that the visit was linked, never the visitor's card digits, birth year or disability
    (review R1)."""
    other = GuestbookEntryFactory(
        office=office, created_by=front_office, name="Orang Lain Sekali",
        email="orang.lain@contoh.id", id_last4="9876", birth_year=1971,
    )  # fmt: skip
    Consultation.objects.create(
        office=office, number=1, channel="walk_in", requester=visitor, guestbook_entry=other,
        ticket=issue(), question="IPM Kota Tarakan", answer="Tabel 4.1",
    )  # fmt: skip
    copy = _signed_in(visitor).get(reverse("my_data_download")).content.decode()
    assert "Orang Lain Sekali" not in copy
    assert "9876" not in copy and "1971" not in copy and "orang.lain" not in copy
    assert office.name in copy  # the visit itself is listed


@pytest.mark.parametrize(
    ("language", "name", "key"),
    [("id", "pst-data-saya-", "Akun Anda"), ("en", "pst-my-data-", "Your account")],
)
def test_the_copy_is_named_and_worded_in_the_pages_language(visitor, language, name, key):
    response = _signed_in(visitor).get(reverse("my_data_download"), HTTP_ACCEPT_LANGUAGE=language)
    assert f'filename="{name}' in response["Content-Disposition"]
    assert key in response.content.decode()
