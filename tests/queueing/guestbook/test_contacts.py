"""Guestbook contacts and card digits, new and corrected: a refused value is never shown
back whatever the error, and a number in the domain of an email address is refused."""

import pytest
from django.urls import reverse

from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry
from queueing.guestbook.services import GuestbookError
from tests.html import without_random_values
from tests.queueing.guestbook.test_guestbook import post_entry
from tests.queueing.guestbook.test_records import DATA, FORM

SPLIT = ["3171\r\n0123\r\n4567\r\n0001", "3171\t0123\t4567\t0001", "3171 0123 4567 0001"]


@pytest.fixture
def entry(office, front_office, clock):
    return guestbook.guestbook_record(office=office, officer=front_office, data=DATA)


def _no_echo(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert "3171" not in without_random_values(html)
    assert "4567" not in without_random_values(html)


@pytest.mark.parametrize("field", ["id_last4", "phone"])
@pytest.mark.parametrize("typed", SPLIT)
def test_a_new_entry_never_shows_back_a_refused_card_number_or_phone(
    client, front_office, clock, field, typed
):
    client.force_login(front_office)
    _no_echo(post_entry(client, **{field: typed}))
    assert not GuestbookEntry.objects.exists()


@pytest.mark.parametrize("field", ["id_last4", "phone"])
@pytest.mark.parametrize("typed", SPLIT)
def test_a_correction_never_shows_back_a_refused_card_number_or_phone(
    client, front_office, entry, field, typed
):
    client.force_login(front_office)
    response = client.post(
        reverse("guestbook_correct", args=[entry.pk]), FORM | {field: typed, "version": "0"}
    )
    _no_echo(response)
    entry.refresh_from_db()
    assert (entry.id_last4, entry.phone) == ("0123", "+6281255550101")


@pytest.mark.parametrize(
    "email", ["x@3171012345670001.example.org", "x@３１７１０１２３４５６７０００１.example.org"]
)
def test_a_number_in_the_domain_of_an_email_is_refused_new_or_corrected(
    client, front_office, entry, email
):
    client.force_login(front_office)
    response = post_entry(client, email=email)
    assert response.status_code == 200 and "email" in response.context["form"].errors
    response = client.post(
        reverse("guestbook_correct", args=[entry.pk]), FORM | {"email": email, "version": "0"}
    )
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert list(GuestbookEntry.objects.values_list("email", flat=True)) == [DATA["email"]]
    with pytest.raises(GuestbookError) as refused:
        guestbook.guestbook_correct(entry=entry, officer=front_office, data={"email": email})
    assert refused.value.field == "email"
