"""Product trial O, O1 and O2, the operator's side: emails a killed worker left RUNNING are
queued again (unless the server may already have them), failed emails are listed with their
addresses masked and sent again on request, /healthz counts them without naming anyone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult

from pst.mail_queue import HANDING_OVER
from pst.tasks import send_email

ADDRESS = "rina.wulandari@example.org"
MASKED = "ri•••@ex•••.org"
NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def database_tasks(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_RETRY_MINUTES = [1, 5]
    with time_machine.travel(NOW, tick=False):
        yield


def email(status=Status.READY, *, to=ADDRESS, minutes_ago=0, attempts=0, **fields):
    pk = send_email.enqueue(to=[to], subject="Konsultasi dijawab", body="Halo").id
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=pk).update(
        status=status, started_at=at, worker_ids=["w"] * attempts, **fields
    )
    return DBTaskResult.objects.get(pk=pk)


def failed(*, minutes_ago=5, why="pst.mail_delivery.MailRefused", attempts=1):
    return email(
        Status.FAILED, minutes_ago=minutes_ago, attempts=attempts,
        finished_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        exception_class_path=why,
        traceback=f"Traceback …\n{why}: SMTPRecipientsRefused: {{'{MASKED}': (550, b'no')}}\n",
    )  # fmt: skip


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def status(row) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


# -- a worker that died ---------------------------------------------------------------------


def test_an_email_left_running_by_a_stopped_worker_is_queued_again():
    stuck = email(Status.RUNNING, minutes_ago=20, attempts=1)
    sending_now = email(Status.RUNNING, minutes_ago=2, attempts=1)

    assert "emails queued again: 1" in run("requeue_stale_mail")

    again = DBTaskResult.objects.get(pk=stuck.pk)
    assert (again.status, again.run_after) == (Status.READY, NOW)
    assert status(sending_now) == Status.RUNNING
    assert run("requeue_stale_mail") == ""  # nothing left to do: nothing printed


def test_an_email_whose_message_had_reached_the_server_is_not_queued_again():
    handed = email(
        Status.RUNNING, minutes_ago=20, attempts=1, return_value={HANDING_OVER: "2026-11-27"}
    )
    assert "may have been delivered (left failed): 1" in run("requeue_stale_mail")
    row = DBTaskResult.objects.get(pk=handed.pk)
    assert row.status == Status.FAILED
    assert row.exception_class_path == "pst.mail_delivery.MailOutcomeUnknown"


def test_an_email_that_stopped_its_worker_at_every_attempt_is_given_up():
    last = email(Status.RUNNING, minutes_ago=20, attempts=3)
    assert "given up: 1" in run("requeue_stale_mail")
    assert status(last) == Status.FAILED


def test_requeue_refuses_a_threshold_a_live_attempt_could_reach(settings):
    settings.EMAIL_TIMEOUT = 30
    for minutes in ("0", "4", "-1", "99999999999"):
        with pytest.raises(CommandError):
            run("requeue_stale_mail", "--minutes", minutes)


# -- what the operator sees and does ------------------------------------------------------------


def test_mail_status_lists_failed_emails_masked_with_their_reason():
    old = failed()
    email(Status.READY, exception_class_path="pst.mail_delivery.MailDeferred")
    email(Status.READY)
    email(Status.SUCCESSFUL, finished_at=NOW)

    report = run("mail_status")

    assert "waiting to be sent: 1" in report
    assert "to be tried again: 1, next at" in report
    assert "sent in the last 7 day(s): 1" in report
    assert "failed in the last 7 day(s): 1" in report
    assert f"{old.pk}  {MASKED}  attempts: 1  subject: 'Konsultasi dijawab'" in report
    assert "SMTPRecipientsRefused" in report
    assert ADDRESS not in report


def test_mail_status_says_when_no_worker_takes_the_emails():
    email(Status.READY, minutes_ago=0)
    DBTaskResult.objects.update(enqueued_at=NOW - dt.timedelta(minutes=20))
    assert "1 due more than 15 minutes ago: is db_worker running?" in run("mail_status")


def test_resend_failed_mail_queues_them_again_with_all_their_attempts_and_only_once():
    refused = failed(attempts=3)
    unknown = failed(why="pst.mail_delivery.MailOutcomeUnknown")
    too_old = failed(minutes_ago=8 * 24 * 60)

    assert "1 email(s) queued again." in run("resend_failed_mail")
    row = DBTaskResult.objects.get(pk=refused.pk)
    assert (row.status, row.worker_ids, row.run_after) == (Status.READY, [], NOW)
    assert row.exception_class_path == "" and row.finished_at is None
    assert status(unknown) == Status.FAILED and status(too_old) == Status.FAILED

    assert "0 email(s) queued again." in run("resend_failed_mail")  # twice: nothing more


def test_an_email_that_may_have_been_delivered_is_sent_again_only_when_named():
    unknown = failed(why="pst.mail_delivery.MailOutcomeUnknown")
    assert "1 email(s) queued again." in run("resend_failed_mail", str(unknown.pk))
    assert status(unknown) == Status.READY


@pytest.mark.parametrize("value", ["nope", "1\x00", "١٢٣", "9" * 400])
def test_resend_refuses_what_is_not_a_task_id(value):
    with pytest.raises(CommandError, match="Not a task id"):
        run("resend_failed_mail", value)


def test_resend_refuses_an_id_that_is_not_a_failed_email():
    waiting = email(Status.READY)
    with pytest.raises(CommandError, match="Not a failed email"):
        run("resend_failed_mail", str(waiting.pk))
    assert status(waiting) == Status.READY


def test_without_the_database_backend_the_commands_say_no_email_is_kept(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert "immediate backend" in run("mail_status")
    with pytest.raises(CommandError, match="immediate backend"):
        run("resend_failed_mail")


# -- /healthz ----------------------------------------------------------------------------------


def test_healthz_counts_failed_and_late_emails_without_naming_anyone(client):
    failed()
    failed(minutes_ago=2 * 24 * 60)  # no longer news for a monitor
    email(Status.READY)
    DBTaskResult.objects.filter(status=Status.READY).update(
        enqueued_at=NOW - dt.timedelta(minutes=20)
    )
    email(Status.READY, exception_class_path="x", run_after=NOW + dt.timedelta(minutes=5))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["email"] == {"failed_24h": 1, "waiting_late": 1}
    assert b"@" not in response.content


def test_healthz_stays_a_few_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        failed()
    with django_assert_max_num_queries(2):
        client.get("/healthz")
