"""Account life after product trial I: what emails repeat to an unproven address (I5), the
lockout and the password reset (I6), a disabled account (I8), the password-changed email,
staff sessions and an unchanged "new" password (I12), one address for the portal's links
(I14), opaque verification links (I15), and the wording of three account pages (I16)."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse

from pst import services
from pst.models import User
from pst.permissions import Role
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"
NEW_PASSWORD = "nasi-kuning-tarakan-3"
WITA = dt.timezone(dt.timedelta(hours=8))

REGISTRATION = {
    "full_name": "Budi Santoso",
    "email": "budi@example.net",
    "phone": "0812-3456-7890",
    "institution": "",
    "occupation": "Dosen",
    "password1": "statistik-tarakan-2026",
    "password2": "statistik-tarakan-2026",
    "privacy": "on",
}


def register(client, **changes):
    return client.post(reverse("register"), {**REGISTRATION, **changes})


def verification_link(message) -> str:
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


def reset_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body)[1]


def fail_sign_ins(client, email, times, **extra):
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": email, "password": "salah-sekali"}, **extra
        )
    return response


def reset_password(client, user, password=NEW_PASSWORD):
    """The whole reset: ask, open the emailed link, choose `password`."""
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": user.email})
    form_page = client.get(reset_path(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


# -- I5: nothing the registrant typed reaches an unproven address ------------------------------


@pytest.mark.django_db
def test_the_verification_email_greets_without_the_typed_name(client):
    register(client, full_name="Hadiah Rp5 juta dari BPS klaim segera")
    (message,) = mail.outbox
    assert "Hadiah" not in message.body
    assert "Rp5" not in message.body
    assert message.body.splitlines()[0].strip() in ("Halo,", "Hello,")


@pytest.mark.django_db
def test_the_reset_email_names_only_a_verified_account(client, visitor):
    client.post(reverse("password_reset"), {"email": visitor.email})
    assert visitor.full_name in mail.outbox[0].body
    unproven = UserFactory(
        email="belum@example.org", full_name="Klik Hadiah Sekarang", email_verified_at=None
    )
    client.post(reverse("password_reset"), {"email": unproven.email})
    assert len(mail.outbox) == 2
    assert "Klik Hadiah" not in mail.outbox[1].body


NAMES_WITH_LINKS = [
    "<a href=https://evil.example>Klik</a>",
    "Hadiah dari BPS, klaim di https://bit.ly/xxxx",
    "Kunjungi WWW.hadiah.example",
    "Budi <Santoso>",
    "Budi > Santoso",
    "ftp://x",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES_WITH_LINKS)
def test_registration_refuses_a_name_with_a_link_or_markup(client, name):
    response = register(client, full_name=name)
    assert response.status_code == 200
    assert response.context["form"].has_error("full_name", "name_link")
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES_WITH_LINKS)
def test_the_registration_service_refuses_it_too(name):
    with pytest.raises(services.PortalError) as error:
        services.user_register(
            email="budi@example.net", password="statistik-tarakan-2026", full_name=name,
            phone="", institution="", occupation="Dosen",
        )  # fmt: skip
    assert (error.value.code, error.value.field) == ("name_link", "full_name")
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES_WITH_LINKS[:3])
def test_the_profile_refuses_it_on_the_form_and_in_the_service(client, visitor, name):
    client.force_login(visitor)
    response = client.post(
        reverse("profile"),
        {"full_name": name, "phone": "0812 3456 7890", "institution": "", "occupation": "X"},
    )
    assert response.context["form"].has_error("full_name", "name_link")
    with pytest.raises(services.PortalError) as error:
        services.user_profile_update(
            user=visitor, full_name=name, phone="", institution="", occupation="X"
        )
    assert error.value.code == "name_link"
    visitor.refresh_from_db()
    assert visitor.full_name == "Siti Pengguna"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Dr. Ir. H. Budi Santoso, M.Si.", "Siti Nur'aini", "A. Wiwi W."])
def test_ordinary_names_with_dots_and_commas_are_kept(client, name):
    assert register(client, full_name=name).status_code == 302
    assert User.objects.get().full_name == name


# -- I6: a completed reset lifts the lockout; the lockout says until when ----------------------


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_completed_password_reset_lifts_the_sign_in_lockout(client, visitor):
    assert fail_sign_ins(client, visitor.email, 3).status_code == 429
    done = reset_password(client, visitor)
    assert done.url == reverse("password_reset_complete")
    assert not AccessAttempt.objects.filter(username=visitor.email).exists()
    response = client.post(reverse("login"), {"username": visitor.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(visitor.pk)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_of_every_client_address_of_that_account_is_lifted(client, visitor):
    fail_sign_ins(client, visitor.email, 3, REMOTE_ADDR="10.0.0.1")
    fail_sign_ins(client, visitor.email.upper(), 3, REMOTE_ADDR="10.0.0.2")
    reset_password(client, visitor)
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_reset_of_another_account_or_one_not_completed_lifts_nothing(client, visitor):
    fail_sign_ins(client, visitor.email, 3)
    other = UserFactory(email="lain@example.org")
    reset_password(client, other)
    # Asked for, link not used.
    mail.outbox.clear()
    with time_machine.travel(dt.datetime.now(tz=WITA) + dt.timedelta(minutes=6)):
        client.post(reverse("password_reset"), {"email": visitor.email})
    assert len(mail.outbox) == 1
    assert AccessAttempt.objects.filter(username=visitor.email).exists()
    right = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert right.status_code == 429


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=0.25)
def test_the_lockout_page_says_until_when_in_the_offices_time(client, visitor, office):
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, 22, tzinfo=WITA), tick=False) as clock:
        locked = fail_sign_ins(client, visitor.email, 3)
        assert locked.status_code == 429
        assert b'data-testid="locked-out"' in locked.content
        assert locked.context["until"] == dt.datetime(2026, 11, 27, 11, 37, tzinfo=WITA)
        assert locked.context["minutes"] == 15
        assert "11.37 WITA" in locked.content.decode()
        # A try while locked out does not move the moment.
        clock.shift(dt.timedelta(minutes=5))
        again = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
        assert again.status_code == 429
        assert again.context["until"] == dt.datetime(2026, 11, 27, 11, 37, tzinfo=WITA)
        assert again.context["minutes"] == 10
        clock.shift(dt.timedelta(minutes=10, seconds=1))
        right = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
        assert right.status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=30)
def test_a_lockout_ending_on_another_day_names_the_date(client, visitor):
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, 22, tzinfo=WITA), tick=False):
        locked = fail_sign_ins(client, visitor.email, 3)
    assert locked.context["until_text"] == "28 November 2026 17.22"


# -- I8: a disabled account is told so, only with the right password -------------------------


@pytest.mark.django_db
def test_a_disabled_account_with_the_right_password_is_told_it_is_disabled(client, visitor):
    visitor.is_active = False
    visitor.save()
    response = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "inactive")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_disabled_account_with_a_wrong_password_learns_nothing(client, visitor):
    visitor.is_active = False
    visitor.save()
    response = client.post(reverse("login"), {"username": visitor.email, "password": "salah"})
    form = response.context["form"]
    assert form.has_error("__all__", "invalid_login")
    assert not form.has_error("__all__", "inactive")
    # The same answer as an address nobody has.
    nobody = client.post(reverse("login"), {"username": "siapa@example.org", "password": "salah"})
    assert nobody.context["form"].errors == form.errors


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_still_counts_a_disabled_accounts_failures(client, visitor):
    visitor.is_active = False
    visitor.save()
    assert fail_sign_ins(client, visitor.email, 3).status_code == 429
    right = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert right.status_code == 429


@pytest.mark.django_db
def test_a_session_ends_when_its_account_is_disabled(client, visitor):
    client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert client.get(reverse("profile")).status_code == 200
    visitor.is_active = False
    visitor.save()
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


# -- I12: the password-changed email, an unchanged password, staff sessions --------------------


@pytest.mark.django_db
def test_a_password_change_emails_the_owner_with_the_reset_link(client, visitor, settings):
    settings.SITE_URL = "https://pst.example.go.id"
    client.force_login(visitor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    (message,) = mail.outbox
    assert message.to == [visitor.email]
    assert "https://pst.example.go.id/accounts/password/reset/" in message.body
    visitor.refresh_from_db()
    assert visitor.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_completed_reset_emails_the_owner_too(client, visitor):
    reset_password(client, visitor)
    assert len(mail.outbox) == 2  # the link, then the notice
    assert mail.outbox[1].to == [visitor.email]
    assert "/accounts/password/reset/\n" in mail.outbox[1].body


@pytest.mark.django_db
def test_a_refused_password_change_sends_nothing(client, visitor):
    client.force_login(visitor)
    client.post(
        reverse("password_change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_current_password_is_not_taken_as_the_new_one(client, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password1", "password_unchanged")
    assert mail.outbox == []
    with pytest.raises(services.PortalError) as error:
        services.user_password_change(user=visitor, password=PASSWORD)
    assert error.value.code == "password_unchanged"
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.SUPERVISOR, Role.ADMINISTRATOR])
def test_a_staff_session_ends_after_staff_session_hours(client, office, settings, role):
    settings.STAFF_SESSION_HOURS = 10
    officer = UserFactory(email="petugas@example.org", office=office, roles=[role])
    start = dt.datetime(2026, 11, 23, 7, 30, tzinfo=WITA)
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": officer.email, "password": PASSWORD})
        assert client.session.get_expiry_date() == start + dt.timedelta(hours=10)
        assert client.session.get_expiry_age() == 10 * 3600
        # Working meanwhile does not move the end.
        clock.shift(dt.timedelta(hours=9, minutes=59))
        assert client.get(reverse("profile")).status_code == 200
        clock.shift(dt.timedelta(minutes=2))
        assert client.get(reverse("profile")).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_registered_users_session_lasts_session_cookie_age(client, visitor, settings):
    assert settings.SESSION_COOKIE_AGE == 7 * 24 * 3600
    response = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


# -- I14: one address for the portal in every email -------------------------------------------


@pytest.mark.django_db
def test_verification_and_reset_links_use_site_url_whatever_the_host(client, visitor, settings):
    settings.SITE_URL = "https://pst.example.go.id"
    settings.ALLOWED_HOSTS = ["pst-internal.example", "testserver"]
    client.post(reverse("register"), REGISTRATION, HTTP_HOST="pst-internal.example")
    assert verification_link(mail.outbox[0]).startswith(
        "https://pst.example.go.id/accounts/verify/"
    )
    client.post(
        reverse("password_reset"), {"email": visitor.email}, HTTP_HOST="pst-internal.example"
    )
    assert "https://pst.example.go.id/accounts/password/reset/" in mail.outbox[1].body
    assert "pst-internal.example" not in mail.outbox[0].body + mail.outbox[1].body


# -- I15: the verification link holds no address ----------------------------------------------


def _decoded_parts(token: str) -> str:
    decoded = []
    for part in re.split(r"[:.]", token):
        padded = part + "=" * (-len(part) % 4)
        try:
            decoded.append(base64.urlsafe_b64decode(padded).decode("latin-1"))
        except ValueError:
            continue
    return " ".join(decoded)


@pytest.mark.django_db
def test_the_verification_link_carries_no_email_address(client):
    register(client)
    link = verification_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert "budi" not in link.lower()
    assert "example.net" not in link.lower()
    assert "budi" not in _decoded_parts(token).lower()
    assert "example" not in _decoded_parts(token).lower()
    assert client.post(link).context["ok"] is True


@pytest.mark.django_db
def test_a_link_of_another_account_number_is_refused(client):
    first = UserFactory(email="satu@example.org", email_verified_at=None)
    second = UserFactory(email="dua@example.org", email_verified_at=None)
    _pk, rest = services.verification_token_make(first).split(".", 1)
    forged = f"{second.pk}.{rest}"
    response = client.get(reverse("verify_email", args=[forged]))
    assert response.context["code"] == "invalid"
    second.refresh_from_db()
    assert not second.is_email_verified


@pytest.mark.django_db
def test_a_link_mailed_before_the_change_still_works_within_its_lifetime(client):
    user = UserFactory(email="lama@example.org", email_verified_at=None)
    old = signing.dumps(
        {"u": user.pk, "e": user.email}, salt="pst.accounts.email-verification", compress=True
    )
    assert client.post(reverse("verify_email", args=[old])).context["ok"] is True


@pytest.mark.django_db
def test_an_old_style_link_for_a_changed_address_or_expired_is_refused(client):
    user = UserFactory(email="lama@example.org", email_verified_at=None)
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        old = signing.dumps(
            {"u": user.pk, "e": user.email}, salt="pst.accounts.email-verification", compress=True
        )
    with time_machine.travel("2026-11-04 09:01 +0800", tick=False):
        assert client.get(reverse("verify_email", args=[old])).context["code"] == "expired"
    changed = signing.dumps(
        {"u": user.pk, "e": "baru@example.org"}, salt="pst.accounts.email-verification"
    )
    assert client.get(reverse("verify_email", args=[changed])).context["code"] == "invalid"
    assert not User.objects.get().is_email_verified


# -- I16: wording ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_privacy_box_error_says_to_tick_it(client):
    client.cookies["django_language"] = "en"
    response = register(client, privacy="")
    assert response.context["form"].has_error("privacy", "required")
    assert response.context["form"].errors["privacy"] == [
        "Tick the box to accept the privacy notice."
    ]


def _expired_link(client):
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        register(client)
    return verification_link(mail.outbox[0])


@pytest.mark.django_db
def test_an_expired_link_opened_while_signed_in_offers_a_new_one(client):
    link = _expired_link(client)
    user = User.objects.get()
    client.force_login(user)
    mail.outbox.clear()
    with time_machine.travel("2026-11-04 09:01 +0800", tick=False):
        page = client.get(link)
        assert page.context["code"] == "expired"
        assert b'data-testid="verify-send-new"' in page.content
        assert client.post(reverse("resend_verification")).url == reverse("profile")
        assert len(mail.outbox) == 1
        assert client.post(verification_link(mail.outbox[0])).context["ok"] is True


@pytest.mark.django_db
def test_no_new_link_button_for_a_stranger_or_a_verified_account(client, visitor):
    link = _expired_link(client)
    with time_machine.travel("2026-11-04 09:01 +0800", tick=False):
        anonymous = client.get(link)
        client.force_login(visitor)
        verified = client.get(link)
    for page in (anonymous, verified):
        assert page.context["code"] == "expired"
        assert b'data-testid="verify-send-new"' not in page.content


@pytest.mark.django_db
@pytest.mark.parametrize("known", [True, False])
def test_a_second_reset_request_says_one_was_sent_recently(client, visitor, known):
    email = visitor.email if known else "siapa@example.org"
    with time_machine.travel("2026-11-23 09:00 +08:00", tick=False) as clock:
        first = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert b'data-testid="reset-sent"' in first.content
        assert b"reset-sent-recently" not in first.content
        clock.shift(60)
        second = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert b'data-testid="reset-sent-recently"' in second.content
        assert second.context["wait_minutes"] == 4
        # The note is for that answer only.
        assert client.get(reverse("password_reset_done")).context["wait_minutes"] == 0
    assert len(mail.outbox) == (1 if known else 0)
