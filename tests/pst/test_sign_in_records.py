"""Sign-in records (django-axes: the address, IP address, browser and times of each sign-in
and failed try) are kept for security only: SIGN_IN_RECORD_DAYS, pruned by
purge_personal_data, and deleted with an account its owner deletes; the privacy notice says
so (trial S4: they stayed after the deletion, with no end)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pst.erasure import user_account_erase
from tests.factories import UserFactory

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's


def _sign_in(email: str, password: str = PASSWORD) -> Client:
    client = Client(HTTP_USER_AGENT="Firefox/140")
    client.post(reverse("login"), {"username": email, "password": password})
    return client


def test_deleting_the_account_deletes_its_sign_in_records_and_no_one_elses(visitor):
    other = UserFactory(email="lain@example.org")
    _sign_in("Pengguna@Example.org", "wrong password")  # a failed try, typed in another case
    _sign_in(visitor.email)
    _sign_in(other.email)
    AccessFailureLog.objects.create(username=visitor.email, ip_address="10.0.0.9")
    assert AccessLog.objects.filter(username=visitor.email).exists()

    user_account_erase(user=visitor, password=PASSWORD)

    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert not model.objects.filter(username__iexact=visitor.email).exists(), model
    assert AccessLog.objects.filter(username=other.email).exists()


def test_a_failed_try_of_the_account_is_deleted_with_it(visitor):
    _sign_in("Pengguna@Example.org", "wrong password")
    assert AccessAttempt.objects.filter(username=visitor.email).count() == 1

    user_account_erase(user=visitor, password=PASSWORD)

    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("days", [90, 30])
def test_the_purge_deletes_sign_in_records_older_than_the_setting(db, office, settings, days):
    settings.SIGN_IN_RECORD_DAYS = days
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=days, hours=1), tick=False):
        old = [
            AccessLog.objects.create(username="lama@example.org", ip_address="10.0.0.1"),
            AccessAttempt.objects.create(
                username="lama@example.org", ip_address="10.0.0.1", failures_since_start=1
            ),
            AccessFailureLog.objects.create(username="lama@example.org", ip_address="10.0.0.1"),
        ]
    with time_machine.travel(now - dt.timedelta(days=days - 1), tick=False):
        recent = AccessLog.objects.create(username="baru@example.org", ip_address="10.0.0.2")

    with time_machine.travel(now, tick=False):
        call_command("purge_personal_data", "-v", "0")

    for record in old:
        assert not type(record).objects.filter(pk=record.pk).exists(), type(record)
    assert AccessLog.objects.filter(pk=recent.pk).exists()


def test_the_purge_says_how_many_sign_in_records_it_deleted(db, office, capsys):
    with time_machine.travel(timezone.now() - dt.timedelta(days=100), tick=False):
        AccessLog.objects.create(username="lama@example.org", ip_address="10.0.0.1")
    call_command("purge_personal_data")
    assert "1 sign-in record(s) older than 90 days deleted" in capsys.readouterr().out


def test_the_privacy_page_names_the_sign_in_records_and_their_period(client, office, settings):
    settings.SIGN_IN_RECORD_DAYS = 45
    page = client.get("/office/6571/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Signing in: the email address typed, your IP address and browser" in page
    retention = page.split('data-testid="privacy-retention"')[1].split("</section>")[0]
    assert "Sign-in records are deleted 45 days after the sign-in" in retention
