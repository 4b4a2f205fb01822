"""An account keeps the language its person uses (product trial P, P5): chosen when they
register, with the language menu while signed in, and on the profile; an account without one
takes the page's when they sign in. Only a language the portal offers is kept: anything else
changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from pst import services
from pst.account_language import user_language_set
from pst.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"
REGISTRATION = {
    "full_name": "John Smith",
    "email": "j.smith@leeds.example.ac.uk",
    "phone": "0812-3456-7890",
    "institution": "University of Leeds",
    "occupation": "Researcher",
    "password1": "statistik-tarakan-2026",
    "password2": "statistik-tarakan-2026",
    "privacy": "on",
}
BAD_LANGUAGES = ["xx", "EN", "en-us", "id\x00", "\x00", "e" * 5000, "١", " en", ""]


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def language_menu(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_a_person_who_registers_in_english_keeps_english(client):
    response = in_english(client).post(reverse("register"), REGISTRATION)
    assert response.status_code == 302
    assert User.objects.get(email=REGISTRATION["email"]).language == "en"


@pytest.mark.django_db
def test_a_person_who_registers_in_indonesian_keeps_indonesian(client):
    client.post(reverse("register"), REGISTRATION)
    assert User.objects.get(email=REGISTRATION["email"]).language == "id"


@pytest.mark.django_db
def test_the_language_menu_while_signed_in_is_the_accounts_language_and_the_pages(client, visitor):
    client.force_login(visitor)
    response = language_menu(client, "en", "/accounts/profile/")
    assert response.status_code == 302 and response.url == "/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    visitor.refresh_from_db()
    assert visitor.language == "en"
    language_menu(client, "id")
    visitor.refresh_from_db()
    assert visitor.language == "id"


@pytest.mark.django_db
def test_the_language_menu_signed_out_keeps_nothing_on_any_account(client, visitor):
    response = language_menu(client, "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert set(User.objects.values_list("language", flat=True)) == {""}


@pytest.mark.django_db
def test_the_language_menu_only_changes_on_a_post(client, visitor):
    visitor.language = "id"
    visitor.save()
    client.force_login(visitor)
    response = client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.language == "id"


@pytest.mark.django_db
@pytest.mark.parametrize("language", BAD_LANGUAGES)
def test_a_language_not_offered_on_the_menu_changes_nothing(client, visitor, language):
    visitor.language = "en"
    visitor.save()
    client.force_login(visitor)
    response = language_menu(client, language)
    # A NUL byte anywhere in a form is refused before the view (pst.guards).
    assert response.status_code == (400 if "\x00" in language else 302)
    visitor.refresh_from_db()
    assert visitor.language == "en"


@pytest.mark.django_db
def test_the_profile_shows_and_changes_the_language(client, visitor):
    client.force_login(visitor)
    page = client.get(reverse("profile")).content.decode()
    # Not chosen yet: the one of the page; each offered in its own words.
    assert '<option value="id" selected>Bahasa Indonesia</option>' in page
    assert '<option value="en">English</option>' in page
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Siti Pengguna",
            "phone": "0811-5555-123",
            "occupation": "Dosen",
            "language": "en",
        },
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.language == "en"
    # The pages follow, as with the language menu.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "My profile" in client.get(reverse("profile")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", BAD_LANGUAGES)
def test_a_profile_posted_with_a_language_not_offered_keeps_the_language(client, visitor, language):
    visitor.language = "en"
    visitor.save()
    client.force_login(visitor)
    data = {
        "full_name": "Siti Aminah",
        "phone": "0811-5555-123",
        "occupation": "Dosen",
        "language": language,
    }
    response = client.post(reverse("profile"), data)
    assert response.status_code == (400 if "\x00" in language else 302)
    visitor.refresh_from_db()
    assert visitor.language == "en"


@pytest.mark.django_db
def test_a_profile_posted_without_the_language_keeps_it(client, visitor):
    visitor.language = "en"
    visitor.save()
    client.force_login(visitor)
    data = {"full_name": "Siti Aminah", "phone": "0811-5555-123", "occupation": "Dosen"}
    assert client.post(reverse("profile"), data).status_code == 302
    visitor.refresh_from_db()
    assert visitor.full_name == "Siti Aminah" and visitor.language == "en"


@pytest.mark.django_db
def test_an_account_without_a_language_takes_the_sign_in_pages(client):
    user = UserFactory(email="lama@example.org")
    assert user.language == ""
    response = in_english(client).post(
        reverse("login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_signing_in_on_another_language_keeps_the_accounts_choice(client):
    user = UserFactory(email="pilih@example.org", language="id")
    in_english(client).post(reverse("login"), {"username": user.email, "password": PASSWORD})
    user.refresh_from_db()
    assert user.language == "id"


@pytest.mark.django_db
def test_a_failed_sign_in_keeps_nothing(client):
    user = UserFactory(email="gagal@example.org")
    in_english(client).post(reverse("login"), {"username": user.email, "password": "salah"})
    user.refresh_from_db()
    assert user.language == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", BAD_LANGUAGES)
def test_the_services_keep_only_an_offered_language_whatever_the_path(language):
    user = UserFactory(email="servis@example.org", language="id")
    user_language_set(user=user, language=language)
    services.user_profile_update(
        user=user, full_name="Servis", phone="", institution="", occupation="X", language=language
    )
    user.refresh_from_db()
    assert user.language == "id"
    registered = services.user_register(
        email="baru@example.org", password="statistik-tarakan-2026", full_name="Baru",
        phone="", institution="", occupation="X", language=language,
    )  # fmt: skip
    assert registered.language == ""


@pytest.mark.django_db
def test_a_language_asked_only_if_unknown_leaves_a_chosen_one():
    user = UserFactory(email="pilih@example.org", language="id")
    user_language_set(user=user, language="en", if_unknown=True)
    user.refresh_from_db()
    assert user.language == "id"
