"""An answer no email carries (trial P, P2): a complainant who left only a phone number, a
social media account or a LAPOR! number hears the office's response, answer or reason only
when someone passes it on. The supervisor is told so, with the contact (a wa.me link with
the answer typed in); the complaint waits "to pass on" — on its page, in the supervisors'
list and on the officers' list — until someone records that it was passed on (who, when,
how, in its history); a text given later waits again. An email complainant is emailed as
before; an anonymous one reads it with the code, and the page says so rather than nag. Bad
input, a double submission, a stale page, and who may not."""

from __future__ import annotations

import datetime as dt
import importlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core import mail
from django.db import IntegrityError, transaction

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.models import ComplaintEventKind
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint
from pst.models import PersonalDataAccess
from pst.permissions import Role
from tests.complaints.reports.conftest import wita
from tests.factories import UserFactory

LIST = "/complaints/pass-on/"


def said(response) -> tuple[str, str]:
    """The tags and text of the last message the response left for the next page."""
    *_before, last = get_messages(response.wsgi_request)
    return last.tags, str(last)


def latest_answer(complaint: Complaint) -> int:
    return complaint.events.filter(kind__in=["responded", "resolved", "rejected"]).latest("pk").pk


def passed_on(client, complaint, *, via="phone", body="", seen=None, back=None):
    data = {
        f"pass-{complaint.pk}-via": via,
        f"pass-{complaint.pk}-body": body,
        f"pass-{complaint.pk}-answer_seen": latest_answer(complaint) if seen is None else seen,
    }
    if back:
        data["back"] = back
    return client.post(f"/complaints/{complaint.pk}/passed-on/", data)


# -- the supervisor is told, and the complaint waits --------------------------------------------


def test_resolving_a_phone_complaint_says_to_pass_it_on_and_it_waits(
    client, by_phone, supervisor, front_office
):
    client.force_login(supervisor)
    mail.outbox.clear()
    response = client.post(
        f"/complaints/{by_phone.pk}/resolve/", {"resolve-body": "Petugas sudah ditegur."}
    )
    assert response.status_code == 302
    tags, text = said(response)
    assert "to_pass_on" in tags and "warning" in tags
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is not None
    # No email to the complainant (they gave none); the officer who took the call hears of
    # it, without the contact.
    assert [m.to for m in mail.outbox] == [[front_office.email]]
    assert "3456" not in mail.outbox[0].body and by_phone.display_code not in mail.outbox[0].body
    html = client.get(f"/complaints/{by_phone.pk}/").content.decode()
    assert 'data-testid="to-pass-on"' in html and 'data-testid="form-passed-on"' in html
    assert 'href="tel:+6281234567890"' in html
    whatsapp = html.split('data-testid="reply-whatsapp"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert whatsapp.startswith("https://wa.me/6281234567890?")
    text = parse_qs(urlsplit(whatsapp.replace("&amp;", "&")).query)["text"][0]
    assert by_phone.display_code in text and "Petugas sudah ditegur." in text


def test_the_whatsapp_text_is_in_the_complainant_s_language_not_the_officer_s(
    client, by_phone, supervisor
):
    # Review: the heading the complainant reads followed the supervisor's page language.
    Complaint.objects.filter(pk=by_phone.pk).update(language="en")
    client.force_login(supervisor)
    client.post(f"/complaints/{by_phone.pk}/resolve/", {"resolve-body": "Sudah ditegur."})
    html = client.get(f"/complaints/{by_phone.pk}/").content.decode()
    whatsapp = html.split('data-testid="reply-whatsapp"')[0].rsplit('href="', 1)[1].split('"')[0]
    text = parse_qs(urlsplit(whatsapp.replace("&amp;", "&")).query)["text"][0]
    assert text.startswith("About your complaint")


def test_the_list_shows_each_complaints_channel_and_the_answers_waiting_first(
    client, record, file_complaint, supervisor, settings
):
    settings.COMPLAINTS_PER_ADDRESS_PER_HOUR = 100
    emailed = file_complaint()
    waiting = record(description="Antrean tidak bergerak.")
    for complaint in (emailed, waiting):
        services.complaint_verify(complaint=complaint, user=supervisor)
        services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah.")
    client.force_login(supervisor)
    html = client.get("/complaints/").content.decode()
    # Closed, but the phone complainant has not heard the answer: still in the default list.
    assert waiting.display_code in html and emailed.display_code not in html
    assert html.count('data-testid="row-to-pass-on"') == 1
    channels = html.split('data-testid="complaint-row-channel">')[1:]
    assert [cell.split("<")[0] for cell in channels] == [str(waiting.get_channel_display())]
    only = client.get("/complaints/", {"show": "to_pass_on"}).content.decode()
    assert only.count('data-testid="complaint-row"') == 1
    everything = client.get("/complaints/", {"show": "all"}).content.decode()
    assert everything.count('data-testid="complaint-row-channel"') == 2


def test_an_email_complainant_is_emailed_and_nothing_waits(client, file_complaint, supervisor):
    complaint = file_complaint()
    services.complaint_verify(complaint=complaint, user=supervisor)
    client.force_login(supervisor)
    mail.outbox.clear()
    response = client.post(f"/complaints/{complaint.pk}/respond/", {"respond-body": "Dicek."})
    tags, _text = said(response)
    assert "success" in tags and "to_pass_on" not in tags
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    complaint.refresh_from_db()
    assert complaint.pass_on_since is None
    assert (
        'data-testid="pass-on"' not in client.get(f"/complaints/{complaint.pk}/").content.decode()
    )


def test_an_anonymous_complainant_has_nothing_to_pass_on_and_the_page_says_so(
    client, record, supervisor
):
    complaint = record(is_anonymous=True)
    services.complaint_verify(complaint=complaint, user=supervisor)
    client.force_login(supervisor)
    response = client.post(f"/complaints/{complaint.pk}/reject/", {"reject-body": "Bukan PST."})
    tags, _text = said(response)
    assert "success" in tags and "to_pass_on" not in tags
    complaint.refresh_from_db()
    assert complaint.pass_on_since is None
    html = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'data-testid="pass-on-anonymous"' in html and 'data-testid="form-passed-on"' not in html
    with pytest.raises(ComplaintError) as refused:
        services.complaint_passed_on(
            complaint=complaint, user=supervisor, via="phone",
            answer_seen=latest_answer(complaint),
        )  # fmt: skip
    assert refused.value.code == "anonymous"


def test_the_database_refuses_an_answer_waiting_for_an_email_complainant(file_complaint, clock):
    complaint = file_complaint()
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(pass_on_since=wita(2026, 11, 23, 9))


# -- recording that it was passed on -----------------------------------------------------------


def test_the_officer_who_took_the_call_records_it_passed_on_in_the_history(
    client, by_phone, supervisor, front_office, clock
):
    services.complaint_respond(complaint=by_phone, user=supervisor, body="Sedang dicek.")
    client.force_login(front_office)
    html = client.get(LIST).content.decode()
    assert by_phone.display_code in html and "Sedang dicek." in html
    assert "081234567890" in html.replace("-", "").replace(" ", "")  # in clear: to call
    assert PersonalDataAccess.objects.filter(
        user=front_office, subject="complaints to pass on page 1", unmasked=True
    ).exists()
    clock.shift(600)
    response = passed_on(client, by_phone, via="whatsapp", body="Dibalas lewat WA, dibaca.")
    assert response.status_code == 302 and response["Location"] == LIST
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is None
    event = by_phone.events.get(kind=ComplaintEventKind.PASSED_ON)
    assert (event.actor, event.via, event.body, event.is_public) == (
        front_office, "whatsapp", "Dibalas lewat WA, dibaca.", False,
    )  # fmt: skip
    assert event.at == wita(2026, 11, 23, 9, 10)
    assert 'data-testid="nothing-waits"' in client.get(LIST).content.decode()
    client.force_login(supervisor)
    detail = client.get(f"/complaints/{by_phone.pk}/").content.decode()
    assert 'data-testid="passed-on-via"' in detail and "Dibalas lewat WA, dibaca." in detail


def test_the_supervisor_records_it_from_the_complaints_page(client, by_phone, supervisor):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    client.force_login(supervisor)
    response = passed_on(client, by_phone, back="detail")
    assert response["Location"] == f"/complaints/{by_phone.pk}/"
    assert by_phone.events.filter(kind="passed_on", actor=supervisor).count() == 1


def test_recording_it_twice_keeps_the_first_record(client, by_phone, supervisor, front_office):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    client.force_login(front_office)
    passed_on(client, by_phone)
    again = passed_on(client, by_phone, via="sms")
    tags, text = said(again)
    assert "info" in tags and front_office.full_name in text
    assert list(by_phone.events.filter(kind="passed_on").values_list("via", flat=True)) == ["phone"]


def test_an_answer_given_after_it_was_passed_on_waits_again(
    client, by_phone, supervisor, front_office
):
    services.complaint_respond(complaint=by_phone, user=supervisor, body="Sedang dicek.")
    first_seen = latest_answer(by_phone)
    client.force_login(front_office)
    passed_on(client, by_phone)
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Petugas ditegur.")
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is not None
    html = client.get(LIST).content.decode()
    assert "Petugas ditegur." in html and "Sedang dicek." not in html  # only what is new
    # The page opened before the answer cannot record it as passed on (nor can a repeat of
    # the first form).
    stale = passed_on(client, by_phone, seen=first_seen)
    assert "changed" in said(stale)[0]
    assert by_phone.events.filter(kind="passed_on").count() == 1
    passed_on(client, by_phone)
    assert by_phone.events.filter(kind="passed_on").count() == 2


def test_nothing_to_pass_on_before_an_answer_is_given(by_phone, supervisor):
    with pytest.raises(ComplaintError) as refused:
        services.complaint_passed_on(
            complaint=by_phone, user=supervisor, via="phone", answer_seen=1
        )
    assert refused.value.code == "nothing"


@pytest.mark.parametrize(
    "changes",
    [
        {"via": ""},
        {"via": "fax"},
        {"via": "x" * 300},
        {"via": "phone\x00"},
        {"body": "sudah\x1b[31m"},
        {"body": "a\tb"},
        {"body": "KTP 3171012345670001"},
        {"body": "x" * 501},
        {"seen": "abc"},
        {"seen": "9" * 40},
        {"seen": "-1"},
        {"seen": ""},
    ],
)
def test_bad_input_records_nothing(client, by_phone, supervisor, front_office, changes):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    client.force_login(front_office)
    response = passed_on(client, by_phone, **changes)
    assert response.status_code in (302, 400)
    assert not by_phone.events.filter(kind="passed_on").exists()
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is not None


def test_non_ascii_digits_name_no_other_answer(client, by_phone, supervisor, front_office):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    client.force_login(front_office)
    seen = str(latest_answer(by_phone) + 1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    passed_on(client, by_phone, seen=seen)
    assert not by_phone.events.filter(kind="passed_on").exists()


# -- who may not ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, by_phone, supervisor):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    assert client.get(LIST)["Location"].startswith("/accounts/login/")
    assert passed_on(client, by_phone)["Location"].startswith("/accounts/login/")
    assert not by_phone.events.filter(kind="passed_on").exists()


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_who_serves_no_visitor_may_not(client, by_phone, supervisor, request, persona):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert passed_on(client, by_phone).status_code == 403
    with pytest.raises(ComplaintError) as refused:
        services.complaint_passed_on(
            complaint=by_phone, user=request.getfixturevalue(persona), via="phone",
            answer_seen=latest_answer(by_phone),
        )  # fmt: skip
    assert refused.value.code == "not_allowed"
    assert not by_phone.events.filter(kind="passed_on").exists()


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.SUPERVISOR])
def test_staff_of_another_office_find_no_such_complaint(
    client, by_phone, supervisor, other_office, role
):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    stranger = UserFactory(office=other_office, roles=[role])
    client.force_login(stranger)
    assert by_phone.display_code not in client.get(LIST).content.decode()
    assert passed_on(client, by_phone).status_code == 404
    assert client.get(f"/complaints/{by_phone.pk}/passed-on/").status_code == 404
    assert not by_phone.events.filter(kind="passed_on").exists()


# -- the lists' queries, the purge, complaints answered before ----------------------------------


def test_the_officers_list_and_the_queue_read_a_fixed_number_of_queries(
    client, record, supervisor, front_office, django_assert_num_queries
):
    numbers = iter(range(100))

    def answered(count):
        for _ in range(count):
            complaint = record(description=f"Keluhan {'lagi ' * next(numbers)}soal antrean.")
            services.complaint_verify(complaint=complaint, user=supervisor)
            services.complaint_respond(complaint=complaint, user=supervisor, body="Dicek.")

    answered(2)
    client.force_login(front_office)
    client.get(LIST)
    with django_assert_num_queries(10) as few:
        client.get(LIST)
    client.force_login(supervisor)
    with django_assert_num_queries(10):
        client.get("/complaints/")
    answered(6)
    client.force_login(front_office)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(LIST)
    client.force_login(supervisor)
    with django_assert_num_queries(10):
        client.get("/complaints/")


def test_the_purge_leaves_nothing_waiting_once_the_contact_is_gone(by_phone, supervisor, office):
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24))
    by_phone.refresh_from_db()
    assert (by_phone.complainant_phone, by_phone.pass_on_since) == ("", None)


def test_complaints_answered_before_the_change_wait_to_be_passed_on(
    by_phone, supervisor, file_complaint
):
    emailed = file_complaint()
    services.complaint_verify(complaint=emailed, user=supervisor)
    for complaint in (by_phone, emailed):
        services.complaint_respond(complaint=complaint, user=supervisor, body="Sedang dicek.")
    Complaint.objects.update(pass_on_since=None)
    migration = importlib.import_module(
        "complaints.migrations.0006_complaint_reply_to_new_channels_answers_to_pass_on"
    )
    migration.answers_given_wait_to_be_passed_on(apps, None)
    by_phone.refresh_from_db()
    emailed.refresh_from_db()
    first = by_phone.events.get(kind="responded")
    assert (by_phone.pass_on_since, emailed.pass_on_since) == (first.at, None)


def test_complaints_closed_before_the_change_are_not_put_back_to_pass_on(by_phone, supervisor):
    # Years of complaints the office closed (answered by phone outside the portal) would bury
    # the list: only open ones wait.
    services.complaint_resolve(complaint=by_phone, user=supervisor, answer="Sudah ditegur.")
    Complaint.objects.update(pass_on_since=None)
    migration = importlib.import_module(
        "complaints.migrations.0006_complaint_reply_to_new_channels_answers_to_pass_on"
    )
    migration.answers_given_wait_to_be_passed_on(apps, None)
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is None
