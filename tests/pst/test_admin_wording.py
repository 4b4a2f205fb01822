"""The admin in our words: roles by name, password pages saying "kata sandi", our own messages
for duplicates, and an office administrator's filters holding only their office (fix round)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from pst.models import Holiday
from queueing.models import Service
from tests.factories import DeskFactory, ServiceFactory


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_roles_on_a_user_page_carry_their_names_and_our_help_text(
    client, administrator, front_office
):
    client.force_login(administrator)
    page = _text(client.get(reverse("admin:pst_user_change", args=[front_office.pk])))
    labels = [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'<label for="id_groups_\d+">.*?</label>', page)
    ]
    assert sorted(labels) == [
        "Administrator",
        "Petugas front office",
        "Petugas konsultasi",
        "Supervisor",
    ]
    assert "<label>Peran:</label>" in page
    assert "Petugas konsultasi juga menjawab konsultasi" in page.replace("petugas", "Petugas")
    # Django's field name and its help text about permissions are gone.
    assert "<label>Grup:</label>" not in page
    assert "izin" not in page.split('id="id_groups"')[1].split("field-is_active")[0]


def test_the_users_list_filters_by_role_names(client, administrator, front_office, supervisor):
    client.force_login(administrator)
    url = reverse("admin:pst_user_changelist")
    page = _text(client.get(url))
    assert "?role=front_office" in page
    assert ">front_office<" not in page
    filtered = client.get(url, {"role": "supervisor"}).context["cl"].result_list
    assert list(filtered) == [supervisor]


def test_an_unknown_role_in_the_filter_lists_everyone(client, administrator, front_office):
    client.force_login(administrator)
    response = client.get(reverse("admin:pst_user_changelist"), {"role": "nobody"})
    assert response.status_code < 500


def test_setting_a_password_in_the_admin_speaks_of_kata_sandi_only(
    client, administrator, front_office
):
    client.force_login(administrator)
    page = _text(client.get(reverse("admin:auth_user_password_change", args=[front_office.pk])))
    assert "If disabled" not in page
    assert "current password for this user will be lost" not in page
    assert "Ganti kata sandi: fo@example.org" in page
    assert "Masukkan kata sandi baru untuk pengguna" in page
    fields = page.split("<fieldset")[1].split("</fieldset>")[0]
    assert "Kata sandi baru" in fields and "Diizinkan" in fields
    assert "Diadakan" not in fields
    content = re.sub(r"<[^>]+>", " ", page.split('id="content"')[1].split("</form>")[0])
    assert not re.search(r"(?<![Kk]ata )\b[Ss]andi\b", content)


def test_the_admin_password_form_sets_the_password(client, administrator, front_office):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[front_office.pk]),
        {"usable_password": "true", "password1": "Tarakan#2026xyz", "password2": "Tarakan#2026xyz"},
    )
    assert response.status_code == 302
    front_office.refresh_from_db()
    assert front_office.check_password("Tarakan#2026xyz")


def test_the_admins_own_password_change_is_the_portals(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    page = _text(client.get(response["Location"]))
    assert "Sandi lama" not in page


def test_a_duplicate_service_letter_says_it_already_exists(client, administrator, office):
    ServiceFactory(office=office, prefix="K", name="Konsultasi Statistik")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:queueing_service_add"),
        {
            "office": office.pk,
            "prefix": "K",
            "name": "Konsultasi lagi",
            "sla_minutes": 15,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Kantor ini sudah memiliki layanan dengan huruf ini." in page
    assert "tidak ada" not in page
    assert Service.objects.filter(office=office).count() == 1


def test_a_duplicate_desk_number_says_it_already_exists(client, administrator, office):
    DeskFactory(office=office, number=1, name="Meja 1")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:queueing_desk_add"),
        {"office": office.pk, "name": "Meja satu", "number": 1, "kind": "front_office"},
    )
    assert response.status_code == 200
    assert "Kantor ini sudah memiliki meja dengan nomor ini." in _text(response)


def test_a_duplicate_office_day_says_it_already_exists(client, administrator, office):
    client.force_login(administrator)
    data = {"office": office.pk, "date": "2026-12-14", "name": "Tutup", "kind": "local"}
    client.post(reverse("admin:pst_holiday_add"), data | {"is_closed": "on"})
    again = client.post(reverse("admin:pst_holiday_add"), data | {"is_closed": "on"})
    assert "Kantor ini sudah memiliki hari pada tanggal ini." in _text(again)
    assert Holiday.objects.filter(office=office).count() == 1


@pytest.mark.parametrize(
    "admin_url",
    [
        "admin:queueing_ticket_changelist",
        "admin:queueing_service_changelist",
        "admin:queueing_desk_changelist",
        "admin:pst_holiday_changelist",
        "admin:pst_user_changelist",
        "admin:consultations_consultation_changelist",
    ],
)
def test_an_office_administrators_filters_hold_only_their_office(
    client, administrator, office, other_office, admin_url
):
    ServiceFactory(office=office, prefix="K", name="Konsultasi Statistik")
    ServiceFactory(office=other_office, prefix="K", name="Konsultasi Statistik")
    client.force_login(administrator)
    page = _text(client.get(reverse(admin_url)))
    assert other_office.name not in page
    assert page.count("K Konsultasi Statistik") <= 1
    assert "office__id__exact" not in page


def test_a_superuser_still_filters_by_office(admin_client, office, other_office):
    page = _text(admin_client.get(reverse("admin:queueing_service_changelist")))
    assert "office__id__exact" in page
    assert other_office.name in page


def test_any_other_duplicate_says_already_exists_not_does_not_exist(db):
    with translation.override("id"):
        sentence = gettext("%(model_name)s with this %(field_labels)s already exists.")
    assert sentence.endswith("sudah ada.")


def test_the_admins_table_headers_say_ubah_not_rubah(client, administrator):
    # Trial: Django's Indonesian catalogue reads "Rubah" (a fox) in every app's table.
    client.force_login(administrator)
    page = _text(client.get(reverse("admin:index")))
    assert "Ubah atau tampilkan tautan" in page
    assert "Rubah" not in page
