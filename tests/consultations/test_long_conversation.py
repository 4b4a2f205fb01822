"""A long conversation (trial N11: 36 messages, the newest and the reply box eight screens
down): the page offers jumps to the newest message, the reply box and a list of every file,
without a query more; a short one shows none of it; the requester's list never holds an
internal note's file."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import lifecycle
from consultations.models import SubjectArea
from consultations.views_online import LONG_CONVERSATION

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def asked(office, visitor):
    return lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.get(name="Kependudukan"), "topic": "data",
              "question": "Proyeksi penduduk 2030?"},
    )  # fmt: skip


def _write(consultation, officer, count: int, *, internal_every: int = 0) -> None:
    for i in range(count):
        lifecycle.consultation_write(
            consultation=consultation, officer=officer, body=f"Pesan {i}",
            internal=bool(internal_every and i % internal_every == 0),
            files=[SimpleUploadedFile(f"tabel-{i}.pdf", PDF)],
        )  # fmt: skip


def test_a_long_conversation_offers_jumps_to_the_newest_the_reply_and_every_file(
    client, asked, consultation_officer
):
    _write(asked, consultation_officer, LONG_CONVERSATION)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="jump-latest"' in page and 'href="#message-form"' in page
    assert page.count('id="latest-message"') == 1
    newest = page.index('id="latest-message"')
    assert f"Pesan {LONG_CONVERSATION - 1}" in page[newest:]
    assert 'id="message-form"' in page
    files = page[page.index('data-testid="all-attachments"') :]
    assert all(f"tabel-{i}.pdf" in files for i in range(LONG_CONVERSATION))


def test_a_short_conversation_shows_no_jumps(client, asked, consultation_officer):
    _write(asked, consultation_officer, 1)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="conversation-jumps"' not in page
    assert 'data-testid="all-attachments"' in page  # the file list is there for any file


def test_the_requesters_file_list_holds_no_internal_notes_file(
    client, asked, consultation_officer, visitor
):
    _write(asked, consultation_officer, 2 * LONG_CONVERSATION, internal_every=2)
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    files = page[page.index('data-testid="all-attachments"') :]
    listed = set(re.findall(r"tabel-(\d+)\.pdf", files))
    assert listed == {str(i) for i in range(2 * LONG_CONVERSATION) if i % 2}
    assert 'href="#message-form"' in page  # the requester may reply
