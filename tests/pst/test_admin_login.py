"""The Django admin's own sign-in page: open to the anonymous, counted by the lockout."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

PASSWORD = "correct horse battery 9"


@pytest.mark.django_db
def test_anonymous_can_open_the_admin_sign_in_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_a_wrong_admin_sign_in_shows_the_form_again_with_an_error(client, administrator):
    response = client.post(
        reverse("admin:login"), {"username": administrator.email, "password": "salah"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_an_administrator_signs_in_on_the_admin_sign_in_page(client, administrator):
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": administrator.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session["_auth_user_id"] == str(administrator.pk)
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=5)
def test_failed_admin_sign_ins_are_counted_and_the_fifth_locks_out(client, administrator):
    for _ in range(4):
        response = client.post(
            reverse("admin:login"), {"username": administrator.email, "password": "salah"}
        )
        assert response.status_code == 200
    assert AccessAttempt.objects.get(username=administrator.email).failures_since_start == 4
    locked = client.post(
        reverse("admin:login"), {"username": administrator.email, "password": "salah"}
    )
    assert locked.status_code == 429
    # The right password is refused while locked out, here and on the portal's sign-in.
    right = client.post(
        reverse("admin:login"), {"username": administrator.email, "password": PASSWORD}
    )
    assert right.status_code == 429
    portal = client.post(reverse("login"), {"username": administrator.email, "password": PASSWORD})
    assert portal.status_code == 429
    assert "_auth_user_id" not in client.session
