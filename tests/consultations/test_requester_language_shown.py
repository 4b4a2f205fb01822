"""Staff are told a requester's language when it is not the office's (trial P, P5): their
emails come in it, but the officer's text inside them is as typed, so the officer must know
to write in English. On the consultation's page (a badge at the top, a note at the reply
box), and on the walk-in record beside the visitor (the language of their ticket). Nothing
is said for Indonesian, nor to the requester; no query more."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import lifecycle
from consultations.models import Consultation
from queueing.models import GuestbookEntry, Ticket
from tests.consultations.test_walk_in import record
from tests.factories import UserFactory

# In Indonesian the language's name is the one of the language menu.
ENGLISH_ID = "Bahasa Inggris"


def shown_text(html: str, testid: str) -> str:
    """The text of the (span or p) element `testid`, tags out, spaces collapsed."""
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:span|p)>', html, re.S)
    assert found, testid
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def asked_by(office, question, language: str) -> Consultation:
    requester = UserFactory(email=f"{language or 'none'}@example.org", language=language)
    return lifecycle.consultation_submit(requester=requester, office=office, data=question)


def page(client, consultation) -> str:
    return client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()


def test_the_officer_is_told_an_english_requester_uses_english(
    client, office, question, consultation_officer
):
    consultation = asked_by(office, question, "en")
    client.force_login(consultation_officer)
    client.cookies["django_language"] = "en"
    html = page(client, consultation)
    assert shown_text(html, "requester-language") == "Requester uses English"
    assert shown_text(html, "write-in-language") == (
        "The requester uses English: write to them in English."
    )
    assert 'aria-describedby="language-help"' in html  # read with the reply box
    client.cookies["django_language"] = "id"
    html = page(client, consultation)
    assert ENGLISH_ID in shown_text(html, "requester-language")
    assert ENGLISH_ID in shown_text(html, "write-in-language")


@pytest.mark.parametrize("language", ["id", ""])
def test_nothing_is_said_of_indonesian(client, office, question, consultation_officer, language):
    consultation = asked_by(office, question, language)
    client.force_login(consultation_officer)
    html = page(client, consultation)
    assert 'data-testid="requester-language"' not in html
    assert 'data-testid="write-in-language"' not in html


def test_the_requester_is_not_told_their_own_language(client, office, question):
    consultation = asked_by(office, question, "en")
    client.force_login(consultation.requester)
    html = page(client, consultation)
    assert 'data-testid="requester-language"' not in html
    assert 'data-testid="write-in-language"' not in html


def test_the_badge_costs_no_query(client, office, question, consultation_officer):
    client.force_login(consultation_officer)
    counts = {}
    for language in ("en", "id"):
        consultation = asked_by(office, question, language)
        page(client, consultation)  # the session, once
        with CaptureQueriesContext(connection) as queries:
            page(client, consultation)
        counts[language] = len(queries)
    assert counts["en"] == counts["id"]


def test_a_walk_in_visitor_from_the_english_kiosk(client, serving):
    """The visitor's ticket was taken in English: the officer at the desk sees it beside the
    record form and the saved record; the follow-up's page tells who answers it later."""
    Ticket.objects.filter(pk=serving.pk).update(language="en")
    GuestbookEntry.objects.filter(ticket=serving).update(language="en")
    client.cookies["django_language"] = "en"
    url = reverse("consultation_walk_in", args=[serving.pk])
    assert shown_text(client.get(url).content.decode(), "visitor-language") == (
        "Visitor uses English"
    )
    assert record(client, serving, outcome="online_follow_up").status_code == 302
    assert shown_text(client.get(url).content.decode(), "visitor-language") == (
        "Visitor uses English"
    )
    html = page(client, Consultation.objects.get())
    assert shown_text(html, "requester-language") == "Requester uses English"
    client.cookies["django_language"] = "id"
    assert ENGLISH_ID in shown_text(client.get(url).content.decode(), "visitor-language")


def test_nothing_is_said_of_a_visitor_in_indonesian(client, serving):
    url = reverse("consultation_walk_in", args=[serving.pk])
    assert 'data-testid="visitor-language"' not in client.get(url).content.decode()
    record(client, serving)
    assert 'data-testid="visitor-language"' not in client.get(url).content.decode()
