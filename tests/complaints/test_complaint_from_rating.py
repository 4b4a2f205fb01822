"""A rating's comment recorded as a complaint (channel "survey", DESIGN §4) by the office's
supervisors, through `complaint_from_rating`: as anonymous as the rating (neither the visit
rated nor when the rating was given), received when passed on and due counted from then, the
same checks as every complaint, one complaint per rating (backed by the database), and what
the retention purges do to the link."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint, ComplaintCategory
from complaints.reports.periods import Month
from complaints.reports.selectors import rating_comments
from complaints.surveys import services as survey
from complaints.surveys.retention import survey_comments_purge
from pst.permissions import Role
from pst.rating_links import rating_token
from tests.complaints.reports.conftest import wita
from tests.complaints.surveys.conftest import answers
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory

COMMENT = "Petugas tidak ramah, menunggu 40 menit."
FRIDAY_1530 = wita(2026, 11, 20, 15, 30)


@pytest.fixture
def commented(rate):
    """A walk-in rating given on Friday 20 November 2026 at 15.30 WITA, with a complaint in
    its comment (the clock stands on the Monday after)."""
    return rate(FRIDAY_1530, 2, comment=COMMENT)


def pass_on(response, officer, category, **data):
    return services.complaint_from_rating(
        response=response, officer=officer,
        data={"category": category, "description": response.comment, **data},
        client_request_id=uuid.uuid4(),
    )  # fmt: skip


def test_a_supervisor_records_a_comment_as_a_complaint_as_anonymous_as_the_rating(
    commented, supervisor, category, office, clock
):
    complaint, created = pass_on(commented, supervisor, category)

    assert created
    assert (complaint.channel, complaint.rating, complaint.is_anonymous) == (
        "survey", commented, True,
    )  # fmt: skip
    assert (complaint.complainant_name, complaint.complainant_email, complaint.complainant_phone,
            complaint.complainant) == ("", "", "", None)  # fmt: skip
    # The comments list hides the day and the visit (trial J, J1): a supervisor must not find
    # the respondent through the complaint either.
    assert (complaint.related_ticket, complaint.related_consultation) == (None, None)
    assert complaint.related_reference == ""
    monday_9 = wita(2026, 11, 23, 9, 0)
    assert complaint.received_at == monday_9 != commented.submitted_at
    assert complaint.due_at == wita(2026, 11, 26, 9, 0)  # 3 working days from now
    received = complaint.events.get()
    assert (received.kind, received.actor) == ("received", supervisor)


def test_the_supervisor_may_edit_the_comment_before_recording_it(commented, supervisor, category):
    complaint, _created = pass_on(
        commented, supervisor, category, description="Petugas tidak ramah (nama dihapus)."
    )
    assert complaint.description == "Petugas tidak ramah (nama dihapus)."
    commented.refresh_from_db()
    assert commented.comment == COMMENT  # the rating stays as it was given


def test_a_consultations_rating_names_no_consultation(answered, supervisor, category):
    rating = survey.survey_submit(
        token=rating_token("consultation", answered.pk),
        data={**answers(comment="Jawaban terlambat dan tidak lengkap."),
              **dict.fromkeys(("requirements", "procedure", "turnaround", "cost", "product",
                               "competence", "conduct", "complaint_handling", "facilities"), 2)},
    )  # fmt: skip
    complaint, _created = pass_on(rating, supervisor, category)
    assert (complaint.related_consultation, complaint.related_reference) == (None, "")


def test_a_second_attempt_gets_the_complaint_already_recorded(commented, supervisor, category):
    first, created = pass_on(commented, supervisor, category)
    again, created_again = pass_on(commented, supervisor, category, description="Lain.")
    assert created and not created_again
    assert again == first
    assert Complaint.objects.count() == 1 and first.events.count() == 1


def test_an_old_ratings_comment_is_received_when_it_is_passed_on(rate, supervisor, category, clock):
    rating = rate(wita(2026, 8, 3, 10, 0), comment=COMMENT)
    complaint, created = pass_on(rating, supervisor, category)
    assert created and complaint.received_at == wita(2026, 11, 23, 9, 0)


def test_a_rating_without_comment_is_refused(rate, supervisor, category):
    rating = rate(FRIDAY_1530, 2)
    with pytest.raises(ComplaintError) as error:
        pass_on(rating, supervisor, category, description="Ditulis sendiri.")
    assert error.value.code == "no_comment"


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"category": None}, "category"),
        ({"description": "   "}, "required"),
        ({"description": "x" * 4001}, "max_length"),
        ({"description": "KTP saya 3171012345670001"}, "identity_number"),
        # Whatever the data says, a rating's complaint has no contact.
        ({"is_anonymous": False, "complainant_name": "Budi"}, None),
    ],
)
def test_the_checks_of_every_complaint_hold(commented, supervisor, category, changes, code):
    if code is None:
        complaint, _created = pass_on(commented, supervisor, category, **changes)
        assert complaint.is_anonymous and complaint.complainant_name == ""
        return
    data = {"category": category, "description": COMMENT, **changes}
    with pytest.raises(ComplaintError) as error:
        services.complaint_from_rating(response=commented, officer=supervisor, data=data)
    assert error.value.code == code or error.value.field == "description"
    assert not Complaint.objects.exists()


def test_a_category_of_another_office_is_refused(commented, supervisor, other_office):
    theirs = ComplaintCategory.objects.create(
        office=other_office, key="parkir", name="Parkir", working_days=5
    )
    with pytest.raises(ComplaintError) as error:
        pass_on(commented, supervisor, theirs)
    assert error.value.code == "category"


@pytest.mark.parametrize(
    "persona", ["front_office", "consultation_officer", "administrator", "visitor"]
)
def test_who_does_not_read_the_comments_may_not_record_one_whatever_the_path(
    commented, category, persona, request
):
    with pytest.raises(ComplaintError) as error:
        pass_on(commented, request.getfixturevalue(persona), category)
    assert error.value.code == "not_allowed"
    assert not Complaint.objects.exists()


def test_a_supervisor_of_another_office_may_not_record_ours(commented, category, other_office):
    theirs = UserFactory(email="kepala-malinau@example.org", office=other_office,
                         roles=[Role.SUPERVISOR])  # fmt: skip
    with pytest.raises(ComplaintError) as error:
        pass_on(commented, theirs, category)
    assert error.value.code == "not_allowed"


def test_the_database_keeps_one_complaint_per_rating_and_it_anonymous(
    commented, supervisor, category
):
    complaint, _created = pass_on(commented, supervisor, category)
    twin = Complaint.objects.get(pk=complaint.pk)
    twin.pk, twin.code, twin.client_request_id = None, "6571ZZZZZZZZZZZ", None
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    Complaint.objects.filter(pk=complaint.pk).update(rating=None)
    twin.channel = "phone"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.channel, twin.is_anonymous, twin.complainant_name = "survey", False, "Budi"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


# -- the retention purge ------------------------------------------------------------------------


def test_the_complaints_purge_unlinks_the_rating_which_leads_to_the_visit(
    commented, supervisor, category, office
):
    complaint, _created = pass_on(commented, supervisor, category)
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan PST.")
    assert complaint_contacts_purge(office=office, before=dt.date(2026, 11, 30)) == 1
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.related_ticket, complaint.description) == (None, None, "")
    assert complaint.channel == "survey"  # still counted as one that came from a rating


def test_the_ratings_purge_blanks_the_comment_and_leaves_the_complaint_alone(
    commented, supervisor, category, office
):
    complaint, _created = pass_on(commented, supervisor, category)
    assert survey_comments_purge(office=office, before=dt.date(2026, 11, 21)) == 1
    complaint.refresh_from_db()
    assert complaint.rating == commented and complaint.description == COMMENT
    assert not rating_comments(office, Month(dt.date(2026, 11, 1))).exists()
    # Blanked, it cannot be passed on again: there is nothing left to pass on.
    Complaint.objects.all().delete()
    commented.refresh_from_db()
    with pytest.raises(ComplaintError) as error:
        pass_on(commented, supervisor, category, description=COMMENT)
    assert error.value.code == "no_comment"


def test_each_purge_keeps_its_own_day(commented, supervisor, category, office):
    # The rating's comment goes by when it was given; the complaint's text by when it was
    # closed (an open one is still being answered).
    complaint, _created = pass_on(commented, supervisor, category)
    assert survey_comments_purge(office=office, before=dt.date(2026, 11, 21)) == 1
    assert complaint_contacts_purge(office=office, before=dt.date(2026, 11, 30)) == 0
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan PST.")
    assert complaint_contacts_purge(office=office, before=dt.date(2026, 11, 30)) == 1
    complaint.refresh_from_db()
    commented.refresh_from_db()
    assert (complaint.rating, complaint.description, commented.comment) == (None, "", "")


# -- at the same moment (PostgreSQL) -----------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_form", [False, True], ids=["two-supervisors", "double-submit"])
def test_two_attempts_at_once_record_one_complaint(
    office, supervisor, category, rate, clock, same_form
):
    commented = rate(FRIDAY_1530, 2, comment=COMMENT)
    second = UserFactory(email="koordinator@example.org", office=office, roles=[Role.SUPERVISOR])
    people = [supervisor, supervisor if same_form else second]
    request_ids = [uuid.uuid4()] * 2 if same_form else [uuid.uuid4(), uuid.uuid4()]

    results, errors = run_in_parallel(
        2,
        lambda i: services.complaint_from_rating(
            response=commented, officer=people[i],
            data={"category": category, "description": COMMENT},
            client_request_id=request_ids[i],
        ),
    )  # fmt: skip

    assert errors == []
    assert sorted(created for _complaint, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    stored = Complaint.objects.get()
    assert stored.rating_id == commented.pk and stored.events.count() == 1
