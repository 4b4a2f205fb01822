import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from pst.models import AccessKind, PersonalDataAccess
from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry
from queueing.guestbook.services import GuestbookError
from queueing.models import Ticket
from tests.concurrency import run_in_parallel
from tests.html import without_random_values

VALID = {
    "email": "Rina.Wulandari@Example.org",
    "phone": "0812-5555-0101",
    "name": "Rina Wulandari",
    "id_type": "ktp",
    "id_last4": "0123",
    "sex": "female",
    "birth_year": "1995",
    "education": "bachelor",
    "occupation": "researcher",
    "institution_category": "education",
    "institution_name": "Universitas Borneo Tarakan",
    "purpose": "research",
    "data_needed": "IPM Kota Tarakan 2020–2025",
    "privacy_acknowledged": "on",
}


def seat(client, user, desk):
    client.force_login(user)
    session = client.session
    session[DESK_SESSION_KEY] = desk.pk
    session.save()


@pytest.fixture
def called(issue, desks, front_office, client):
    """K-001 called to the front office, the officer signed in at desk 1."""
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    seat(client, front_office, desks[1])
    return ticket


def post_entry(client, ticket=None, **changes):
    data = VALID | changes
    url = reverse("guestbook_new") + (f"?ticket={ticket.pk}" if ticket else "")
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def test_check_in_saves_the_entry_and_routes_the_ticket_in_one_step(client, called, services):
    response = post_entry(client, called, route_to=services["K"].pk)
    assert response.status_code == 302
    assert response.url == reverse("desk")
    entry = GuestbookEntry.objects.get()
    assert (entry.ticket, entry.email, entry.phone) == (
        called,
        "rina.wulandari@example.org",
        "+6281255550101",
    )
    assert entry.id_last4 == "0123"
    assert entry.visit_date == dt.date(2026, 11, 23)
    called.refresh_from_db()
    assert (called.status, called.stage, called.service) == ("waiting", "service", services["K"])


def test_the_console_offers_the_guestbook_for_the_ticket_at_the_front_office(client, called):
    page = client.get(reverse("desk")).content.decode()
    assert f"{reverse('guestbook_new')}?ticket={called.pk}" in page


def test_a_ticket_gets_one_guestbook_entry(client, called, services):
    post_entry(client, called, route_to=services["K"].pk)
    # The ticket has left the desk: the form for it is gone.
    assert post_entry(client, called, route_to=services["K"].pk).status_code == 404
    assert GuestbookEntry.objects.count() == 1


def test_the_same_form_sent_again_after_routing_the_ticket_says_it_was_saved(
    client, called, services
):
    # The first submission sent the visitor on: the ticket left the desk. The second one of
    # the same form (its request id) finds that done instead of a 404.
    form = {"route_to": services["K"].pk, "request_id": "7f1c1f5e-7d2a-4c55-9a4e-0f6b8c1d2e3f"}
    assert post_entry(client, called, **form).status_code == 302
    response = post_entry(client, called, **form)
    assert (response.status_code, response.url) == (302, reverse("desk"))
    assert GuestbookEntry.objects.count() == 1


def test_double_submission_at_the_desk_is_refused_with_a_message(
    client, called, services, desks, front_office
):
    guestbook.guestbook_record(
        office=called.office, officer=front_office, data=dict(VALID) | {
            "birth_year": 1995, "privacy_acknowledged": True, "phone": "+6281255550101"},
        ticket=called, desk=desks[1],
    )  # fmt: skip
    response = post_entry(client, called, route_to=services["K"].pk)
    assert response.status_code == 200
    assert "sudah diisi" in response.content.decode()
    assert GuestbookEntry.objects.count() == 1


def test_without_a_ticket_the_form_works_too(client, front_office, desks, clock):
    client.force_login(front_office)
    response = post_entry(client)
    assert response.status_code == 302
    assert GuestbookEntry.objects.get().ticket is None


def test_without_a_ticket_the_service_is_recorded_and_the_form_says_no_queue_is_joined(
    client, front_office, desks, services, clock
):
    # Found by the product trial: "send the visitor to" promised a queue it never joined.
    client.force_login(front_office)
    page = client.get(reverse("guestbook_new")).content.decode()
    assert "Arahkan pengunjung ke" not in page
    assert "kios" in page  # where the visitor gets a number to be called
    assert post_entry(client, route_to=services["K"].pk).status_code == 302
    entry = GuestbookEntry.objects.get()
    assert entry.service == services["K"] and entry.ticket is None
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "rina@", "alamat email yang valid"),
        ("email", "", "Bidang ini tidak boleh kosong"),
        ("phone", "12345", "nomor telepon yang valid"),
        ("phone", "(0551) 21110 ext. 123", "tanpa ekstensi"),
        ("birth_year", "1890", "antara 1926 dan 2016"),
        ("birth_year", "2020", "antara 1926 dan 2016"),
        ("birth_year", "abc", "keseluruhan angka"),
        ("id_last4", "6571012345670001", "hanya 4 digit terakhir"),
        ("id_last4", "12", "4 digit terakhir"),
        ("id_last4", "12a4", "4 digit terakhir"),
        ("name", "", "Bidang ini tidak boleh kosong"),
        ("sex", "x", "pilihan yang valid"),
        ("institution_category", "secret", "pilihan yang valid"),
        ("privacy_acknowledged", None, "Bidang ini tidak boleh kosong"),
    ],
)
def test_every_invalid_value_gets_a_clear_error_and_nothing_is_saved(
    client, front_office, desks, clock, field, value, message
):
    client.force_login(front_office)
    response = post_entry(client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GuestbookEntry.objects.exists()


def test_a_full_id_number_is_not_echoed_back_into_the_page(client, front_office, clock):
    client.force_login(front_office)
    page = post_entry(client, id_last4="6571 0123 4567 0001").content.decode()
    assert "6571 0123 4567 0001" not in page
    assert "6571012345670001" not in page


def test_disability_needs_its_kind(client, front_office, clock):
    client.force_login(front_office)
    response = post_entry(client, has_disability="on", disability_kind="")
    assert "Sebutkan jenis disabilitas" in response.content.decode()
    assert post_entry(client, has_disability="on", disability_kind="Tunanetra").status_code == 302


def test_the_database_refuses_a_full_id_number_by_any_path(office, front_office, clock):
    base = dict(VALID) | {"birth_year": 1995, "privacy_acknowledged": True}
    # PostgreSQL refuses the length (varchar(4)), SQLite the check constraint.
    with transaction.atomic(), pytest.raises((IntegrityError, DataError)):
        GuestbookEntry.objects.create(
            office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
            **(base | {"id_last4": "6571012345670001"}),
        )  # fmt: skip
    with transaction.atomic(), pytest.raises(IntegrityError):
        GuestbookEntry.objects.create(
            office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
            **(base | {"id_last4": "65a1"}),
        )  # fmt: skip
    with transaction.atomic(), pytest.raises(IntegrityError):
        GuestbookEntry.objects.create(
            office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
            **(base | {"id_last4": ""}),
        )  # fmt: skip
    with pytest.raises(GuestbookError):  # the service validates before the database
        guestbook.guestbook_record(
            office=office, officer=front_office, data=base | {"id_last4": "65710123"}
        )
    assert not GuestbookEntry.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12a4", "Ketik 4 digit terakhir nomor kartu."),  # other digits: test_card_digits.py
        ("3171-0123-4567-0001", "bukan nomor kartu lengkap"),
        ("3171.0123.4567.0001", "bukan nomor kartu lengkap"),
    ],
)
def test_only_four_digits_pass_and_full_numbers_are_named_as_such(
    client, front_office, clock, typed, message
):
    client.force_login(front_office)
    response = post_entry(client, id_last4=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert typed not in response.content.decode()
    assert not GuestbookEntry.objects.exists()


@pytest.mark.parametrize("field", ["name", "institution_name", "data_needed", "phone"])
def test_a_full_id_number_typed_in_another_box_is_refused_and_not_echoed(
    client, front_office, clock, field
):
    client.force_login(front_office)
    response = post_entry(client, **{field: "6571 0123 4567 0001"})
    assert response.status_code == 200
    assert "6571 0123 4567 0001" not in response.content.decode()
    assert not GuestbookEntry.objects.exists()


def test_the_lookup_refuses_get_so_contacts_stay_out_of_urls(client, front_office, clock):
    client.force_login(front_office)
    assert client.get(reverse("guestbook_lookup"), {"email": "x@example.org"}).status_code == 405


def test_a_visitor_found_by_phone_gets_their_email_filled_in(client, front_office, clock):
    client.force_login(front_office)
    post_entry(client)
    html = client.post(reverse("guestbook_lookup"), {"phone": "0812 5555 0101"}).content.decode()
    assert 'id="email-field" hx-swap-oob="true"' in html
    assert 'value="rina.wulandari@example.org"' in html


def test_a_double_submission_without_a_ticket_saves_one_entry(client, front_office, clock):
    client.force_login(front_office)
    data = VALID | {"request_id": "6f1c1a52-2f7e-4d53-9a37-3f0b9d1c0001"}
    first = client.post(reverse("guestbook_new"), data)
    second = client.post(reverse("guestbook_new"), data, follow=True)
    assert first.status_code == 302
    assert "Entri buku tamu ini sudah tersimpan." in second.content.decode()
    assert GuestbookEntry.objects.count() == 1


def test_a_failed_transfer_saves_no_guestbook_entry(
    issue, desks, services, front_office, consultation_officer
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    ticket = queue.ticket_transfer(
        without_guestbook=True,
        ticket=ticket,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
    )
    ticket = queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    data = dict(VALID) | {"birth_year": 1995, "privacy_acknowledged": True, "phone": ""}
    with pytest.raises(GuestbookError) as error:  # already in the K queue at a service desk
        guestbook.guestbook_record(
            office=ticket.office, officer=consultation_officer, data=data, ticket=ticket,
            desk=desks[2], route_to=services["K"],
        )  # fmt: skip
    assert error.value.code == "same_service"
    assert not GuestbookEntry.objects.exists()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.desk) == ("called", desks[2])


def test_at_a_service_desk_the_guestbook_can_be_saved_without_sending_the_visitor_on(
    client, issue, desks, services, front_office, consultation_officer
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        without_guestbook=True,
        ticket=ticket,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
    )
    ticket = queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    seat(client, consultation_officer, desks[2])
    assert post_entry(client, ticket).status_code == 302
    ticket.refresh_from_db()
    assert (GuestbookEntry.objects.get().ticket, ticket.desk) == (ticket, desks[2])


def test_returning_visitor_is_found_by_email_or_phone_and_prefilled(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client)
    clock.shift(3600)
    for query in ({"email": "RINA.wulandari@example.org"}, {"phone": "+62 812 5555 0101"}):
        page = client.post(reverse("guestbook_lookup"), query, headers={"HX-Request": "true"})
        html = page.content.decode()
        assert 'data-testid="returning-visitor"' in html
        assert 'value="Rina Wulandari"' in html
        assert 'value="Universitas Borneo Tarakan"' in html
        # the card digits are asked again at each visit
        assert "0123" not in without_random_values(html)
    nobody = client.post(reverse("guestbook_lookup"), {"email": "baru@example.org"})
    assert 'data-testid="new-visitor"' in nobody.content.decode()
    assert PersonalDataAccess.objects.filter(kind=AccessKind.LOOKUP).count() == 2


def test_returning_visitor_with_an_international_domain_is_found_however_it_is_typed(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client, email="rina@bücher.example")
    assert GuestbookEntry.objects.get().email == "rina@xn--bcher-kva.example"
    for typed in ("Rina@Bücher.example", " rina@xn--bcher-kva.example "):
        page = client.post(reverse("guestbook_lookup"), {"email": typed})
        assert 'data-testid="returning-visitor"' in page.content.decode(), typed


# A new visitor, Andi, typed in full before the phone he gives turns out to be Rina's (a
# shared family phone, or a slip): trial L, L1.
ANDI = VALID | {
    "email": "andi.baru@example.com",
    "phone": VALID["phone"],
    "name": "Andi Baru",
    "id_last4": "5555",
    "sex": "male",
    "birth_year": "2001",
    "institution_name": "PT Maju",
    "purpose": "business",
    "data_needed": "Data ekspor 2025 bulanan",
}


def test_a_contact_found_after_the_details_were_typed_fills_nothing_and_asks_first(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client)
    page = client.post(reverse("guestbook_lookup"), ANDI, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert 'data-testid="returning-visitor-differs"' in html
    assert "Rina Wulandari" in html  # whom the contact belongs to, for the officer to ask
    assert 'id="guestbook-fields"' not in html and 'id="email-field"' not in html
    assert PersonalDataAccess.objects.filter(kind=AccessKind.LOOKUP).count() == 1


def test_confirming_the_returning_visitor_fills_the_person_and_keeps_this_visit(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client)
    page = client.post(reverse("guestbook_lookup"), ANDI | {"use_previous": "1"})
    html = without_random_values(page.content.decode())
    assert 'data-testid="returning-visitor"' in html
    assert 'value="Rina Wulandari"' in html and 'value="Universitas Borneo Tarakan"' in html
    # This visit's own answers stay as typed: purpose, data needed, the card's digits.
    assert 'value="business" selected' in html
    assert "Data ekspor 2025 bulanan</textarea>" in html
    assert 'value="5555"' in html and "0123" not in html


def test_what_the_officer_typed_is_kept_where_it_agrees_and_the_rest_is_filled(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client)
    typed = {
        "email": "RINA.wulandari@example.org",
        "name": "rina  wulandari",
        "purpose": "business",
        "data_needed": "Inflasi 2025",
    }
    html = client.post(reverse("guestbook_lookup"), typed).content.decode()
    assert 'data-testid="returning-visitor"' in html
    assert 'value="rina  wulandari"' in html  # as typed: the same person
    assert 'value="Universitas Borneo Tarakan"' in html
    assert 'value="business" selected' in html and "Inflasi 2025</textarea>" in html


def test_the_card_type_a_fresh_form_starts_with_is_no_typing(client, front_office, desks, clock):
    """The card type starts at KTP: a returning SIM holder, found by email, is filled in."""
    client.force_login(front_office)
    post_entry(client, id_type="sim", birth_year="١٩٩٥")
    typed = {"email": VALID["email"], "id_type": "ktp", "birth_year": "1995"}
    html = client.post(reverse("guestbook_lookup"), typed).content.decode()
    assert 'data-testid="returning-visitor"' in html
    assert 'value="sim" selected' in html


def test_a_card_number_typed_in_a_box_is_not_echoed_back_by_the_lookup(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    post_entry(client)
    nik = "6571012345678901"
    typed = {"email": VALID["email"], "id_last4": nik, "data_needed": f"NIK saya {nik}"}
    html = client.post(reverse("guestbook_lookup"), typed).content.decode()
    assert 'data-testid="returning-visitor"' in html
    assert nik not in html


def test_lookup_does_not_find_visitors_of_another_office(
    client, front_office, other_office_officer, clock
):
    client.force_login(front_office)
    post_entry(client)
    client.force_login(other_office_officer)
    page = client.post(reverse("guestbook_lookup"), {"email": VALID["email"]})
    assert page.status_code == 200
    assert "Rina" not in page.content.decode()


def test_lookup_query_budget(client, front_office, clock, django_assert_max_num_queries):
    client.force_login(front_office)
    for _ in range(3):
        post_entry(client)
    # session, user, roles, office, lookup, access log (and its savepoint), prefill choices
    with django_assert_max_num_queries(9):
        client.post(reverse("guestbook_lookup"), {"email": VALID["email"]})


# -- the list and the exports -----------------------------------------------------------------


@pytest.fixture
def entries(client, front_office, desks, clock):
    client.force_login(front_office)
    post_entry(client)
    post_entry(client, name="Budi Santoso", email="budi@example.org", phone="081399990000",
               institution_category="private")  # fmt: skip
    clock.shift(-3 * 86400)  # a visit last Friday
    post_entry(client, name="Citra Lestari", email="citra@example.org")
    clock.shift(3 * 86400)
    client.logout()
    return GuestbookEntry.objects.all()


def test_list_shows_today_with_contacts_masked(client, entries, front_office):
    client.force_login(front_office)
    html = client.get(reverse("guestbook")).content.decode()
    assert "Rina Wulandari" in html and "Budi Santoso" in html
    assert "Citra Lestari" not in html  # not today
    assert "rina.wulandari@example.org" not in html
    assert "ri•••@ex•••.org" in html
    assert "+6281255550101" not in html and "+62•••••••0101" in html
    assert PersonalDataAccess.objects.filter(kind=AccessKind.VIEW_LIST).count() == 1


def test_list_filters_by_period_category_and_name(client, entries, front_office):
    client.force_login(front_office)
    url = reverse("guestbook")
    week = {"date_from": "2026-11-16", "date_to": "2026-11-23"}
    assert "Citra Lestari" in client.get(url, week).content.decode()
    only_private = client.get(url, week | {"institution_category": "private"}).content.decode()
    assert "Budi Santoso" in only_private and "Rina Wulandari" not in only_private
    by_name = client.get(url, week | {"name": "citra"}).content.decode()
    assert "Citra Lestari" in by_name and "Budi Santoso" not in by_name
    wrong = client.get(url, {"date_from": "2026-11-23", "date_to": "2026-11-01"})
    assert "Tanggal awal setelah tanggal akhir." in wrong.content.decode()


def test_export_csv_is_masked_for_officers_and_logged(client, entries, front_office):
    client.force_login(front_office)
    response = client.get(reverse("guestbook_export", args=["csv"]), {"date_from": "2026-11-16"})
    body = response.getvalue().decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="bukutamu-6571-')
    assert "Citra Lestari" in body and "Rina Wulandari" in body
    assert "rina.wulandari@example.org" not in body and "ri•••@ex•••.org" in body
    log = PersonalDataAccess.objects.get(kind=AccessKind.EXPORT)
    assert (log.user, log.unmasked, log.row_count) == (front_office, False, 3)
    assert (log.period_start, log.period_end) == (dt.date(2026, 11, 16), dt.date(2026, 11, 23))


def test_supervisor_exports_xlsx_with_contacts_in_clear(client, entries, supervisor):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(supervisor)
    response = client.get(reverse("guestbook_export", args=["xlsx"]))
    sheet = load_workbook(BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tanggal kunjungan"
    assert any("rina.wulandari@example.org" in row for row in rows)
    assert PersonalDataAccess.objects.get(kind=AccessKind.EXPORT).unmasked is True


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', '+62&HYPERLINK("http://x")', "-1+1", "@SUM(A1)"]
)
def test_export_neutralises_spreadsheet_formulas(client, front_office, clock, value):
    client.force_login(front_office)
    post_entry(client, institution_name=value)
    body = client.get(reverse("guestbook_export", args=["csv"])).getvalue().decode("utf-8-sig")
    assert "'" + value in body.replace('""', '"')
    assert ",+62•••••••0101," in body  # the phone column keeps its +


def test_the_period_limit_holds_without_an_end_date(client, entries, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("guestbook_export", args=["csv"]), {"date_from": "2000-01-01"})
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_non_staff_see_nothing(client, entries, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("guestbook"),
        reverse("guestbook_new"),
        reverse("guestbook_export", args=["csv"]),
    ):
        assert client.get(url).status_code == 403
    lookup = client.post(reverse("guestbook_lookup"), {"email": "rina.wulandari@example.org"})
    assert lookup.status_code == 403
    assert post_entry(client).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, entries):
    for url in (reverse("guestbook"), reverse("guestbook_export", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_staff_of_another_office_see_none_of_ours(client, entries, other_office_officer):
    client.force_login(other_office_officer)
    page = client.get(reverse("guestbook"))
    assert page.status_code == 200 and "Rina" not in page.content.decode()
    export = client.get(reverse("guestbook_export", args=["csv"]))
    assert export.status_code == 200 and "Rina" not in export.getvalue().decode("utf-8-sig")


def test_officer_of_another_office_cannot_check_in_our_ticket(
    client, called, other_office_officer, services
):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    # Seated at a desk of their own office: only the office scoping can refuse them.
    own_desk = DeskFactory(office=other_office_officer.office, number=1, kind=DeskKind.FRONT_OFFICE)
    seat(client, other_office_officer, own_desk)
    assert post_entry(client, called, route_to=services["K"].pk).status_code == 404
    assert not GuestbookEntry.objects.exists()


def test_list_query_budget_is_constant(client, entries, front_office, django_assert_num_queries):
    client.force_login(front_office)
    # session, user, roles, office, filter services, count, page, access log (+ savepoint)
    with django_assert_num_queries(10):
        client.get(reverse("guestbook"))
    for i in range(10):
        client.post(reverse("guestbook_new"), VALID | {"name": f"Tamu {i}"})
    with django_assert_num_queries(10):
        assert "Tamu 9" in client.get(reverse("guestbook")).content.decode()


# -- retention ------------------------------------------------------------------------------


def test_purge_anonymises_old_entries_keeps_recent_ones_and_the_counts(
    client, front_office, clock, settings
):
    client.force_login(front_office)
    clock.move_to(dt.datetime(2024, 11, 18, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    post_entry(client, name="Lama Sekali")
    clock.move_to(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    post_entry(client, name="Baru Saja")
    categories = list(
        GuestbookEntry.objects.order_by("pk").values_list(
            "sex", "birth_year", "education", "occupation", "institution_category", "purpose"
        )
    )
    settings.GUESTBOOK_RETENTION_DAYS = 730
    call_command("purge_personal_data")
    old, new = GuestbookEntry.objects.order_by("pk")
    assert old.is_anonymised and (old.name, old.email, old.phone, old.id_last4) == ("", "", "", "")
    assert old.institution_name == "" and old.data_needed == ""
    assert not new.is_anonymised and new.name == "Baru Saja"
    assert categories == list(
        GuestbookEntry.objects.order_by("pk").values_list(
            "sex", "birth_year", "education", "occupation", "institution_category", "purpose"
        )
    )
    assert GuestbookEntry.objects.count() == 2
    # Anonymised visitors are no longer found as returning visitors.
    page = client.post(reverse("guestbook_lookup"), {"email": VALID["email"]}).content.decode()
    assert "Lama Sekali" not in page
    call_command("purge_personal_data")  # idempotent
    assert GuestbookEntry.objects.filter(anonymised_at__isnull=False).count() == 1


def test_ticket_untouched_when_the_guestbook_is_refused(client, called, services):
    post_entry(client, called, route_to=services["K"].pk, email="bad")
    called.refresh_from_db()
    assert called.status == "called"
    assert Ticket.objects.count() == 1


def test_the_admin_offers_no_way_to_write_guestbook_entries():
    from django.contrib import admin

    # Entries are written only through guestbook_record (form and console); the database
    # check constraint covers any other path (shell, import).
    assert GuestbookEntry not in admin.site._registry


def test_a_lookup_with_an_unreadable_phone_or_email_finds_nobody(client, front_office, clock):
    client.force_login(front_office)
    post_entry(client)
    for query in ({"phone": "abc"}, {"email": "not-an-email"}, {}):
        page = client.post(reverse("guestbook_lookup"), query)
        assert page.status_code == 200
        assert 'data-testid="returning-visitor"' not in page.content.decode()


# -- identity numbers and control characters on every path (issue 8, items 2, 3, 14) --------

SPLIT_NIKS = [
    "6571/0123/4567/0001",
    "6571_0123_4567_0001",
    "6571,0123,4567,0001",
    "6571.0123.4567.0001",
    "6571\r\n0123\r\n4567\r\n0001",
    "６５７１０１２３４５６７０００１",
    "٦٥٧١٠١٢٣٤٥٦٧٠٠٠١",
]


@pytest.mark.parametrize("nik", SPLIT_NIKS)
@pytest.mark.parametrize("field", ["name", "institution_name", "data_needed", "disability_kind"])
def test_a_split_or_foreign_digit_id_number_is_refused_in_every_free_text_box(
    client, front_office, clock, field, nik
):
    client.force_login(front_office)
    extra = {"has_disability": "on"} if field == "disability_kind" else {}
    response = post_entry(client, **{field: f"Teks {nik}"}, **extra)
    assert response.status_code == 200
    assert response.context["form"].has_error(field, "identity_number")
    assert nik not in response.content.decode()
    assert not GuestbookEntry.objects.exists()


def test_an_id_number_as_the_emails_local_part_is_refused_and_the_email_emptied(
    client, front_office, clock
):
    client.force_login(front_office)
    response = post_entry(client, email="6571.0123.4567.0001@gmail.com")
    assert response.context["form"].has_error("email", "identity_number")
    assert "4567" not in without_random_values(response.content.decode())
    assert not GuestbookEntry.objects.exists()


def test_data_needed_keeps_its_text_without_the_number_and_names_the_field(
    client, front_office, clock
):
    client.force_login(front_office)
    text = "IPM Kota Tarakan 2020-2023, NIK saya 6571 0123 4567 0001 untuk surat"
    response = post_entry(client, data_needed=text)
    html = response.content.decode()
    assert "6571 0123 4567 0001" not in html
    assert "IPM Kota Tarakan 2020-2023, NIK saya … untuk surat" in html
    errors = response.context["form"].errors["data_needed"]
    assert "diganti dengan “…”" in errors[0]
    # Saved again as shown, the entry goes through.
    assert post_entry(client, data_needed=response.context["form"]["data_needed"].value())
    assert GuestbookEntry.objects.get().data_needed == (
        "IPM Kota Tarakan 2020-2023, NIK saya … untuk surat"
    )


def test_years_and_codes_in_data_needed_are_kept(client, front_office, clock):
    client.force_login(front_office)
    text = "PDRB 2018, 2019, 2020, 2021 menurut KBLI 47111, 47112; Tabel 3.1.1, 3.1.2"
    assert post_entry(client, data_needed=text).status_code == 302
    assert GuestbookEntry.objects.get().data_needed == text


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Rina\x0bWulandari"), ("institution_name", "UBT\u202e"),
     ("name", "Rina\nWulandari"), ("data_needed", "IPM\x0c2020")],
)  # fmt: skip
def test_control_characters_are_refused_and_tab_newline_only_where_multi_line(
    client, front_office, clock, field, value
):
    client.force_login(front_office)
    response = post_entry(client, **{field: value})
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not GuestbookEntry.objects.exists()
    assert post_entry(client, data_needed="IPM\n\t2020").status_code == 302


GUEST_DATA = dict(VALID) | {"birth_year": 1995, "privacy_acknowledged": True,
                            "phone": "+6281255550101"}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "Rina 6571/0123/4567/0001", "identity_number"),
        ("institution_name", "٦٥٧١٠١٢٣٤٥٦٧٠٠٠١", "identity_number"),
        ("data_needed", "IPM\n6571\n0123\n4567\n0001", "identity_number"),
        ("disability_kind", "6571_0123_4567_0001", "identity_number"),
        ("email", "6571012345670001@gmail.com", "identity_number"),
        ("name", "Rina\x0bWulandari", "control_character"),
    ],
)
def test_the_service_refuses_what_the_form_would_whatever_the_path(
    office, front_office, clock, field, value, code
):
    with pytest.raises(GuestbookError) as error:
        guestbook.guestbook_record(
            office=office, officer=front_office, data=GUEST_DATA | {field: value}
        )
    assert (error.value.field, error.value.code) == (field, code)
    assert not GuestbookEntry.objects.exists()


def test_the_guestbook_validation_names_the_field_of_a_model_rule(office, front_office, clock):
    entry = GuestbookEntry(
        office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
        **(GUEST_DATA | {"sex": "x"}),
    )  # fmt: skip
    with pytest.raises(GuestbookError) as error:
        guestbook.guestbook_validate(entry=entry)
    assert error.value.field == "sex"


# -- exports: typed, safe whatever is stored, logged only once produced (items 2, 14) ------


def _xlsx(response):
    from io import BytesIO

    from openpyxl import load_workbook

    return load_workbook(BytesIO(response.getvalue())).active


def _stored_with_control_characters(office, front_office):
    """A row as older versions stored it, before control characters were refused."""
    return GuestbookEntry.objects.create(
        office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
        **(GUEST_DATA | {"name": "Rina\x0bWulandari", "data_needed": "IPM\x1b2020\u202e"}),
    )  # fmt: skip


def test_a_vertical_tab_in_a_stored_name_no_longer_breaks_the_xlsx_export(
    client, office, supervisor, front_office, clock
):
    _stored_with_control_characters(office, front_office)
    client.force_login(supervisor)
    response = client.get(reverse("guestbook_export", args=["xlsx"]))
    assert response.status_code == 200
    rows = list(_xlsx(response).iter_rows(values_only=True))
    assert rows[1][3] == "Rina\ufffdWulandari"
    assert rows[1][15] == "IPM\ufffd2020\ufffd"
    csv_body = client.get(reverse("guestbook_export", args=["csv"])).getvalue().decode()
    assert "Rina\ufffdWulandari" in csv_body and "\x0b" not in csv_body
    assert PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).count() == 2


def test_the_xlsx_export_has_date_and_number_cells_widths_and_a_fixed_header(
    client, entries, supervisor
):
    client.force_login(supervisor)
    response = client.get(reverse("guestbook_export", args=["xlsx"]), {"date_from": "2026-11-16"})
    sheet = _xlsx(response)
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Tanggal kunjungan" and header[9] == "Tahun lahir"
    visit, birth_year = sheet["A2"], sheet["J2"]
    assert visit.value == dt.datetime(2026, 11, 23) and visit.is_date
    assert visit.number_format == "DD/MM/YYYY"
    assert birth_year.value == 1995 and birth_year.data_type == "n"
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["P"].width == 50  # data needed
    assert all(sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOPQRS")
    assert sheet.freeze_panes == "A2"
    # Choice fields carry their Indonesian labels, not the stored values.
    row = {h: cell.value for h, cell in zip(header, sheet[2], strict=True)}
    assert row["Kartu identitas"].startswith("KTP")
    assert row["Jenis kelamin"] in ("Laki-laki", "Perempuan")


def test_the_xlsx_export_stores_a_formula_as_text(client, front_office, supervisor, clock):
    client.force_login(front_office)
    post_entry(client, institution_name='=HYPERLINK("http://x")')
    client.force_login(supervisor)
    sheet = _xlsx(client.get(reverse("guestbook_export", args=["xlsx"])))
    cell = sheet["N2"]
    # A text cell is never evaluated: no apostrophe (it would show), as typed.
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
    assert sheet["H2"].value == "+6281255550101"  # the phone keeps its +


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_that_fails_half_way_is_not_logged(client, entries, supervisor, fmt, monkeypatch):
    from pst.exports import Column
    from queueing.guestbook import exports

    real = exports.guestbook_export_columns

    def failing(**kwargs):
        columns = real(**kwargs)
        calls = iter(range(100))

        def boom(entry):
            if next(calls) == 1:  # the second row
                raise RuntimeError("disk full")
            return entry.name

        columns[3] = Column("Name", boom)
        return columns

    monkeypatch.setattr(exports, "guestbook_export_columns", failing)
    client.force_login(supervisor)
    client.raise_request_exception = True
    leftovers = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    with pytest.raises(RuntimeError, match="disk full"):
        response = client.get(reverse("guestbook_export", args=[fmt]), {"date_from": "2026-11-16"})
        response.getvalue()  # the CSV fails while it streams
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()
    # The rows written before the failure do not stay on disk.
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) <= leftovers


def test_the_csv_export_streams_and_is_logged_once_it_was_sent(client, entries, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("guestbook_export", args=["csv"]), {"date_from": "2026-11-16"})
    assert response.streaming
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[1].startswith("2026-11-23,")
    assert PersonalDataAccess.objects.get(kind=AccessKind.EXPORT).row_count == 3


# -- one entry per form, backed by the database (item 5) --------------------------------------


def test_a_repeated_request_id_returns_the_entry_already_written(office, front_office, clock):
    import uuid

    request_id = uuid.uuid4()
    first = guestbook.guestbook_record(
        office=office, officer=front_office, data=GUEST_DATA, client_request_id=request_id
    )
    again = guestbook.guestbook_record(
        office=office, officer=front_office, data=GUEST_DATA | {"name": "Lain"},
        client_request_id=request_id,
    )  # fmt: skip
    assert (again.pk, again.is_repeat, first.is_repeat) == (first.pk, True, False)
    assert GuestbookEntry.objects.get().name == "Rina Wulandari"


def test_the_database_refuses_a_second_entry_with_the_same_request_id(office, front_office, clock):
    import uuid

    request_id = uuid.uuid4()
    guestbook.guestbook_record(
        office=office, officer=front_office, data=GUEST_DATA, client_request_id=request_id
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        GuestbookEntry.objects.create(
            office=office, visit_date=dt.date(2026, 11, 23), created_by=front_office,
            client_request_id=request_id, **GUEST_DATA,
        )  # fmt: skip


def test_a_request_id_someone_else_used_is_refused(
    office, front_office, supervisor, other_office_officer, clock
):
    import uuid

    request_id = uuid.uuid4()
    guestbook.guestbook_record(
        office=office, officer=front_office, data=GUEST_DATA, client_request_id=request_id
    )
    for officer in (supervisor, other_office_officer):
        with pytest.raises(GuestbookError) as error:
            guestbook.guestbook_record(
                office=officer.office, officer=officer, data=GUEST_DATA,
                client_request_id=request_id,
            )  # fmt: skip
        assert error.value.code == "request_id"
    assert GuestbookEntry.objects.count() == 1


@pytest.mark.parametrize("request_id", ["not-a-uuid", "²", ""])
def test_an_unreadable_request_id_counts_as_none(client, front_office, clock, request_id):
    client.force_login(front_office)
    response = client.post(reverse("guestbook_new"), VALID | {"request_id": request_id})
    assert response.status_code == 302
    assert GuestbookEntry.objects.get().client_request_id is None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_form_give_one_entry(office, front_office, desks):
    import uuid

    import time_machine

    from tests.conftest import MONDAY_9

    request_id = uuid.uuid4()
    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(
            6,
            lambda i: guestbook.guestbook_record(
                office=office, officer=front_office, data=GUEST_DATA | {"name": f"Tamu {i}"},
                client_request_id=request_id,
            ).pk,
        )  # fmt: skip
    assert errors == []
    assert len(set(results)) == 1
    assert GuestbookEntry.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_at_the_desk_give_one_entry_and_one_transfer(
    office, services, desks, front_office
):
    import uuid

    import time_machine

    from queueing.models import EventKind, TicketEvent
    from tests.conftest import MONDAY_9

    request_id = uuid.uuid4()
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        results, errors = run_in_parallel(
            4,
            lambda i: guestbook.guestbook_record(
                office=office, officer=front_office, data=GUEST_DATA, ticket=ticket,
                desk=desks[1], route_to=services["K"], client_request_id=request_id,
            ).pk,
        )  # fmt: skip
    assert errors == []
    assert len(set(results)) == 1
    assert GuestbookEntry.objects.count() == 1
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TRANSFERRED).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_parallel_posts_of_one_form_save_one_entry(office, front_office, desks):
    import time_machine
    from django.test import Client

    from tests.conftest import MONDAY_9

    data = VALID | {"request_id": "6f1c1a52-2f7e-4d53-9a37-3f0b9d1c0002"}
    clients = [Client(), Client(), Client()]
    for each in clients:
        each.force_login(front_office)
    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(
            3, lambda i: clients[i].post(reverse("guestbook_new"), data).status_code
        )
    assert errors == []
    assert results == [302, 302, 302]
    assert GuestbookEntry.objects.count() == 1
