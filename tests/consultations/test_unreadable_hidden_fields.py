"""A hidden value a form carries (its request id, the knowledge-base search it follows) that
comes back unreadable, changed on the way by a proxy or an extension (product trial G, G10):
the form says so above its fields and draws the value afresh, so that sending it again works.
Before, the page said nothing and carried the same bad value back, failing forever."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from consultations.knowledge.models import Article
from consultations.models import Consultation, Message
from tests.consultations.knowledge.conftest import prices  # noqa: F401
from tests.consultations.knowledge.test_kb_articles import form_data as article_data
from tests.consultations.test_on_behalf import ON_BEHALF, open_on_behalf, subject  # noqa: F401
from tests.consultations.test_on_behalf import form as on_behalf_data  # noqa: F401
from tests.consultations.test_online_pages import form_data as online_data

UNREADABLE_IDS = ["abc", "", "x" * 300]


def said_and_renewed(response, form_name: str, field: str) -> str:
    """The refused form says "form changed" above its fields and carries a fresh, readable
    value of `field` back; returns that value."""
    form = response.context[form_name]
    assert form.has_error(NON_FIELD_ERRORS, "form_changed")
    assert str(form.non_field_errors()[0]) in response.content.decode()
    match = re.search(rf'name="{field}"(?: value="([^"]*)")?', response.content.decode())
    assert match, f"no {field} in the page"
    return match.group(1) or ""


@pytest.mark.parametrize("bad", UNREADABLE_IDS)
def test_the_online_form_with_an_unreadable_request_id_says_so_and_sends_next_time(
    client, office, visitor, bad
):
    client.force_login(visitor)
    url = reverse("consultation_new")
    response = client.post(url, online_data(office=office.pk, request_id=bad))
    assert response.status_code == 200
    fresh = said_and_renewed(response, "form", "request_id")
    uuid.UUID(fresh)  # readable
    assert not Consultation.objects.exists()
    again = client.post(url, online_data(office=office.pk, request_id=fresh))
    assert again.status_code == 302
    assert Consultation.objects.count() == 1


def test_the_online_form_with_a_search_mark_too_long_drops_it_and_sends_next_time(
    client, office, visitor
):
    client.force_login(visitor)
    url = reverse("consultation_new")
    response = client.post(url, online_data(office=office.pk, search="s" * 201))
    assert said_and_renewed(response, "form", "search") == ""
    assert "s" * 201 not in response.content.decode()
    data = online_data(office=office.pk, search="")
    assert client.post(url, data).status_code == 302


def test_the_on_behalf_form_with_an_unreadable_request_id_says_so_and_sends_next_time(
    client,
    consultation_officer,
    on_behalf_data,  # noqa: F811
    clock,
):
    client.force_login(consultation_officer)
    response = client.post(ON_BEHALF, on_behalf_data | {"request_id": "abc"})
    assert response.status_code == 400
    fresh = said_and_renewed(response, "form", "request_id")
    assert client.post(ON_BEHALF, on_behalf_data | {"request_id": fresh}).status_code == 302


def test_the_message_and_exchange_forms_with_an_unreadable_request_id_say_so(
    client,
    office,
    consultation_officer,
    subject,  # noqa: F811
    clock,
):
    consultation = open_on_behalf(office, consultation_officer, subject)
    client.force_login(consultation_officer)
    note = reverse("consultation_act", args=[consultation.pk, "note"])
    response = client.post(note, {"body": "Catatan internal.", "request_id": "abc"})
    assert response.status_code == 400
    fresh = said_and_renewed(response, "message_form", "request_id")
    assert client.post(note, {"body": "Catatan internal.", "request_id": fresh}).status_code == 302
    log = reverse("consultation_act", args=[consultation.pk, "log"])
    exchange = {"channel": "whatsapp", "happened_at": "2026-11-23T08:15", "body": "Bertanya."}
    response = client.post(log, exchange | {"request_id": "abc"})
    assert response.status_code == 400
    fresh = said_and_renewed(response, "exchange_form", "request_id")
    assert client.post(log, exchange | {"request_id": fresh}).status_code == 302
    assert Message.objects.filter(consultation=consultation, from_staff=True).count() >= 2


def test_the_article_form_with_an_unreadable_request_id_says_so_and_saves_next_time(
    client,
    consultation_officer,
    prices,  # noqa: F811
):
    client.force_login(consultation_officer)
    url = reverse("kb_new")
    response = client.post(url, article_data(prices, client_request_id="abc"))
    assert response.status_code == 200
    fresh = said_and_renewed(response, "form", "client_request_id")
    assert client.post(url, article_data(prices, client_request_id=fresh)).status_code == 302
    assert Article.objects.count() == 1
