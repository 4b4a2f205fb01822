"""A real SMTP server on 127.0.0.1 for the email tests, in a thread: it answers as a mail
server does, except where a test tells it to answer otherwise or to fall silent (`hang`),
so that Django's SMTP backend and smtplib meet the failure over a real socket."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

HANG = "hang"  # as an answer: say nothing until the test ends (a server that never answers)


@dataclass
class Script:
    """The answer to each step; HANG for silence. `received`: the messages whose DATA ended
    (what a real server would have queued, whatever it answered then)."""

    greeting: str = "220 mail.test ESMTP"
    rcpt: str = "250 2.1.5 OK"
    data_end: str = "250 2.0.0 queued"
    quit: str = "221 2.0.0 bye"
    received: list[bytes] = field(default_factory=list)
    on_data_end: Callable[[], None] | None = None  # called once the message's last line came


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        script: Script = self.server.script  # type: ignore[attr-defined]
        if not self._answer(script.greeting):
            return
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].split(b":", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                answered = self._answer("250 mail.test")
            elif verb == b"RCPT":
                answered = self._answer(script.rcpt)
            elif verb == b"DATA":
                self._answer("354 end with <CRLF>.<CRLF>")
                body = b"".join(iter(self.rfile.readline, b".\r\n"))
                script.received.append(body)
                if script.on_data_end:
                    script.on_data_end()
                answered = self._answer(script.data_end)
            elif verb == b"QUIT":
                self._answer(script.quit)
                return
            else:  # MAIL, RSET, NOOP
                answered = self._answer("250 2.0.0 OK")
            if not answered:
                return

    def _answer(self, text: str) -> bool:
        if text == HANG:
            self.server.released.wait(30)  # type: ignore[attr-defined]
            return False
        self.wfile.write(text.encode() + b"\r\n")
        return True


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.released = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> SmtpServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.released.set()
        self.shutdown()
        self.server_close()


def closed_port() -> int:
    """A port on which nothing listens (the office's mail server down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_settings(port: int, *, timeout: int = 2) -> dict[str, object]:
    """Django's SMTP backend towards 127.0.0.1:`port`, as EMAIL_URL=smtp://… gives it."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": timeout,
    }
