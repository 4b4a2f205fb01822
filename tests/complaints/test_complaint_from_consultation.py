"""A complaint that came in as a consultation (trial P, P1: emailed to the office's address,
which the service standard names for complaints) recorded as one by an officer of the office,
through `complaint_from_consultation`: the channel it came by, received when it came in (due
counted from then), the requester as the complainant, the files they sent as evidence, the
acknowledgement with the tracking code, the consultation closed with a reason of its own and
no consultation in the reports; one complaint per consultation (backed by the database, and
by the consultation's row lock in real parallel transactions); who may not; bad input."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from complaints.errors import ComplaintError
from complaints.handling.filing import complaint_due
from complaints.handling.from_consultation import complaint_from_consultation
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint, ComplaintCategory, ComplaintEvidence
from complaints.reports.periods import Month
from complaints.reports.selectors_online import month_consultations, online_figures
from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.forms_remote import DismissForm
from consultations.lifecycle.remote import consultation_exchange_log, consultation_open_remote
from consultations.models import Channel, Consultation, Dismissal, EventKind, SubjectArea
from pst.permissions import Role
from tests.complaints.reports.conftest import wita
from tests.complaints.test_complaint_evidence import PDF, PNG
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory

FRIDAY_1530 = wita(2026, 11, 20, 15, 30)
NOVEMBER = Month(dt.date(2026, 11, 1))
COMPLAINT_TEXT = (
    "Pengaduan: petugas tidak datang ke meja\n"
    "Saya ingin mengadukan bahwa saya menunggu 45 menit di meja konsultasi dan petugas tidak "
    "datang. Mohon ditindaklanjuti."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def emailed_complaint(office, *, files=(), now=FRIDAY_1530, email="rina.warga@example.com"):
    """What mail_receive opens for a complaint mailed to the office's address: an email
    consultation of a sender without an account, waiting in the inbox."""
    return consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Rina Warga",
        requester_email=email, question=COMPLAINT_TEXT, files=files, now=now,
    )  # fmt: skip


@pytest.fixture
def emailed(office, supervisor, consultation_officer):
    """Mailed on Friday 20 November 2026 at 15.30 WITA with a photo and a letter; read on the
    Monday after (the `clock` of the tests that record it)."""
    return emailed_complaint(
        office,
        files=[
            SimpleUploadedFile("meja-kosong.png", PNG, content_type="image/png"),
            SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
        ],
    )


def record(consultation, officer, category, *, files=None, **data):
    """The officer's confirmation: `files` the ids kept as evidence (by default all)."""
    if files is None:
        files = [a.pk for m in consultation.messages.all() for a in m.attachments.all()]
    return complaint_from_consultation(
        consultation=consultation, officer=officer,
        data={"category": category, "description": consultation.question, **data},
        files=files, client_request_id=uuid.uuid4(),
    )  # fmt: skip


def reread(consultation) -> Consultation:
    return Consultation.objects.get(pk=consultation.pk)


def test_an_emailed_complaint_becomes_one_received_when_it_came_in_with_the_senders_files(
    emailed, consultation_officer, category, office, clock
):
    complaint, created = record(emailed, consultation_officer, category)

    assert created and complaint.source_consultation == emailed
    assert (complaint.channel, complaint.category, complaint.status) == (
        "email", category, "received",
    )  # fmt: skip
    assert complaint.description == COMPLAINT_TEXT
    assert (complaint.complainant_name, complaint.complainant_email) == (
        "Rina Warga", "rina.warga@example.com",
    )  # fmt: skip
    assert (complaint.complainant, complaint.is_anonymous) == (None, False)
    # Received when it came in, not when the officer read it: due counted from then.
    assert complaint.received_at == FRIDAY_1530
    due = complaint_due(office=office, start=FRIDAY_1530, days=category.working_days)
    assert complaint.due_at == due.due_at == wita(2026, 11, 25, 15, 30)
    evidence = list(complaint.evidence.order_by("pk"))
    assert [(e.name, e.content_type, e.size) for e in evidence] == [
        ("meja-kosong.png", "image/png", len(PNG)),
        ("surat.pdf", "application/pdf", len(PDF)),
    ]
    assert [default_storage.open(e.file.name).read() for e in evidence] == [PNG, PDF]
    # The complaint's own copies: the purge of either leaves the other's files alone.
    originals = {a.file.name for m in emailed.messages.all() for a in m.attachments.all()}
    assert originals.isdisjoint(e.file.name for e in evidence)
    received, from_consultation = complaint.events.all()
    assert (received.kind, received.at, received.actor, received.is_public) == (
        "received", FRIDAY_1530, consultation_officer, True,
    )  # fmt: skip
    assert (from_consultation.kind, from_consultation.at, from_consultation.actor) == (
        "from_consultation", wita(2026, 11, 23, 9, 0), consultation_officer,
    )  # fmt: skip
    assert from_consultation.body == emailed.reference and not from_consultation.is_public


def test_the_consultation_is_closed_as_recorded_as_a_complaint(
    emailed, consultation_officer, category, clock
):
    record(emailed, consultation_officer, category)

    closed = reread(emailed)
    assert (closed.status, closed.dismissal) == ("cancelled", Dismissal.COMPLAINT)
    assert closed.closed_at == wita(2026, 11, 23, 9, 0)
    event = closed.events.last()
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        EventKind.RECORDED_AS_COMPLAINT, "submitted", "cancelled", consultation_officer,
    )  # fmt: skip
    assert closed.recorded_complaint.source_consultation_id == closed.pk


def test_the_complainant_gets_the_acknowledgement_and_the_supervisors_are_told(
    emailed, consultation_officer, supervisor, category, clock
):
    mail.outbox.clear()
    complaint, _created = record(emailed, consultation_officer, category)

    to_complainant = [m for m in mail.outbox if m.to == ["rina.warga@example.com"]]
    assert len(to_complainant) == 1
    body = to_complainant[0].body
    assert complaint.display_code in to_complainant[0].subject and complaint.display_code in body
    assert emailed.reference in body  # they know what became of what they wrote
    to_supervisors = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert len(to_supervisors) == 1 and emailed.reference in to_supervisors[0].body
    # The whole code is the complainant's key: not in the office's mail (code_start).
    assert complaint.display_code not in to_supervisors[0].body
    assert len(mail.outbox) == 2  # no "closed" email of the consultation's own


def test_a_web_request_of_an_account_is_the_accounts_complaint(
    on_the_web, visitor, consultation_officer, category
):
    visitor.phone = "081234567890"
    visitor.save(update_fields=["phone"])
    asked = on_the_web
    complaint, _created = record(asked, consultation_officer, category)
    assert (complaint.channel, complaint.complainant) == ("web", visitor)
    assert (complaint.complainant_name, complaint.complainant_email) == (
        "Siti Pengguna", visitor.email,
    )  # fmt: skip
    assert complaint.complainant_phone == "+6281234567890"
    assert complaint.received_at == asked.created_at


def test_a_deactivated_account_is_not_written_to_and_its_answers_wait_to_be_passed_on(
    on_the_web, visitor, consultation_officer, category
):
    # Review: the complaint copied the switched-off account's address, so every answer went
    # to it (the consultation's own mail does not) and none waited to be passed on.
    visitor.phone = "081234567890"
    visitor.is_active = False
    visitor.save(update_fields=["phone", "is_active"])
    mail.outbox.clear()
    complaint, _created = record(on_the_web, consultation_officer, category)
    assert (complaint.complainant_email, complaint.complainant_phone) == ("", "+6281234567890")
    assert not [m for m in mail.outbox if visitor.email in m.to]


def test_a_whatsapp_request_typed_in_later_is_received_when_it_came_and_its_screenshot_kept(
    office, consultation_officer, category, clock
):
    # Logged on Monday with the time the message came, Saturday evening.
    saturday = wita(2026, 11, 21, 19, 5)
    asked = consultation_open_remote(
        office=office, channel=Channel.WHATSAPP, requester_name="Pak Budi",
        requester_phone="0812 3456 7890", question="Saya mau komplain, antrean lama sekali.",
        officer=consultation_officer, contacted_at=saturday, topic="data",
        subject_area=SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan"),
        files=[SimpleUploadedFile("antrean.png", PNG, content_type="image/png")],
    )  # fmt: skip
    consultation_exchange_log(
        consultation=asked, officer=consultation_officer, channel=Channel.WHATSAPP,
        happened_at=saturday + dt.timedelta(minutes=3), body="Antrean 12 orang, kata dia.",
    )  # fmt: skip
    mail.outbox.clear()

    complaint, _created = record(asked, consultation_officer, category)

    assert (complaint.channel, complaint.received_at) == ("whatsapp", saturday)
    assert [e.name for e in complaint.evidence.all()] == ["antrean.png"]
    assert (complaint.complainant_phone, complaint.complainant_email) == ("+6281234567890", "")
    assert all(m.to != [""] for m in mail.outbox)  # nobody to email: the code is passed on


def test_an_accepted_request_may_still_be_recorded(emailed, consultation_officer, category, clock):
    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    lifecycle.consultation_claim(consultation=emailed, officer=consultation_officer)
    lifecycle.consultation_accept(
        consultation=emailed, officer=consultation_officer, subject_area=area, topic="data"
    )
    _complaint, created = record(emailed, consultation_officer, category)
    assert created and reread(emailed).dismissal == Dismissal.COMPLAINT


# -- once ---------------------------------------------------------------------------------------


def test_a_second_attempt_gets_the_complaint_already_recorded(
    emailed, consultation_officer, supervisor, category, clock
):
    first, created = record(emailed, consultation_officer, category)
    mail.outbox.clear()
    again, created_again = record(emailed, supervisor, category, description="Lain.")

    assert created and not created_again and again == first and again.is_repeat
    assert Complaint.objects.count() == 1 and first.events.count() == 2
    assert reread(emailed).events.filter(kind=EventKind.RECORDED_AS_COMPLAINT).count() == 1
    assert mail.outbox == []


def test_the_database_holds_one_complaint_per_consultation(
    emailed, consultation_officer, category, clock
):
    first, _created = record(emailed, consultation_officer, category)
    second = Complaint(
        office=first.office, code="6571AAAAAAAAAAA", category=category, working_days=3,
        description="x", received_at=first.received_at, due_at=first.due_at,
        source_consultation=emailed, complainant_name="X", complainant_email="x@example.org",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_officers_recording_it_at_once_file_one_complaint(office, category):
    officers = [
        UserFactory(email=f"meja{i}@example.org", office=office,
                    roles=[Role.CONSULTATION_OFFICER])
        for i in range(2)
    ]  # fmt: skip
    UserFactory(email="kepala@example.org", office=office, roles=[Role.SUPERVISOR])
    consultation = emailed_complaint(office)
    mail.outbox.clear()

    results, errors = run_in_parallel(
        2, lambda i: record(consultation, officers[i], category, description=f"Versi {i}.")
    )

    assert errors == []
    assert sorted(created for _complaint, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert Complaint.objects.count() == 1
    closed = reread(consultation)
    assert closed.events.filter(kind=EventKind.RECORDED_AS_COMPLAINT).count() == 1
    assert len([m for m in mail.outbox if m.to == ["rina.warga@example.com"]]) == 1


# -- who may not, and what may not become one ------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["front_office", "administrator", "visitor", "other_office_officer"]
)
def test_who_does_not_read_the_office_consultations_may_not_record_one(
    emailed, category, persona, request, clock
):
    user = request.getfixturevalue(persona)
    with pytest.raises(ComplaintError) as error:
        record(emailed, user, category)
    assert error.value.code == "not_allowed"
    assert not Complaint.objects.exists() and reread(emailed).status == "submitted"


def test_a_consultation_officer_of_another_office_may_not(emailed, other_office, category, clock):
    theirs = UserFactory(
        email="konsultasi-malinau@example.org", office=other_office,
        roles=[Role.CONSULTATION_OFFICER],
    )  # fmt: skip
    with pytest.raises(ComplaintError) as error:
        record(emailed, theirs, category)
    assert error.value.code == "not_allowed"


def test_the_requester_may_not_record_their_own_request(on_the_web, visitor, category):
    with pytest.raises(ComplaintError) as error:
        record(on_the_web, visitor, category)
    assert error.value.code == "not_allowed"


@pytest.mark.parametrize("end", ["answered", "closed", "dismissed", "cancelled"])
def test_a_request_answered_or_ended_is_refused(
    emailed, consultation_officer, category, end, clock
):
    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    if end == "dismissed":
        lifecycle.consultation_dismiss(
            consultation=emailed, officer=consultation_officer, reason="not_a_consultation"
        )
    elif end == "cancelled":
        Consultation.objects.filter(pk=emailed.pk).update(status="cancelled")
    else:
        lifecycle.consultation_claim(consultation=emailed, officer=consultation_officer)
        lifecycle.consultation_accept(
            consultation=emailed, officer=consultation_officer, subject_area=area, topic="data"
        )
        lifecycle.consultation_answer(
            consultation=emailed, officer=consultation_officer, body="Sudah kami tindak lanjuti."
        )
        if end == "closed":
            Consultation.objects.filter(pk=emailed.pk).update(status="closed")
    before = reread(emailed)
    mail.outbox.clear()

    with pytest.raises(ComplaintError) as error:
        record(emailed, consultation_officer, category)

    assert error.value.code == "state"
    assert not Complaint.objects.exists() and mail.outbox == []
    after = reread(emailed)
    assert (after.status, after.dismissal) == (before.status, before.dismissal)


def test_the_close_reason_is_not_one_to_choose_when_closing_without_an_answer(
    emailed, consultation_officer, clock
):
    assert "complaint" not in dict(DismissForm().fields["reason"].choices)
    assert not DismissForm({"reason": "complaint"}).is_valid()
    with pytest.raises(ConsultationError) as error:
        lifecycle.consultation_dismiss(
            consultation=emailed, officer=consultation_officer, reason="complaint"
        )
    assert error.value.code == "reason"
    assert reread(emailed).status == "submitted"


# -- bad input: nothing recorded, nothing closed ------------------------------------------------


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"category": None}, "category"),
        ({"description": "   "}, "required"),
        ({"description": "x" * 4001}, "max_length"),
        ({"description": "KTP saya 3171012345670001"}, "identity_number"),
        ({"description": "Antrean\x00 lama"}, None),
        ({"description": "Antrean\x0b lama"}, None),
    ],
)
def test_the_checks_of_every_complaint_hold(emailed, consultation_officer, category, changes, code):
    with pytest.raises(ComplaintError) as error:
        record(emailed, consultation_officer, **({"category": category} | changes))
    assert error.value.code == code or (code is None and error.value.field == "description")
    assert not Complaint.objects.exists() and reread(emailed).status == "submitted"


def test_a_category_of_another_office_is_refused(
    emailed, consultation_officer, other_office, clock
):
    theirs = ComplaintCategory.objects.create(
        office=other_office, key="parkir", name="Parkir", working_days=5
    )
    with pytest.raises(ComplaintError) as error:
        record(emailed, consultation_officer, theirs)
    assert error.value.code == "category"
    assert reread(emailed).status == "submitted"


def test_files_that_are_not_the_requesters_are_refused(
    emailed, office, consultation_officer, category, clock
):
    other = emailed_complaint(
        office, email="lain@example.org",
        files=[SimpleUploadedFile("lain.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    note = lifecycle.consultation_write(
        consultation=emailed, officer=consultation_officer, body="Catatan internal.",
        internal=True,
        files=[SimpleUploadedFile("internal.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    lifecycle.consultation_request_clarification(
        consultation=emailed, officer=consultation_officer, body="Meja nomor berapa?",
        files=[SimpleUploadedFile("denah.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    asked = emailed.messages.get(kind="public", from_staff=True).attachments.get().pk
    theirs = (other.messages.get().attachments.get().pk, note.attachments.get().pk, asked, 10**12)
    for foreign in theirs:
        with pytest.raises(ComplaintError) as error:
            record(emailed, consultation_officer, category, files=[foreign])
        assert (error.value.code, error.value.field) == ("files", "files")
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()


def test_more_files_than_a_complaint_takes_are_refused(
    office, consultation_officer, category, settings, clock
):
    settings.COMPLAINT_EVIDENCE_FILES = 1
    asked = emailed_complaint(
        office,
        files=[SimpleUploadedFile(f"foto{i}.png", PNG, content_type="image/png") for i in range(2)],
    )
    with pytest.raises(ComplaintError) as error:
        record(asked, consultation_officer, category)
    assert (error.value.code, error.value.field) == ("file_count", "files")
    complaint, _created = record(
        asked, consultation_officer, category,
        files=[asked.messages.get().attachments.order_by("pk").first().pk],
    )  # fmt: skip
    assert complaint.evidence.count() == 1


def test_a_file_gone_from_storage_is_named_and_nothing_is_recorded(
    emailed, consultation_officer, category, clock
):
    gone = emailed.messages.get().attachments.order_by("pk").first()
    default_storage.delete(gone.file.name)
    with pytest.raises(ComplaintError) as error:
        record(emailed, consultation_officer, category)
    assert error.value.code == "file_missing" and "meja-kosong.png" in error.value.message
    assert reread(emailed).status == "submitted"
    complaint, _created = record(
        emailed, consultation_officer, category,
        files=[a.pk for a in emailed.messages.get().attachments.exclude(pk=gone.pk)],
    )  # fmt: skip
    assert [e.name for e in complaint.evidence.all()] == ["surat.pdf"]


# -- the reports and the retention -------------------------------------------------------------


def test_the_reports_count_it_as_a_complaint_not_as_a_consultation(
    emailed, office, consultation_officer, category, clock
):
    spam = emailed_complaint(office, email="promo@iklan.example")
    lifecycle.consultation_dismiss(
        consultation=spam, officer=consultation_officer, reason="not_a_consultation"
    )
    record(emailed, consultation_officer, category)

    figures = online_figures(office, NOVEMBER, now=wita(2026, 12, 1, 0, 0))
    assert {row.channel: row.count for row in figures.received}["email"] == 1  # the spam
    assert (figures.received_total, figures.dismissed, figures.to_complaints) == (1, 1, 1)
    rows = month_consultations(office, NOVEMBER, now=wita(2026, 12, 1, 0, 0))
    assert [row.pk for row in rows] == [spam.pk]
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.received_at.month) == ("email", 11)


def test_the_retention_purge_unlinks_the_consultation(
    emailed, office, consultation_officer, supervisor, category, clock
):
    from complaints.handling import services

    complaint, _created = record(emailed, consultation_officer, category)
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah ditegur.")

    complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24))

    complaint.refresh_from_db()
    assert (complaint.source_consultation, complaint.complainant_email) == (None, "")
    assert not complaint.evidence.exists()
    assert reread(emailed).dismissal == Dismissal.COMPLAINT  # the consultation says what it was
