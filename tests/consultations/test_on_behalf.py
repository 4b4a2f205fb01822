"""Requests that came by WhatsApp, email or phone (issue 11 item 4): an officer opens the
consultation on the requester's behalf; the requester follows it without an account through
the signed, expiring link of every email; an account registered with the address takes it
over; WhatsApp exchanges are logged on it (item 6)."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.lifecycle.remote import consultation_exchange_log, consultation_open_remote
from consultations.models import Channel, Consultation, ConsultationStatus, Message, SubjectArea
from tests.factories import UserFactory

S = ConsultationStatus
FOLLOW = re.compile(r"https?://[^/\s]+(/consultations/follow/[^/\s]+/)")
ON_BEHALF = "/consultations/on-behalf/"


@pytest.fixture
def subject(db):
    return SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")


@pytest.fixture
def form(subject):
    return {
        "channel": "whatsapp",
        "contacted_at": "2026-11-23T08:40",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@example.org",
        "requester_phone": "0812-3456-7890",
        "subject_area": subject.pk,
        "topic": "data",
        "question": "Berapa jumlah penduduk miskin Kota Tarakan 2025?",
        "request_id": str(uuid.uuid4()),
    }


def open_on_behalf(office, officer, subject, **extra) -> Consultation:
    data = {
        "office": office, "officer": officer, "channel": Channel.PHONE,
        "requester_name": "Budi Santoso", "requester_email": "budi@example.org",
        "subject_area": subject, "topic": "data", "question": "Data kemiskinan 2025?",
    }  # fmt: skip
    data.update(extra)
    return consultation_open_remote(**data)


def _follow_path(message) -> str:
    match = FOLLOW.search(message.body)
    assert match, message.body
    return match.group(1)


def test_officer_records_a_whatsapp_request_for_someone_without_an_account(
    client, office, consultation_officer, form, clock
):
    client.force_login(consultation_officer)
    response = client.post(ON_BEHALF, form)
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation_detail", args=[consultation.pk])
    assert consultation.channel == Channel.WHATSAPP
    assert consultation.requester is None
    assert consultation.requester_name == "Budi Santoso"
    assert consultation.requester_phone == "+6281234567890"
    assert consultation.officer == consultation_officer
    first = consultation.messages.get()
    assert first.channel == Channel.WHATSAPP
    # The time of the WhatsApp message, in the office's time zone (WITA, UTC+8).
    assert first.happened_at == dt.datetime(2026, 11, 23, 0, 40, tzinfo=dt.UTC)
    (email,) = mail.outbox
    assert email.to == ["budi@example.org"]
    assert "/consultations/follow/" in email.body
    assert "/accounts/register/" in email.body


def test_a_request_recorded_later_says_it_was_sent_when_it_came(
    client, office, consultation_officer, form, clock
):
    # Product trial E, F15: the panel said "Dikirim" with the time it was typed in (09.00).
    client.force_login(consultation_officer)
    client.post(ON_BEHALF, form)
    consultation = Consultation.objects.get()
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    sent = page.split('data-testid="sent-at">')[1].split("</dd>")[0]
    assert sent == "23 November 2026 08.40"


def test_the_same_form_sent_twice_opens_one_consultation(
    client, office, consultation_officer, form
):
    client.force_login(consultation_officer)
    client.post(ON_BEHALF, form)
    response = client.post(ON_BEHALF, form)
    assert response.status_code == 302
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("requester_email", "", "contact"),  # with the phone also empty below
        ("requester_name", "Budi\x00Santoso", None),
        ("requester_phone", "12", "phone"),
        ("requester_phone", "9" * 400, None),
        ("question", "NIK saya 6571010101900001", None),
        ("contacted_at", "2099-01-01T10:00", "contacted_at"),
        ("channel", "walk_in", None),
        ("subject_area", "99999999999999999999999", None),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_opened(
    client, office, consultation_officer, form, field, value, code
):
    form[field] = value
    if field == "requester_email":
        form["requester_phone"] = ""
    client.force_login(consultation_officer)
    response = client.post(ON_BEHALF, form)
    assert response.status_code == 400
    assert Consultation.objects.count() == 0
    if code:
        assert response.context["form"].has_error(
            "requester_email" if code == "contact" else field, code
        )


def test_who_may_not_record_a_request(
    client, office, visitor, front_office, other_office_officer, form
):
    assert client.get(ON_BEHALF).status_code == 302  # anonymous: to the sign-in page
    for user in (visitor, front_office):
        client.force_login(user)
        assert client.get(ON_BEHALF).status_code == 403
        assert client.post(ON_BEHALF, form).status_code == 403
    client.force_login(other_office_officer)
    # An officer of another office records for their own office, never for this one.
    client.post(ON_BEHALF, form)
    assert not Consultation.objects.filter(office=office).exists()


def test_the_service_refuses_an_officer_of_another_office(office, other_office_officer, subject):
    with pytest.raises(ConsultationError) as refused:
        open_on_behalf(office, other_office_officer, subject)
    assert refused.value.code == "not_allowed"


def test_only_an_email_opens_a_consultation_without_an_officer(office, subject):
    with pytest.raises(ConsultationError):
        open_on_behalf(office, None, subject, channel=Channel.WHATSAPP)
    consultation = open_on_behalf(
        office, None, None, channel=Channel.EMAIL, subject_area=None, topic="",
        requester_name="",
    )  # fmt: skip
    assert consultation.status == S.SUBMITTED and consultation.subject_area is None


def test_a_verified_account_with_the_address_gets_the_consultation(
    office, consultation_officer, subject, visitor
):
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_email=visitor.email
    )
    assert consultation.requester == visitor
    assert consultation.requester_email == ""
    assert "/consultations/follow/" not in mail.outbox[0].body


def test_the_follow_link_opens_that_consultation_and_only_it(
    client, office, consultation_officer, subject, visitor
):
    mine = open_on_behalf(office, consultation_officer, subject)
    other = open_on_behalf(
        office, consultation_officer, subject, requester_email="lain@example.org"
    )
    account_owned = open_on_behalf(
        office, consultation_officer, subject, requester_email=visitor.email
    )
    response = client.get(_follow_path(mail.outbox[0]))
    assert response.status_code == 302
    page = client.get(reverse("consultation_detail", args=[mine.pk]))
    assert page.status_code == 200
    assert b"Data kemiskinan 2025?" in page.content
    for pk in (other.pk, account_owned.pk):
        assert client.get(reverse("consultation_detail", args=[pk])).status_code == 302
    # No new consultation with the link: that page asks to sign in.
    assert client.get(reverse("consultation_new")).status_code == 302
    # The holder writes as the requester, and the officer is told.
    mail.outbox.clear()
    response = client.post(
        reverse("consultation_act", args=[mine.pk, "reply"]),
        {"body": "Per kecamatan, terima kasih.", "request_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    reply = mine.messages.latest("pk")
    assert reply.author is None and not reply.from_staff
    assert mail.outbox[0].to == [consultation_officer.email]
    # …but does nothing an officer does.
    response = client.post(reverse("consultation_act", args=[mine.pk, "accept"]))
    mine.refresh_from_db()
    assert mine.status == S.SUBMITTED


def test_an_old_link_asks_for_a_new_one_sent_to_the_consultation_address(
    client, office, consultation_officer, subject, settings
):
    open_on_behalf(office, consultation_officer, subject)
    path = _follow_path(mail.outbox[0])
    with time_machine.travel(dt.timedelta(days=settings.CONSULTATION_LINK_DAYS + 1)):
        response = client.get(path)
        assert response.status_code == 200
        assert b"send-new-link" in response.content
        mail.outbox.clear()
        response = client.post(path + "renew/")
        assert response.status_code == 200
        assert b"bu" in response.content and b"budi@example.org" not in response.content
        client.post(path + "renew/")  # a second press within minutes sends nothing more
        assert [m.to for m in mail.outbox] == [["budi@example.org"]]
        assert client.get(_follow_path(mail.outbox[0])).status_code == 302


@pytest.mark.parametrize(
    ("token", "status"),
    [
        ("nonsense", 404),
        ("a" * 5000, 404),
        ("٣٤٥", 404),
        ("eyJhIjoxfQ:1abc:forged", 404),
        ("x\x00y", 400),  # refused by the request guard before any view
    ],
)
def test_a_forged_or_malformed_link_opens_nothing(client, office, token, status):
    assert client.get(f"/consultations/follow/{token}/").status_code == status
    assert client.post(f"/consultations/follow/{token}/renew/").status_code == status


def test_a_link_dies_when_the_consultation_joins_an_account(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    path = _follow_path(mail.outbox[0])
    user = UserFactory(email="budi@example.org", email_verified_at=None)
    from consultations.lifecycle.remote import consultations_attach_to_account

    assert consultations_attach_to_account(user=user) == 0  # not verified: nothing moves
    user.email_verified_at = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    user.save()
    assert consultations_attach_to_account(user=user) == 1
    consultation.refresh_from_db()
    assert consultation.requester == user
    # The link no longer opens it as a guest; it says where it is now (found by the product
    # trial: "this link does not work" for a right link).
    response = client.get(path)
    detail = reverse("consultation_detail", args=[consultation.pk])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert response.url.endswith("next=" + detail)
    assert "_guest" not in "".join(client.session.keys())
    client.force_login(user)
    assert client.get(path).url == detail
    client.force_login(UserFactory(email="lain@example.org"))
    assert client.get(detail).status_code == 404  # the link gives nobody else anything


def test_a_forged_link_still_does_not_work(client, office, consultation_officer, subject):
    open_on_behalf(office, consultation_officer, subject)
    path = _follow_path(mail.outbox[0])
    assert client.get(path[:-3] + "xyz/").status_code == 404


def test_verifying_a_registered_address_attaches_its_consultations(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    response = client.post(
        reverse("register"),
        {
            "email": "Budi@Example.org", "full_name": "Budi Santoso", "phone": "0812-3456-7890",
            "institution": "UBT", "occupation": "Dosen", "password1": "statistik-tarakan-2026",
            "password2": "statistik-tarakan-2026", "privacy": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    verification = re.search(r"/accounts/verify/[^\s]+", mail.outbox[-1].body)
    assert verification, mail.outbox[-1].body
    client.post(verification.group(0))
    consultation.refresh_from_db()
    assert consultation.requester is not None
    assert consultation.requester.email.lower() == "budi@example.org"


def test_an_email_request_is_accepted_once_its_subject_is_chosen(
    office, consultation_officer, subject
):
    consultation = open_on_behalf(
        office, None, None, channel=Channel.EMAIL, subject_area=None, topic="",
    )  # fmt: skip
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    assert refused.value.code == "subject_area"
    lifecycle.consultation_accept(
        consultation=consultation, officer=consultation_officer, subject_area=subject,
        topic="metadata",
    )  # fmt: skip
    consultation.refresh_from_db()
    assert consultation.status == S.ACCEPTED and consultation.topic == "metadata"


def test_the_accept_button_asks_for_the_subject_of_an_email_request(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(
        office, None, None, channel=Channel.EMAIL, subject_area=None, topic=""
    )
    client.force_login(consultation_officer)
    url = reverse("consultation_act", args=[consultation.pk, "accept"])
    refused = client.post(url)
    assert refused.status_code == 400
    assert refused.context["accept_form"].has_error("subject_area", "subject_area")
    consultation.refresh_from_db()
    assert consultation.status == S.SUBMITTED
    response = client.post(url, {"subject_area": subject.pk, "topic": "data"})
    consultation.refresh_from_db()
    assert response.status_code == 302 and consultation.status == S.ACCEPTED


def test_an_officer_logs_a_whatsapp_exchange_that_the_requester_sees(
    client, office, consultation_officer, subject, clock
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    mail.outbox.clear()
    client.force_login(consultation_officer)
    data = {
        "channel": "whatsapp", "happened_at": "2026-11-23T08:15",
        "body": "Menanyakan data per kecamatan.", "request_id": str(uuid.uuid4()),
    }  # fmt: skip
    url = reverse("consultation_act", args=[consultation.pk, "log"])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again: one message
    logged = Message.objects.filter(consultation=consultation, channel="whatsapp")
    assert logged.count() == 1 and logged.get().from_staff
    assert mail.outbox == []
    future = {**data, "happened_at": "2026-11-24T08:15", "request_id": str(uuid.uuid4())}
    response = client.post(url, future)
    assert response.status_code == 400
    assert response.context["exchange_form"].has_error("happened_at", "happened_at")
    # Product trial F: nor on a day before the request (it would be read first).
    earlier = {**data, "happened_at": "2026-06-01T10:00", "request_id": str(uuid.uuid4())}
    response = client.post(url, earlier)
    assert response.status_code == 400
    assert "sebelum hari permintaan" in response.content.decode()
    assert logged.count() == 1


def test_a_requester_cannot_log_an_exchange(office, consultation_officer, subject, visitor):
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_email=visitor.email
    )
    with pytest.raises(ConsultationError):
        consultation_exchange_log(
            consultation=consultation, officer=visitor, channel="whatsapp",
            happened_at=timezone.now(), body="x",
        )  # fmt: skip


def test_the_requester_page_offers_whatsapp_with_the_consultation_code(
    client, office, consultation_officer, subject, visitor
):
    office.whatsapp = "0851-8310-6571"
    office.save()
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_email=visitor.email
    )
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[consultation.pk]))
    link = page.context["whatsapp_link"]
    assert link.startswith("https://wa.me/6285183106571?text=")
    assert consultation.reference in link
    assert b'data-testid="continue-whatsapp"' in page.content


def test_the_followed_page_queries_do_not_grow_with_messages(
    client, office, consultation_officer, subject, django_assert_num_queries
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    client.get(_follow_path(mail.outbox[0]))
    url = reverse("consultation_detail", args=[consultation.pk])
    for i in range(6):
        consultation_exchange_log(
            consultation=consultation, officer=consultation_officer, channel="whatsapp",
            happened_at=timezone.now(), body=f"Ringkasan {i}",
        )  # fmt: skip
    # Session, consultation, messages, their files, history, appointments: the same whatever
    # the number of messages.
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_an_officer_asks_a_requester_without_an_account_to_clarify(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    mail.outbox.clear()
    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer, body="Tahun berapa saja?"
    )
    consultation.refresh_from_db()
    assert consultation.status == S.NEEDS_CLARIFICATION
    (email,) = mail.outbox
    assert email.to == ["budi@example.org"] and "/consultations/follow/" in email.body
    # The reply through the link returns it to the officers.
    client.get(_follow_path(email))
    client.post(
        reverse("consultation_act", args=[consultation.pk, "reply"]),
        {"body": "2020 sampai 2025.", "request_id": str(uuid.uuid4())},
    )
    consultation.refresh_from_db()
    assert consultation.status == S.SUBMITTED


def test_a_request_by_phone_without_an_email_cannot_be_asked_online(
    office, consultation_officer, subject
):
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_email="", requester_phone="08123456789"
    )
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_request_clarification(
            consultation=consultation, officer=consultation_officer, body="Tahun berapa?"
        )
    assert refused.value.code == "no_requester"
    assert not consultation.messages.filter(body="Tahun berapa?").exists()


@pytest.mark.parametrize("field", ["requester_name", "question"])
def test_the_service_refuses_an_identity_number_whatever_the_path(
    office, consultation_officer, subject, field
):
    with pytest.raises(ConsultationError) as refused:
        open_on_behalf(office, consultation_officer, subject, **{field: "NIK 6571010101900001"})
    assert refused.value.code == "identity_number"
    assert not Consultation.objects.exists()


def test_an_exchange_summary_with_an_identity_number_is_refused(
    office, consultation_officer, subject
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    with pytest.raises(ConsultationError) as refused:
        consultation_exchange_log(
            consultation=consultation, officer=consultation_officer, channel="phone",
            happened_at=timezone.now(),
            body="KTP 6571010101900001",
        )  # fmt: skip
    assert refused.value.code == "identity_number"


def test_the_inbox_finds_a_requester_without_an_account_by_name(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_name="Siti Aminah"
    )
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_list"), {"show": "all", "text": "aminah"})
    assert [row.pk for row in page.context["page"]] == [consultation.pk]
    # Each row names who asked (product trial F: the officer had to open every one).
    row = page.content.decode().split('data-testid="inbox-requester">')[1].split("</span>")[0]
    assert row == "Siti Aminah"


def test_an_open_session_ends_when_the_consultation_address_changes(
    client, office, consultation_officer, subject
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    client.get(_follow_path(mail.outbox[0]))
    url = reverse("consultation_detail", args=[consultation.pk])
    assert client.get(url).status_code == 200
    Consultation.objects.filter(pk=consultation.pk).update(requester_email="baru@example.org")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("when", ["٢٠٢٦-١١-٢٣T08:15", "２０２６-１１-２３T08:15"])
def test_a_time_typed_with_other_digits_than_ascii_is_refused_on_both_remote_forms(
    client, office, consultation_officer, subject, clock, when
):
    # One rule with the appointment forms (attack pass F5): these were read as 08:15.
    consultation = open_on_behalf(office, consultation_officer, subject)
    client.force_login(consultation_officer)
    url = reverse("consultation_act", args=[consultation.pk, "log"])
    data = {"channel": "whatsapp", "happened_at": when, "body": "Menanyakan data.",
            "request_id": str(uuid.uuid4())}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["exchange_form"].has_error("happened_at", "invalid")
    assert not Message.objects.filter(consultation=consultation, channel="whatsapp").exists()
    data = {
        "channel": "phone", "contacted_at": when, "requester_name": "Budi Santoso",
        "requester_email": "budi@example.org", "requester_phone": "", "subject_area": subject.pk,
        "topic": "data", "question": "Data kemiskinan?", "request_id": str(uuid.uuid4()),
    }  # fmt: skip
    before = Consultation.objects.count()
    response = client.post(reverse("consultation_on_behalf"), data)
    assert response.status_code == 400
    assert response.context["form"].has_error("contacted_at", "invalid")
    assert Consultation.objects.count() == before


def test_answering_a_requester_without_email_says_nobody_was_told_and_the_page_warns(
    client, office, consultation_officer, subject, clock
):
    # Found by the product trial: "Answer sent; the requester was emailed" with no address.
    consultation = open_on_behalf(
        office, consultation_officer, subject, requester_email="", requester_phone="081234567890"
    )
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[consultation.pk]))
    assert 'data-testid="unreachable"' in page.content.decode()
    mail.outbox.clear()
    response = client.post(
        reverse("consultation_act", args=[consultation.pk, "answer"]),
        {"body": "Data tersedia di tabel 3.1.", "request_id": str(uuid.uuid4())},
        follow=True,
    )
    text = response.content.decode()
    assert "tidak diberi tahu" in text or "was not told" in text
    assert "sudah diberi tahu lewat email" not in text and mail.outbox == []


def test_a_requester_with_an_address_is_told_so(
    client, office, consultation_officer, subject, clock
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[consultation.pk]))
    assert 'data-testid="unreachable"' not in page.content.decode()


def test_the_officers_form_sent_again_after_back_opens_no_second_consultation(
    office, consultation_officer, subject
):
    # Back then save gives the refilled form a new request id (trial G, G5).
    first = open_on_behalf(office, consultation_officer, subject, client_request_id=uuid.uuid4())
    again = open_on_behalf(office, consultation_officer, subject, client_request_id=uuid.uuid4())
    assert again == first
    assert Consultation.objects.count() == 1
    assert Message.objects.count() == 1
    # Anything changed is another request, recorded.
    other = open_on_behalf(
        office, consultation_officer, subject,
        client_request_id=uuid.uuid4(), question="Data kemiskinan 2024?",
    )  # fmt: skip
    assert other != first
    assert Consultation.objects.count() == 2


def test_the_same_words_at_another_contact_time_are_another_request(
    office, consultation_officer, subject
):
    first = open_on_behalf(office, consultation_officer, subject, contacted_at=timezone.now())
    later = open_on_behalf(
        office, consultation_officer, subject,
        contacted_at=timezone.now() - dt.timedelta(minutes=20),
    )  # fmt: skip
    assert later != first


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_request_recorded_twice_at_once_opens_one_consultation(
    office, consultation_officer, subject
):
    from tests.concurrency import run_in_parallel

    def record(i):
        return open_on_behalf(
            office, consultation_officer, subject, client_request_id=uuid.uuid4()
        ).pk

    results, errors = run_in_parallel(4, record)
    assert errors == []
    assert len(set(results)) == 1
    assert Consultation.objects.count() == 1
