"""`manage.py fetch_mail` against an IMAP server that stops answering (a real socket on
127.0.0.1, a thread of the test): it ends after MAIL_IN_TIMEOUT with an error line and exit
status 1, as for a server it cannot reach, and marks nothing. Before, a server that took the
connection and said nothing froze the command (and the cron runs queued behind it)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# How long the test server stays silent before it hangs up: far longer than the timeout under
# test, far shorter than the command's wait without one (the test then fails, not freezes).
SILENT_SECONDS = 5
TIMEOUT = 0.5


class SilentServer:
    """Takes connections on a free port of 127.0.0.1. With `answers`, it greets and answers
    the commands before the first one named in `silent_on` like an IMAP server with one unread
    mail (UID 7); then it says nothing more. Without, it says nothing at all. `commands`: what
    the client sent, in order."""

    def __init__(self, *, answers: bool, silent_on: str = "UID FETCH"):
        self.answers = answers
        self.silent_on = silent_on
        self.commands: list[str] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _address = self.listener.accept()
        with connection:
            if self.answers:
                self._converse(connection)
            self.stop.wait(SILENT_SECONDS)

    def _converse(self, connection: socket.socket) -> None:
        connection.sendall(b"* OK IMAP4rev1 test server ready\r\n")
        lines = connection.makefile("rb")
        for raw in lines:
            tag, _space, command = raw.decode().strip().partition(" ")
            self.commands.append(command.split(" (")[0].split(' "')[0])
            if command.upper().startswith(self.silent_on):
                return
            untagged = {
                "CAPABILITY": "* CAPABILITY IMAP4rev1\r\n",
                "SELECT": "* 1 EXISTS\r\n",
                "UID SEARCH": "* SEARCH 7\r\n",
            }
            for start, line in untagged.items():
                if command.upper().startswith(start):
                    connection.sendall(line.encode())
            connection.sendall(f"{tag} OK done\r\n".encode())

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=SILENT_SECONDS + 1)
        self.listener.close()


@pytest.fixture
def silent(settings, db):
    servers = []

    def start(**kwargs) -> SilentServer:
        server = SilentServer(**kwargs)
        servers.append(server)
        settings.MAIL_IN_HOST = "127.0.0.1"
        settings.MAIL_IN_PORT = server.port
        settings.MAIL_IN_SSL = False
        settings.MAIL_IN_USER = "pst"
        settings.MAIL_IN_PASSWORD = "secret"
        settings.MAIL_IN_FOLDER = "INBOX"
        settings.MAIL_IN_TIMEOUT = TIMEOUT
        return server

    yield start
    for server in servers:
        server.close()


def fetch_fails() -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(CommandError) as caught:
        call_command("fetch_mail")
    return str(caught.value), time.monotonic() - started


def test_a_server_that_takes_the_connection_and_never_answers_ends_the_run(silent):
    silent(answers=False)

    message, took = fetch_fails()

    assert message == (
        "Mailbox pst@127.0.0.1: no answer within 0.5 seconds (MAIL_IN_TIMEOUT); "
        "nothing was marked read"
    )
    assert took < SILENT_SECONDS


def test_a_server_that_stops_answering_while_reading_marks_nothing(silent):
    server = silent(answers=True)

    message, took = fetch_fails()

    assert "no answer within 0.5 seconds (MAIL_IN_TIMEOUT)" in message
    # Stopped at the mail it was reading: no flag stored, and no LOGOUT waiting as long again.
    assert server.commands == [
        "CAPABILITY",
        "LOGIN pst",
        "SELECT",
        "UID SEARCH UNSEEN",
        "UID FETCH 7",
    ]
    assert took < 2 * TIMEOUT + 1
