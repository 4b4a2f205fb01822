"""The same complaint received again is not filed twice, whatever brings it back (trial L6: Back
after filing restores the typed form with a new request id, and sending it filed a second
complaint, a second email, a second due date): the same office, category, text (spacing aside)
and sender within SAME_COMPLAINT_MINUTES is the one filed, marked as a repeat."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core import mail
from django.urls import reverse

from complaints.handling import repeats, services
from complaints.models import Complaint, ComplaintCategory
from tests.complaints.test_complaint_pages import form_data

TEXT = "Antrean lama dan petugas tidak ada di meja."


def test_the_same_complaint_on_a_new_form_is_the_one_filed_and_nothing_is_emailed_again(
    file_complaint,
):
    first = file_complaint(client_request_id=uuid.uuid4())
    assert not first.is_repeat
    mail.outbox.clear()

    again = file_complaint(
        client_request_id=uuid.uuid4(),
        description="  Antrean lama dan\r\npetugas  tidak ada di meja. ",
    )

    assert again == first and again.is_repeat
    assert Complaint.objects.count() == 1
    assert first.events.count() == 1
    assert mail.outbox == []


def test_another_text_category_or_person_files_a_new_complaint(file_complaint, visitor, settings):
    settings.COMPLAINTS_PER_EMAIL_PER_HOUR = 10  # the flood guard is not what is tested
    first = file_complaint()
    other_category = ComplaintCategory.objects.get(office=None, key="service")
    others = [
        file_complaint(description=TEXT.replace("lama", "panjang")),
        file_complaint(category=other_category),
        file_complaint(complainant_email="ani@example.org"),
        file_complaint(complainant_phone="081299998888"),
        file_complaint(complainant=visitor),
    ]
    assert not any(complaint.is_repeat for complaint in others)
    assert len({first.pk, *(complaint.pk for complaint in others)}) == 6
    # None of them took the first's place: its own words again are still it.
    assert file_complaint().is_repeat
    assert Complaint.objects.count() == 6


def test_an_anonymous_complaint_repeats_only_from_the_same_browser(office, category, clock):
    """Not from the same address: two visitors behind one lobby PC, campus network or
    carrier NAT sending the same short text are two complaints, and neither is shown the
    other's code (it opens the complaint)."""

    def file(sender: str, address: str = "198.51.100.7") -> Complaint:
        return services.complaint_file(
            office=office,
            data={"category": category, "description": TEXT, "is_anonymous": True},
            client_address=address,
            sender=sender,
        )

    first = file("browser-1")
    assert file("browser-1", address="203.0.113.9") == first  # the phone moved networks
    other = file("browser-2")
    assert other != first and not other.is_repeat


def test_a_caller_that_names_no_sender_gets_no_repeat_by_content(office, category, clock):
    data = {"category": category, "description": TEXT, "is_anonymous": True}
    first = services.complaint_file(office=office, data=data)
    second = services.complaint_file(office=office, data=data)
    assert first != second and first.repeat_key == second.repeat_key == ""


def test_two_browsers_behind_one_address_file_two_complaints(client, office, category, clock):
    from django.test import Client

    anonymous = {"is_anonymous": "on", "complainant_name": "", "complainant_email": "",
                 "complainant_phone": ""}  # fmt: skip
    first = client.post("/complaints/new/", form_data(category, **anonymous))
    other = Client().post("/complaints/new/", form_data(category, **anonymous))
    assert first.status_code == other.status_code == 302
    assert Complaint.objects.count() == 2


def test_after_the_window_the_same_words_are_a_new_complaint(file_complaint, clock):
    first = file_complaint()
    clock.shift(dt.timedelta(minutes=repeats.SAME_COMPLAINT_MINUTES - 1))
    assert file_complaint() == first
    clock.shift(dt.timedelta(minutes=2))
    later = file_complaint()
    assert later != first and not later.is_repeat
    assert later.due_at > first.due_at


def test_an_officer_recording_the_same_complaint_again_gets_the_one_recorded(
    office, front_office, category, clock
):
    def record() -> Complaint:
        return services.complaint_record(
            office=office,
            officer=front_office,
            channel="phone",
            received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
            data={"category": category, "description": TEXT, "is_anonymous": True},
            client_request_id=uuid.uuid4(),
        )

    first = record()
    mail.outbox.clear()
    again = record()
    assert again == first and again.is_repeat
    assert Complaint.objects.count() == 1


def test_the_retention_purge_blanks_what_stood_for_the_sender(file_complaint, office, supervisor):
    complaint = file_complaint()
    assert complaint.repeat_key
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_reject(complaint=complaint, user=supervisor, reason="Bukan layanan kami.")
    from complaints.handling.retention import complaint_contacts_purge

    complaint_contacts_purge(office=office, before=dt.date(2027, 1, 1))
    complaint.refresh_from_db()
    assert complaint.repeat_key == ""


def test_sending_the_form_again_after_back_shows_the_acknowledgement_with_a_note(
    client, office, category, clock
):
    first = client.post("/complaints/new/", form_data(category))
    assert first.status_code == 302
    page = client.get(first.url)
    code = page.context["complaint"].display_code
    assert not page.context["repeat"]
    assert b'data-testid="already-received"' not in page.content
    sent = len(mail.outbox)

    # Back: the browser sends what it restored, with the new request id of a fetched form.
    again = client.post("/complaints/new/", form_data(category))

    assert again.status_code == 302
    page = client.get(again.url)
    assert page.context["complaint"].display_code == code
    assert b'data-testid="already-received"' in page.content
    assert Complaint.objects.count() == 1
    assert len(mail.outbox) == sent


def test_the_admin_shows_nothing_of_what_stood_for_the_sender(admin_client, file_complaint):
    complaint = file_complaint(is_anonymous=True)
    page = admin_client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    assert page.status_code == 200
    assert complaint.repeat_key and complaint.repeat_key not in page.content.decode()
