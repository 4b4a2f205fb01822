"""An answered consultation becomes an article draft: the question and the office's answer,
never the requester's name or address (an officer greets them by name), never the officer's
clarification questions to them, never an internal note; and only once there is an answer
(found by the attack pass)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from consultations import lifecycle
from consultations.models import SubjectArea


@pytest.fixture
def answered(office, visitor, consultation_officer):
    data = {
        "subject_area": SubjectArea.objects.get(name="Harga dan Inflasi"),
        "topic": "data",
        "question": "Saya Siti Pengguna (pengguna@example.org), perlu inflasi bulanan 2025.",
    }
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=data)
    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer,
        body="Bu Siti, untuk kota mana saja datanya?",
    )  # fmt: skip
    lifecycle.consultation_reply(consultation=consultation, requester=visitor, body="Tarakan")
    lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
    lifecycle.consultation_write(
        consultation=consultation, officer=consultation_officer, body="RAHASIA internal",
        internal=True,
    )  # fmt: skip
    lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer,
        body="Yth. Ibu Siti Pengguna, inflasi bulanan Tarakan ada di Berita Resmi Statistik.",
    )  # fmt: skip
    return consultation


def draft_body(client, consultation) -> str:
    response = client.get(reverse("kb_new") + f"?from_consultation={consultation.pk}", follow=True)
    assert response.status_code == 200
    found = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', response.text, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_the_draft_keeps_the_answer_without_the_requester_or_the_clarification(
    client, answered, consultation_officer
):
    client.force_login(consultation_officer)
    body = draft_body(client, answered)
    assert "inflasi bulanan Tarakan ada di Berita Resmi Statistik" in body
    assert "perlu inflasi bulanan 2025" in body
    for leaked in ("Siti", "Pengguna", "pengguna@example.org", "kota mana saja", "RAHASIA"):
        assert leaked not in body, leaked


def test_a_consultation_without_an_answer_gives_no_draft(
    client, office, visitor, consultation_officer
):
    data = {
        "subject_area": SubjectArea.objects.get(name="Harga dan Inflasi"),
        "topic": "data",
        "question": "Pertanyaan yang belum dijawab",
    }
    consultation = lifecycle.consultation_submit(requester=visitor, office=office, data=data)
    client.force_login(consultation_officer)
    assert "Pertanyaan yang belum dijawab" not in draft_body(client, consultation)
