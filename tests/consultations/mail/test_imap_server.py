"""The test IMAP server script itself: `make test 2>&1 | tee log` (what .ci/run does) ends only
when nothing started by make keeps the pipe open. A Dovecot that kept its stderr held CI's
pipe for the whole time limit after every test had passed."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/usr/sbin/dovecot").exists(), reason="make test installs Dovecot")
def test_dovecot_started_by_the_script_does_not_hold_the_callers_pipe():
    port = free_port()
    base = Path(tempfile.gettempdir()) / f"pst-dovecot-test-{port}"
    env = {**os.environ, "TEST_IMAP_PORT": str(port), "TEST_IMAP_DIR": str(base)}
    try:
        # capture_output reads both pipes to their end: it returns only once no process
        # holds them, so a server keeping them would make this time out.
        done = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(ROOT / "scripts" / "ensure-dovecot")],
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            assert conn.recv(200).startswith(b"* OK")
    finally:
        pid_file = base / "run" / "master.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
        shutil.rmtree(base, ignore_errors=True)
