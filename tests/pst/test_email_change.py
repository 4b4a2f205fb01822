"""A person changes their own account's email address (product trial I, I13): with their
password, through a link sent to the new address; the old address is told once it is done."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation
from pst.email_change import user_email_change_ask, user_email_change_confirm
from pst.models import User
from pst.services import PortalError
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"
LINK = re.compile(r"https?://[^/\s]+(/accounts/email/[^/\s]+/)")


def ask(client, **data):
    return client.post(reverse("email_change"), {"password": PASSWORD} | data)


def link_in(message) -> str:
    return LINK.search(message.body)[1]


def test_the_new_address_is_the_accounts_once_its_link_is_opened(client, visitor):
    client.force_login(visitor)

    response = ask(client, email=" Siti.Baru@Example.net ")

    assert response.status_code == 302
    sent, asked = mail.outbox
    assert sent.to == ["siti.baru@example.net"]
    # The owner hears of it at once, the new address masked (review R2).
    assert asked.to == ["pengguna@example.org"] and "siti.baru@example.net" not in asked.body
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"  # until the link is opened
    assert visitor.pending_email == "siti.baru@example.net"
    mail.outbox.clear()

    # Opening the link asks first (a mail scanner opens links); the button confirms.
    assert 'data-testid="email-change-confirm"' in client.get(link_in(sent)).content.decode()
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"
    page = client.post(link_in(sent))

    assert page.status_code == 200
    visitor.refresh_from_db()
    assert (visitor.email, visitor.pending_email) == ("siti.baru@example.net", "")
    assert visitor.is_email_verified
    (told,) = mail.outbox
    assert told.to == ["pengguna@example.org"]
    assert "siti.baru@example.net" not in told.body  # masked for the old mailbox
    assert client.post(link_in(sent)).status_code == 400  # once


@pytest.mark.parametrize(
    "data, field, code",
    [
        ({"password": "wrong"}, "password", "password"),
        ({"email": "pengguna@example.org"}, "email", "same"),
        ({"email": "PENGGUNA@example.org"}, "email", "same"),
        ({"email": "konsultasi@example.org"}, "email", "taken"),
        ({"email": "not an address"}, "email", None),
        ({"email": "a" * 300 + "@example.net"}, "email", None),
        ({"email": ""}, "email", None),
    ],
)
def test_a_refused_change_is_shown_under_its_field_and_changes_nothing(
    client, visitor, consultation_officer, data, field, code
):
    client.force_login(visitor)

    response = ask(client, **({"email": "baru@example.net"} | data))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    visitor.refresh_from_db()
    assert (visitor.email, visitor.pending_email) == ("pengguna@example.org", "")
    assert mail.outbox == []


def test_the_service_holds_the_rules_whatever_the_path(visitor, consultation_officer):
    for email, password, code in (
        ("baru@example.net", "wrong", "password"),
        ("KONSULTASI@example.org", PASSWORD, "taken"),
        ("x" * 250 + "@e.net", PASSWORD, "email"),
    ):
        with pytest.raises(PortalError) as refused:
            user_email_change_ask(user=visitor, email=email, password=password)
        assert refused.value.code == code


def test_asking_again_at_once_sends_no_second_link(client, visitor):
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    response = ask(client, email="lain@example.net")
    assert response.status_code == 400
    assert len(mail.outbox) == 2  # the link, and the word to the owner
    visitor.refresh_from_db()
    assert visitor.pending_email == "baru@example.net"


def test_an_address_taken_meanwhile_is_refused_at_the_link(client, visitor):
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    sent = mail.outbox[0]
    UserFactory(email="BARU@example.net")

    response = client.post(link_in(sent))

    assert response.status_code == 400
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"


@pytest.mark.parametrize("tamper", ["truncate", "other_digit", "garbage", "nul"])
def test_a_tampered_link_opens_nothing(client, visitor, tamper):
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    path = link_in(mail.outbox[0])
    token = path.split("/")[-2]
    token = {
        "truncate": token[:-3],
        "other_digit": ("9" if token[0] != "9" else "8") + token[1:],
        "garbage": "x" * 5000,
        "nul": token + "%00",
    }[tamper]
    response = client.post(f"/accounts/email/{token}/")
    assert response.status_code in (400, 404)
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"


def test_a_link_of_an_older_ask_or_out_of_date_opens_nothing(client, visitor, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    first = link_in(mail.outbox[0])
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 10, tzinfo=dt.UTC))
    client.force_login(visitor)
    ask(client, email="lain@example.net")
    assert client.post(first).status_code == 400  # a newer address was asked for
    second = link_in(mail.outbox[2])
    time_machine.move_to(dt.datetime(2026, 12, 23, 9, 0, tzinfo=dt.UTC))
    client.force_login(visitor)
    assert client.post(second).status_code == 400
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"


def test_consultations_opened_for_the_new_address_join_the_account(client, visitor, office):
    opened = consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Siti",
        requester_email="baru@example.net", question="Data IPM 2024?",
    )  # fmt: skip
    client.force_login(visitor)
    mail.outbox.clear()
    ask(client, email="baru@example.net")
    client.post(link_in(mail.outbox[0]))
    assert Consultation.objects.get(pk=opened.pk).requester == visitor


def test_a_nul_byte_is_refused_before_the_view_and_changes_nothing(client, visitor):
    client.force_login(visitor)
    assert ask(client, email="a\x00b@example.net").status_code == 400
    visitor.refresh_from_db()
    assert visitor.pending_email == "" and mail.outbox == []


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.post(reverse("email_change"), {"email": "x@example.net", "password": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not User.objects.filter(pending_email="x@example.net").exists()


def test_the_profile_offers_the_change_and_says_what_waits(client, visitor):
    client.force_login(visitor)
    assert 'data-testid="email-change-link"' in client.get(reverse("profile")).content.decode()
    ask(client, email="baru@example.net")
    page = client.get(reverse("profile")).content.decode()
    assert 'data-testid="email-pending"' in page and "baru@example.net" in page


def test_the_confirm_service_refuses_a_link_of_a_deactivated_account(visitor):
    user_email_change_ask(user=visitor, email="baru@example.net", password=PASSWORD)
    token = link_in(mail.outbox[0]).split("/")[-2]
    User.objects.filter(pk=visitor.pk).update(is_active=False)
    with pytest.raises(PortalError):
        user_email_change_confirm(user=visitor, token=token)


def test_only_the_account_that_asked_signed_in_can_confirm(client, visitor):
    # Review R1: any GET of the link (a mail scanner, the new address's owner) made the
    # address the account's, with the consultations sent from it.
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    link = link_in(mail.outbox[0])
    client.logout()
    assert "/login/" in client.post(link)["Location"]
    stranger = UserFactory(email="orang@example.net")
    client.force_login(stranger)
    assert client.post(link).status_code == 400
    visitor.refresh_from_db()
    assert (visitor.email, visitor.pending_email) == ("pengguna@example.org", "baru@example.net")


@pytest.mark.parametrize("how", ["change", "reset"])
def test_a_new_password_cancels_a_change_asked_with_the_old(visitor, how):
    from pst import services

    user_email_change_ask(user=visitor, email="baru@example.net", password=PASSWORD)
    token = link_in(mail.outbox[0]).split("/")[-2]
    if how == "change":
        services.user_password_change(user=visitor, password="kopi tarakan 2026 baru")
    else:
        services.user_password_reset(user=visitor, password="kopi tarakan 2026 baru")
    with pytest.raises(PortalError):
        user_email_change_confirm(user=visitor, token=token)
    visitor.refresh_from_db()
    assert visitor.email == "pengguna@example.org"


def test_tries_are_counted_right_or_wrong(visitor, consultation_officer):
    # Review R3, R4: the password guessed, or addresses probed, without end.
    for _try in range(5):
        with pytest.raises(PortalError):
            user_email_change_ask(user=visitor, email="konsultasi@example.org", password="x")
    with pytest.raises(PortalError) as refused:
        user_email_change_ask(user=visitor, email="baru@example.net", password=PASSWORD)
    assert refused.value.code == "too_many"


def test_the_change_can_be_cancelled_from_the_profile(client, visitor):
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    link = link_in(mail.outbox[0])
    assert client.post(reverse("email_change_cancel")).status_code == 302
    visitor.refresh_from_db()
    assert visitor.pending_email == ""
    assert client.post(link).status_code == 400


def test_an_address_nobody_proved_is_not_told_of_the_change(client, office):
    # Review R7: a stranger's mailbox got the notice.
    user = UserFactory(email="belum@example.org", email_verified_at=None)
    user_email_change_ask(user=user, email="baru@example.net", password=PASSWORD)
    token = link_in(mail.outbox[0]).split("/")[-2]
    mail.outbox.clear()
    user_email_change_confirm(user=user, token=token)
    assert mail.outbox == []


def test_only_a_signed_in_post_cancels_a_change(client, visitor):
    client.force_login(visitor)
    ask(client, email="baru@example.net")
    client.logout()
    response = client.post(reverse("email_change_cancel"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(visitor)
    # Opened again after signing in (the `next` of the post): the profile, nothing cancelled.
    response = client.get(reverse("email_change_cancel"))
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    visitor.refresh_from_db()
    assert visitor.pending_email == "baru@example.net"
