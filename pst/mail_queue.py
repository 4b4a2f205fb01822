"""The emails waiting in the database task backend (one `DBTaskResult` row per email, task
`pst.tasks.send_email`), what becomes of one that failed, and what the operator sees of them
(product trial O, O1 and O2):

- a failed attempt that may succeed later (`MailDeferred`) puts the same row back to READY
  with `run_after` EMAIL_RETRY_MINUTES later: one row per email, its attempts are the
  workers that claimed it; any other failure, or the last attempt, leaves it FAILED and is
  logged at ERROR with the address masked;
- a row a killed worker left RUNNING is put back (`mail_requeue_stale`), unless the message
  had already reached the server (`mail_handing_over` marks that moment): that one is left
  FAILED as "may have been delivered", never sent twice by itself;
- `mail_resend_failed` puts FAILED rows back for the operator; `mail_health` and
  `mail_rows` are what /healthz and `manage.py mail_status` read.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from pst.mail_delivery import MailDeferred, MailNotSent, MailOutcomeUnknown, addresses_masked
from pst.personal_data import mask_email

logger = logging.getLogger(__name__)

SEND_EMAIL = "pst.tasks.send_email"
DEFERRED = f"{MailDeferred.__module__}.{MailDeferred.__qualname__}"
UNKNOWN = f"{MailOutcomeUnknown.__module__}.{MailOutcomeUnknown.__qualname__}"
HANDING_OVER = "handing_over_at"
# An email due this long and not taken: no worker is running (/healthz says so).
LATE = dt.timedelta(minutes=15)
READY, RUNNING = TaskResultStatus.READY, TaskResultStatus.RUNNING
FAILED, SUCCESSFUL = TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL


def uses_database_backend() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def mail_rows() -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(task_path=SEND_EMAIL)


def recipients_masked(kwargs: dict) -> str:
    return ", ".join(mask_email(address) for address in kwargs.get("to") or ()) or "(nobody)"


def failure_reason(exception_class_path: str, traceback: str) -> str:
    """The failure's one line as `MailNotSent` wrote it (addresses already masked); any
    other error's last traceback line, its addresses masked."""
    lines = traceback.strip().splitlines()
    last = lines[-1] if lines else exception_class_path
    if last.startswith(f"{exception_class_path}: ") and exception_class_path.startswith(
        MailNotSent.__module__
    ):
        last = last.removeprefix(f"{exception_class_path}: ")
    return addresses_masked(last)


def local_time(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H.%M %Z")


# -- one attempt ends ----------------------------------------------------------------------------


def mail_handing_over(task_result: TaskResult) -> None:
    """The message's last line is leaving for the server: from now on the server may have
    it. Noted on the task's row, where `mail_requeue_stale` reads it if the worker dies
    before the answer (the worker overwrites it when the attempt ends)."""
    if getattr(task_result, "db_result", None) is None:
        return  # the immediate backend: no row, nothing is ever requeued
    marked = {HANDING_OVER: timezone.now().isoformat()}
    DBTaskResult.objects.filter(pk=task_result.id).update(return_value=marked)


def mail_task_finished(sender, task_result: TaskResult, **kwargs) -> None:
    """django-tasks' task_finished: a failed email is tried again later or given up. Never
    raises: the worker sends this signal while handling the failure."""
    if task_result.task.module_path != SEND_EMAIL or task_result.status != FAILED:
        return
    try:
        _after_failure(task_result)
    except Exception:
        logger.exception("Email task id=%s: deciding on another attempt failed", task_result.id)


def _after_failure(task_result: TaskResult) -> None:
    error = task_result.errors[-1]
    why = failure_reason(error.exception_class_path, error.traceback)
    to = recipients_masked(task_result.kwargs)
    if getattr(task_result, "db_result", None) is None:
        logger.error(
            "Email to %s not sent: %s (TASKS_BACKEND is the immediate backend: no worker "
            "tries again)",
            to,
            why,
        )
        return
    attempts, delays = len(task_result.worker_ids), settings.EMAIL_RETRY_MINUTES
    if error.exception_class_path == DEFERRED and attempts <= len(delays):
        again = timezone.now() + dt.timedelta(minutes=delays[attempts - 1])
        put_back = DBTaskResult.objects.filter(pk=task_result.id, status=FAILED).update(
            status=READY, run_after=again, finished_at=None
        )
        if put_back:
            logger.warning(
                "Email %s to %s not sent (attempt %d of %d): %s. Trying again at %s.",
                task_result.id, to, attempts, len(delays) + 1, why, local_time(again),
            )  # fmt: skip
            return
    _given_up(task_result.id, to, attempts, why)


def _given_up(task_id: object, to: str, attempts: int, why: str) -> None:
    logger.error(
        "Email %s to %s not sent, given up after %d attempt(s): %s. `manage.py mail_status` "
        "lists it; `manage.py resend_failed_mail` sends it again.",
        task_id, to, attempts, why,
    )  # fmt: skip


# -- the operator -------------------------------------------------------------------------------


@dataclass
class StaleMail:
    requeued: int = 0
    maybe_delivered: int = 0
    given_up: int = 0


def mail_requeue_stale(*, minutes: int, now: dt.datetime | None = None) -> StaleMail:
    """Emails RUNNING for more than `minutes`: their worker died (killed, the machine
    stopped). Each goes back to READY, unless its message had reached the server (FAILED,
    "may have been delivered": the operator decides) or it has had all its attempts."""
    now = now or timezone.now()
    result = StaleMail()
    stale = mail_rows().filter(status=RUNNING, started_at__lt=now - dt.timedelta(minutes=minutes))
    for row in stale:
        same = DBTaskResult.objects.filter(pk=row.pk, status=RUNNING, started_at=row.started_at)
        to = recipients_masked(row.args_kwargs.get("kwargs") or {})
        handed_over = isinstance(row.return_value, dict) and HANDING_OVER in row.return_value
        if handed_over:
            why = "the worker stopped once the message reached the server: may have been delivered"
            failed = {"exception_class_path": UNKNOWN, "traceback": f"{UNKNOWN}: {why}"}
            if same.update(status=FAILED, finished_at=now, return_value=None, **failed):
                result.maybe_delivered += 1
                _given_up(row.pk, to, len(row.worker_ids), why)
        elif len(row.worker_ids) > len(settings.EMAIL_RETRY_MINUTES):
            why = "the worker stopped during the last attempt"
            failed = {"exception_class_path": DEFERRED, "traceback": f"{DEFERRED}: {why}"}
            if same.update(status=FAILED, finished_at=now, **failed):
                result.given_up += 1
                _given_up(row.pk, to, len(row.worker_ids), why)
        elif same.update(status=READY, run_after=now):
            result.requeued += 1
            logger.warning(
                "Email %s to %s was left being sent by a worker that stopped (attempt %d "
                "started %s): queued again.",
                row.pk, to, len(row.worker_ids), local_time(row.started_at),
            )  # fmt: skip
    return result


def mail_failed(*, days: int, now: dt.datetime | None = None) -> QuerySet[DBTaskResult]:
    since = (now or timezone.now()) - dt.timedelta(days=days)
    return mail_rows().filter(status=FAILED, finished_at__gte=since).order_by("finished_at")


def mail_resend_failed(
    *, ids: list[str] | None = None, days: int = 7, now: dt.datetime | None = None
) -> list[DBTaskResult]:
    """Put failed emails back in the queue with all their attempts again: the ones named by
    `ids`, else those that failed in the last `days` except the ones that may have been
    delivered (those only when named). Returns the rows queued again."""
    now = now or timezone.now()
    if ids:
        rows = mail_rows().filter(status=FAILED, pk__in=ids)
    else:
        rows = mail_failed(days=days, now=now).exclude(exception_class_path=UNKNOWN)
    again = []
    for row in rows:
        queued = DBTaskResult.objects.filter(pk=row.pk, status=FAILED).update(
            status=READY, run_after=now, started_at=None, finished_at=None, worker_ids=[],
            exception_class_path="", traceback="", return_value=None,
        )  # fmt: skip
        if queued:
            again.append(row)
    return again


def mail_summary(*, days: int, now: dt.datetime | None = None) -> dict[str, object]:
    """For `manage.py mail_status`: READY rows split into new (never failed, or requeued)
    and to be tried again (a failure noted), RUNNING ones and those running too long, sent
    in the last `days`; plus `mail_health`'s figures."""
    now = now or timezone.now()
    retry = Q(status=READY) & ~Q(exception_class_path="")
    since = now - dt.timedelta(days=days)
    return mail_rows().aggregate(
        waiting=Count("pk", filter=Q(status=READY, exception_class_path="")),
        retrying=Count("pk", filter=retry),
        next_retry=Min("run_after", filter=retry),
        running=Count("pk", filter=Q(status=RUNNING)),
        running_long=Count("pk", filter=Q(status=RUNNING, started_at__lt=now - LATE)),
        sent=Count("pk", filter=Q(status=SUCCESSFUL, finished_at__gte=since)),
    ) | mail_health(now=now)


def mail_health(*, now: dt.datetime | None = None) -> dict[str, int]:
    """For /healthz, one cheap query and no address: emails given up in the last 24 hours,
    and emails due more than 15 minutes ago that no worker took."""
    now = now or timezone.now()
    late = now - LATE
    due_long_ago = Q(run_after__lte=late) | Q(run_after=get_date_max(), enqueued_at__lte=late)
    day = now - dt.timedelta(days=1)
    return (
        mail_rows()
        .filter(status__in=[READY, FAILED])
        .aggregate(
            failed_24h=Count("pk", filter=Q(status=FAILED, finished_at__gte=day)),
            waiting_late=Count("pk", filter=Q(status=READY) & due_long_ago),
        )
    )
