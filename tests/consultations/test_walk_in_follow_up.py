"""A walk-in visitor whose answer continues online (product trial E, F10): the officer at the
service desk writes how to reach them when the guestbook does not say it, and the visitor is
emailed the link to follow the consultation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from consultations.errors import ConsultationError
from consultations.models import Consultation
from consultations.services import consultation_record_walk_in
from tests.consultations.test_walk_in import record
from tests.factories import UserFactory


def follow_up(client, ticket, **contact):
    return record(client, ticket, outcome="online_follow_up", **contact)


def test_a_visitor_without_a_guestbook_entry_gets_the_follow_up_at_the_address_given(
    client, without_guestbook
):
    response = follow_up(client, without_guestbook, contact_email=" Budi@Example.org ")
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.requester_email == "budi@example.org"
    (email,) = mail.outbox
    assert email.to == ["budi@example.org"]
    assert "/consultations/follow/" in email.body
    assert consultation.reference in email.subject
    page = client.get(response["Location"]).content.decode()
    assert "dikirimi tautan" in page  # the officer is told the visitor was emailed


def test_a_phone_number_alone_is_enough_and_the_officer_is_told_to_give_the_reference(
    client, without_guestbook
):
    response = follow_up(client, without_guestbook, contact_phone="0812-5555-0101")
    consultation = Consultation.objects.get()
    assert consultation.requester_phone == "+6281255550101"
    assert not mail.outbox
    page = client.get(response["Location"]).content.decode()
    assert consultation.reference in page


def test_the_guestbook_contact_is_used_and_not_copied(client, serving):
    # The guestbook's retention purges the entry's contact: a copy here would outlive it.
    page = client.get(reverse("consultation_walk_in", args=[serving.pk]))
    shown = page.content.decode().split('data-testid="guestbook-contact">')[1].split("</p>")[0]
    assert "rina@example.org" in shown and "0812-5555-0101" in shown
    assert page.context["form"]["contact_email"].value() in (None, "")
    follow_up(client, serving)
    consultation = Consultation.objects.get()
    assert (consultation.requester_email, consultation.requester_phone) == ("", "")
    # One email: the visit is rated with the online answer, not now (trial J, J8).
    (email,) = mail.outbox
    assert email.to == ["rina@example.org"]


def test_an_invalid_leftover_contact_does_not_block_an_answered_visit(client, without_guestbook):
    response = record(client, without_guestbook, contact_email="bukan-alamat")
    assert response.status_code == 302
    assert Consultation.objects.get().requester_email == ""


def test_another_address_given_at_the_desk_is_the_one_written_to(client, serving):
    follow_up(client, serving, contact_email="rina.kantor@example.org")
    consultation = Consultation.objects.get()
    assert consultation.requester_email == "rina.kantor@example.org"
    assert mail.outbox[0].to == ["rina.kantor@example.org"]
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    requester = page.split('data-testid="requester">')[1].split("</dd>")[0]
    assert "Rina Wulandari" in requester and "rina.kantor@example.org" in requester


def test_a_verified_account_of_the_address_given_becomes_the_requester(client, without_guestbook):
    budi = UserFactory(email="budi@example.org")
    follow_up(client, without_guestbook, contact_email="budi@example.org")
    consultation = Consultation.objects.get()
    assert consultation.requester == budi
    assert consultation.requester_email == ""
    assert "/consultations/follow/" not in mail.outbox[0].body


def test_nobody_to_reach_is_refused_on_the_contact_field_and_nothing_is_lost(
    client, without_guestbook
):
    response = follow_up(client, without_guestbook)
    form = response.context["form"]
    assert form.has_error("contact_email", "unreachable")
    assert form["answer"].value().startswith("Tabel IPM")
    assert not Consultation.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "contact",
    [
        {"contact_email": "bukan-alamat"},
        {"contact_email": "budi@example.org" + "x" * 400},
        {"contact_phone": "9" * 5000},
        {"contact_phone": "telepon saya"},
        {"contact_phone": "12"},
    ],
)
def test_a_bad_address_or_number_is_refused_with_the_record_kept(
    client, without_guestbook, contact
):
    response = follow_up(client, without_guestbook, **contact)
    assert response.status_code == 200
    assert set(response.context["form"].errors) & {"contact_email", "contact_phone"}
    assert response.context["form"]["question"].value().startswith("IPM Kota Tarakan")
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "contact", [{"contact_email": "budi\x00@x.org"}, {"contact_phone": "08\x001"}]
)
def test_a_nul_byte_is_refused_before_the_view(client, without_guestbook, contact):
    assert follow_up(client, without_guestbook, **contact).status_code == 400
    assert not Consultation.objects.exists()


def test_digits_of_another_script_are_read_as_the_number(client, without_guestbook):
    follow_up(client, without_guestbook, contact_phone="٠٨١٢٥٥٥٥٠١٠١")  # Arabic-Indic
    assert Consultation.objects.get().requester_phone == "+6281255550101"


@pytest.mark.parametrize(
    ("contact", "code"),
    [
        ({"contact_email": "bukan-alamat"}, "email"),
        ({"contact_phone": "0812"}, "phone"),
        ({}, "unreachable"),
    ],
)
def test_the_service_checks_the_contact_whatever_the_path(
    without_guestbook, desks, consultation_officer, contact, code
):
    from consultations.models import SubjectArea

    with pytest.raises(ConsultationError) as refused:
        consultation_record_walk_in(
            ticket=without_guestbook, desk=desks[2], officer=consultation_officer,
            outcome="online_follow_up",
            data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                  "question": "IPM", "answer": "Tabel IPM"},
            **contact,
        )  # fmt: skip
    assert refused.value.code == code
    assert not Consultation.objects.exists()


def test_an_answered_visit_keeps_no_contact(client, without_guestbook):
    # Only a follow-up or an appointment needs one: a hidden field's leftover is not kept.
    record(client, without_guestbook, contact_email="budi@example.org")
    consultation = Consultation.objects.get()
    assert consultation.requester_email == ""
    assert not mail.outbox


def test_the_record_page_offers_the_guestbook_when_there_is_no_entry(client, without_guestbook):
    page = client.get(reverse("consultation_walk_in", args=[without_guestbook.pk]))
    link = f"{reverse('guestbook_new')}?ticket={without_guestbook.pk}"
    assert link in page.content.decode()
    assert client.get(link).status_code == 200


def test_the_guestbook_filled_at_the_consultation_desk_leads_back_to_the_record(
    client, without_guestbook
):
    from tests.queueing.guestbook.test_guestbook import post_entry

    response = post_entry(client, without_guestbook)
    assert response.url == reverse("consultation_walk_in", args=[without_guestbook.pk])
    page = client.get(response.url).content.decode()
    assert 'data-testid="guestbook-contact"' in page  # its contact, for the follow-up


def test_the_guestbook_link_is_not_offered_once_there_is_an_entry(client, serving):
    page = client.get(reverse("consultation_walk_in", args=[serving.pk])).content.decode()
    assert 'data-testid="record-fill-guestbook"' not in page


def test_an_appointment_made_at_the_desk_is_emailed_to_the_address_given(client, without_guestbook):
    record(
        client, without_guestbook, outcome="appointment", appointment_at="2026-11-25T10:00",
        contact_email="budi@example.org",
    )  # fmt: skip
    consultation = Consultation.objects.get()
    assert consultation.requester_email == "budi@example.org"
    (email,) = mail.outbox
    assert email.to == ["budi@example.org"]
    assert consultation.appointments.get().code.upper() in email.body.replace("-", "").upper()


def test_the_invitation_of_a_visitor_without_an_account_links_their_follow_page(
    client, without_guestbook
):
    # Trial K7: the .ics linked the consultation's page, a sign-in page for them.
    from email import message_from_bytes

    from icalendar import Calendar

    record(
        client, without_guestbook, outcome="appointment", appointment_at="2026-11-25T10:00",
        contact_email="budi@example.org",
    )  # fmt: skip
    (email,) = mail.outbox
    raw = email.message().as_bytes()
    ics = next(
        part.get_payload(decode=True)
        for part in message_from_bytes(raw).walk()
        if part.get_filename() == "undangan.ics"
    )
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    description = str(event["description"])
    assert "/consultations/follow/" in description
    consultation = Consultation.objects.get()
    assert f"/consultations/{consultation.pk}/" not in description


def test_a_contact_written_at_the_desk_ends_with_the_guestbook_retention(
    client, without_guestbook, clock, settings
):
    from django.core.management import call_command

    follow_up(client, without_guestbook, contact_email="budi@example.org", contact_phone="")
    settings.GUESTBOOK_RETENTION_DAYS = 30
    clock.shift(29 * 24 * 3600)
    call_command("purge_personal_data")
    assert Consultation.objects.get().requester_email == "budi@example.org"
    clock.shift(2 * 24 * 3600)
    call_command("purge_personal_data")
    consultation = Consultation.objects.get()
    assert (consultation.requester_email, consultation.requester_phone) == ("", "")
    assert consultation.question  # the record itself stays, for the statistics


def test_an_address_too_long_is_refused_under_its_field(client, without_guestbook):
    response = follow_up(client, without_guestbook, contact_email="a" * 300 + "@example.org")
    assert response.context["form"].has_error("contact_email")
    assert not Consultation.objects.exists()


def test_a_visitor_without_a_guestbook_entry_is_named_in_the_inbox(
    client, without_guestbook, consultation_officer
):
    # Trial I, I18: "Kunjungan langsung · (tanpa nama)".
    follow_up(
        client, without_guestbook, contact_name="  Budi Santoso ", contact_email="budi@example.org"
    )
    consultation = Consultation.objects.get()
    assert consultation.requester_name == "Budi Santoso"
    client.force_login(consultation_officer)
    inbox = client.get(reverse("consultation_list")).content.decode()
    assert "Budi Santoso" in inbox


@pytest.mark.parametrize("name", ["Budi\nSantoso", "Budi\x07", "B" * 151])
def test_a_name_that_breaks_the_rules_is_refused_under_its_field_with_the_record_kept(
    client, without_guestbook, name
):
    response = follow_up(
        client, without_guestbook, contact_name=name, contact_email="budi@example.org"
    )
    assert response.status_code == 200
    assert "contact_name" in response.context["form"].errors
    assert not Consultation.objects.exists()
    assert response.context["form"]["question"].value()


def test_the_guestbook_names_its_visitor_and_a_typed_name_is_not_kept(client, serving):
    page = client.get(reverse("consultation_walk_in", args=[serving.pk])).content.decode()
    assert 'name="contact_name"' not in page
    follow_up(client, serving, contact_name="Orang Lain")
    assert Consultation.objects.get().requester_name == ""


def test_the_service_checks_the_name_whatever_the_path(
    without_guestbook, desks, consultation_officer
):
    from consultations.models import SubjectArea

    with pytest.raises(ConsultationError) as refused:
        consultation_record_walk_in(
            ticket=without_guestbook, desk=desks[2], officer=consultation_officer,
            outcome="online_follow_up", contact_email="budi@example.org",
            contact_name="Budi\x00",
            data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                  "question": "IPM", "answer": "Tabel IPM"},
        )  # fmt: skip
    assert refused.value.field == "contact_name"
    assert not Consultation.objects.exists()
