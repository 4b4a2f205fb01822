"""Where to reply (trial P, P3): a complaint that came as a social media message (the standard's
"Direct Massage pada media sosial") or through LAPOR! is recorded with the only contact its
channel gives — the account or handle, or the LAPOR! report's number. It counts as a contact
for a named complaint, is refused for other channels, checked like every personal text,
masked in lists, left out of the admin and exports, purged with the other contacts, and shown
to the supervisor who answers and to whoever passes the answer on."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint
from pst.personal_data import mask_handle
from tests.complaints.test_complaint_record import URL, record_data


def social(category, **changes) -> dict:
    return record_data(
        category,
        **{
            "channel": "social", "complainant_name": "@user_ig", "complainant_email": "",
            "complainant_phone": "", "complainant_reply_to": "IG @user_ig",
            "description": "Toilet rusak (DM Instagram).", **changes,
        },
    )  # fmt: skip


def test_a_social_media_message_is_recorded_with_the_handle_it_came_from(
    client, front_office, supervisor, category, clock
):
    client.force_login(front_office)
    response = client.post(URL, social(category))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert not complaint.is_anonymous
    assert (complaint.complainant_name, complaint.complainant_reply_to) == (
        "@user_ig", "IG @user_ig",
    )  # fmt: skip
    client.force_login(supervisor)
    detail = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'data-testid="complainant-reply-to"' in detail and "IG @user_ig" in detail
    # Answered: the handle is where the answer goes, on the page of what waits.
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Toilet diperbaiki.")
    detail = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'data-testid="reply-to">IG @user_ig<' in detail
    listed = client.get("/complaints/").content.decode()
    assert "IG @user_ig" not in listed and mask_handle("IG @user_ig") in listed


def test_a_lapor_complaint_keeps_its_report_number(client, front_office, category, clock):
    client.force_login(front_office)
    client.post(
        URL,
        social(category, channel="lapor", complainant_name="Siti", complainant_reply_to="#4512387"),
    )
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.complainant_reply_to) == ("lapor", "#4512387")


def test_without_any_contact_a_named_complaint_is_still_refused(
    client, front_office, category, clock
):
    client.force_login(front_office)
    response = client.post(URL, social(category, complainant_reply_to=""))
    assert response.context["form"].has_error("complainant_email", "contact")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("channel", ["phone", "whatsapp", "email", "letter", "in_person"])
def test_where_to_reply_is_refused_for_a_channel_that_has_none(
    client, front_office, category, clock, channel
):
    client.force_login(front_office)
    response = client.post(URL, social(category, channel=channel, complainant_phone="081234567890"))
    assert response.context["form"].has_error("complainant_reply_to", "reply_to_channel")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "value, code",
    [
        ("@user\x1b[31m", "control_character"),
        ("IG\t@user", "control_character"),
        ("@user\u202e", "control_character"),
        ("@user\nFB", "line_break"),
        ("x" * 121, "max_length"),
        ("@@@ ---", "reply_to_invalid"),
        ("LAPOR ٤٥١٢٣٨٧", "reply_to_digits"),
        ("LAPOR ４５１２３８７", "reply_to_digits"),
        ("NIK 3171012345670001", "identity_number"),
    ],
)
def test_a_bad_handle_is_refused_on_its_field(client, front_office, category, clock, value, code):
    client.force_login(front_office)
    response = client.post(URL, social(category, complainant_reply_to=value))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("complainant_reply_to", code), form.errors.as_data()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "value, code",
    [
        ("@user\x1b[31m", "control_character"),
        ("x" * 121, None),
        ("@@@", "reply_to_invalid"),
        ("٤٥١٢٣٨٧", "reply_to_digits"),
        ("NIK 3171012345670001", "identity_number"),
    ],
)
def test_the_service_checks_it_whatever_the_path(
    office, front_office, category, clock, value, code
):
    with pytest.raises(ComplaintError) as refused:
        services.complaint_record(
            office=office, officer=front_office, channel="social",
            received_at=timezone.now(), data={
                "category": category, "description": "Toilet rusak.",
                "complainant_name": "Budi", "complainant_reply_to": value,
            },
        )  # fmt: skip
    assert refused.value.field == "complainant_reply_to"
    if code:
        assert refused.value.code == code
    assert not Complaint.objects.exists()


def test_the_public_form_takes_no_handle(file_complaint):
    with pytest.raises(ComplaintError) as refused:
        file_complaint(complainant_reply_to="@budi")
    assert refused.value.code == "reply_to_channel"
    assert not Complaint.objects.exists()


def test_an_anonymous_message_keeps_no_handle(client, front_office, category, clock):
    client.force_login(front_office)
    client.post(URL, social(category, is_anonymous="on"))
    complaint = Complaint.objects.get()
    assert (complaint.is_anonymous, complaint.complainant_reply_to) == (True, "")


def test_the_database_keeps_a_handle_only_with_its_channel_and_never_anonymous(
    office, front_office, category, clock
):
    complaint = services.complaint_record(
        office=office, officer=front_office, channel="social", received_at=timezone.now(),
        data={"category": category, "description": "Toilet rusak.", "complainant_name": "Budi",
              "complainant_reply_to": "@budi"},
    )  # fmt: skip
    for changes in ({"channel": "phone"}, {"is_anonymous": True, "complainant_name": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Complaint.objects.filter(pk=complaint.pk).update(**changes)


def test_the_same_message_recorded_twice_is_one_and_another_handle_is_another(
    client, front_office, category, clock
):
    client.force_login(front_office)
    client.post(URL, social(category))
    client.post(URL, social(category))  # a new request id: Back and send again
    assert Complaint.objects.count() == 1
    client.post(URL, social(category, complainant_reply_to="IG @orang_lain"))
    assert Complaint.objects.count() == 2


def test_the_purge_blanks_the_handle_and_the_admin_never_shows_it(
    client, front_office, supervisor, administrator, office, category, clock
):
    client.force_login(front_office)
    client.post(URL, social(category, request_id=str(uuid.uuid4())))
    complaint = Complaint.objects.get()
    client.force_login(administrator)
    for path in (
        "/admin/complaints/complaint/",
        f"/admin/complaints/complaint/{complaint.pk}/change/",
    ):
        assert "IG @user_ig" not in client.get(path).content.decode()
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan PST.")
    complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24))
    complaint.refresh_from_db()
    assert (complaint.complainant_name, complaint.complainant_reply_to) == ("", "")
