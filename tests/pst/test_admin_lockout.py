"""An office administrator cannot take the office, or themselves, out of service in the admin
(product trial G, G3 and G13): the office's code, its time zone and whether it is active are
the installation's decisions, and an administrator cannot remove their own administrator role or
admin access. A superuser may do all of it."""

from __future__ import annotations

from django.urls import reverse

from pst.permissions import Role
from tests.admin_pages import admin_form_data, office_form
from tests.factories import UserFactory


def test_an_administrator_sees_the_code_and_active_flag_but_cannot_change_them(
    client, administrator, office
):
    client.force_login(administrator)
    url, data = office_form(client, office)
    assert "code" not in data and "is_active" not in data  # shown, not editable
    data.update(code="6572", name="BPS Kota Tarakan (baru)")  # is_active left unticked
    response = client.post(url, data)
    assert response.status_code == 302
    office.refresh_from_db()
    assert (office.code, office.is_active) == ("6571", True)
    assert office.name == "BPS Kota Tarakan (baru)"  # the rest of the page is theirs


def test_an_administrator_sees_the_time_zone_but_cannot_change_it(client, administrator, office):
    client.force_login(administrator)
    url, data = office_form(client, office)
    assert "time_zone" not in data  # shown, not editable
    data["time_zone"] = "Asia/Jakarta"
    assert client.post(url, data).status_code == 302
    office.refresh_from_db()
    assert office.time_zone == "Asia/Makassar"


def test_a_superuser_changes_an_offices_code_and_time_zone_and_switches_it_off(
    admin_client, office
):
    url, data = office_form(admin_client, office)
    data.update(code="6572", time_zone="Asia/Jakarta")
    del data["is_active"]
    assert admin_client.post(url, data).status_code == 302
    office.refresh_from_db()
    assert (office.code, office.time_zone, office.is_active) == ("6572", "Asia/Jakarta", False)


def _own_page(client, user) -> tuple[str, dict]:
    url = reverse("admin:pst_user_change", args=[user.pk])
    return url, admin_form_data(client, url)


def _roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_an_administrator_cannot_remove_their_own_administrator_role(client, administrator):
    client.force_login(administrator)
    url, data = _own_page(client, administrator)
    data["groups"] = []
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"] == [
        "You cannot remove your own administrator role. Another administrator of your "
        "office, or the installation's administrator, can."
    ]
    assert _roles(administrator) == {Role.ADMINISTRATOR}


def test_an_administrator_cannot_switch_off_their_own_account(client, administrator):
    client.force_login(administrator)
    url, data = _own_page(client, administrator)
    del data["is_active"]
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["is_active"]
    administrator.refresh_from_db()
    assert administrator.is_staff and administrator.is_active


def test_an_administrators_admin_access_is_no_switch_of_the_form(client, administrator):
    # It follows the role (trial L7): unticking it is not even possible.
    client.force_login(administrator)
    url, data = _own_page(client, administrator)
    assert "is_staff" not in data
    data["is_staff"] = ""
    assert client.post(url, data).status_code == 302
    administrator.refresh_from_db()
    assert administrator.is_staff


def test_an_administrator_may_add_a_role_to_their_own_account(client, administrator):
    client.force_login(administrator)
    url, data = _own_page(client, administrator)
    role_ids = {group.name: group.pk for group in administrator.groups.model.objects.all()}
    data["groups"] = [role_ids[Role.ADMINISTRATOR], role_ids[Role.SUPERVISOR]]
    assert client.post(url, data).status_code == 302
    assert _roles(administrator) == {Role.ADMINISTRATOR, Role.SUPERVISOR}


def test_another_administrator_of_the_office_may_remove_the_role(client, administrator, office):
    colleague = UserFactory(
        email="admin2@example.org", office=office, roles=[Role.ADMINISTRATOR], is_staff=True
    )
    client.force_login(colleague)
    url, data = _own_page(client, administrator)
    data["groups"] = []
    assert client.post(url, data).status_code == 302
    assert _roles(administrator) == set()


def test_a_superuser_may_remove_an_administrators_role(admin_client, administrator):
    url, data = _own_page(admin_client, administrator)
    data["groups"] = []
    assert admin_client.post(url, data).status_code == 302
    assert _roles(administrator) == set()


def test_an_administrators_own_password_is_changed_on_the_portals_page(client, administrator):
    # The admin's page offered "sign in with a password: not allowed" for oneself (review R1).
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[administrator.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    response = client.post(url, {"usable_password": "false", "password1": "", "password2": ""})
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.has_usable_password()
