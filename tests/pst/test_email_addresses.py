"""One mailbox, one account: an address is stored and compared with its domain in ASCII
(IDNA), so `user@exämple.org` and `user@xn--exmple-cua.org` are the same (trial K6: they
made two accounts, and a consultation "of that address" could join either)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.utils import timezone

from consultations.services import verified_account
from pst.models import User, email_normalize
from pst.selectors import email_taken
from tests.factories import UserFactory
from tests.migrations import migrate_to, migrate_to_latest
from tests.pst.test_registration import register

UNICODE = "budi@exämple.org"
ASCII = "budi@xn--exmple-cua.org"


@pytest.mark.parametrize(
    "typed, stored",
    [
        (" Budi@EXÄMPLE.org ", ASCII),
        (ASCII.upper(), ASCII),
        ("budi@bps.go.id", "budi@bps.go.id"),
        ("no-at-sign", "no-at-sign"),
        ("", ""),
        (
            "budi@" + "ä" * 80 + ".org",
            "budi@" + "ä" * 80 + ".org",
        ),  # no domain: kept, refused later
    ],
)
def test_an_address_is_kept_in_lower_case_with_an_ascii_domain(typed, stored):
    assert email_normalize(typed) == stored


@pytest.mark.django_db
def test_registering_either_form_of_a_registered_mailbox_is_refused(client):
    assert register(client, email=UNICODE).status_code == 302
    assert User.objects.get().email == ASCII
    for other in (ASCII, "Budi@EXÄMPLE.ORG"):
        response = register(client, email=other, REMOTE_ADDR="10.0.0.2")
        assert response.context["form"].has_error("email", "duplicate_email")
    assert User.objects.count() == 1
    assert email_taken(UNICODE) and email_taken(ASCII)


@pytest.mark.django_db
def test_either_form_signs_in_and_finds_the_verified_account():
    user = UserFactory(email=UNICODE, email_verified_at=timezone.now())
    user.set_password("statistik-tarakan-2026")
    user.save()
    for typed in (UNICODE, ASCII):
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=typed, password="statistik-tarakan-2026") == user
        assert verified_account(typed) == user


@pytest.mark.django_db(transaction=True)
def test_the_migration_stores_the_ascii_domain_unless_another_account_holds_it():
    before = [("pst", "0014_session_generation")]
    try:
        migrate_to(before)
        apps = MigrationExecutor(connection).loader.project_state(before).apps
        OldUser = apps.get_model("pst", "User")
        alone = OldUser.objects.create(email="rina@bücher.example", full_name="Rina").pk
        twin = OldUser.objects.create(email=UNICODE, full_name="Budi").pk
        OldUser.objects.create(email=ASCII, full_name="Budi lagi")
        migrate_to([("pst", "0015_email_domains_ascii")])
    finally:
        migrate_to_latest()
    emails = dict(User.objects.values_list("pk", "email"))
    assert emails[alone] == "rina@xn--bcher-kva.example"
    assert emails[twin] == UNICODE  # left for an administrator to merge
