"""The personal-data access log in the admin (trial S1: /admin/pst/personaldataaccess/ was a
404): an office's administrator reads their office's rows, a superuser every office's; nobody
adds, changes or deletes a row there, a superuser neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pst.models import AccessKind, PersonalDataAccess
from tests.factories import UserFactory

LIST = reverse("admin:pst_personaldataaccess_changelist")


@pytest.fixture
def rows(office, other_office, front_office, other_office_officer):
    at = dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC)
    return {
        "ours": PersonalDataAccess.objects.create(
            user=front_office, office=office, at=at, kind=AccessKind.VIEW_LIST,
            subject="guestbook page 1", row_count=12,
        ),
        "theirs": PersonalDataAccess.objects.create(
            user=other_office_officer, office=other_office, at=at, kind=AccessKind.EXPORT,
            subject="their guestbook csv", row_count=3,
        ),
    }  # fmt: skip


def test_an_administrator_reads_their_offices_rows_only(client, administrator, rows):
    client.force_login(administrator)
    assert f'href="{LIST}"' in client.get(reverse("admin:index")).content.decode()
    html = client.get(LIST).content.decode()
    assert "guestbook page 1" in html and "their guestbook csv" not in html
    ours = reverse("admin:pst_personaldataaccess_change", args=[rows["ours"].pk])
    assert client.get(ours).status_code == 200
    theirs = reverse("admin:pst_personaldataaccess_change", args=[rows["theirs"].pk])
    assert client.get(theirs).status_code == 302  # Django's admin: "doesn't exist", to the index


def test_a_superuser_reads_every_office_and_filters(client, rows):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(LIST).content.decode()
    assert "guestbook page 1" in html and "their guestbook csv" in html
    exports = client.get(LIST, {"kind__exact": "export"}).content.decode()
    assert "their guestbook csv" in exports and "guestbook page 1" not in exports
    found = client.get(LIST, {"q": "page 1"}).content.decode()
    assert "guestbook page 1" in found and "their guestbook csv" not in found


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
def test_nobody_adds_changes_or_deletes_a_row(client, request, rows, persona):
    user = (
        UserFactory(is_superuser=True, is_staff=True)
        if persona == "superuser"
        else request.getfixturevalue(persona)
    )
    client.force_login(user)
    row = rows["ours"]
    change = reverse("admin:pst_personaldataaccess_change", args=[row.pk])
    assert client.get(reverse("admin:pst_personaldataaccess_add")).status_code == 403
    delete = reverse("admin:pst_personaldataaccess_delete", args=[row.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post(change, {"subject": "nothing", "row_count": "0"}).status_code == 403
    bulk = client.post(
        LIST, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert 'name="action"' not in client.get(LIST).content.decode()  # no actions at all
    row.refresh_from_db()
    assert (row.subject, row.row_count) == ("guestbook page 1", 12)
    assert PersonalDataAccess.objects.count() == 2


def test_supervisors_and_officers_have_no_admin(client, supervisor, front_office, rows):
    for user in (supervisor, front_office):
        client.force_login(user)
        assert client.get(LIST).status_code == 302  # to the admin's sign-in
