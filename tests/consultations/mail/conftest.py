"""Email in: the real `.eml` files of eml/ (a `{reply-to}` in them becomes the reply address
of the consultation under test), the reply-address pattern, and a consultation of the
visitor persona waiting for its reply."""

from __future__ import annotations

import imaplib
import os
import re
import uuid
from pathlib import Path

import pytest

from consultations import lifecycle
from consultations.mail.token import reply_address
from consultations.models import SubjectArea

EML = Path(__file__).parent / "eml"


@pytest.fixture(autouse=True)
def _mail_in_settings(settings):
    settings.REPLY_TO_ADDRESS = "pst+{token}@example.go.id"
    settings.DEFAULT_FROM_EMAIL = "PST BPS Kota Tarakan <pst6571@example.go.id>"
    settings.MAIL_IN_OFFICE = "6571"


@pytest.fixture
def consultation(office, visitor, consultation_officer, clock):
    return lifecycle.consultation_submit(
        requester=visitor,
        office=office,
        data={
            "subject_area": SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan"),
            "topic": "data",
            "question": "Berapa garis kemiskinan Kota Tarakan 2025?",
        },
    )


@pytest.fixture
def eml():
    """eml("reply_quoted", consultation) -> the file's bytes, addressed to its reply address."""

    def read(name: str, consultation=None, *, to: str = "") -> bytes:
        raw = (EML / f"{name}.eml").read_bytes()
        address = to or (reply_address(consultation) if consultation else "nobody@example.go.id")
        return raw.replace(b"{reply-to}", address.encode())

    return read


# The IMAP server scripts/ensure-dovecot starts (make test runs it); the same values here.
TEST_IMAP_HOST = "127.0.0.1"
TEST_IMAP_PORT = int(os.environ.get("TEST_IMAP_PORT", "10143"))
TEST_IMAP_USER = os.environ.get("TEST_IMAP_USER", "pst")
TEST_IMAP_PASSWORD = os.environ.get("TEST_IMAP_PASSWORD", "pst-test-mailbox")


class TestMailbox:
    """A folder of its own on the real IMAP server, for one test."""

    def __init__(self, connection: imaplib.IMAP4, folder: str):
        self.connection = connection
        self.folder = folder

    def append(self, raw: bytes) -> None:
        status, _data = self.connection.append(
            self.folder, None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        )
        assert status == "OK"

    def flags(self) -> list[set[str]]:
        """The flags of each mail, in the order they were appended."""
        self.connection.select(self.folder, readonly=True)
        _status, data = self.connection.fetch("1:*", "(FLAGS)")
        return [
            set(re.search(rb"FLAGS \(([^)]*)\)", line).group(1).decode().split())
            for line in data
            if line
        ]


@pytest.fixture
def mailbox(settings):
    try:
        connection = imaplib.IMAP4(TEST_IMAP_HOST, TEST_IMAP_PORT, timeout=10)
    except OSError as error:  # never skipped: make test starts the server
        pytest.fail(
            f"No IMAP server at {TEST_IMAP_HOST}:{TEST_IMAP_PORT} ({error}): "
            "run scripts/ensure-dovecot"
        )
    connection.login(TEST_IMAP_USER, TEST_IMAP_PASSWORD)
    folder = f"test-{uuid.uuid4().hex}"
    assert connection.create(folder)[0] == "OK"
    settings.MAIL_IN_HOST = TEST_IMAP_HOST
    settings.MAIL_IN_PORT = TEST_IMAP_PORT
    settings.MAIL_IN_SSL = False
    settings.MAIL_IN_USER = TEST_IMAP_USER
    settings.MAIL_IN_PASSWORD = TEST_IMAP_PASSWORD
    settings.MAIL_IN_FOLDER = folder
    yield TestMailbox(connection, folder)
    connection.close() if connection.state == "SELECTED" else None
    connection.delete(folder)
    connection.logout()
