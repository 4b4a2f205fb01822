import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pst.calendar_services import holidays_sync
from pst.models import (
    Holiday,
    HolidayKind,
    HolidaySource,
    Office,
    OpeningHours,
    PersonalDataAccess,
    User,
)
from tests.factories import DeskFactory, HolidayFactory, ServiceFactory


@pytest.mark.parametrize("persona", ["visitor", "front_office", "supervisor"])
def test_non_administrators_cannot_open_the_admin(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:pst_office_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_anonymous_is_sent_to_the_admin_login(client, db):
    assert "/admin/login/" in client.get(reverse("admin:index")).url


def test_administrator_sees_only_their_office(client, administrator, office, other_office):
    client.force_login(administrator)
    response = client.get(reverse("admin:pst_office_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [office]
    other = client.get(reverse("admin:pst_office_change", args=[other_office.pk]))
    assert other.status_code == 302  # Django admin redirects a missing object to the index


def test_administrator_cannot_add_offices(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:pst_office_add")).status_code == 403


def test_administrator_of_other_office_cannot_edit_this_offices_services(
    client, other_office_administrator, office
):
    service = ServiceFactory(office=office)
    client.force_login(other_office_administrator)
    response = client.post(
        reverse("admin:queueing_service_change", args=[service.pk]),
        {
            "office": office.pk,
            "prefix": "K",
            "name": "Diubah",
            "sla_minutes": 5,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Konsultasi Statistik"


def test_superuser_adding_an_office_gets_default_opening_hours(admin_client):
    response = admin_client.post(
        reverse("admin:pst_office_add"),
        {
            "code": "6502",
            "name": "BPS Kabupaten Bulungan",
            "province": "Kalimantan Utara",
            "time_zone": "Asia/Makassar",
            "is_active": "on",
            "address": "Tanjung Selor",
            "online_sla_working_days": 3,
            "opening_hours-TOTAL_FORMS": 0,
            "opening_hours-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    office = Office.objects.get(code="6502")
    assert OpeningHours.objects.filter(office=office).count() == 5


def test_office_code_must_have_four_digits(admin_client):
    response = admin_client.post(
        reverse("admin:pst_office_add"),
        {
            "code": "65A",
            "name": "X",
            "address": "Y",
            "time_zone": "Asia/Makassar",
            "online_sla_working_days": 3,
            "opening_hours-TOTAL_FORMS": 0,
            "opening_hours-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert not Office.objects.filter(name="X").exists()


def test_administrator_adds_a_local_closure_recorded_with_who(client, administrator, office):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:pst_holiday_add"),
        {
            "office": office.pk,
            "date": "2026-12-14",
            "name": "Hari jadi Kota Tarakan",
            "kind": HolidayKind.LOCAL,
            "is_closed": "on",
        },
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get(office=office)
    assert holiday.changed_by == administrator
    assert holiday.source == HolidaySource.MANUAL


def test_the_same_office_day_cannot_be_added_twice(client, administrator, office):
    client.force_login(administrator)
    data = {
        "office": office.pk,
        "date": "2026-12-14",
        "name": "Tutup",
        "kind": "local",
        "is_closed": "on",
    }
    client.post(reverse("admin:pst_holiday_add"), data)
    again = client.post(reverse("admin:pst_holiday_add"), data)
    assert again.status_code == 200
    assert Holiday.objects.filter(office=office).count() == 1


def test_administrator_cannot_change_a_national_day(client, administrator, db):
    holidays_sync(first_year=2026, last_year=2026)
    national = Holiday.objects.get(date=dt.date(2026, 12, 24), office__isnull=True)
    client.force_login(administrator)
    client.post(
        reverse("admin:pst_holiday_change", args=[national.pk]),
        {"date": "2026-12-24", "name": national.name, "kind": national.kind},
    )
    national.refresh_from_db()
    assert national.is_closed


def test_revoked_national_day_survives_the_next_sync(admin_client, db):
    holidays_sync(first_year=2026, last_year=2026)
    national = Holiday.objects.get(date=dt.date(2026, 12, 24), office__isnull=True)
    response = admin_client.post(
        reverse("admin:pst_holiday_change", args=[national.pk]),
        {"date": "2026-12-24", "name": national.name, "kind": national.kind, "office": ""},
    )
    assert response.status_code == 302
    national.refresh_from_db()
    assert not national.is_closed
    assert national.source == HolidaySource.MANUAL
    holidays_sync(first_year=2026, last_year=2026)
    national.refresh_from_db()
    assert not national.is_closed


def test_synced_days_cannot_be_deleted_only_revoked(admin_client, db):
    holidays_sync(first_year=2026, last_year=2026)
    national = Holiday.objects.filter(source=HolidaySource.SYNC).first()
    response = admin_client.post(
        reverse("admin:pst_holiday_delete", args=[national.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Holiday.objects.filter(pk=national.pk).exists()


def test_administrator_cannot_grant_superuser(client, administrator, front_office):
    client.force_login(administrator)
    page = client.get(reverse("admin:pst_user_change", args=[front_office.pk]))
    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields


def test_administrator_does_not_see_registered_visitors(client, administrator, visitor):
    client.force_login(administrator)
    response = client.get(reverse("admin:pst_user_changelist"))
    assert visitor not in response.context["cl"].queryset


def test_a_requesters_address_is_masked_in_the_account_list_and_opening_it_is_logged(
    admin_client, visitor, front_office
):
    # Found by the attack pass: the installation administrator's list showed every
    # requester's address in clear, and opening an account was not logged.
    page = admin_client.get(reverse("admin:pst_user_changelist")).content.decode()
    assert visitor.email not in page
    assert front_office.email in page  # staff addresses are the office's business
    found = admin_client.get(reverse("admin:pst_user_changelist"), {"q": visitor.email.upper()})
    assert list(found.context["cl"].queryset) == [visitor]
    part = admin_client.get(reverse("admin:pst_user_changelist"), {"q": "@example"})
    assert visitor not in part.context["cl"].queryset  # not guessed letter by letter
    assert not PersonalDataAccess.objects.exists()
    assert admin_client.get(reverse("admin:pst_user_change", args=[visitor.pk])).status_code == 200
    logged = PersonalDataAccess.objects.get()
    assert (logged.kind, logged.office, logged.subject) == (
        "view_detail",
        None,
        f"account {visitor.pk} (admin)",
    )
    admin_client.get(reverse("admin:pst_user_change", args=[front_office.pk]))
    assert PersonalDataAccess.objects.filter(office=front_office.office).count() == 1
    # The password and history pages show the account too (found by the review).
    before = PersonalDataAccess.objects.count()
    assert admin_client.get(f"/admin/pst/user/{visitor.pk}/password/").status_code == 200
    assert admin_client.get(f"/admin/pst/user/{visitor.pk}/history/").status_code == 200
    assert PersonalDataAccess.objects.count() == before + 2


def test_administrator_cannot_delete_accounts(client, administrator, front_office):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:pst_user_delete", args=[front_office.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert type(front_office).objects.filter(pk=front_office.pk).exists()


def test_changing_an_email_in_admin_requires_verifying_it_again(admin_client, visitor):
    page = admin_client.get(reverse("admin:pst_user_change", args=[visitor.pk]))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
    }
    data.update(email="baru@example.org", full_name=visitor.full_name, is_active="on")
    data.pop("is_staff", None)
    data.pop("is_superuser", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("email_verified_at", None)
    response = admin_client.post(reverse("admin:pst_user_change", args=[visitor.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    visitor.refresh_from_db()
    assert visitor.email == "baru@example.org"
    assert visitor.email_verified_at is None


def test_an_address_another_account_has_is_refused_once_under_its_field(
    admin_client, visitor, front_office
):
    add = {
        "email": visitor.email.upper(), "full_name": "Rina", "usable_password": "false",
        "password1": "", "password2": "",
    }  # fmt: skip
    form = admin_client.post(reverse("admin:pst_user_add"), add).context["adminform"].form
    assert form.errors.as_data()["email"][0].code == "duplicate_email"
    assert not form.non_field_errors()
    assert sum(len(errors) for errors in form.errors.values()) == 1
    # Changing an account to another's address, likewise; its own address stays its own.
    page = admin_client.get(reverse("admin:pst_user_change", args=[front_office.pk]))
    change = page.context["adminform"].form
    assert change.fields["email"].clean(front_office.email) == front_office.email
    data = {
        key: value
        for key, value in change.initial.items()
        if value is not None
        and key not in {"groups", "user_permissions", "password", "last_login", "date_joined"}
    }
    data.update(email=visitor.email, is_active="on", email_verified_at="")
    response = admin_client.post(reverse("admin:pst_user_change", args=[front_office.pk]), data)
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["email"]] == ["duplicate_email"]
    assert "__all__" not in errors


def test_administrator_must_give_new_staff_an_office(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:pst_user_add"))
    assert page.context["adminform"].form.fields["office"].required


def test_the_account_list_keeps_its_select_all_box(admin_client, visitor):
    page = admin_client.get(reverse("admin:pst_user_changelist")).content.decode()
    assert 'id="action-toggle"' in page
    assert f'aria-label="Pilih objek ini untuk suatu aksi - {visitor.full_name} pe' in page


def test_a_superuser_tells_the_services_of_each_office_apart_on_the_desk_form(
    admin_client, services, other_office
):
    from tests.factories import ServiceFactory

    ServiceFactory(office=other_office, prefix="K", name="Konsultasi Statistik")
    html = admin_client.get("/admin/queueing/desk/add/").content.decode()
    assert "K Konsultasi Statistik · 6571" in html
    assert f"K Konsultasi Statistik · {other_office.code}" in html


def test_the_phone_tickets_help_names_the_address_readably(admin_client):
    html = admin_client.get("/admin/pst/office/add/").content.decode()
    assert "alamat /q/ diikuti kode kantor" in html
    assert "/q//" not in html


def test_a_superusers_lists_tell_offices_apart(admin_client, services, other_office, visitor):
    from consultations import lifecycle
    from consultations.models import SubjectArea
    from tests.factories import ServiceFactory

    ServiceFactory(office=other_office, prefix="K", name="Konsultasi Statistik")
    tickets = admin_client.get("/admin/queueing/ticket/").content.decode()
    assert "K Konsultasi Statistik · 6571" in tickets
    assert f"K Konsultasi Statistik · {other_office.code}" in tickets
    lifecycle.consultation_submit(
        requester=visitor,
        office=services["K"].office,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data", "question": "IPM?"},
    )
    listed = admin_client.get("/admin/consultations/consultation/").content.decode()
    assert "column-office" in listed


def test_a_superusers_lists_give_each_rows_time_in_its_own_offices_zone(
    admin_client, office, other_office, clock, django_assert_max_num_queries
):
    from queueing import services as queue

    other_office.time_zone = "Asia/Jayapura"
    other_office.save()
    for place in (office, other_office):
        OpeningHours.objects.filter(office=place).update(
            opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)
        )
        service = ServiceFactory(office=place, prefix="K")
        DeskFactory(office=place, number=2, name="Meja 2").services.set([service])
        queue.ticket_issue(office=place, service=service)
    with django_assert_max_num_queries(12):
        tickets = admin_client.get("/admin/queueing/ticket/").content.decode()
    # The same moment, Monday 09.00 in Tarakan, is 10.00 in an office on WIT.
    assert "23 Nov 2026 09.00 WITA" in tickets
    assert "23 Nov 2026 10.00 WIT" in tickets


def test_a_rows_page_shows_its_moments_in_its_offices_zone(
    admin_client, office, other_office, clock
):
    from queueing import services as queue
    from queueing.models import Ticket

    other_office.time_zone = "Asia/Jayapura"
    other_office.save()
    OpeningHours.objects.filter(office=other_office).update(
        opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)
    )
    service = ServiceFactory(office=other_office, prefix="K")
    DeskFactory(office=other_office, number=2, name="Meja 2").services.set([service])
    ticket = queue.ticket_issue(office=other_office, service=service)
    # Monday 09.00 in Tarakan (the superuser's browser zone) is 10.00 in Jayapura (trial G,
    # G4: the page said 9.00 while its history and the list said 10.00 WIT).
    page = admin_client.get(reverse("admin:queueing_ticket_change", args=[ticket.pk]))
    html = page.content.decode()
    assert "23 Nov 2026 10.00" in html
    assert "23 Nov 2026 9.00" not in html and "09.00" not in html
    assert Ticket.objects.get().issued_at == ticket.issued_at


def test_a_rows_history_shows_its_moments_in_its_offices_zone(
    admin_client, office, other_office, clock
):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    other_office.time_zone = "Asia/Jayapura"
    other_office.save()
    service = ServiceFactory(office=other_office, prefix="K")
    LogEntry.objects.create(
        user=User.objects.filter(is_superuser=True).first(),
        content_type=ContentType.objects.get_for_model(service), object_id=str(service.pk),
        object_repr=str(service), action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    page = admin_client.get(reverse("admin:queueing_service_history", args=[service.pk]))
    # Monday 09.00 WITA is 10.00 in Jayapura (review R7).
    assert "10.00" in page.content.decode() or "10:00" in page.content.decode()
    assert "9.00" not in page.content.decode()


def test_an_administrators_list_names_the_zone_of_its_times(client, administrator, clock):
    from queueing import services as queue

    OpeningHours.objects.filter(office=administrator.office).update(
        opens_at=dt.time(0, 0), closes_at=dt.time(23, 59)
    )
    service = ServiceFactory(office=administrator.office)
    DeskFactory(office=administrator.office, number=2, name="Meja 2").services.set([service])
    queue.ticket_issue(office=administrator.office, service=service)
    client.force_login(administrator)
    assert "23 Nov 2026 09.00 WITA" in client.get("/admin/queueing/ticket/").content.decode()


def test_in_english_the_admin_writes_dates_day_first_and_the_clock_with_a_dot(
    admin_client, office, clock
):
    HolidayFactory(office=office, date=dt.date(2026, 12, 24), name="Cuti bersama Natal")
    page = admin_client.get("/admin/pst/holiday/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "24 December 2026" in page
    assert "Dec. 24, 2026" not in page
    response = admin_client.post(
        "/admin/pst/holiday/add/",
        {"office": office.pk, "date": "25/12/2026", "name": "Natal", "kind": "local",
         "is_closed": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 302
    assert Holiday.objects.filter(office=office, date=dt.date(2026, 12, 25)).exists()


def test_the_admins_message_writes_a_new_holidays_date_the_indonesian_way(
    client, administrator, office
):
    # Product trial E, F13: "Hari libur “2026-12-14 …” berhasil ditambahkan".
    client.force_login(administrator)
    response = client.post(
        reverse("admin:pst_holiday_add"),
        {"office": office.pk, "date": "14/12/2026", "name": "Banjir - kantor tutup",
         "kind": HolidayKind.LOCAL, "is_closed": "on"},
        HTTP_ACCEPT_LANGUAGE="id",
    )  # fmt: skip
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert ">14 Desember 2026 Banjir - kantor tutup</a>" in message
    assert "2026-12-14" not in message


def test_a_tickets_admin_page_names_its_day_the_indonesian_way(admin_client, issue):
    ticket = issue("K")
    page = admin_client.get(
        reverse("admin:queueing_ticket_change", args=[ticket.pk]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "K-001 (23 November 2026)" in page
    assert "2026-11-23" not in page


@pytest.mark.parametrize(
    "query",
    [
        "app_label=queueing&model_name=desksession&field_name=officer&term=demo",
        "app_label=consultations&model_name=searchlog&field_name=user&term=p",
    ],
)
def test_the_admin_autocomplete_lists_no_accounts(admin_client, client, administrator, query):
    # No admin form uses it; it listed every account by any part of a name, full address
    # included, unlogged (trial G, G6).
    assert admin_client.get(f"/admin/autocomplete/?{query}").status_code == 404
    client.force_login(administrator)
    assert client.get(f"/admin/autocomplete/?{query}").status_code == 404


def test_part_of_a_staff_address_finds_the_staff_member_but_never_a_requester(
    admin_client, visitor, supervisor
):
    # Trial M6: "supervisor" found nobody, and nothing said that only whole addresses match.
    # A staff address is shown in the list; a requester's is masked, so found only whole.
    visitor.email = "kepala.rumah@example.org"
    visitor.save()
    page = admin_client.get(reverse("admin:pst_user_changelist"), {"q": "kepala"})
    assert list(page.context["cl"].queryset) == [supervisor]
    assert 'data-testid="account-search-hint"' in page.content.decode()
    whole = admin_client.get(reverse("admin:pst_user_changelist"), {"q": visitor.email})
    assert list(whole.context["cl"].queryset) == [visitor]


def test_an_office_administrators_search_by_part_of_an_address_stays_in_their_office(
    client, administrator, supervisor, other_office_officer
):
    client.force_login(administrator)
    page = client.get(reverse("admin:pst_user_changelist"), {"q": "@"})
    found = set(page.context["cl"].queryset)
    assert supervisor in found
    assert other_office_officer not in found


def test_an_unreadable_search_in_the_account_list_is_no_error(admin_client):
    for term in ("a\x00b", "\u0661\u0662", "9" * 400, "\u202e"):
        page = admin_client.get(reverse("admin:pst_user_changelist"), {"q": term})
        assert page.status_code in (200, 400)
