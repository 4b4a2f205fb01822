"""A person who deletes their account has their name, email and phone taken out of what was
written in the records kept without them (trial S5: "Saya Siti Zubaidah" in the question, her
signature, the officer's "Yth. Ibu Siti Zubaidah Trialwati" and "Salam Siti Zubaidah" in her
rating comment all stayed, while the deletion said the texts were kept "without your name").
Other words stay: names are ordinary words too, and an officer may share a first name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.handling.models import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
)
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from consultations import lifecycle
from consultations.models import Consultation, ConsultationRevision, Message, SubjectArea
from pst.erasure import user_account_erase
from pst.models import User
from pst.personal_data import person_redaction
from pst.services import PortalError
from tests.factories import ComplaintFactory, UserFactory

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's
NAME = "Siti Zubaidah Trialwati"


def _marks() -> tuple[str, str, str]:
    # Written in the office's language: its staff read these records.
    with translation.override("id"):
        return gettext("[name removed]"), gettext("[email removed]"), gettext("[phone removed]")


# -- what counts as the person in a text -------------------------------------------------------


@pytest.fixture
def siti(db):
    return person_redaction(
        names=[NAME], emails=["siti.trialwati@example.com"], phones=["+6281234567891"]
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saya Siti Zubaidah, dosen UBT.", "Saya {n}, dosen UBT."),
        ("Salam, Siti Zubaidah Trialwati (Dosen UBT)", "Salam, {n} (Dosen UBT)"),
        (
            "Yth. Ibu Siti Zubaidah Trialwati, data ada di tabel 3.1.",
            "Yth. Ibu {n}, data ada di tabel 3.1.",
        ),
        ("salam SITI ZUBAIDAH.", "salam {n}."),
        ("Zubaidah Trialwati", "{n}"),
        ("Siti Z. Trialwati", "Siti Z. Trialwati"),  # not a run of the name's words
        ("Terima kasih Bu Siti.", "Terima kasih Bu {n}."),
        ("Dear Trialwati,", "Dear {n},"),
        # One word alone is not the person: an officer may sign "Siti Wahyuni".
        ("Salam, Siti Wahyuni", "Salam, Siti Wahyuni"),
        ("Sitinah dan Zubaidahnya", "Sitinah dan Zubaidahnya"),
        ("Hubungi 0812-3456-7891 atau +62 812 3456 7891.", "Hubungi {p} atau {p}."),
        ("Kantor: (0551) 21011; 0812-9999-0000", "Kantor: (0551) 21011; 0812-9999-0000"),
        ("Email SITI.Trialwati@Example.com ya", "Email {e} ya"),
        ("xsiti.trialwati@example.com", "xsiti.trialwati@example.com"),
    ],
)
def test_the_name_and_contacts_are_taken_out_and_nothing_else(siti, text, expected):
    n, e, p = _marks()
    assert siti.text(text) == expected.format(n=n, e=e, p=p)


def test_a_one_word_name_is_taken_out_after_a_form_of_address_only(db):
    # A one-word name may be an ordinary word: "Data", "Bps", "Indah" (trial T, T2).
    n, _e, _p = _marks()
    assert person_redaction(names=["Rahmawati"]).text("Yth. Ibu rahmawati") == f"Yth. Ibu {n}"
    data = person_redaction(names=["Data"])
    assert data.text("Data IPM ada di tabel. Halo Data,") == f"Data IPM ada di tabel. Halo {n},"


@pytest.mark.parametrize(
    "text",
    [
        "https://tarakankota.bps.go.id/id/statistics-table",
        "Tulis ke info@bps.go.id atau bps-6571@example.org",
        "Lihat www.bps.go.id: tabel 4.1",
    ],
)
def test_a_name_is_never_taken_out_of_a_web_or_email_address(db, text):
    assert person_redaction(names=["Bps Kota"], emails=["x@y.z"]).text(f"Pak Bps {text}") == (
        f"Pak {_marks()[0]} {text}"
    )


def test_a_part_of_a_name_with_a_short_word_is_not_the_person(db):
    # "I Made" of a Balinese name is also "I made a request" (trial T, T2); the whole name is.
    n, _e, _p = _marks()
    redaction = person_redaction(names=["I Made Wirawan"])
    assert redaction.text("I made a request. Salam, I Made Wirawan") == (
        f"I made a request. Salam, {n}"
    )


def test_a_name_of_ordinary_words_is_taken_out_only_as_the_name(db):
    n, _e, _p = _marks()
    redaction = person_redaction(names=["Pengguna Demo"])
    assert redaction.text("Hormat saya, Pengguna Demo. Data pengguna baru.") == (
        f"Hormat saya, {n}. Data pengguna baru."
    )


# -- the erasure -----------------------------------------------------------------------------------


@pytest.fixture
def written(office, consultation_officer, clock):
    """What Siti and the office wrote, each naming her, on her consultation, its rating and
    her complaint; and what another person wrote about someone of the same first name."""
    siti = UserFactory(email="siti.trialwati@example.com", full_name=NAME, phone="+6281234567891")
    consultation = lifecycle.consultation_submit(
        requester=siti, office=office,
        data={"subject_area": SubjectArea.objects.get(name="Kependudukan"), "topic": "data",
              "question": "Jumlah penduduk 2024? Saya Siti Zubaidah, dosen UBT."},
    )  # fmt: skip
    lifecycle.consultation_reply(
        consultation=consultation, requester=siti,
        body="Terima kasih Pak. Salam, Siti Zubaidah Trialwati (Dosen UBT)",
    )  # fmt: skip
    consultation = lifecycle.consultation_accept(
        consultation=consultation, officer=consultation_officer
    )
    lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer,
        body="Yth. Ibu Siti Zubaidah Trialwati, ada di tabel 3.1. Salam, Siti Wahyuni",
    )  # fmt: skip
    now = timezone.now() + dt.timedelta(days=1)
    SurveyResponse.objects.create(
        office=office, consultation=consultation, channel="web", served_at=now,
        submitted_at=now, sex="female", education="bachelor", occupation="student",
        comment="Petugas ramah dan cepat. Salam Siti Zubaidah.",
        **dict.fromkeys(ELEMENT_FIELDS, 4),
    )  # fmt: skip
    complaint = ComplaintFactory(
        office=office, complainant=siti, is_anonymous=False, complainant_name="Siti Z. Trialwati",
        complainant_email=siti.email, status=ComplaintStatus.RECEIVED,
        # By email (a form refuses a phone number in the text).
        description="Saya, Siti Z. Trialwati (siti.trialwati@example.com, 0812 3456 7891), tunggu",
    )  # fmt: skip
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEventKind.RESPONDED, to_status=complaint.status,
        body="Yth. Ibu Siti, mohon maaf.", at=timezone.now(),
    )  # fmt: skip
    other = ComplaintFactory(
        office=office, description="Ibu Siti di loket ramah.", status=ComplaintStatus.RECEIVED
    )
    return {"siti": siti, "consultation": consultation, "complaint": complaint, "other": other}


def test_the_deletion_takes_the_name_and_contacts_out_of_every_text_linked_to_the_account(
    written,
):
    n, e, p = _marks()
    user_account_erase(user=written["siti"], password=PASSWORD)

    consultation = Consultation.objects.get(pk=written["consultation"].pk)
    assert consultation.question == f"Jumlah penduduk 2024? Saya {n}, dosen UBT."
    bodies = list(Message.objects.filter(consultation=consultation).values_list("body", flat=True))
    assert f"Terima kasih Pak. Salam, {n} (Dosen UBT)" in bodies
    # The officer's greeting loses the name; their own signature stays.
    assert f"Yth. Ibu {n}, ada di tabel 3.1. Salam, Siti Wahyuni" in bodies
    rating = SurveyResponse.objects.get(consultation=consultation)
    assert rating.comment == f"Petugas ramah dan cepat. Salam {n}."
    complaint = Complaint.objects.get(pk=written["complaint"].pk)
    # The name as typed on the complaint form too.
    assert complaint.description == f"Saya, {n} ({e}, {p}), tunggu"
    response = ComplaintEvent.objects.get(complaint=complaint, kind=ComplaintEventKind.RESPONDED)
    assert response.body == f"Yth. Ibu {n}, mohon maaf."
    # Another person's complaint is not theirs.
    assert Complaint.objects.get(pk=written["other"].pk).description == "Ibu Siti di loket ramah."


def test_the_deletion_takes_the_person_out_of_the_records_corrections(
    written, consultation_officer
):
    # A walk-in record's corrections keep the values before and after (trial T, T1).
    n, _e, _p = _marks()
    consultation = written["consultation"]
    ConsultationRevision.objects.bulk_create(
        ConsultationRevision(
            consultation=consultation,
            field=field,
            old_value=old,
            new_value=new,
            changed_at=timezone.now(),
            changed_by=consultation_officer,
        )
        for field, old, new in (
            ("question", "Ibu Siti Zubaidah minta IPM", "Ibu Siti Zubaidah minta IPM 2024"),
            ("requester_name", "Siti Zubaidah", "Siti Z. Trialwati"),
            ("requester_email", "", "siti.trialwati@example.com"),
        )
    )
    user_account_erase(user=written["siti"], password=PASSWORD)

    values = {
        revision.field: (revision.old_value, revision.new_value)
        for revision in ConsultationRevision.objects.filter(consultation=consultation)
    }
    assert values == {
        "question": (f"Ibu {n} minta IPM", f"Ibu {n} minta IPM 2024"),
        "requester_name": ("", ""),
        "requester_email": ("", ""),
    }


def test_a_wrong_password_changes_no_text(written):
    with pytest.raises(PortalError):
        user_account_erase(user=written["siti"], password="not my password")
    question = Consultation.objects.get(pk=written["consultation"].pk).question
    assert "Siti Zubaidah" in question


# -- what the person is told ---------------------------------------------------------------------

FALSE = "are kept without your name"
TRUE = (
    "Your name, email and phone are removed from the account, your consultations and your "
    "complaints, also where they are written in their texts"
)


def test_the_delete_box_says_what_is_removed_and_what_stays(visitor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(visitor)
    User.objects.filter(pk=visitor.pk).update(language="en")
    page = client.get(reverse("my_data")).content.decode()
    box = page.split('data-testid="account-delete"')[1].split("</section>")[0]
    assert TRUE in box
    assert "other details you wrote about yourself stay: ask the office" in box
    assert FALSE not in box


def test_the_confirmation_email_says_what_was_removed_and_what_stays(db):
    with translation.override("en"):
        body = render_to_string(
            "emails/account_erased_body.txt", {"name": "Siti", "site": "http://x"}
        )
    assert "Your name, email and phone were removed" in body
    assert "also where they were written in their texts" in body
    assert "other details you wrote about yourself stay: ask the office" in body
    assert FALSE not in body
