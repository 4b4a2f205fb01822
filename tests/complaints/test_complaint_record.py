"""/complaints/record/: a complaint that came in by phone, WhatsApp, email, social media or
LAPOR!, recorded by the office's staff who serve visitors — its code and due date counted from
when it came in, the complainant emailed when they gave an address; bad input, double
submission, and who may not."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.filing import complaint_due
from complaints.models import Complaint
from pst.permissions import Role
from tests.complaints.reports.conftest import wita
from tests.factories import UserFactory

URL = "/complaints/record/"


def record_data(category, **changes) -> dict:
    return {
        "channel": "phone",
        "received_at": "2026-11-20T15:30",  # Friday afternoon, WITA
        "category": str(category.pk),
        "description": "Penelepon mengeluh antrean lama Jumat lalu.",
        "related_reference": "",
        "complainant_name": "Siti Aminah",
        "complainant_email": "siti@example.org",
        "complainant_phone": "",
        "request_id": str(uuid.uuid4()),
        **changes,
    }


@pytest.mark.parametrize("persona", ["front_office", "consultation_officer", "supervisor"])
def test_staff_who_serve_visitors_record_a_complaint_that_came_by_phone(
    client, request, persona, office, category, clock
):
    officer = request.getfixturevalue(persona)
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    response = client.post(URL, record_data(category))
    assert response.status_code == 302 and response["Location"] == "/complaints/new/done/"
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.complainant) == ("phone", None)
    assert complaint.received_at == wita(2026, 11, 20, 15, 30)
    due = complaint_due(office=office, start=wita(2026, 11, 20, 15, 30), days=category.working_days)
    assert complaint.due_at == due.due_at
    assert complaint.events.get().actor == officer
    html = client.get("/complaints/new/done/").content.decode()
    assert complaint.display_code in html and 'data-testid="pass-code-on"' in html
    assert [m.to for m in mail.outbox if m.to == ["siti@example.org"]]


def test_an_anonymous_caller_gets_the_code_read_out_and_no_email(
    client, front_office, category, clock
):
    client.force_login(front_office)
    data = record_data(category, is_anonymous="on", complainant_name="", complainant_email="")
    client.post(URL, data)
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    # Nothing to the caller; the office, without a supervisor, hears of it at its address.
    assert [message.to for message in mail.outbox] == [["pst@example.org"]]
    html = client.get("/complaints/new/done/").content.decode()
    assert 'data-testid="pass-code-on"' in html and complaint.display_code in html


def test_the_same_form_sent_twice_records_one(client, front_office, category, clock):
    client.force_login(front_office)
    data = record_data(category)
    client.post(URL, data)
    client.post(URL, data)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"channel": "web"}, "channel"),
        ({"channel": "survey"}, "channel"),
        ({"channel": "x" * 300}, "channel"),
        ({"received_at": "2026-11-23T09:30"}, "received_at"),  # half an hour from now
        ({"received_at": "2026-10-01T09:00"}, "received_at"),  # more than a month ago
        ({"received_at": "٢٠٢٦-١١-٢٠T15:30"}, "received_at"),
        ({"received_at": "99999-11-20T15:30"}, "received_at"),
        ({"description": ""}, "description"),
        ({"description": "KTP 3171012345670001"}, "description"),
        ({"complainant_name": "Siti\x1b[31m"}, "complainant_name"),
    ],
)
def test_bad_input_is_refused_on_its_field(client, front_office, category, clock, changes, field):
    client.force_login(front_office)
    response = client.post(URL, record_data(category, **changes))
    assert response.status_code == 200
    assert response.context["form"].has_error(field), response.context["form"].errors
    assert not Complaint.objects.exists()


def test_a_nul_byte_is_a_bad_request(client, front_office, category, clock):
    client.force_login(front_office)
    assert client.post(URL, record_data(category, description="a\x00b")).status_code == 400
    assert not Complaint.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, office):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_who_serves_no_visitor_may_not_record(client, request, persona, office, category, clock):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, record_data(category)).status_code == 403
    assert not Complaint.objects.exists()


def test_naming_another_office_records_in_ones_own_only(
    client, front_office, other_office, category, clock
):
    client.force_login(front_office)
    client.post(f"{URL}?office={other_office.code}", record_data(category))
    assert Complaint.objects.get().office == front_office.office


def test_a_superuser_records_for_the_office_named(client, office, category, clock, other_office):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(f"{URL}?office={office.code}").status_code == 200
    assert client.get(f"{URL}?office=0000").status_code == 404


def test_the_service_refuses_whoever_serves_no_visitor_whatever_the_path(office, category, clock):
    visitor = UserFactory(email="pengunjung@example.org")
    other = UserFactory(email="lain@example.org", roles=[Role.FRONT_OFFICE])  # no office
    for who in (visitor, other):
        with pytest.raises(ComplaintError) as refused:
            services.complaint_record(
                office=office, officer=who, channel="phone",
                received_at=wita(2026, 11, 20, 15, 30),
                data={"category": category, "description": "Antrean lama.",
                      "complainant_name": "Siti", "complainant_phone": "081234567890"},
            )  # fmt: skip
        assert refused.value.code == "not_allowed"


def test_the_navigation_offers_it_to_staff_only(client, front_office, visitor, office):
    client.force_login(front_office)
    assert 'data-testid="nav-record-complaint"' in client.get("/accounts/profile/").content.decode()
    client.force_login(visitor)
    assert (
        'data-testid="nav-record-complaint"'
        not in client.get("/accounts/profile/").content.decode()
    )
