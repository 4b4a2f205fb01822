"""Saved guestbook entries can be read and corrected (issue 8, item 12)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from pst.models import PersonalDataAccess
from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry, GuestbookRevision
from queueing.guestbook.services import GuestbookError
from tests.conftest import WITA

DATA = {
    "name": "Rina Wulandari",
    "id_type": "ktp",
    "id_last4": "0123",
    "email": "rina.wulandari@example.org",
    "phone": "+6281255550101",
    "sex": "female",
    "birth_year": 1995,
    "education": "bachelor",
    "occupation": "researcher",
    "institution_category": "education",
    "institution_name": "Universitas Borneo Tarakan",
    "purpose": "research",
    "data_needed": "IPM Kota Tarakan 2020–2025",
    "has_disability": False,
    "disability_kind": "",
    "privacy_acknowledged": True,
}
FORM = {
    key: ("on" if value is True else value)
    for key, value in DATA.items()
    if value is not False and key != "privacy_acknowledged"
} | {"phone": "0812-5555-0101", "version": "0"}  # as loaded before any correction


@pytest.fixture
def entry(office, front_office, clock):
    return guestbook.guestbook_record(office=office, officer=front_office, data=DATA)


def detail(entry):
    return reverse("guestbook_detail", args=[entry.pk])


def correct(entry):
    return reverse("guestbook_correct", args=[entry.pk])


# -- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["front_office", "consultation_officer", "supervisor"])
def test_staff_of_the_office_read_a_saved_entry_and_the_look_is_logged(
    client, request, persona, entry
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(detail(entry))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rina Wulandari" in page and "Universitas Borneo Tarakan" in page
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    access = PersonalDataAccess.objects.get(user=user)
    assert (access.kind, access.subject) == ("view_detail", f"guestbook entry {entry.pk}")


def test_the_guestbook_list_links_to_each_entry(client, front_office, entry):
    client.force_login(front_office)
    assert detail(entry) in client.get(reverse("guestbook")).content.decode()


def test_contacts_are_masked_for_staff_who_may_not_correct_the_entry(
    client, consultation_officer, entry
):
    client.force_login(consultation_officer)
    page = client.get(detail(entry)).content.decode()
    assert "rina.wulandari@example.org" not in page and "ri•••@ex•••.org" in page
    assert 'data-testid="guestbook-correct"' not in page


def test_anonymous_visitors_are_sent_to_sign_in(client, entry):
    for url in (detail(entry), correct(entry)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_people_who_are_not_guestbook_staff_get_403(client, request, persona, entry):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail(entry)).status_code == 403
    assert client.post(correct(entry), FORM | {"name": "X"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_staff_of_another_office_do_not_find_the_entry(client, other_office_officer, entry):
    client.force_login(other_office_officer)
    assert client.get(detail(entry)).status_code == 404
    assert client.post(correct(entry), FORM | {"name": "X"}).status_code == 404
    assert GuestbookEntry.objects.get().name == "Rina Wulandari"


def test_an_unknown_entry_is_a_404(client, front_office, db):
    client.force_login(front_office)
    assert client.get("/guestbook/999999/").status_code == 404


def test_the_read_page_keeps_its_query_budget_whatever_the_history(
    client, supervisor, entry, django_assert_num_queries
):
    client.force_login(supervisor)
    guestbook.guestbook_correct(entry=entry, officer=supervisor, data=DATA | {"name": "A"})
    client.get(detail(entry))  # warm the session
    with django_assert_num_queries(10):  # 9 + the navigation's inbox count
        client.get(detail(entry))
    for name in ("B", "C", "D", "E"):
        guestbook.guestbook_correct(entry=entry, officer=supervisor, data=DATA | {"name": name})
    with django_assert_num_queries(10):  # 9 + the navigation's inbox count
        assert "E" in client.get(detail(entry)).content.decode()


# -- correcting -------------------------------------------------------------------------------


def test_the_writer_corrects_the_entry_on_the_same_day_and_the_old_value_is_kept(
    client, front_office, entry, clock
):
    client.force_login(front_office)
    clock.shift(3600)
    response = client.post(
        correct(entry), FORM | {"name": "Rina Wulandari, S.Si.", "sex": "female"}
    )
    assert response.status_code == 302 and response.url == detail(entry)
    entry.refresh_from_db()
    assert entry.name == "Rina Wulandari, S.Si."
    revision = GuestbookRevision.objects.get()
    assert (revision.field, revision.old_value, revision.new_value) == (
        "name", "Rina Wulandari", "Rina Wulandari, S.Si.",
    )  # fmt: skip
    assert revision.changed_by == front_office
    page = client.get(detail(entry)).content.decode()
    assert 'data-testid="correction-history"' in page and "Rina Wulandari, S.Si." in page
    kinds = list(PersonalDataAccess.objects.values_list("subject", flat=True))
    assert f"guestbook entry {entry.pk} corrected (1 fields)" in kinds


def test_the_same_correction_sent_twice_is_recorded_once(client, front_office, entry):
    client.force_login(front_office)
    data = FORM | {"institution_name": "UBT"}
    assert client.post(correct(entry), data).status_code == 302
    assert client.post(correct(entry), data).status_code == 302
    assert GuestbookRevision.objects.count() == 1


def test_the_writer_cannot_correct_after_the_day(client, front_office, entry, clock):
    clock.move_to(dt.datetime(2026, 11, 24, 8, 0, tzinfo=WITA))
    client.force_login(front_office)  # the next day's sign-in (STAFF_SESSION_HOURS)
    assert client.get(correct(entry)).status_code == 403
    assert client.post(correct(entry), FORM | {"name": "Later"}).status_code == 403
    assert GuestbookEntry.objects.get().name == "Rina Wulandari"


def test_another_officer_cannot_correct_an_entry_they_did_not_write(
    client, consultation_officer, entry
):
    client.force_login(consultation_officer)
    assert client.post(correct(entry), FORM | {"name": "Other"}).status_code == 403
    with pytest.raises(GuestbookError):
        guestbook.guestbook_correct(entry=entry, officer=consultation_officer, data={"name": "O"})


def test_a_supervisor_corrects_at_any_time(client, supervisor, entry, clock):
    clock.move_to(dt.datetime(2027, 2, 1, 10, 0, tzinfo=WITA))
    client.force_login(supervisor)
    assert client.get(correct(entry)).status_code == 200
    assert client.post(correct(entry), FORM | {"education": "master"}).status_code == 302
    assert GuestbookEntry.objects.get().education == "master"
    page = client.get(detail(entry)).content.decode()
    assert "Sarjana (D4/S1)" in page or "Bachelor (D4/S1)" in page  # choices by their label


def test_a_correction_obeys_the_rules_of_the_first_save(client, front_office, entry):
    client.force_login(front_office)
    nik = "6571012345678901"
    response = client.post(correct(entry), FORM | {"id_last4": nik})
    assert response.status_code == 200
    assert nik not in response.content.decode()  # never shown back
    response = client.post(correct(entry), FORM | {"birth_year": "tahun"})
    assert response.status_code == 200
    response = client.post(correct(entry), FORM | {"email": "no-at-sign"})
    assert response.status_code == 200
    assert GuestbookEntry.objects.get().id_last4 == "0123"
    assert not GuestbookRevision.objects.exists()


def test_the_service_refuses_what_the_model_refuses(front_office, entry):
    with pytest.raises(GuestbookError):
        guestbook.guestbook_correct(
            entry=entry, officer=front_office, data={"id_last4": "12345678"}
        )
    entry.refresh_from_db()
    assert entry.id_last4 == "0123"
    assert not GuestbookRevision.objects.exists()


def test_a_correction_never_moves_the_ticket_office_or_date(
    front_office, entry, other_office, services
):
    guestbook.guestbook_correct(
        entry=entry,
        officer=front_office,
        data=DATA | {"name": "N", "office": other_office, "visit_date": dt.date(2020, 1, 1),
                     "ticket": None, "service": services["P"], "created_by": None},
    )  # fmt: skip
    entry.refresh_from_db()
    assert entry.name == "N"
    assert (entry.office_id, entry.visit_date, entry.service) == (
        front_office.office_id, dt.date(2026, 11, 23), None,
    )  # fmt: skip
    assert list(GuestbookRevision.objects.values_list("field", flat=True)) == ["name"]


def test_the_retention_purge_blanks_personal_values_in_the_history(
    client, front_office, supervisor, entry, clock, settings
):
    guestbook.guestbook_correct(
        entry=entry, officer=front_office, data=DATA | {"name": "Nama Baru", "education": "master"}
    )
    clock.move_to(dt.datetime(2029, 1, 1, 9, 0, tzinfo=WITA))
    settings.GUESTBOOK_RETENTION_DAYS = 730
    call_command("purge_personal_data")
    values = dict(GuestbookRevision.objects.values_list("field", "old_value").order_by("field"))
    assert values == {"education": "bachelor", "name": ""}
    assert not GuestbookRevision.objects.filter(field="name").exclude(new_value="").exists()
    client.force_login(supervisor)
    assert client.get(correct(entry)).status_code == 403  # anonymised: nothing to correct


# -- two corrections from the same loaded version ----------------------------------------------


def test_a_correction_from_an_outdated_form_is_refused_and_the_current_version_shown(
    client, front_office, supervisor, entry
):
    client.force_login(front_office)
    page = client.get(correct(entry))
    assert 'name="version" value="0"' in page.content.decode()
    # A supervisor saves a correction from the same loaded version first.
    client.force_login(supervisor)
    assert client.post(correct(entry), FORM | {"name": "Rina W."}).status_code == 302
    client.force_login(front_office)
    response = client.post(correct(entry), FORM | {"name": "Rina Wulan"}, follow=True)
    assert response.redirect_chain[-1][0] == correct(entry)
    html = response.content.decode()
    assert "Orang lain mengubah entri ini" in html
    assert 'value="Rina W."' in html and 'name="version" value="1"' in html
    assert GuestbookEntry.objects.get().name == "Rina W."
    assert GuestbookRevision.objects.count() == 1
    # From the current version the correction goes through.
    assert (
        client.post(correct(entry), FORM | {"name": "Rina Wulan", "version": "1"}).status_code
        == 302
    )
    assert GuestbookEntry.objects.get().name == "Rina Wulan"


def test_the_service_refuses_a_correction_from_an_outdated_version(front_office, entry):
    guestbook.guestbook_correct(entry=entry, officer=front_office, data={"name": "A"}, version=0)
    with pytest.raises(GuestbookError) as refused:
        guestbook.guestbook_correct(
            entry=entry, officer=front_office, data={"name": "B"}, version=0
        )
    assert refused.value.code == "changed_meanwhile"
    assert GuestbookEntry.objects.get().name == "A"
    # Sending again what is already there is no conflict: nothing changes.
    assert (
        guestbook.guestbook_correct(
            entry=entry, officer=front_office, data={"name": "A"}, version=0
        )
        == []
    )


def test_a_correction_without_its_version_is_refused(client, front_office, entry):
    client.force_login(front_office)
    data = {key: value for key, value in FORM.items() if key != "version"}
    response = client.post(correct(entry), data | {"name": "Tanpa versi"})
    assert response.status_code == 200
    assert GuestbookEntry.objects.get().name == "Rina Wulandari"
