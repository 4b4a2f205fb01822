"""Staff land where their work is after signing in; every password text says "kata sandi"."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"


def sign_in(client, user, **extra):
    return client.post(
        reverse("login") + extra.pop("query", ""),
        {"username": user.email, "password": PASSWORD},
    )


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("front_office", "desk"),
        ("consultation_officer", "desk"),
        ("supervisor", "desk_today"),
        ("administrator", "admin:index"),
        ("visitor", "consultation_list"),
    ],
)
def test_each_role_lands_where_its_work_is(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.url == reverse(landing)


def test_a_user_whose_address_awaits_verification_lands_on_the_profile_that_says_so(client, db):
    UserFactory(email="baru@example.org", email_verified_at=None)
    response = client.post(reverse("login"), {"username": "baru@example.org", "password": PASSWORD})
    assert response.url == reverse("profile")


def test_a_superuser_lands_in_the_admin(client, db):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    assert sign_in(client, user).url == reverse("admin:index")


def test_next_still_wins_over_the_landing_page(client, front_office):
    response = sign_in(client, front_office, query="?next=/guestbook/")
    assert response.url == "/guestbook/"


def test_a_foreign_next_is_ignored(client, supervisor):
    response = sign_in(client, supervisor, query="?next=https://evil.example/")
    assert response.url == reverse("desk_today")


SANDI_ALONE = re.compile(r"(?<!kata )(?<!Kata )\bsandi\b", re.IGNORECASE)


def assert_says_kata_sandi(html: str) -> None:
    assert "kata sandi" in html.lower()
    assert not SANDI_ALONE.findall(html), SANDI_ALONE.findall(html)
    assert "Sandi anda" not in html and " anda " not in html


def test_registration_password_help_says_kata_sandi(client, db):
    assert_says_kata_sandi(client.get(reverse("register")).content.decode())


def test_password_change_page_and_its_errors_say_kata_sandi(client, visitor):
    client.force_login(visitor)
    assert_says_kata_sandi(client.get(reverse("password_change")).content.decode())
    response = client.post(
        reverse("password_change"),
        {"old_password": "salah", "new_password1": "12345", "new_password2": "123456"},
    )
    html = response.content.decode()
    assert_says_kata_sandi(html)
    assert "Kata sandi Anda saat ini salah" in html
    assert "Kedua kata sandi tidak sama" in html
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    html = response.content.decode()
    assert "Kata sandi ini hanya berisi angka." in html
    assert "Kata sandi ini terlalu umum." in html
    assert_says_kata_sandi(html)


def test_password_reset_page_says_kata_sandi(client, visitor):
    uid = urlsafe_base64_encode(force_bytes(visitor.pk))
    token = default_token_generator.make_token(visitor)
    url = reverse("password_reset_confirm", args=[uid, token])
    page = client.get(url, follow=True)
    assert_says_kata_sandi(page.content.decode())
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    html = response.content.decode()
    assert "Kata sandi ini terlalu pendek: gunakan paling sedikit 10 karakter." in html
    assert_says_kata_sandi(html)
