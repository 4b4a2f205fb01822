"""The online consultation's lifecycle: every transition, every refused one, the SLA clock
and its pause, and the emails each sends (never an internal note)."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.models import (
    Consultation,
    ConsultationStatus,
    EventKind,
    Message,
    MessageKind,
)
from pst.calendar_services import holidays_sync
from pst.permissions import Role
from tests.factories import UserFactory
from tests.photos import HEIC, MP4_NAMED_HEIC, PDF_NAMED_HEIC, ftyp

S = ConsultationStatus
WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def question(question):
    """The shared question (tests/consultations/conftest.py) with every detail filled in."""
    return {
        **question,
        "data_region": "Kota Tarakan",
        "data_period": "2020–2025",
        "data_detail": "per tahun",
        "intended_use": "Skripsi",
    }


@pytest.fixture
def submitted(office, visitor, question, consultation_officer):
    with time_machine.travel(at(11, 23, 9), tick=False):
        return lifecycle.consultation_submit(requester=visitor, office=office, data=question)


@pytest.fixture
def accepted(submitted, consultation_officer):
    with time_machine.travel(at(11, 23, 10), tick=False):
        return lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)


@pytest.fixture
def answered(accepted, consultation_officer):
    with time_machine.travel(at(11, 24, 10), tick=False):
        return lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Garis kemiskinan ada di BRS."
        )


def kinds(consultation):
    return list(consultation.events.values_list("kind", "from_status", "to_status"))


# -- submitting ------------------------------------------------------------------------------


def test_a_verified_user_submits_and_both_sides_are_told(submitted, visitor, consultation_officer):
    assert submitted.status == S.SUBMITTED
    assert submitted.requester == visitor
    assert submitted.channel == "web"
    assert kinds(submitted) == [(EventKind.SUBMITTED, "", S.SUBMITTED)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [visitor.email, consultation_officer.email]
    )
    email = next(m for m in mail.outbox if m.to == [visitor.email])
    assert submitted.reference in email.subject
    assert f"/consultations/{submitted.pk}/" in email.body
    assert email.alternatives and email.alternatives[0][1] == "text/html"
    assert "Kami menerima konsultasi Anda" in email.subject  # Indonesian, whoever triggered it


def test_the_receipt_states_the_office_s_answer_time_in_working_days(submitted, visitor):
    # Trial P, P10: the standard's "3 (tiga) hari kerja" was not in the receipt.
    email = next(m for m in mail.outbox if m.to == [visitor.email])
    assert "Kami menjawab dalam 3 hari kerja setelah permintaan Anda jelas dan lengkap." in (
        " ".join(email.body.split())
    )


def test_an_unverified_user_cannot_submit(office, question):
    user = UserFactory(email_verified_at=None)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_submit(requester=user, office=office, data=question)
    assert refused.value.code == "unverified"
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"question": "  "}, "question"),
        ({"topic": "gossip"}, "topic"),
        ({"subject_area": None}, "subject_area"),
        ({"question": "NIK saya 6571010101010001"}, "identity_number"),
        ({"data_region": "Tarakan\x0bUtara"}, "control_character"),
    ],
)
def test_invalid_requests_are_refused_with_their_code(office, visitor, question, change, code):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_submit(requester=visitor, office=office, data=question | change)
    assert refused.value.code == code
    assert not Consultation.objects.exists()


def test_the_same_form_sent_twice_opens_one_consultation(office, visitor, question):
    request_id = uuid.uuid4()
    first = lifecycle.consultation_submit(
        requester=visitor, office=office, data=question, client_request_id=request_id
    )
    again = lifecycle.consultation_submit(
        requester=visitor, office=office, data=question, client_request_id=request_id
    )
    assert first.pk == again.pk
    assert Consultation.objects.count() == 1
    # The repeat took no number: the office's next consultation is the second.
    other = UserFactory(email="lain@example.org")
    assert lifecycle.consultation_submit(requester=other, office=office, data=question).number == 2


def test_one_user_cannot_flood(office, visitor, question, settings):
    settings.CONSULTATION_SUBMISSIONS_PER_HOUR = 3
    for number in range(3):
        lifecycle.consultation_submit(
            requester=visitor, office=office, data={**question, "question": f"Soal {number}"}
        )
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_submit(
            requester=visitor, office=office, data={**question, "question": "Soal 4"}
        )
    assert refused.value.code == "throttled"


# -- claiming and assigning ------------------------------------------------------------------


def test_an_officer_claims_and_a_second_is_refused(submitted, consultation_officer, office):
    colleague = UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_claim(consultation=submitted, officer=colleague)
    assert refused.value.code == "taken"
    submitted.refresh_from_db()
    assert submitted.officer == consultation_officer


@pytest.mark.parametrize("persona", ["front_office", "visitor", "other_office_officer"])
def test_who_may_not_claim(submitted, persona, request):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_claim(
            consultation=submitted, officer=request.getfixturevalue(persona)
        )
    assert refused.value.code == "not_allowed"


def test_a_supervisor_assigns_to_an_officer_of_the_office_only(
    submitted, supervisor, consultation_officer, other_office_officer, front_office
):
    lifecycle.consultation_assign(
        consultation=submitted, officer=consultation_officer, by=supervisor
    )
    submitted.refresh_from_db()
    assert submitted.officer == consultation_officer
    assert consultation_officer.email in mail.outbox[-1].to
    for wrong in (other_office_officer, front_office):
        with pytest.raises(ConsultationError) as refused:
            lifecycle.consultation_assign(consultation=submitted, officer=wrong, by=supervisor)
        assert refused.value.code == "officer"
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_assign(
            consultation=submitted, officer=consultation_officer, by=consultation_officer
        )
    assert refused.value.code == "not_allowed"


# -- clarification: the clock does not run --------------------------------------------------


def test_clarification_pauses_and_the_reply_returns_it_to_review(
    submitted, consultation_officer, visitor
):
    lifecycle.consultation_request_clarification(
        consultation=submitted, officer=consultation_officer, body="Tahun berapa saja?"
    )
    submitted.refresh_from_db()
    assert submitted.status == S.NEEDS_CLARIFICATION
    assert submitted.due_at is None and submitted.clock_started_at is None
    assert "Mohon perjelas" in mail.outbox[-1].subject
    assert "Tahun berapa saja?" in mail.outbox[-1].body
    lifecycle.consultation_reply(consultation=submitted, requester=visitor, body="2020 sampai 2025")
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert [k for k, _f, _t in kinds(submitted)] == [
        EventKind.SUBMITTED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.CLARIFIED,
    ]


def test_only_a_submitted_request_can_be_sent_back_for_clarification(
    accepted, consultation_officer
):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_request_clarification(
            consultation=accepted, officer=consultation_officer, body="?"
        )
    assert refused.value.code == "state"


# -- acceptance: the clock starts, due in 3 working days ------------------------------------


def test_acceptance_starts_the_clock_and_explains_the_due_date(accepted, visitor):
    assert accepted.status == S.ACCEPTED
    assert accepted.clock_started_at == at(11, 23, 10)
    assert accepted.due_at == at(11, 26, 10)  # Mon 10:00 + 3 working days = Thu 10:00
    due = lifecycle.consultation_due(accepted)
    assert due.due_at == accepted.due_at
    email = mail.outbox[-1]
    assert email.to == [visitor.email]
    assert "Kam 26 Nov 2026 10.00 WITA" in email.body


def test_acceptance_on_friday_skips_the_weekend_and_a_holiday(submitted, consultation_officer):
    from tests.factories import HolidayFactory

    HolidayFactory(date=dt.date(2026, 11, 30), name="Libur Contoh")
    with time_machine.travel(at(11, 27, 14, 10), tick=False):
        lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)
    submitted.refresh_from_db()
    assert submitted.due_at == at(12, 3, 14, 10)  # Sat, Sun, Mon (holiday) skipped: Thu
    skipped = [s.date.day for s in lifecycle.consultation_due(submitted).skipped]
    assert skipped == [28, 29, 30]


def test_acceptance_after_closing_time_counts_from_the_next_opening(
    submitted, consultation_officer
):
    with time_machine.travel(at(11, 23, 19, 30), tick=False):  # Monday evening
        lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)
    submitted.refresh_from_db()
    due = lifecycle.consultation_due(submitted)
    assert due.counted_from == at(11, 24, 7, 30)  # Tuesday's opening
    assert submitted.due_at == at(11, 27, 7, 30)


def test_acceptance_before_idul_fitri_2026_skips_the_cuti_bersama(
    office, visitor, question, consultation_officer
):
    holidays_sync(first_year=2026, last_year=2026)
    with time_machine.travel(at(3, 17, 14, 0), tick=False):
        consultation = lifecycle.consultation_submit(
            requester=visitor, office=office, data=question
        )
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    consultation.refresh_from_db()
    assert consultation.due_at == at(3, 27, 14, 0)  # 18–24 March closed: Wed 25, Thu 26, Fri 27


def test_accepting_twice_is_refused(accepted, consultation_officer):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_accept(consultation=accepted, officer=consultation_officer)
    assert refused.value.code == "state"


# -- answer, internal notes, close, reopen ---------------------------------------------------


def test_the_answer_is_in_time_and_an_internal_note_never_reaches_the_requester(
    accepted, consultation_officer, visitor
):
    mail.outbox.clear()
    lifecycle.consultation_write(
        consultation=accepted, officer=consultation_officer, body="Catatan: cek BRS Juli",
        internal=True,
    )  # fmt: skip
    assert mail.outbox == []
    with time_machine.travel(at(11, 24, 10), tick=False):
        lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Lihat BRS Juli 2025."
        )
    accepted.refresh_from_db()
    assert accepted.status == S.ANSWERED and accepted.sla_met is True
    assert [m.to for m in mail.outbox] == [[visitor.email]]
    assert "Catatan: cek BRS Juli" not in mail.outbox[0].body
    assert "Catatan: cek BRS Juli" not in mail.outbox[0].alternatives[0][0]
    assert Message.objects.filter(kind=MessageKind.INTERNAL).count() == 1


def test_an_answer_after_the_due_time_is_a_breach(accepted, consultation_officer):
    with time_machine.travel(at(11, 27, 9), tick=False):
        lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Maaf terlambat."
        )
    accepted.refresh_from_db()
    assert accepted.sla_met is False


def test_only_an_accepted_consultation_can_be_answered(submitted, consultation_officer):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_answer(
            consultation=submitted, officer=consultation_officer, body="Jawaban"
        )
    assert refused.value.code == "state"


def test_the_requester_closes_an_answered_consultation(answered, visitor, front_office):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_close(consultation=answered, requester=front_office)
    assert refused.value.code == "not_requester"
    lifecycle.consultation_close(consultation=answered, requester=visitor)
    answered.refresh_from_db()
    assert answered.status == S.CLOSED
    lifecycle.consultation_close(consultation=answered, requester=visitor)  # a second click
    assert answered.events.filter(kind=EventKind.CLOSED).count() == 1


def test_reopening_once_within_seven_days_restarts_the_clock(answered, visitor):
    with time_machine.travel(at(11, 30, 9), tick=False):
        lifecycle.consultation_reopen(
            consultation=answered, requester=visitor, reason="Belum ada data 2025."
        )
    answered.refresh_from_db()
    assert answered.status == S.ACCEPTED
    assert answered.clock_started_at == at(11, 30, 9)
    assert answered.due_at == at(12, 3, 9)
    assert answered.answered_at is None
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_reopen(consultation=answered, requester=visitor, reason="lagi")
    assert refused.value.code in ("reopened_once", "state")


def test_a_reopened_consultation_is_closed_not_cancelled_and_its_first_answer_is_rated(
    answered, visitor, client
):
    # Trial K3: after reopening, "cancel" was the only way out; the answered consultation
    # then read "Cancelled" and its rating link answered 409.
    from consultations.selectors import consultation_served_at

    first_answer = answered.answered_at
    with time_machine.travel(at(11, 30, 9), tick=False):
        lifecycle.consultation_reopen(consultation=answered, requester=visitor, reason="Lagi?")
        client.force_login(visitor)
        page = client.get(f"/consultations/{answered.pk}/").content.decode()
        assert 'data-testid="act-close"' in page and 'data-testid="act-cancel"' not in page
        with pytest.raises(ConsultationError) as refused:
            lifecycle.consultation_cancel(consultation=answered, requester=visitor)
        assert refused.value.code == "answered"
        lifecycle.consultation_close(consultation=answered, requester=visitor)
    answered.refresh_from_db()
    assert answered.status == S.CLOSED
    assert consultation_served_at(answered) == first_answer
    assert kinds(answered)[-1] == (EventKind.CLOSED, S.ACCEPTED, S.CLOSED)


def test_an_open_request_never_answered_cannot_be_closed_only_cancelled(submitted, visitor):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_close(consultation=submitted, requester=visitor)
    assert refused.value.code == "state"
    lifecycle.consultation_cancel(consultation=submitted, requester=visitor)
    submitted.refresh_from_db()
    assert submitted.status == S.CANCELLED


def test_reopening_after_seven_days_is_refused(answered, visitor):
    eight_days_after_the_answer = time_machine.travel(at(12, 2, 10), tick=False)
    with eight_days_after_the_answer, pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_reopen(consultation=answered, requester=visitor, reason="x")
    assert refused.value.code == "state"


def test_the_requester_cancels_before_the_answer(submitted):
    lifecycle.consultation_cancel(consultation=submitted, requester=submitted.requester)
    submitted.refresh_from_db()
    assert submitted.status == S.CANCELLED
    lifecycle.consultation_cancel(consultation=submitted, requester=submitted.requester)
    assert submitted.events.filter(kind=EventKind.CANCELLED).count() == 1


def test_an_answered_consultation_cannot_be_cancelled(answered, visitor):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_cancel(consultation=answered, requester=visitor)
    assert refused.value.code == "state"


def test_a_closed_consultation_takes_no_more_messages(answered, visitor, consultation_officer):
    lifecycle.consultation_close(consultation=answered, requester=visitor)
    with pytest.raises(ConsultationError):
        lifecycle.consultation_reply(consultation=answered, requester=visitor, body="Terima kasih")
    with pytest.raises(ConsultationError):
        lifecycle.consultation_write(
            consultation=answered, officer=consultation_officer, body="Sama-sama", internal=False
        )
    # An internal note may still be added to a closed consultation.
    lifecycle.consultation_write(
        consultation=answered, officer=consultation_officer, body="Arsip", internal=True
    )


def test_someone_else_cannot_reply_to_a_consultation(submitted, front_office):
    other = UserFactory(email="lain@example.org")
    for person in (other, front_office):
        with pytest.raises(ConsultationError) as refused:
            lifecycle.consultation_reply(consultation=submitted, requester=person, body="Halo")
        assert refused.value.code == "not_requester"


# -- attachments -----------------------------------------------------------------------------


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_a_pdf_is_attached_and_a_renamed_program_is_refused(submitted, visitor, settings):
    message = lifecycle.consultation_reply(
        consultation=submitted, requester=visitor, body="Surat pengantar terlampir.",
        files=[SimpleUploadedFile("surat.pdf", PDF)],
    )  # fmt: skip
    attachment = message.attachments.get()
    assert (attachment.name, attachment.content_type) == ("surat.pdf", "application/pdf")
    assert "surat" not in attachment.file.name  # stored under an unguessable name
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_reply(
            consultation=submitted, requester=visitor, body="Data",
            files=[SimpleUploadedFile("data.pdf", EXE)],
        )  # fmt: skip
    assert refused.value.code == "file_type"
    assert Message.objects.count() == 2  # the question and the first reply


def test_a_file_over_the_limit_is_refused(submitted, visitor, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_reply(
            consultation=submitted, requester=visitor, body="Besar",
            files=[SimpleUploadedFile("besar.pdf", PDF + b"0" * 200)],
        )  # fmt: skip
    assert refused.value.code == "file_size"


def zipped(**entries: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("tabel.csv", b"wilayah;jumlah\nTarakan;1\n", True),
        ("tabel.csv", b"\x00\x01binary", False),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, True),
        ("foto.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, False),  # a PNG called .jpg
        ("halaman.pdf", b"<html><script>alert(1)</script></html>", False),
        ("arsip.zip", zipped(**{"tabel.csv": b"a;b\n", "data__grafik.png": b"\x89PNG"}), True),
        # Product trial F: what an archive holds is checked like a file sent on its own.
        ("arsip.zip", b"PK\x03\x04" + b"\x00" * 64, False),  # no archive inside
        ("arsip.zip", zipped(**{"setup.exe": b"MZ\x90\x00"}), False),
        ("arsip.zip", zipped(**{"laporan.pdf": b"MZ\x90\x00"}), False),  # a renamed program
        ("arsip.zip", zipped(**{"..__..__evil.csv": b"a;b\n"}), False),  # ../../evil.csv
        ("arsip.zip", zipped(**{"C:\\evil.csv": b"a;b\n"}), False),
        ("arsip.zip", zipped(**{"dalam.zip": zipped(**{"a.csv": b"a"})}), False),
        ("arsip.zip", zipped(**{"halaman.html": b"<script>"}), False),
        # Product trial M, M2: a phone's HEIC photo, by the brands of its ftyp box.
        ("IMG_0001.HEIC", HEIC, True),
        ("foto.heif", ftyp(b"mif1", b"mif1", b"heic"), True),
        ("kamera.heic", ftyp(b"heix", b"mif1"), True),
        ("beruntun.heic", ftyp(b"msf1", b"msf1", b"hevc"), True),
        ("arsip.zip", zipped(**{"IMG_0001.HEIC": HEIC}), True),
        ("video.heic", MP4_NAMED_HEIC, False),
        ("surat.heic", PDF_NAMED_HEIC, False),
        ("foto.jpg", HEIC, False),  # a HEIC called .jpg
        ("foto.heic", HEIC[:30], False),  # cut inside its ftyp box
    ],
)
def test_file_kinds_by_content(submitted, visitor, name, content, ok):
    def send():
        return lifecycle.consultation_reply(
            consultation=submitted, requester=visitor, body="Lampiran",
            files=[SimpleUploadedFile(name, content)],
        )  # fmt: skip

    if ok:
        assert send().attachments.count() == 1
    else:
        with pytest.raises(ConsultationError):
            send()


def test_a_heic_photo_is_kept_as_a_picture_of_its_kind(submitted, visitor):
    message = lifecycle.consultation_reply(
        consultation=submitted, requester=visitor, body="Foto surat",
        files=[SimpleUploadedFile("IMG_0001.HEIC", HEIC),
               SimpleUploadedFile("foto.heif", ftyp(b"mif1", b"mif1", b"heic"))],
    )  # fmt: skip
    assert sorted(message.attachments.values_list("name", "content_type")) == [
        ("IMG_0001.HEIC", "image/heic"),
        ("foto.heif", "image/heif"),
    ]


def test_office_documents_are_told_by_their_inside(submitted, visitor, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    path = tmp_path / "tabel.xlsx"
    book.save(path)
    message = lifecycle.consultation_reply(
        consultation=submitted, requester=visitor, body="Tabel",
        files=[SimpleUploadedFile("tabel.xlsx", path.read_bytes())],
    )  # fmt: skip
    assert message.attachments.get().content_type.endswith("spreadsheetml.sheet")
    with pytest.raises(ConsultationError):
        lifecycle.consultation_reply(
            consultation=submitted, requester=visitor, body="Tabel",
            files=[SimpleUploadedFile("tabel.docx", path.read_bytes())],
        )  # fmt: skip


# -- the claim race on real PostgreSQL ---------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officers_claiming_at_once_exactly_one_wins(office, visitor, question):
    from tests.concurrency import run_in_parallel

    officers = [
        UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER], email=f"k{i}@example.org")
        for i in range(4)
    ]
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=question)

    def claim(i):
        try:
            lifecycle.consultation_claim(consultation=consultation, officer=officers[i])
        except ConsultationError as error:
            return error.code
        return "won"

    results, errors = run_in_parallel(len(officers), claim)
    assert errors == []
    assert sorted(results) == ["taken", "taken", "taken", "won"]
    consultation.refresh_from_db()
    winner = officers[results.index("won")]
    assert consultation.officer == winner
    assert consultation.events.filter(kind=EventKind.CLAIMED).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_question_sent_from_two_tabs_at_once_opens_one_consultation(
    office, visitor, question, consultation_officer
):
    # Trial K4: each form its own request id, sent at the same moment: both read "not sent
    # yet" and two consultations were opened and emailed.
    from tests.concurrency import run_in_parallel

    def submit(i):
        return lifecycle.consultation_submit(
            requester=visitor, office=office, data=question, client_request_id=uuid.uuid4()
        ).pk

    results, errors = run_in_parallel(4, submit)
    assert errors == []
    assert len(set(results)) == 1
    assert Consultation.objects.count() == 1
