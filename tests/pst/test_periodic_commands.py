"""Product trial O, O7: cron mails the operator whatever a command prints, so the periodic
commands of README's crontab say nothing when they had nothing to do (their summary with
`-v 2`), and a failure goes to stderr with exit status 1."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import GuestbookEntryFactory

ROOT = Path(__file__).resolve().parents[2]
NOTHING_TO_DO = [
    ("sla_sweep",),
    ("close_day",),
    ("purge_personal_data",),
    ("remove_orphan_files",),
    ("requeue_stale_mail",),
]


@pytest.mark.parametrize("command", NOTHING_TO_DO, ids=lambda c: c[0])
def test_a_periodic_command_with_nothing_to_do_prints_nothing(db, office, command, capsys):
    call_command(*command)
    assert capsys.readouterr() == ("", "")
    call_command(*command, "-v", "2")
    assert capsys.readouterr().out != ""


def test_the_weekly_holiday_sync_speaks_only_when_the_calendar_changed(db, capsys):
    call_command("sync_holidays", "--years", "2026")
    assert "created" in capsys.readouterr().out
    call_command("sync_holidays", "--years", "2026")
    assert capsys.readouterr() == ("", "")


def test_the_purge_says_what_it_anonymised(db, office, capsys):
    GuestbookEntryFactory(office=office, visit_date="2020-01-02")
    call_command("purge_personal_data")
    assert "1 guestbook entry older than 730 days anonymised" in capsys.readouterr().out


def test_a_failing_periodic_command_writes_to_stderr_and_exits_non_zero():
    result = subprocess.run(
        [sys.executable, "manage.py", "sync_holidays", "--years", "2020", "2021", "2022"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", "DEBUG": "on", "PST_IGNORE_DOTENV": "1",
                       "DATABASE_URL": "sqlite:////tmp/pst-periodic-test.sqlite3"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Give one year, or the first and the last year." in result.stderr
