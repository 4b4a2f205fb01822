"""People are named on pages by one filter that holds when the account is gone."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string

from pst.templatetags.pst_format import person
from tests.factories import UserFactory


def test_a_person_is_their_name_else_their_address_else_a_dash(db):
    assert person(UserFactory(full_name="Siti", email="siti@example.org")) == "Siti"
    assert person(UserFactory(full_name="", email="anon@example.org")) == "anon@example.org"
    assert person(None) == "–"


def test_a_correction_by_a_deleted_account_still_shows(db):
    # Its link is emptied when the account is deleted; `full_name|default:changed_by.email`
    # failed on the missing account (found by the product trial on another such page).
    revision = SimpleNamespace(
        changed_at=None, changed_by=None, field_label="nama", old_shown="Budi", new_shown="Budi S."
    )
    html = render_to_string("includes/correction_history.html", {"history": [revision]})
    assert "<td>–</td>" in html and "Budi S." in html
