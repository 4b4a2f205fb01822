import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from pst.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"


@pytest.mark.django_db
def test_sign_in_with_email_in_any_case(client, visitor):
    response = client.post(
        reverse("login"), {"username": "Pengguna@Example.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("consultation_list")  # a registered user's own list
    assert client.get(reverse("profile")).context["user"] == visitor


@pytest.mark.django_db
def test_wrong_password_says_so_without_telling_which(client, visitor):
    response = client.post(reverse("login"), {"username": visitor.email, "password": "salah"})
    assert response.status_code == 200
    assert "Alamat email atau kata sandi salah." in response.content.decode()


@pytest.mark.django_db
def test_sign_in_form_refuses_a_malformed_email(client):
    response = client.post(reverse("login"), {"username": "bukan email", "password": "x"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_sign_ins_are_locked_out(client, visitor, shared_cache):
    for _ in range(2):
        client.post(reverse("login"), {"username": visitor.email, "password": "salah"})
    locked = client.post(reverse("login"), {"username": visitor.email, "password": "salah"})
    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    # Even the right password is refused while locked out.
    right = client.post(reverse("login"), {"username": visitor.email, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_of_one_account_leaves_others_alone(client, visitor, shared_cache):
    for _ in range(3):
        client.post(reverse("login"), {"username": visitor.email, "password": "salah"})
    other = UserFactory(email="lain@example.org")
    response = client.post(reverse("login"), {"username": other.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_out_needs_post(client, visitor):
    client.force_login(visitor)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_profile_requires_sign_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_profile_update_saves_and_normalises(client, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Siti  Aminah",
            "phone": "+62 811-5555-123",
            "institution": "",
            "occupation": "Wiraswasta",
        },
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.full_name == "Siti Aminah"
    assert visitor.phone == "+628115555123"
    assert visitor.occupation == "Wiraswasta"


@pytest.mark.django_db
def test_profile_update_with_bad_phone_changes_nothing(client, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("profile"),
        {"full_name": "Siti", "phone": "0000", "institution": "", "occupation": "X"},
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    visitor.refresh_from_db()
    assert visitor.full_name == "Siti Pengguna"


@pytest.mark.django_db
def test_password_reset_emails_a_working_link(client, visitor):
    response = client.post(reverse("password_reset"), {"email": visitor.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "kata-sandi-baru-2026", "new_password2": "kata-sandi-baru-2026"},
    )
    assert done.url == reverse("password_reset_complete")
    visitor.refresh_from_db()
    assert visitor.check_password("kata-sandi-baru-2026")
    again = client.get(path, follow=True)
    assert not again.context["validlink"]


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "siapa@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_refuses_a_weak_password(client, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    visitor.refresh_from_db()
    assert visitor.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_requires_sign_in(client):
    assert client.get(reverse("password_change")).status_code == 302


@pytest.mark.django_db
def test_emails_are_unique_regardless_of_case_in_the_database(visitor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="PENGGUNA@EXAMPLE.ORG", full_name="x")])


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_changing_the_case_of_the_email_does_not_reset_the_count(client, visitor):
    for email in ["pengguna@example.org", "PENGGUNA@example.org", "Pengguna@Example.org"]:
        response = client.post(reverse("login"), {"username": email, "password": "salah"})
    assert response.status_code == 429


def test_client_address_behind_nginx_is_the_one_nginx_appended(rf, settings):
    from pst.auth import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the forged left-most address is ignored
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # served directly: the header is not trusted


def test_password_reset_sends_one_email_per_address_however_often_asked(
    client, visitor, shared_cache
):
    responses = [client.post(reverse("password_reset"), {"email": visitor.email}) for _ in range(8)]
    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == 1


def test_password_reset_is_sent_again_after_five_minutes(client, visitor):
    # The default test cache (its expiry follows the moved clock; Redis keeps real time).
    with time_machine.travel("2026-11-23 09:00 +08:00", tick=False) as clock:
        client.post(reverse("password_reset"), {"email": visitor.email.upper()})
        client.post(reverse("password_reset"), {"email": visitor.email})
        assert len(mail.outbox) == 1
        clock.shift(301)
        client.post(reverse("password_reset"), {"email": visitor.email})
        assert len(mail.outbox) == 2


def test_password_reset_is_throttled_per_client_address(client, shared_cache):
    from pst.services import PASSWORD_RESETS_PER_IP

    users = [UserFactory(email=f"orang{n}@example.org") for n in range(PASSWORD_RESETS_PER_IP + 3)]
    for user in users:
        response = client.post(reverse("password_reset"), {"email": user.email})
        assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == PASSWORD_RESETS_PER_IP
    other = client.post(
        reverse("password_reset"), {"email": users[-1].email}, REMOTE_ADDR="10.9.8.7"
    )
    assert other.url == reverse("password_reset_done")
    assert len(mail.outbox) == PASSWORD_RESETS_PER_IP + 1
