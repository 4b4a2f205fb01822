"""Admin access follows the Administrator role (trial L7): a new office's administrator signs in
to the administration site with the role alone, and loses it with the role; nobody ticks a
second switch. An office administrator still acts only in their office and never makes
anyone, themselves included, a superuser; superusers keep their access."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pst import services
from pst.models import User
from pst.permissions import Role
from tests.admin_pages import admin_form_data
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"


def _change_page(client, user) -> tuple[str, dict]:
    url = reverse("admin:pst_user_change", args=[user.pk])
    return url, admin_form_data(client, url)


def _role_ids(*roles: Role) -> list[int]:
    return [Group.objects.get(name=role.value).pk for role in roles]


def _signed_in_by_password(user: User) -> tuple[Client, str]:
    """A browser of `user` after the portal's sign-in, and where the sign-in sent it."""
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser, response.url


def test_a_new_offices_administrator_uses_the_admin_with_the_role_alone(admin_client, other_office):
    added = admin_client.post(
        reverse("admin:pst_user_add"),
        {
            "email": "admin9471@example.org",
            "full_name": "Admin Kantor Baru",
            "office": other_office.pk,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert added.status_code == 302
    user = User.objects.get(email="admin9471@example.org")
    assert not user.is_staff  # no role yet
    url, data = _change_page(admin_client, user)
    data["groups"] = _role_ids(Role.ADMINISTRATOR)  # the role, and nothing else ticked

    assert admin_client.post(url, data).status_code == 302

    user.refresh_from_db()
    assert user.is_staff
    browser, landing = _signed_in_by_password(user)
    assert landing == reverse("admin:index")
    assert browser.get(reverse("admin:index")).status_code == 200
    assert browser.get(reverse("admin:pst_office_changelist")).status_code == 200


def test_removing_the_role_takes_the_admin_away(admin_client, administrator):
    url, data = _change_page(admin_client, administrator)
    data["groups"] = _role_ids(Role.SUPERVISOR)

    assert admin_client.post(url, data).status_code == 302

    administrator.refresh_from_db()
    assert not administrator.is_staff
    browser, landing = _signed_in_by_password(administrator)
    assert landing == reverse("desk_today")  # a supervisor's landing now
    response = browser.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_an_office_administrator_gives_the_role_to_their_own_staff_only_and_no_superuser_status(
    client, administrator, front_office, other_office_officer, other_office
):
    client.force_login(administrator)
    url, data = _change_page(client, front_office)
    assert "is_superuser" not in data  # never theirs to give
    data["groups"] = _role_ids(Role.FRONT_OFFICE, Role.ADMINISTRATOR)
    data["is_superuser"] = "on"

    assert client.post(url, data).status_code == 302

    front_office.refresh_from_db()
    assert front_office.is_staff and not front_office.is_superuser
    browser = Client()
    browser.force_login(front_office)
    assert browser.get(reverse("admin:pst_user_changelist")).status_code == 200
    # Nor is superuser status theirs to take.
    url, data = _change_page(client, administrator)
    assert client.post(url, data | {"is_superuser": "on"}).status_code == 302
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    # Another office's officer is out of their sight: nothing changes.
    other = {
        "email": other_office_officer.email,
        "full_name": other_office_officer.full_name,
        "office": other_office.pk,
        "groups": _role_ids(Role.ADMINISTRATOR),
        "is_active": "on",
    }
    response = client.post(reverse("admin:pst_user_change", args=[other_office_officer.pk]), other)
    assert response.status_code == 302 and response.url == reverse("admin:index")
    other_office_officer.refresh_from_db()
    assert not other_office_officer.is_staff
    assert set(other_office_officer.groups.values_list("name", flat=True)) == {Role.FRONT_OFFICE}


def test_superusers_keep_admin_access_and_the_admin_access_column_lists_them(
    admin_client, admin_user, administrator, front_office, visitor
):
    # A superuser saving their own page keeps their way in; one made superuser gets it.
    url, data = _change_page(admin_client, admin_user)
    assert admin_client.post(url, data | {"full_name": "Root"}).status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.is_staff
    url, data = _change_page(admin_client, visitor)
    assert admin_client.post(url, data | {"is_superuser": "on"}).status_code == 302
    visitor.refresh_from_db()
    assert visitor.is_superuser and visitor.is_staff
    url, data = _change_page(admin_client, visitor)
    del data["is_superuser"]
    assert admin_client.post(url, data).status_code == 302
    visitor.refresh_from_db()
    assert not visitor.is_superuser and not visitor.is_staff
    # "Admin access" in the list: the superusers and the office's administrator.
    listed = admin_client.get(reverse("admin:pst_user_changelist"), {"is_staff__exact": "1"})
    assert {user.pk for user in listed.context["cl"].queryset} == {
        admin_user.pk,
        administrator.pk,
    }


def test_the_account_page_says_what_each_switch_does(admin_client, front_office):
    html = admin_client.get(
        reverse("admin:pst_user_change", args=[front_office.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "the role alone gives admin access" in html
    assert "Given with the Administrator role at an office" in html
    assert "the person can no longer sign in" in html
    assert "An office's administrator is given the Administrator role instead" in html


def test_admin_access_is_what_the_roles_give(office, administrator, supervisor):
    root = UserFactory(email="root@example.org", is_superuser=True)
    no_office = UserFactory(email="lepas@example.org", roles=[Role.ADMINISTRATOR])
    handed = UserFactory(email="tangan@example.org", office=office, is_staff=True)
    administrator.is_staff = False
    administrator.save()

    for user in (root, no_office, handed, administrator, supervisor):
        services.user_admin_access_keep(user=user)

    assert [
        User.objects.get(pk=user.pk).is_staff
        for user in (root, no_office, handed, administrator, supervisor)
    ] == [True, False, False, True, False]


def test_the_migration_gives_existing_administrators_their_access(office, administrator):
    migration = importlib.import_module("pst.migrations.0018_admin_access_from_roles")
    User.objects.filter(pk=administrator.pk).update(is_staff=False)
    handed = UserFactory(email="tangan@example.org", office=office, is_staff=True)
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)

    migration.admin_access_from_roles(apps, None)

    assert User.objects.get(pk=administrator.pk).is_staff
    assert not User.objects.get(pk=handed.pk).is_staff
    assert User.objects.get(pk=root.pk).is_staff
