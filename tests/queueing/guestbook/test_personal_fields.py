"""The retention purge, the returning-visitor prefill and the export all follow the one
declaration of the guestbook's personal fields (pst.personal_data)."""

import datetime as dt

import pytest
from django.utils import translation

from pst.personal_data import BLANK, KEEP, personal_fields
from queueing.guestbook import selectors
from queueing.guestbook.exports import guestbook_export_columns
from queueing.guestbook.models import GuestbookEntry
from queueing.guestbook.services import guestbook_purge, guestbook_record
from tests.conftest import WITA
from tests.queueing.guestbook.test_records import DATA

DECLARED = personal_fields(GuestbookEntry)


@pytest.fixture
def entry(office, front_office, clock):
    return guestbook_record(
        office=office,
        officer=front_office,
        data=DATA | {"has_disability": True, "disability_kind": "Tunanetra"},
    )


def test_the_purge_blanks_every_field_declared_blank_and_keeps_the_others(office, entry, clock):
    before = {field.name: getattr(entry, field.name) for field in entry._meta.concrete_fields}
    clock.move_to(dt.datetime(2029, 1, 1, 9, 0, tzinfo=WITA))
    assert guestbook_purge(office=office, before=dt.date(2028, 1, 1)) == 1
    entry.refresh_from_db()
    for name, spec in DECLARED.items():
        if spec.purge == BLANK:
            assert getattr(entry, name) == "", name
        else:
            assert spec.purge == KEEP
            assert getattr(entry, name) == before[name], name
    assert entry.is_anonymised


def test_the_prefill_gives_exactly_the_fields_declared_prefilled(entry):
    prefill = selectors.guestbook_prefill(entry)
    assert set(prefill) == {name for name, spec in DECLARED.items() if spec.prefill}
    # The person, not the visit: the request and the card are asked again.
    assert "data_needed" not in prefill and "id_last4" not in prefill
    assert prefill["email"] == DATA["email"]


@pytest.mark.parametrize("unmasked", [False, True])
def test_the_export_masks_the_fields_declared_masked_unless_unmasked(entry, unmasked):
    with translation.override("en"):
        row = {
            str(column.label): column.value(entry)
            for column in guestbook_export_columns(unmasked=unmasked)
        }
    assert row["Name"] == DATA["name"]
    if unmasked:
        assert (row["Email"], row["Phone"]) == (DATA["email"], DATA["phone"])
    else:
        assert row["Email"] == DECLARED["email"].mask(DATA["email"]) != DATA["email"]
        assert row["Phone"] == DECLARED["phone"].mask(DATA["phone"]) != DATA["phone"]
