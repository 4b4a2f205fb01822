"""Who hears of a new complaint (trial attack-cmp, 14): the office's active supervisors; an
office without one, its own address; without that too, its active consultation officers.
And a response sent twice (trial attack-cmp, 4): stored and emailed once, and the second
submit is told so, not that it was emailed."""

from __future__ import annotations

import pytest
from django.contrib.messages import INFO, SUCCESS
from django.core import mail

from complaints.handling import services
from pst.permissions import Role
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory

COMPLAINANT = "budi@example.org"


def told_of_new(file_complaint) -> list[list[str]]:
    """The recipients of the staff's email about a complaint filed now."""
    mail.outbox.clear()
    file_complaint()
    return [sorted(message.to) for message in mail.outbox if message.to != [COMPLAINANT]]


def test_the_offices_active_supervisors_are_told_and_nobody_else(
    file_complaint, office, supervisor, consultation_officer
):
    UserFactory(email="mantan@example.org", office=office, roles=[Role.SUPERVISOR], is_active=False)
    assert told_of_new(file_complaint) == [[supervisor.email]]


def test_without_a_supervisor_the_offices_own_address_is_told(
    file_complaint, office, consultation_officer
):
    UserFactory(email="mantan@example.org", office=office, roles=[Role.SUPERVISOR], is_active=False)
    assert office.email == "pst@example.org"
    [to] = told_of_new(file_complaint)
    assert to == ["pst@example.org"]
    [staff] = [message for message in mail.outbox if message.to == to]
    assert "budi" not in staff.body.lower()  # nobody's contact in a notification
    assert "supervisor" in staff.body.lower()  # it says why it came to them


def test_the_staffs_email_holds_only_the_start_of_the_tracking_code(
    file_complaint, office, supervisor, client
):
    # The review after trial attack-ev: the whole code opened the tracking page (the text, the
    # answers) for a shared mailbox or the officer complained about.
    mail.outbox.clear()
    complaint = file_complaint()
    [staff] = [message for message in mail.outbox if message.to == [supervisor.email]]
    [to_complainant] = [message for message in mail.outbox if message.to == [COMPLAINANT]]
    assert complaint.display_code in to_complainant.subject + to_complainant.body
    assert complaint.display_code not in staff.subject + staff.body
    assert complaint.display_code[:9] + "-…" in staff.subject
    assert f"/complaints/{complaint.pk}/" in staff.body


def test_without_a_supervisor_or_an_address_the_consultation_officers_are_told(
    file_complaint, office, consultation_officer, front_office, other_office
):
    office.email = ""
    office.save(update_fields=["email"])
    UserFactory(
        email="cuti@example.org", office=office, roles=[Role.CONSULTATION_OFFICER], is_active=False
    )
    second = UserFactory(
        email="konsultasi2@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )
    UserFactory(email="lain@example.org", office=other_office, roles=[Role.CONSULTATION_OFFICER])
    assert told_of_new(file_complaint) == [sorted([consultation_officer.email, second.email])]


def test_an_office_with_nobody_to_tell_still_files_the_complaint(file_complaint, office):
    office.email = ""
    office.save(update_fields=["email"])
    assert told_of_new(file_complaint) == []
    assert [message.to for message in mail.outbox] == [[COMPLAINANT]]


# -- a response sent twice ------------------------------------------------------------------------


def test_a_response_sent_twice_is_saved_and_emailed_once_and_the_second_is_told_so(
    client, file_complaint, supervisor
):
    complaint = file_complaint()
    mail.outbox.clear()
    client.force_login(supervisor)
    said = []
    for _ in range(2):  # a double click: the same form twice
        response = client.post(
            f"/complaints/{complaint.pk}/respond/", {"respond-body": "Sedang dicek."}, follow=True
        )
        said.append([(m.level, m.message) for m in response.context["messages"]])
    assert complaint.events.filter(kind="responded").count() == 1
    assert [message.to for message in mail.outbox] == [[COMPLAINANT]]
    [(first_level, first)], [(second_level, second)] = said
    assert first_level == SUCCESS and "Pengadu juga diberi tahu lewat email." in first
    assert second_level == INFO and "email" in second and "diberi tahu lewat email" not in second


def test_another_response_is_saved_and_emailed(client, file_complaint, supervisor):
    complaint = file_complaint()
    mail.outbox.clear()
    client.force_login(supervisor)
    for body in ("Sedang dicek.", "Sudah kami hubungi petugasnya."):
        client.post(f"/complaints/{complaint.pk}/respond/", {"respond-body": body})
    assert complaint.events.filter(kind="responded").count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_response_sent_twice_at_once_is_saved_and_emailed_once(file_complaint, supervisor):
    complaint = file_complaint()
    mail.outbox.clear()

    results, errors = run_in_parallel(
        2,
        lambda _i: services.complaint_respond(
            complaint=complaint, user=supervisor, body="Sedang dicek."
        ),
    )

    assert errors == []
    assert sorted(result.is_repeat for result in results) == [False, True]
    assert complaint.events.filter(kind="responded").count() == 1
    assert len(mail.outbox) == 1
