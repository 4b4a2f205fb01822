"""A session ends with what it was signed in as: a role or office changed in the admin signs
the person out everywhere (review-2711d R8), and anyone can sign out their other devices
(trial I, I12). The browser that does it stays signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pst.permissions import Role


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _admin_form(client, user) -> dict:
    page = client.get(reverse("admin:pst_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"password", "last_login", "date_joined",
                                             "email_verified_at", "user_permissions"}
    }  # fmt: skip
    data["groups"] = [group.pk for group in user.groups.all()]
    data["office"] = user.office_id or ""
    for flag in ("is_active", "is_staff", "is_superuser"):
        if data.pop(flag, False):
            data[flag] = "on"
    return data


def test_a_role_given_in_the_admin_signs_the_person_out_everywhere(administrator, visitor, office):
    visitor.office = office
    visitor.save()
    elsewhere = _signed_in(visitor)
    assert elsewhere.get(reverse("profile")).status_code == 200
    admin = _signed_in(administrator)
    data = _admin_form(admin, visitor)
    data["groups"] = [Group.objects.get(name=Role.FRONT_OFFICE).pk]

    response = admin.post(reverse("admin:pst_user_change", args=[visitor.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert elsewhere.get(reverse("profile")).status_code == 302  # to sign in again
    assert admin.get(reverse("admin:index")).status_code == 200


def test_a_name_corrected_in_the_admin_signs_nobody_out(administrator, front_office):
    elsewhere = _signed_in(front_office)
    admin = _signed_in(administrator)
    data = _admin_form(admin, front_office) | {"full_name": "Fajar Petugas FO"}

    assert (
        admin.post(reverse("admin:pst_user_change", args=[front_office.pk]), data).status_code
        == 302
    )
    assert elsewhere.get(reverse("profile")).status_code == 200


def test_an_administrator_changing_their_own_roles_stays_signed_in(administrator):
    admin = _signed_in(administrator)
    data = _admin_form(admin, administrator)
    data["groups"] = [*data["groups"], Group.objects.get(name=Role.SUPERVISOR).pk]

    assert (
        admin.post(reverse("admin:pst_user_change", args=[administrator.pk]), data).status_code
        == 302
    )
    assert admin.get(reverse("admin:index")).status_code == 200


def test_signing_out_the_other_devices_keeps_this_one(visitor):
    phone, laptop = _signed_in(visitor), _signed_in(visitor)

    response = laptop.post(reverse("sessions_end_others"))

    assert response.status_code == 302 and response["Location"] == reverse("profile")
    assert laptop.get(reverse("profile")).status_code == 200
    assert phone.get(reverse("profile")).status_code == 302
    # Pressed twice (a double click): still signed in here, the others still out.
    assert laptop.post(reverse("sessions_end_others")).status_code == 302
    assert laptop.get(reverse("profile")).status_code == 200


def test_signing_out_other_devices_needs_a_signed_in_post(client, visitor):
    response = client.post(reverse("sessions_end_others"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(visitor)
    # Opened with GET (the `next` of that post, after signing in): the profile, nobody is
    # signed out.
    response = client.get(reverse("sessions_end_others"))
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    visitor.refresh_from_db()
    assert visitor.session_generation == 0


@pytest.mark.django_db
def test_sessions_made_before_the_generation_existed_still_hold(visitor):
    from django.contrib.auth.base_user import AbstractBaseUser

    assert visitor.session_generation == 0
    assert visitor.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(visitor)


def test_a_save_of_an_account_read_before_the_sign_out_does_not_undo_it(visitor):
    from pst import services
    from pst.models import User

    stolen_phone = _signed_in(visitor)
    stale = User.objects.get(pk=visitor.pk)  # read by some request before the sign-out
    services.user_sessions_end(user=User.objects.get(pk=visitor.pk))
    stale.full_name = "Siti P."
    stale.save()  # a full save, as the admin's save_model does (trial J, J4)

    assert User.objects.get(pk=visitor.pk).session_generation == 1
    assert User.objects.get(pk=visitor.pk).full_name == "Siti P."
    assert stolen_phone.get(reverse("profile")).status_code == 302
