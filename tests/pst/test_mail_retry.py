"""Product trial O, O1 and O2: an email whose sending fails is tried again later when the
failure can pass, given up (logged, listed, resendable) when it cannot, and never sent twice;
a server that never answers ends the attempt after EMAIL_TIMEOUT. Real SMTP over a local
socket (tests/smtp.py), the database task backend run by db_worker's own Worker."""

from __future__ import annotations

import datetime as dt
import logging
import time
from unittest import mock

import pytest
import time_machine
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pst.mail_queue import HANDING_OVER
from pst.tasks import send_email
from tests.smtp import HANG, Script, SmtpServer, closed_port, smtp_settings

ADDRESS = "rina.wulandari@example.org"
MASKED = "ri•••@ex•••.org"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == level]


@pytest.fixture
def mail_log():
    handler = Lines()
    logger = logging.getLogger("pst.mail_queue")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def database_tasks(transactional_db, settings):
    """The worker runs outside any transaction and closes its connection between tasks, as
    in production: these tests commit."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_RETRY_MINUTES = [1, 5, 15]


def enqueue() -> DBTaskResult:
    result = send_email.enqueue(to=[ADDRESS], subject="Konsultasi dijawab", body="Halo")
    return DBTaskResult.objects.get(pk=result.id)


def work() -> None:
    """What `manage.py db_worker --batch` does: every email due now, then stop."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


def row(pk) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=pk)


def test_an_email_refused_at_connection_is_tried_again_a_minute_later_and_then_sent(
    database_tasks, clock, mail_log
):
    script = Script(greeting="421 4.3.2 service not available, try later")
    with SmtpServer(script) as server, override_settings(**smtp_settings(server.port)):
        email = enqueue()
        work()
        waiting = row(email.pk)
        assert waiting.status == TaskResultStatus.READY
        assert waiting.run_after == START + dt.timedelta(minutes=1)
        assert script.received == []
        assert mail_log.at(logging.WARNING) == [
            f"Email {email.pk} to {MASKED} not sent (attempt 1 of 4): "
            "SMTPConnectError: (421, b'4.3.2 service not available, try later'). "
            "Trying again at 2026-11-27 10.01 WITA."
        ]

        work()  # not yet due
        assert row(email.pk).status == TaskResultStatus.READY
        script.greeting = "220 mail.test ESMTP"
        clock.shift(dt.timedelta(minutes=1))
        work()

    sent = row(email.pk)
    assert sent.status == TaskResultStatus.SUCCESSFUL
    assert len(sent.worker_ids) == 2
    assert len(script.received) == 1


def test_a_mail_server_that_is_down_is_tried_again_at_growing_intervals_then_given_up(
    database_tasks, clock, mail_log
):
    with override_settings(**smtp_settings(closed_port())):
        email = enqueue()
        for minutes in (1, 5, 15):
            work()
            waiting = row(email.pk)
            assert waiting.status == TaskResultStatus.READY
            assert waiting.run_after == timezone.now() + dt.timedelta(minutes=minutes)
            clock.shift(dt.timedelta(minutes=minutes))
        work()

    given_up = row(email.pk)
    assert given_up.status == TaskResultStatus.FAILED
    assert len(given_up.worker_ids) == 4
    assert "ConnectionRefusedError" in given_up.traceback
    assert len(mail_log.at(logging.WARNING)) == 3
    (error,) = mail_log.at(logging.ERROR)
    assert error.startswith(f"Email {email.pk} to {MASKED} not sent, given up after 4 attempt(s)")
    assert ADDRESS not in error


def test_a_recipient_the_server_refuses_for_good_is_not_tried_again_and_no_log_names_it(
    database_tasks, clock, mail_log
):
    script = Script(rcpt=f"550 5.1.1 <{ADDRESS}>: Recipient address rejected: User unknown")
    with SmtpServer(script) as server, override_settings(**smtp_settings(server.port)):
        email = enqueue()
        work()
    failed = row(email.pk)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "pst.mail_delivery.MailRefused"
    assert ADDRESS not in failed.traceback and MASKED in failed.traceback
    (error,) = mail_log.at(logging.ERROR)
    assert "given up after 1 attempt(s)" in error and "550" in error
    assert ADDRESS not in error


def test_a_temporary_refusal_of_the_recipient_is_tried_again(database_tasks, clock):
    script = Script(rcpt="450 4.2.1 mailbox busy, greylisted")
    with SmtpServer(script) as server, override_settings(**smtp_settings(server.port)):
        email = enqueue()
        work()
    assert row(email.pk).status == TaskResultStatus.READY


def test_a_server_that_accepts_the_connection_and_never_answers_ends_the_attempt_in_time(
    database_tasks, clock
):
    """O2: the worker is not held for ever; the attempt is tried again later."""
    with (
        SmtpServer(Script(greeting=HANG)) as server,
        override_settings(**smtp_settings(server.port, timeout=1)),
    ):
        email = enqueue()
        started = time.monotonic()
        work()
        assert time.monotonic() - started < 10
    waiting = row(email.pk)
    assert waiting.status == TaskResultStatus.READY
    assert "timed out" in waiting.traceback


def worked_an_hour_apart(script: Script, clock) -> DBTaskResult:
    """One email, the worker run now and an hour later (a retry would be due by then)."""
    with (
        SmtpServer(script) as server,
        override_settings(**smtp_settings(server.port, timeout=1)),
    ):
        email = enqueue()
        work()
        clock.shift(dt.timedelta(hours=1))
        work()
    return row(email.pk)


def test_a_message_the_server_took_whole_without_answering_is_never_sent_again_by_itself(
    database_tasks, clock, mail_log
):
    script = Script(data_end=HANG)
    failed = worked_an_hour_apart(script, clock)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "pst.mail_delivery.MailOutcomeUnknown"
    assert len(failed.worker_ids) == 1
    assert len(script.received) == 1
    (error,) = mail_log.at(logging.ERROR)
    assert "may have been delivered" in error


def test_the_moment_the_message_reaches_the_server_is_noted_for_a_worker_that_dies_then(
    database_tasks, clock
):
    """What requeue_stale_mail reads: while the server holds the whole message, its row says
    so (the server's thread looks, with a connection of its own)."""
    seen = []

    def look() -> None:
        seen.extend(DBTaskResult.objects.values_list("status", "return_value"))
        connections.close_all()

    worked_an_hour_apart(Script(data_end=HANG, on_data_end=look), clock)
    ((status, noted),) = seen
    assert status == TaskResultStatus.RUNNING
    assert noted == {HANDING_OVER: START.isoformat()}


def test_a_failure_after_the_server_accepted_the_message_does_not_send_it_again(
    database_tasks, clock
):
    script = Script(quit=HANG)
    assert worked_an_hour_apart(script, clock).status == TaskResultStatus.SUCCESSFUL
    assert len(script.received) == 1


def test_with_the_immediate_backend_a_failed_email_is_logged_masked_and_the_request_goes_on(
    db, mail_log
):
    with override_settings(**smtp_settings(closed_port())):
        result = send_email.enqueue(to=[ADDRESS], subject="Reset", body="Halo")
    assert result.status == TaskResultStatus.FAILED
    (error,) = mail_log.at(logging.ERROR)
    assert error.startswith(f"Email to {MASKED} not sent: ConnectionRefusedError")
    assert "no worker tries again" in error


def test_django_tasks_does_not_log_the_failed_email_again_with_its_traceback(db):
    handler = Lines()
    tasks_logger = logging.getLogger("django_tasks")
    tasks_logger.addHandler(handler)
    try:
        with override_settings(**smtp_settings(closed_port())):
            send_email.enqueue(to=[ADDRESS], subject="Reset", body="Halo")
    finally:
        tasks_logger.removeHandler(handler)
    assert [r for r in handler.records if r.levelno >= logging.ERROR] == []


def test_an_email_being_sent_when_the_worker_is_stopped_at_once_is_tried_again(
    database_tasks, clock
):
    """A second SIGTERM makes db_worker raise SystemExit in the middle of the send."""
    with (
        SmtpServer(Script()) as server,
        override_settings(**smtp_settings(server.port)),
        mock.patch("smtplib.SMTP.ehlo", side_effect=SystemExit(1)),
    ):
        email = enqueue()
        work()
    waiting = row(email.pk)
    assert waiting.status == TaskResultStatus.READY
    assert "the worker was stopped" in waiting.traceback
