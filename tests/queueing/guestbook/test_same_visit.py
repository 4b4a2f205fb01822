"""The same walk-in visit written again (trial Q6): a second tab filled alike, or Back after
saving and saving again (the browser refills the form without the email and card digits,
the officer types them again). Each form has its own request id, so only the visit itself
tells: the entry saved before is the answer and the officer is taken to it. A different
visitor sharing the phone and email (a family) still gets their own entry."""

import uuid

import pytest
from django.urls import reverse

from pst.permissions import Role
from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory
from tests.queueing.guestbook.test_guestbook import GUEST_DATA, VALID


def post_visit(client, **changes):
    data = VALID | {"request_id": str(uuid.uuid4())} | changes
    return client.post(reverse("guestbook_new"), data)


def test_the_same_visit_saved_from_two_tabs_is_one_entry_and_the_second_is_taken_to_it(
    client, front_office, desks, clock
):
    client.force_login(front_office)
    assert post_visit(client).status_code == 302
    clock.shift(4 * 60)  # the second tab, four minutes later
    response = post_visit(client, email="rina.wulandari@example.org", name="Rina  Wulandari")
    entry = GuestbookEntry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("guestbook_detail", args=[entry.pk])
    page = client.get(response.url).content.decode()
    assert "Rina Wulandari sudah dicatat pukul 09.00" in page  # the default language
    assert "tidak ada yang disimpan dua kali" in page


def test_a_family_sharing_the_phone_and_email_are_two_entries(client, front_office, desks, clock):
    client.force_login(front_office)
    post_visit(client)
    response = post_visit(client, name="Dewi Wulandari", birth_year="2009", id_last4="4567")
    assert response.status_code == 302
    assert response.url == reverse("guestbook")
    assert sorted(GuestbookEntry.objects.values_list("name", flat=True)) == [
        "Dewi Wulandari",
        "Rina Wulandari",
    ]


@pytest.mark.parametrize(
    "changed", [{"purpose": "thesis"}, {"data_needed": "Inflasi 2025"}, {"id_last4": "9999"}]
)
def test_the_same_person_with_another_purpose_or_card_is_another_entry(
    client, front_office, desks, clock, changed
):
    client.force_login(front_office)
    post_visit(client)
    post_visit(client, **changed)
    assert GuestbookEntry.objects.count() == 2


def test_the_same_visitor_after_half_an_hour_is_another_visit(front_office, office, clock):
    first = guestbook.guestbook_record(office=office, officer=front_office, data=GUEST_DATA)
    clock.shift(29 * 60)
    again = guestbook.guestbook_record(office=office, officer=front_office, data=GUEST_DATA)
    assert (again.pk, again.is_repeat, again.is_same_visit) == (first.pk, True, True)
    clock.shift(2 * 60)
    later = guestbook.guestbook_record(office=office, officer=front_office, data=GUEST_DATA)
    assert later.pk != first.pk and not later.is_repeat
    assert GuestbookEntry.objects.count() == 2


def test_another_office_writing_the_same_visitor_is_its_own_entry(
    front_office, office, other_office, clock
):
    theirs = UserFactory(office=other_office, roles=[Role.FRONT_OFFICE])
    guestbook.guestbook_record(office=office, officer=front_office, data=GUEST_DATA)
    guestbook.guestbook_record(office=other_office, officer=theirs, data=GUEST_DATA)
    assert GuestbookEntry.objects.count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_visit_at_once_write_one_entry(office, front_office, desks):
    import time_machine

    from tests.conftest import MONDAY_9

    with time_machine.travel(MONDAY_9, tick=True):
        results, errors = run_in_parallel(
            4,
            lambda i: guestbook.guestbook_record(
                office=office, officer=front_office, data=GUEST_DATA,
                client_request_id=uuid.uuid4(),
            ).pk,
        )  # fmt: skip
    assert errors == []
    assert len(set(results)) == 1
    assert GuestbookEntry.objects.count() == 1
