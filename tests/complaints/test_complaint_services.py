"""Complaint services: filing (codes, due dates per category and office, references,
anonymity, flooding), each handling step allowed and refused by status, the emails."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.codes import ALPHABET, code_display, code_normalize
from complaints.handling.models import CODE_RANDOM_LENGTH, ComplaintStatus
from complaints.handling.presentation import due_explained
from complaints.handling.retention import complaint_contacts_purge
from complaints.handling.selectors import categories_for_office, complaint_by_code
from complaints.models import Complaint, ComplaintCategory
from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.models import SubjectArea
from pst.models import HolidayKind, HolidaySource, OpeningHours
from queueing import services as queue
from tests.conftest import WITA
from tests.factories import HolidayFactory

S = ComplaintStatus
FRIDAY_1410 = dt.datetime(2026, 11, 27, 14, 10, tzinfo=WITA)


# -- tracking codes -----------------------------------------------------------------------------


def test_a_code_is_the_office_and_eleven_unambiguous_characters(file_complaint):
    complaint = file_complaint()
    assert complaint.code.startswith("6571")
    random_part = complaint.code[4:]
    assert len(random_part) == CODE_RANDOM_LENGTH
    assert set(random_part) <= set(ALPHABET)
    assert not set(random_part) & set("ILOU")
    assert complaint.display_code == code_display(complaint.code)
    assert complaint.display_code.count("-") == 3


def test_codes_are_unique_in_the_database(file_complaint):
    first, second = file_complaint(), file_complaint(complainant_email="ani@example.org")
    assert first.code != second.code
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=second.pk).update(code=first.code)


def test_a_code_is_found_in_any_case_with_spaces_and_dashes(file_complaint):
    complaint = file_complaint()
    shown = complaint.display_code
    for typed in (shown, shown.lower(), shown.replace("-", " "), f"  {complaint.code.lower()} "):
        assert complaint_by_code(typed) == complaint
    # O read as 0, I and L as 1: letters the alphabet leaves out.
    typo = complaint.code[:4] + complaint.code[4:].replace("0", "O").replace("1", "l")
    assert code_normalize(typo) == complaint.code


@pytest.mark.parametrize(
    "typed",
    ["", "6571", "٦٥٧١-AAAA-BBBB-CCC", "6571-AAAA\x00BBBB-CCC", "x" * 5000, "6571-ÄAAA-BBBB-CCC"],
)
def test_what_cannot_be_a_code_finds_nothing(db, typed):
    assert complaint_by_code(typed) is None


# -- due dates ----------------------------------------------------------------------------------


def test_due_counts_the_categorys_working_days_across_a_weekend(file_complaint, category):
    with time_machine.travel(FRIDAY_1410, tick=False):
        complaint = file_complaint()
    # Fri 14:10 + 3 working days: Mon, Tue, Wed — same clock time.
    assert complaint.due_at == dt.datetime(2026, 12, 2, 14, 10, tzinfo=WITA)
    assert complaint.working_days == category.working_days == 3
    assert complaint.received_at == FRIDAY_1410


def test_a_holiday_is_skipped_and_explained(file_complaint, office):
    HolidayFactory(
        date=dt.date(2026, 11, 30),
        name="Cuti Bersama Contoh",
        office=None,
        kind=HolidayKind.CUTI_BERSAMA,
        source=HolidaySource.MANUAL,
        is_closed=True,
    )
    with time_machine.travel(FRIDAY_1410, tick=False):
        complaint = file_complaint()
        assert complaint.due_at == dt.datetime(2026, 12, 3, 14, 10, tzinfo=WITA)
        explanation = due_explained(complaint)
    assert "Cuti Bersama Contoh" in explanation


def test_an_office_without_opening_hours_still_receives_a_complaint_counted_monday_to_friday(
    file_complaint, office
):
    OpeningHours.objects.filter(office=office).delete()
    saturday = dt.datetime(2026, 11, 28, 10, 0, tzinfo=WITA)
    with time_machine.travel(saturday, tick=False):
        complaint = file_complaint()
        explanation = due_explained(complaint)
    # Counted from Monday's start: Tue, Wed, Thu.
    assert complaint.due_at == dt.datetime(2026, 12, 3, 0, 0, tzinfo=WITA)
    assert "Senin sampai Jumat" in explanation
    with time_machine.travel(FRIDAY_1410, tick=False):
        friday = file_complaint(complainant_email="ani@example.org")
    assert friday.due_at == dt.datetime(2026, 12, 2, 14, 10, tzinfo=WITA)


def test_a_consultation_is_still_not_accepted_without_opening_hours(
    office, claimed, consultation_officer
):
    """An officer can have the hours set; the public complainant could not."""
    OpeningHours.objects.filter(office=office).delete()
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_accept(consultation=claimed, officer=consultation_officer)
    assert refused.value.code == "calendar"


def test_received_outside_office_hours_counts_from_the_next_opening(file_complaint):
    saturday = dt.datetime(2026, 11, 28, 10, 0, tzinfo=WITA)
    with time_machine.travel(saturday, tick=False):
        complaint = file_complaint()
    # Counted from Mon 07:30: Tue, Wed, Thu.
    assert complaint.due_at == dt.datetime(2026, 12, 3, 7, 30, tzinfo=WITA)
    evening = dt.datetime(2026, 11, 23, 19, 0, tzinfo=WITA)
    with time_machine.travel(evening, tick=False):
        late = file_complaint(complainant_email="ani@example.org")
    assert late.due_at == dt.datetime(2026, 11, 27, 7, 30, tzinfo=WITA)


def test_an_office_overrides_a_national_category(file_complaint, office, other_office, category):
    override = ComplaintCategory.objects.create(
        office=office, key="waiting", name="Antrean", working_days=1
    )
    assert override in categories_for_office(office)
    assert category not in categories_for_office(office)
    assert category in categories_for_office(other_office)
    complaint = file_complaint(category=override)
    assert complaint.due_at == dt.datetime(2026, 11, 24, 9, 0, tzinfo=WITA)
    with pytest.raises(ComplaintError) as refused:
        file_complaint(category=category)  # replaced here
    assert refused.value.field == "category"


def test_an_office_may_switch_a_national_category_off_or_add_its_own(office, category):
    ComplaintCategory.objects.create(
        office=office, key="waiting", name="x", working_days=3, is_active=False
    )
    own = ComplaintCategory.objects.create(
        office=office, key="parkir", name="Parkir", working_days=7
    )
    keys = [row.key for row in categories_for_office(office)]
    assert "waiting" not in keys and own.key in keys


def test_a_category_of_another_office_is_refused(file_complaint, other_office):
    theirs = ComplaintCategory.objects.create(
        office=other_office, key="lokal", name="Lokal", working_days=2
    )
    with pytest.raises(ComplaintError):
        file_complaint(category=theirs)


# -- filing -------------------------------------------------------------------------------------


def test_the_same_form_sent_twice_files_one_complaint(file_complaint):
    request_id = uuid.uuid4()
    first = file_complaint(client_request_id=request_id)
    assert file_complaint(client_request_id=request_id) == first
    assert Complaint.objects.count() == 1
    assert first.events.count() == 1


def test_anonymous_keeps_no_contact_and_sends_no_email(file_complaint, visitor):
    complaint = file_complaint(is_anonymous=True, complainant=visitor)
    assert complaint.is_anonymous
    assert (
        complaint.complainant_name,
        complaint.complainant_email,
        complaint.complainant_phone,
    ) == ("", "", "")
    assert complaint.complainant is None  # anonymous even when signed in
    assert [m.to for m in mail.outbox if "budi" in m.to[0]] == []


def test_a_named_complaint_needs_a_name_and_a_way_to_answer(file_complaint):
    with pytest.raises(ComplaintError) as refused:
        file_complaint(complainant_name="")
    assert refused.value.field == "complainant_name"
    with pytest.raises(ComplaintError) as refused:
        file_complaint(complainant_email="", complainant_phone="")
    assert refused.value.code == "contact"
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", "Nomor KTP saya 3171012345670001 tidak diterima"),
        ("description", "ada\x07bel"),
        ("complainant_name", "Budi\nSantoso"),
        ("complainant_phone", "١٢٣٤"),
        ("complainant_email", "bukan-email"),
        ("description", "x" * 5000),
    ],
)
def test_the_rules_hold_for_every_path(file_complaint, field, value):
    with pytest.raises(ComplaintError) as refused:
        file_complaint(**{field: value})
    assert refused.value.field == field
    assert not Complaint.objects.exists()


def test_a_phone_is_stored_in_e164(file_complaint):
    assert file_complaint().complainant_phone == "+6281234567890"


def test_the_reference_resolves_only_within_the_office(
    file_complaint, office, other_office, services, desks, visitor, consultation_officer
):
    ticket = queue.ticket_issue(office=office, service=services["K"])
    assert file_complaint(related_reference="k-001").related_ticket == ticket
    area = SubjectArea.objects.order_by("sort_order").first()
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": area, "topic": "data", "question": "Berapa IPM?"},
    )  # fmt: skip
    found = file_complaint(
        related_reference=consultation.reference, complainant_email="a@example.org"
    )
    assert found.related_consultation == consultation
    elsewhere = file_complaint(
        office=other_office, category=ComplaintCategory.objects.get(office=None, key="other"),
        related_reference=consultation.reference, complainant_email="b@example.org",
    )  # fmt: skip
    assert elsewhere.related_consultation is None
    assert elsewhere.related_reference == consultation.reference
    typo = file_complaint(related_reference="antrian kemarin", complainant_email="c@example.org")
    assert (typo.related_ticket, typo.related_consultation) == (None, None)
    assert typo.related_reference == "antrian kemarin"


def test_one_email_address_files_a_few_an_hour(file_complaint, settings):
    settings.COMPLAINTS_PER_EMAIL_PER_HOUR = 2
    file_complaint()
    file_complaint(description="Petugas tidak ramah.")
    with pytest.raises(ComplaintError) as refused:
        file_complaint(complainant_email="BUDI@example.org", description="Ruang tunggu panas.")
    assert refused.value.code == "throttled"
    assert Complaint.objects.count() == 2


def test_one_client_address_files_a_few_an_hour(file_complaint, settings):
    settings.COMPLAINTS_PER_ADDRESS_PER_HOUR = 1
    file_complaint(is_anonymous=True)
    with pytest.raises(ComplaintError):
        file_complaint(is_anonymous=True, description="Petugas tidak ramah.")
    assert Complaint.objects.count() == 1


def test_the_acknowledgement_is_emailed_with_code_and_due_date(file_complaint, supervisor):
    complaint = file_complaint()
    to_complainant = [m for m in mail.outbox if m.to == ["budi@example.org"]]
    assert len(to_complainant) == 1
    assert complaint.display_code in to_complainant[0].subject
    assert complaint.display_code in to_complainant[0].body
    assert "Kamis 26 November 2026 09.00 WITA" in to_complainant[0].body
    to_staff = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert len(to_staff) == 1
    assert "budi" not in to_staff[0].body.lower()  # nobody's contact in a notification


# -- handling -----------------------------------------------------------------------------------

STEPS = {
    "verify": lambda c, u: services.complaint_verify(complaint=c, user=u),
    "start": lambda c, u: services.complaint_start(complaint=c, user=u),
    "respond": lambda c, u: services.complaint_respond(complaint=c, user=u, body="Sedang dicek."),
    "resolve": lambda c, u: services.complaint_resolve(
        complaint=c, user=u, answer="Sudah dibenahi."
    ),
    "reject": lambda c, u: services.complaint_reject(
        complaint=c, user=u, reason="Bukan layanan PST."
    ),
}
ALLOWED = {
    "verify": {S.RECEIVED},
    "start": {S.VERIFIED},
    "respond": {S.RECEIVED, S.VERIFIED, S.IN_PROGRESS},
    "resolve": {S.VERIFIED, S.IN_PROGRESS},
    "reject": {S.RECEIVED, S.VERIFIED, S.IN_PROGRESS},
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_allowed_only_from_its_statuses(file_complaint, supervisor, step, status):
    complaint = file_complaint()
    answer = "Jawaban." if status in (S.RESOLVED, S.REJECTED) else ""
    Complaint.objects.filter(pk=complaint.pk).update(status=status, answer=answer)
    events = complaint.events.count()
    if status in ALLOWED[step]:
        STEPS[step](complaint, supervisor)
        assert complaint.events.count() == events + 1
    else:
        with pytest.raises(ComplaintError) as refused:
            STEPS[step](complaint, supervisor)
        assert refused.value.code == "state"
        assert complaint.events.count() == events
        assert Complaint.objects.get(pk=complaint.pk).status == status


def test_the_whole_way_to_resolved(file_complaint, supervisor, clock):
    complaint = file_complaint()
    mail.outbox.clear()
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_start(complaint=complaint, user=supervisor)
    services.complaint_note(complaint=complaint, user=supervisor, body="Cek CCTV dulu.")
    assert mail.outbox == []  # verify, start and notes are not emailed
    services.complaint_respond(complaint=complaint, user=supervisor, body="Kami sedang memeriksa.")
    clock.shift(3600)
    complaint = services.complaint_resolve(
        complaint=complaint, user=supervisor, answer="Petugas sudah dibina."
    )
    assert complaint.status == S.RESOLVED
    assert complaint.answer == "Petugas sudah dibina."
    assert complaint.handled_by == supervisor
    assert complaint.resolved_at is not None
    assert [m.to for m in mail.outbox] == [["budi@example.org"]] * 2
    assert "Kami sedang memeriksa." in mail.outbox[0].body
    assert "Petugas sudah dibina." in mail.outbox[1].body
    assert "CCTV" not in "".join(m.body for m in mail.outbox)
    kinds = list(complaint.events.values_list("kind", "is_public"))
    assert kinds == [("received", True), ("verified", True), ("started", True),
                     ("noted", False), ("responded", True), ("resolved", True)]  # fmt: skip


@pytest.mark.parametrize("step", ["resolve", "reject"])
def test_resolving_or_rejecting_needs_the_text_the_complainant_reads(
    file_complaint, supervisor, step
):
    complaint = file_complaint()
    services.complaint_verify(complaint=complaint, user=supervisor)
    with pytest.raises(ComplaintError) as refused:
        services.complaint_act(step, complaint=complaint, user=supervisor, text="   ")
    assert refused.value.code == "required"
    assert Complaint.objects.get(pk=complaint.pk).status == S.VERIFIED


def test_the_database_refuses_a_closed_complaint_without_an_answer(file_complaint):
    complaint = file_complaint()
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(status=S.RESOLVED)


def test_the_same_response_sent_twice_is_kept_once(file_complaint, supervisor):
    complaint = file_complaint()
    mail.outbox.clear()
    for _ in range(2):
        services.complaint_respond(complaint=complaint, user=supervisor, body="Sedang dicek.")
    assert complaint.events.filter(kind="responded").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "persona", ["front_office", "consultation_officer", "visitor", "other_supervisor"]
)
def test_only_the_offices_supervisors_handle(file_complaint, request, persona, other_office):
    from pst.permissions import Role
    from tests.factories import UserFactory

    if persona == "other_supervisor":
        user = UserFactory(office=other_office, roles=[Role.SUPERVISOR])
    else:
        user = request.getfixturevalue(persona)
    complaint = file_complaint()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_verify(complaint=complaint, user=user)
    assert refused.value.code == "not_allowed"


def test_the_retention_purge_blanks_the_complainants_data(file_complaint, office, supervisor):
    complaint = file_complaint()
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan PST.")
    assert complaint_contacts_purge(office=office, before=dt.date(2026, 11, 23)) == 0
    assert complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24)) == 1
    complaint.refresh_from_db()
    assert (complaint.complainant_name, complaint.complainant_email, complaint.complainant_phone,
            complaint.description) == ("", "", "", "")  # fmt: skip
    assert complaint.answer == "Bukan layanan PST."


def test_the_retention_purge_keeps_an_open_complaint_however_old(
    file_complaint, office, supervisor, clock
):
    # Trial attack-cmp, 10: a complaint still being handled lost the way to answer its
    # complainant when its receipt passed the retention period.
    complaint = file_complaint()
    services.complaint_verify(complaint=complaint, user=supervisor)
    clock.shift(3 * 365 * 86400)
    assert complaint_contacts_purge(office=office, before=dt.date(2029, 11, 1)) == 0
    complaint.refresh_from_db()
    assert complaint.complainant_email == "budi@example.org"
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah diperbaiki.")
    assert complaint_contacts_purge(office=office, before=dt.date(2029, 11, 1)) == 0
    assert complaint_contacts_purge(office=office, before=dt.date(2030, 1, 1)) == 1


def test_the_retention_purge_unlinks_the_complainants_account_and_records(
    file_complaint, office, visitor, answered, supervisor
):
    # Trial attack-cmp, 2: the purged complaint stayed in its account's list, and the
    # consultation it named led back to the person.
    complaint = file_complaint(complainant=visitor, related_reference=answered.reference)
    assert (complaint.complainant, complaint.related_consultation) == (visitor, answered)
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan PST.")
    complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24))
    complaint.refresh_from_db()
    assert complaint.complainant is None and complaint.related_consultation is None
    assert (complaint.related_reference, complaint.related_ticket) == ("", None)
