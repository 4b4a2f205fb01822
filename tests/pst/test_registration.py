import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from pst.models import User
from pst.services import verification_token_make
from tests.factories import UserFactory

GOOD = {
    "full_name": "Budi Santoso",
    "email": "Budi.Santoso@Example.org",
    "phone": "0812-3456-7890",
    "institution": "Universitas Borneo Tarakan",
    "occupation": "Dosen",
    "password1": "statistik-tarakan-2026",
    "password2": "statistik-tarakan-2026",
    "privacy": "on",
}


def register(client, REMOTE_ADDR="127.0.0.1", **changes):
    data = {**GOOD, **changes}
    return client.post(reverse("register"), data, REMOTE_ADDR=REMOTE_ADDR)


def link_from(message) -> str:
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_registration_creates_an_unverified_account_and_emails_a_link(client):
    response = register(client)
    assert response.status_code == 302
    assert response.url == reverse("register_done")
    user = User.objects.get()
    assert user.email == "budi.santoso@example.org"
    assert user.phone == "+6281234567890"
    assert user.check_password(GOOD["password1"])
    assert not user.is_email_verified
    assert user.office is None
    assert not user.groups.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi.santoso@example.org"]
    assert "/accounts/verify/" in mail.outbox[0].body
    page = client.get(response.url)
    assert "budi.santoso@example.org" in page.content.decode()


@pytest.mark.django_db
def test_verification_email_is_in_the_registrants_language(client):
    client.cookies["django_language"] = "en"
    register(client)
    assert mail.outbox[0].subject == "Confirm your email address for PST Konsultasi"
    client.cookies["django_language"] = "id"
    register(client, email="lain@example.org")
    assert mail.outbox[1].subject == "Konfirmasi alamat email Anda untuk PST Konsultasi"


@pytest.mark.django_db
def test_duplicate_email_is_refused_whatever_its_case(client, visitor):
    response = register(client, email="PENGGUNA@example.org")
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "duplicate_email")
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_double_submission_creates_one_account(client):
    register(client)
    second = register(client)
    assert second.status_code == 200
    assert second.context["form"].has_error("email", "duplicate_email")
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("pendek1", "password_too_short"),
        ("12345678901234", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("budi.santoso@example", "password_too_similar"),
    ],
)
def test_weak_password_is_refused(client, password, code):
    response = register(client, password1=password, password2=password)
    assert response.status_code == 200
    assert response.context["form"].has_error("password1", code)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_weak_password_message_is_in_indonesian(client):
    response = register(client, password1="pendek1", password2="pendek1")
    assert "Kata sandi ini terlalu pendek" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password2": "lain-sekali-2026"}, "password2"),
        ({"email": "bukan-email"}, "email"),
        ({"email": ""}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "nomor saya"}, "phone"),
        ({"full_name": " "}, "full_name"),
        ({"occupation": ""}, "occupation"),
        ({"privacy": ""}, "privacy"),
    ],
)
def test_invalid_registration_input_is_refused_with_an_error(client, changes, field):
    response = register(client, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signed_in_user_is_sent_from_register_to_profile(client, visitor):
    client.force_login(visitor)
    assert client.get(reverse("register")).url == reverse("profile")


@pytest.mark.django_db
def test_verification_link_verifies_once(client):
    register(client)
    link = link_from(mail.outbox[0])
    opened = client.get(link)  # a mail scanner, or the person: nothing happens yet
    assert opened.context["ok"] is None and not User.objects.get().is_email_verified
    first = client.post(link)
    assert first.status_code == 200
    assert first.context["ok"] is True
    assert User.objects.get().is_email_verified
    second = client.post(link)
    assert second.context["ok"] is False
    assert second.context["code"] == "used"


@pytest.mark.django_db
def test_expired_verification_link_is_refused(client):
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        register(client)
    link = link_from(mail.outbox[0])
    with time_machine.travel("2026-11-04 09:01 +0800", tick=False):
        response = client.get(link)
    assert response.status_code == 400
    assert response.context["code"] == "expired"
    assert not User.objects.get().is_email_verified


@pytest.mark.django_db
def test_link_within_its_lifetime_still_works(client):
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        register(client)
    with time_machine.travel("2026-11-04 08:59 +0800", tick=False):
        assert client.post(link_from(mail.outbox[0])).context["ok"] is True


@pytest.mark.django_db
def test_forged_verification_link_is_refused(client):
    register(client)
    link = link_from(mail.outbox[0])
    forged = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]
    response = client.get(forged)
    assert response.status_code == 400
    assert response.context["code"] == "invalid"
    response = client.get(reverse("verify_email", args=["not-a-token"]))
    assert response.context["code"] == "invalid"
    assert not User.objects.get().is_email_verified


@pytest.mark.django_db
def test_link_for_a_changed_address_is_refused(client):
    user = UserFactory(email="lama@example.org", email_verified_at=None)
    token = verification_token_make(user)
    user.email = "baru@example.org"
    user.save()
    response = client.get(reverse("verify_email", args=[token]))
    assert response.context["code"] == "invalid"


@pytest.mark.django_db
def test_unverified_user_can_sign_in_and_ask_for_a_new_link(client):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    page = client.get(reverse("profile"))
    assert b'data-testid="email-unverified"' in page.content
    response = client.post(reverse("resend_verification"))
    assert response.url == reverse("profile")
    assert len(mail.outbox) == 1
    client.post(link_from(mail.outbox[0]))
    user.refresh_from_db()
    assert user.is_email_verified


@pytest.mark.django_db
def test_asking_again_within_five_minutes_sends_nothing(client):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        client.post(reverse("resend_verification"))
        response = client.post(reverse("resend_verification"), follow=True)
    assert len(mail.outbox) == 1
    assert "Tunggu lima menit" in response.content.decode()


@pytest.mark.django_db
def test_verified_user_gets_no_new_link(client, visitor):
    client.force_login(visitor)
    client.post(reverse("resend_verification"))
    assert mail.outbox == []


@pytest.mark.django_db
def test_anonymous_cannot_ask_for_a_link(client):
    response = client.post(reverse("resend_verification"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert mail.outbox == []


@pytest.mark.django_db
def test_asking_for_a_link_needs_post(client, visitor, mailoutbox):
    client.force_login(visitor)
    # Opened with GET (after signing in again): the profile, and no link is sent.
    response = client.get(reverse("resend_verification"))
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    assert mailoutbox == []


@pytest.mark.django_db
def test_overlong_email_is_refused_with_an_error(client):
    response = register(client, email=("a" * 250) + "@example.org")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.exists()


def test_registrations_from_one_address_are_limited_and_the_form_is_kept(
    client, settings, shared_cache
):
    # Found by the attack pass: 40 accounts in 9 s from one address, each mailing a link to
    # an address of the sender's choosing, and the form telling which addresses exist.
    settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert register(client, email=f"orang{n}@example.org").status_code == 302
        client.logout()
    refused = register(client, email="orang3@example.org")
    assert refused.status_code == 429
    assert 'data-code="throttled"' in refused.content.decode()
    assert refused.context["form"]["full_name"].value() == GOOD["full_name"]
    assert refused.context["form"]["password1"].value() is None
    assert User.objects.count() == 3 and len(mail.outbox) == 3
    # An address that already has an account is not told so any more either.
    probe = register(client, email="orang0@example.org")
    assert probe.status_code == 429 and "sudah ada" not in probe.content.decode()
    elsewhere = register(client, email="orang3@example.org", REMOTE_ADDR="10.9.8.7")
    assert elsewhere.status_code == 302
    assert User.objects.count() == 4


def test_an_hour_later_the_address_may_register_again(client, settings, db):
    settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False) as clock:
        assert register(client, email="pagi@example.org").status_code == 302
        assert register(client, email="siang@example.org").status_code == 429
        clock.shift(3601)
        assert register(client, email="siang@example.org").status_code == 302
