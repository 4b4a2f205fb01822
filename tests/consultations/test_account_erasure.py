"""A person deletes their own account from "My data" (UU 27/2022 Art. 8–9; trial Q, Q2): the
account's and their consultations' personal fields are anonymised as the personal-data
declaration says, open consultations end with a reason the officer sees, appointments are
cancelled, complaints are kept without contacts; only ever the signed-in account, with its
password, once however often it is sent."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from complaints.handling.models import Complaint, ComplaintStatus
from consultations import lifecycle
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.models import Consultation, ConsultationStatus, EventKind, Message, SubjectArea
from pst.erasure import erased_address, user_account_erase
from pst.models import User
from pst.personal_data import fields_contact, fields_purged, personal_fields
from pst.services import PortalError
from pst.templatetags.pst_format import person
from tests.concurrency import run_in_parallel
from tests.consultations.appointments.conftest import accepted_consultation, at, confirmed
from tests.factories import ComplaintFactory, UserFactory

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's
S = ConsultationStatus


def _erasure_emails() -> list:
    # In the account's language: none kept, the office's.
    with translation.override("id"):
        subject = render_to_string("emails/account_erased_subject.txt").strip()
    return [m for m in mail.outbox if m.subject == subject]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def k_service(services, desks):
    services["K"].records_consultations = True
    services["K"].save()
    return services["K"]


@pytest.fixture
def held(office, visitor, consultation_officer, k_service, clock):
    """The visitor's accepted consultation with a visit booked, an answered one, and a
    complaint filed signed in, still open."""
    with_visit = accepted_consultation(office, visitor, consultation_officer)
    visit = confirmed(with_visit, consultation_officer, visitor, at(25, 10))
    answered = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.get(name="Kependudukan"), "topic": "data",
              "question": "Jumlah penduduk Kota Tarakan 2024?"},
    )  # fmt: skip
    answered = lifecycle.consultation_accept(consultation=answered, officer=consultation_officer)
    lifecycle.consultation_answer(
        consultation=answered, officer=consultation_officer, body="Ada di tabel 3.1."
    )
    # A consultation recorded for the account at the desk carries the contacts too.
    Consultation.objects.filter(pk=answered.pk).update(
        requester_name="Siti Pengguna", requester_email=visitor.email,
        requester_phone="+6281234567890",
    )  # fmt: skip
    complaint = ComplaintFactory(
        office=office, complainant=visitor, is_anonymous=False, complainant_name="Siti Pengguna",
        complainant_email=visitor.email, complainant_phone="+6281234567890",
        description="Balasan lama sekali.", status=ComplaintStatus.RECEIVED,
    )  # fmt: skip
    mail.outbox.clear()
    return {"with_visit": with_visit, "visit": visit, "answered": answered, "complaint": complaint}


def test_every_declared_personal_field_of_the_account_and_its_consultations_is_anonymised(
    visitor, held
):
    User.objects.filter(pk=visitor.pk).update(
        institution="Universitas Borneo", pending_email="baru@example.org"
    )
    before = User.objects.get(pk=visitor.pk)

    user_account_erase(user=visitor, password=PASSWORD)

    after = User.objects.get(pk=visitor.pk)
    for name in personal_fields(User):
        assert getattr(before, name), f"the test must fill {name}"
        expected = erased_address(after) if name == "email" else ""
        assert getattr(after, name) == expected, name
    assert not after.is_active and not after.has_usable_password()
    assert after.erased_at is not None
    for consultation in Consultation.objects.filter(
        pk__in=[held["with_visit"].pk, held["answered"].pk]
    ):
        assert consultation.requester_id is None
        for name in fields_purged(Consultation):
            assert getattr(consultation, name) == "", name
    # What was asked and answered stays, for the office's history and statistics.
    assert Message.objects.filter(consultation=held["answered"], body="Ada di tabel 3.1.").exists()


def test_open_consultations_end_with_the_reason_the_officer_reads_without_the_name(
    visitor, consultation_officer, held
):
    user_account_erase(user=visitor, password=PASSWORD)

    with_visit = Consultation.objects.get(pk=held["with_visit"].pk)
    assert with_visit.status == S.CANCELLED
    assert Consultation.objects.get(pk=held["answered"].pk).status == S.CLOSED
    assert with_visit.events.filter(kind=EventKind.ACCOUNT_ERASED).count() == 1
    page = _signed_in(consultation_officer).get(
        reverse("consultation_detail", args=[with_visit.pk])
    )
    text = page.content.decode()
    with translation.override("id"):
        assert str(EventKind.ACCOUNT_ERASED.label) in text
    assert "Siti Pengguna" not in text and "pengguna@example.org" not in text
    # The visit's officer hears the time is free, and why.
    assert any(m.to == [consultation_officer.email] for m in mail.outbox)


def test_the_appointment_is_cancelled(visitor, held):
    user_account_erase(user=visitor, password=PASSWORD)
    assert Appointment.objects.get(pk=held["visit"].pk).status == AppointmentStatus.CANCELLED


def test_the_complaint_is_kept_for_the_office_to_answer_without_its_contacts(visitor, held):
    user_account_erase(user=visitor, password=PASSWORD)
    complaint = Complaint.objects.get(pk=held["complaint"].pk)
    assert complaint.complainant_id is None
    assert complaint.description == "Balasan lama sekali."
    assert complaint.status == ComplaintStatus.RECEIVED
    assert fields_contact(Complaint)
    for name in fields_contact(Complaint):
        assert getattr(complaint, name) == "", name


def test_one_confirmation_email_to_the_address_before_it_was_erased(visitor, held):
    user_account_erase(user=visitor, password=PASSWORD)
    user_account_erase(user=visitor, password=PASSWORD)  # the same form sent again
    sent = _erasure_emails()
    assert len(sent) == 1
    assert sent[0].to == ["pengguna@example.org"]


def test_a_wrong_password_is_refused_and_nothing_changes(visitor, held):
    with pytest.raises(PortalError) as refused:
        user_account_erase(user=visitor, password="not my password")
    assert refused.value.code == "password"
    account = User.objects.get(pk=visitor.pk)
    assert account.is_active and account.full_name == "Siti Pengguna" and account.erased_at is None
    assert Consultation.objects.get(pk=held["with_visit"].pk).status == S.ACCEPTED
    assert Complaint.objects.get(pk=held["complaint"].pk).complainant_id == visitor.pk
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["consultation_officer", "administrator", "superuser"])
def test_a_staff_account_is_refused(request, db, office, who):
    if who == "superuser":
        staff = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    else:
        staff = request.getfixturevalue(who)
    with pytest.raises(PortalError) as refused:
        user_account_erase(user=staff, password=PASSWORD)
    assert refused.value.code == "staff"
    assert User.objects.get(pk=staff.pk).erased_at is None
    page = _signed_in(staff).get(reverse("my_data")).content.decode()
    assert 'data-testid="account-delete-staff"' in page
    assert 'data-testid="account-delete-form"' not in page


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_deletions_sent_at_once_erase_once_and_email_once():
    visitor = UserFactory(email="pengguna@example.org", full_name="Siti Pengguna")

    def erase(_i):
        return user_account_erase(user=User.objects.get(pk=visitor.pk), password=PASSWORD)

    results, errors = run_in_parallel(2, erase)
    assert errors == []
    assert {r.erased_at for r in results} == {User.objects.get(pk=visitor.pk).erased_at}
    assert len(_erasure_emails()) == 1


# -- the page --------------------------------------------------------------------------------


def test_the_form_signs_out_and_goes_home_with_a_message(visitor, held):
    client = _signed_in(visitor)
    assert 'data-testid="account-delete-form"' in client.get(reverse("my_data")).content.decode()
    response = client.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not response.wsgi_request.user.is_authenticated
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert User.objects.get(pk=visitor.pk).erased_at is not None
    # The same form sent again: the session is gone, nothing more happens.
    again = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert again["Location"].startswith(reverse("login"))
    assert len(_erasure_emails()) == 1


def test_a_wrong_password_on_the_form_shows_why(visitor):
    response = _signed_in(visitor).post(reverse("account_delete"), {"password": "nope"})
    assert response.status_code == 400
    assert response.context["delete_form"].has_error("password", "password")
    assert User.objects.get(pk=visitor.pk).is_active


def test_nobody_erases_another_account(client, visitor, db):
    other = UserFactory(email="lain@example.org", password="another long password 7")
    # Not signed in: sent to sign in.
    response = client.post(reverse("account_delete"), {"password": PASSWORD, "pk": visitor.pk})
    assert response["Location"].startswith(reverse("login"))
    # Another person, with the visitor's password and id: only ever their own account.
    response = _signed_in(other).post(
        reverse("account_delete"), {"password": PASSWORD, "pk": visitor.pk}
    )
    assert response.status_code == 400
    assert User.objects.filter(erased_at__isnull=False).count() == 0


def test_the_erased_account_cannot_sign_in_or_reset_its_password(visitor, held):
    user_account_erase(user=visitor, password=PASSWORD)
    erased = User.objects.get(pk=visitor.pk)
    client = Client()
    for email in ("pengguna@example.org", erased.email):
        client.post(reverse("login"), {"username": email, "password": PASSWORD})
        assert not client.get(reverse("profile")).wsgi_request.user.is_authenticated
    mail.outbox.clear()
    for email in ("pengguna@example.org", erased.email):
        client.post(reverse("password_reset"), {"email": email})
    assert mail.outbox == []


def test_the_history_names_an_erased_account_without_its_placeholder_address(visitor, held):
    user_account_erase(user=visitor, password=PASSWORD)
    erased = User.objects.get(pk=visitor.pk)
    with translation.override("id"):
        assert person(erased) == str(translation.gettext("(account deleted)"))
    assert erased.email not in person(erased)


def test_the_confirmation_is_the_only_email_the_erased_address_gets(
    visitor, consultation_officer, held
):
    # Trial S8: it says it is the last email; the appointment it cancels and the consultations
    # it ends are told to the office only, never with a reply address or a link the person
    # can no longer open.
    user_account_erase(user=visitor, password=PASSWORD)
    to_them = [m for m in mail.outbox if "pengguna@example.org" in m.to]
    assert [m.subject for m in to_them] == [m.subject for m in _erasure_emails()]
    assert len(to_them) == 1
    # The visit's officer still hears the time is free.
    assert any(m.to == [consultation_officer.email] for m in mail.outbox)
