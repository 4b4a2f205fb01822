"""Card digits typed with another keyboard (product trial G, G12): fullwidth (１２３４) or
Arabic-Indic (١٢٣٤) digits are the same four digits on every path, as the birth year and the
phone already accept them; a full card number in such digits is still refused as one."""

from __future__ import annotations

import pytest

from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry, GuestbookRevision
from tests.queueing.guestbook.test_guestbook import post_entry
from tests.queueing.guestbook.test_records import DATA

TYPED = ["１２３４", "١٢٣٤", "۱۲۳۴", "१२३४", "１２ ３４"]


@pytest.mark.parametrize("typed", TYPED)
def test_the_form_reads_card_digits_of_another_keyboard_as_the_four_digits(
    client, front_office, clock, typed
):
    client.force_login(front_office)
    assert post_entry(client, id_last4=typed).status_code == 302
    assert GuestbookEntry.objects.get().id_last4 == "1234"


@pytest.mark.parametrize("typed", TYPED)
def test_the_service_reads_them_the_same_way(office, front_office, clock, typed):
    entry = guestbook.guestbook_record(
        office=office, officer=front_office, data=DATA | {"id_last4": typed}
    )
    entry.refresh_from_db()
    assert entry.id_last4 == "1234"


def test_a_correction_typed_in_other_digits_is_the_same_value_and_no_change(
    office, front_office, clock
):
    entry = guestbook.guestbook_record(office=office, officer=front_office, data=DATA)
    unchanged = guestbook.guestbook_correct(
        entry=entry, officer=front_office, data=DATA | {"id_last4": "٠١٢٣"}
    )
    assert unchanged == []
    guestbook.guestbook_correct(
        entry=entry, officer=front_office, data=DATA | {"id_last4": "９８７６"}
    )
    assert GuestbookRevision.objects.get(field="id_last4").new_value == "9876"


@pytest.mark.parametrize("typed", ["٣١٧١٠١٢٣٤٥٦٧٠٠٠١", "３１７１ ０１２３ ４５６７ ０００１"])
def test_a_full_card_number_in_other_digits_is_refused_as_one_and_not_shown_back(
    client, front_office, clock, typed
):
    client.force_login(front_office)
    response = post_entry(client, id_last4=typed)
    assert response.status_code == 200
    assert response.context["form"].has_error("id_last4", "full_number")
    assert typed not in response.content.decode()
    assert not GuestbookEntry.objects.exists()
