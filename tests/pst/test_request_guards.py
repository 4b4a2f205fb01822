"""Malformed input and oversized bodies get a clear 400/404/411/413, never a 500."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from pst.guards import body_limit, parse_id
from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from queueing.models import GuestbookEntry, Ticket

MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


@pytest.fixture
def monday():
    with time_machine.travel(MONDAY_9, tick=False):
        yield


@pytest.fixture
def ticket(office, services, desks, monday):
    return queue.ticket_issue(office=office, service=services["K"])


@pytest.fixture
def seated(client, front_office, desks):
    client.force_login(front_office)
    session = client.session
    session[DESK_SESSION_KEY] = desks[1].pk
    session.save()
    return client


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", 42),
        (42, 42),
        ("²", None),
        ("１２", None),
        ("١٢", None),
        ("9" * 4301, None),
        ("9" * 19, None),
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_ids_from_input_are_plain_ascii_digits_of_sane_length(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/kiosk/%00/",
        "/office/%00/",
        "/display/%00/",
        "/t/%00/",
        "/kiosk/6571/ticket/%00/",
        "/kiosk/6571/%0B/",
    ],
)
def test_a_control_character_in_the_path_is_a_bad_request(client, office, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b'data-testid="error-400"' in response.content


@pytest.mark.parametrize("path", ["/t/%00/cancel/", "/kiosk/%00/"])
def test_a_post_to_a_path_with_a_nul_byte_is_a_bad_request(client, office, path):
    assert client.post(path, {"service": "1"}).status_code == 400


def test_a_nul_byte_in_the_query_string_is_a_bad_request(client, office):
    assert client.get("/office/6571/?x=a%00b").status_code == 400


def test_a_nul_byte_in_form_data_is_a_bad_request_and_nothing_is_issued(
    client, office, services, monday
):
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": services["K"].pk, "request_id": "\x00"},
    )
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_tab_and_line_breaks_stay_allowed_in_form_data(client, office, services, monday):
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": services["K"].pk, "request_id": "not\ta uuid\r\n"},
    )
    assert response.status_code == 400  # the kiosk form's own refusal, not the guard's
    assert b'data-testid="error-400"' not in response.content


def test_the_bad_request_page_speaks_indonesian_by_default(client, db):
    response = client.get("/office/%00/")
    assert b"Permintaan tidak valid" in response.content


def test_a_cookie_with_a_control_character_is_ignored(client, office):
    client.cookies["sessionid"] = "abc\x01def"
    assert client.get(reverse("office_detail", args=[office.code])).status_code == 200


def test_a_guestbook_save_with_a_nul_in_its_request_id_is_refused(seated, monday):
    form = {"name": "Rina", "request_id": "abc\x00def", "privacy_acknowledged": "on"}
    assert seated.post(reverse("guestbook_new"), form).status_code == 400
    assert not GuestbookEntry.objects.exists()


@pytest.mark.parametrize("value", ["²", "１", "١", "9" * 4301, "9" * 30])
def test_a_malformed_ticket_id_on_the_guestbook_is_not_found(seated, ticket, value):
    assert seated.get(reverse("guestbook_new"), {"ticket": value}).status_code == 404
    response = seated.post(
        reverse("guestbook_lookup"), {"email": "rina@example.org", "ticket": value}
    )
    assert response.status_code < 500


@pytest.mark.parametrize(
    "query",
    [
        "service_date__year=99999999999",
        "service_date__year=2026&service_date__month=99999999999",
        "status__exact=%00",
    ],
)
def test_garbage_in_an_admin_list_filter_is_a_bad_request(admin_client, db, query):
    response = admin_client.get(reverse("admin:queueing_ticket_changelist") + "?" + query)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "service_date__year=0",
        "service_date__year=2026&service_date__month=13",
        "service_date__year=2026&service_date__month=0",
        "service_date__year=2026&service_date__month=1&service_date__day=32",
        "service_date__year=2026&service_date__month=1&service_date__day=0",
    ],
)
def test_a_date_part_out_of_the_calendar_is_a_bad_request(admin_client, db, query):
    response = admin_client.get(reverse("admin:queueing_ticket_changelist") + "?" + query)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("admin_url", "query"),
    [
        ("admin:queueing_ticket_changelist", "service_date__year=9999"),
        (
            "admin:queueing_ticket_changelist",
            "service_date__year=9999&service_date__month=12&service_date__day=31",
        ),
        ("admin:consultations_consultation_changelist", "created_at__year=9999"),
        ("admin:pst_holiday_changelist", "date__year=9999"),
    ],
)
def test_the_year_9999_in_an_admin_drill_down_is_a_bad_request_not_an_overflow(
    admin_client, db, admin_url, query
):
    response = admin_client.get(reverse(admin_url) + "?" + query)
    assert response.status_code == 400


def test_the_last_year_the_admin_can_drill_into_still_works(admin_client, db):
    url = reverse("admin:queueing_ticket_changelist")
    assert admin_client.get(url + "?service_date__year=9998").status_code == 200
    query = "?service_date__year=9998&service_date__month=12&service_date__day=31"
    assert admin_client.get(url + query).status_code == 200


def test_an_admin_list_filter_with_an_impossible_date_gets_the_admins_own_handling(
    admin_client, db
):
    url = reverse("admin:queueing_ticket_changelist") + "?service_date__year=2026"
    query = "&service_date__month=2&service_date__day=31"
    assert admin_client.get(url + query).status_code == 302  # ?e=1


# -- sizes --------------------------------------------------------------------------------


def test_a_fifty_megabyte_body_to_the_kiosk_is_refused_and_issues_nothing(
    client, office, services, monday
):
    body = b"service=" + str(services["K"].pk).encode() + b"&x=" + b"a" * (50 * 1024 * 1024)
    response = client.generic(
        "POST",
        reverse("kiosk", args=[office.code]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert b'data-testid="error-413"' in response.content
    assert not Ticket.objects.exists()


def test_a_body_without_a_length_is_refused(client, office):
    response = client.generic(
        "POST", reverse("kiosk", args=[office.code]), b"", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411


def test_a_normal_kiosk_tap_fits_its_limit(client, office, services, desks, monday):
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": services["K"].pk, "request_id": "7d0f1f5e-2a5e-4c53-9d6d-5b1a1c0e7e11"},
    )
    assert response.status_code == 302
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "path, public",
    [
        ("/kiosk/6571/", True),
        ("/q/6571/", True),
        ("/t/abc/cancel/", True),
        ("/accounts/login/", True),
        ("/accounts/register/", True),
        ("/admin/login/", True),
        ("/guestbook/new/", False),
        ("/admin/pst/office/1/change/", False),
    ],
)
def test_public_anonymous_paths_take_only_a_few_kilobytes(settings, path, public):
    limit = body_limit(path)
    assert limit == (
        settings.PUBLIC_FORM_MAX_BODY_BYTES if public else settings.REQUEST_MAX_BODY_BYTES
    )
    assert (limit <= 16 * 1024) is public


def test_the_table_of_limits_takes_a_new_row(client, office):
    with override_settings(REQUEST_BODY_LIMITS=[(r"^/office/", 10)]):
        response = client.generic("POST", "/office/6571/", b"x" * 11)
    assert response.status_code == 413


def test_a_sign_in_larger_than_a_few_kilobytes_is_refused(client, db):
    response = client.post(reverse("login"), {"username": "a@b.c", "password": "x" * 20000})
    assert response.status_code == 413


@pytest.mark.parametrize("length", ["9" * 5000, "١٢", "-1", "12 "])
def test_a_malformed_content_length_is_a_400(client, office, length):
    response = client.generic(
        "POST", reverse("kiosk", args=[office.code]), b"", CONTENT_LENGTH=length
    )
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_a_control_character_pasted_into_a_form_is_left_to_the_form(client, office, services):
    """Word's line break is a vertical tab: the form names the field and keeps the rest,
    instead of a bare 400 page that loses everything typed."""
    response = client.post(
        reverse("kiosk", args=[office.code]),
        {"service": services["K"].pk, "request_id": "a\x0bb"},
    )
    assert b'data-testid="error-400"' not in response.content


@pytest.mark.parametrize("charset", ["latin1", "utf-7", "UTF8", "utf-16", "iso-8859-1"])
@pytest.mark.parametrize("path", ["/kiosk/6571/", "/accounts/login/", "/healthz"])
def test_form_data_in_another_charset_than_utf8_is_a_bad_request_with_or_without_a_csrf_cookie(
    office, services, monday, charset, path
):
    # Found by the attack pass: with a csrftoken cookie, Django's own 400 and 500 handlers
    # read the form again, fail again, and the server answered its bare 500.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "Xv3Quc1Bp1gEWF26AyAs4w9Ap37nqm1j"
    response = client.post(
        path,
        f"service={services['K'].pk}",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()
    assert not Ticket.objects.exists()
