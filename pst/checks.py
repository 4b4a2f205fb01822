"""System checks of the installation's settings (`manage.py check --deploy`) and of its
working calendar (`manage.py check --database default`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

from pst.calendar_gaps import calendar_gaps


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """Every email links to SITE_URL: left at its default, or on plain http, in production
    every link would lead to localhost or be sent in clear, and nothing else would notice
    (product trial I, I14)."""
    if settings.DEBUG:
        return []
    site_url = settings.SITE_URL
    if not site_url or site_url == settings.SITE_URL_DEFAULT.rstrip("/"):
        return [
            Error(
                "SITE_URL is not set: every email would link to http://localhost:8000.",
                hint="Set SITE_URL to the portal's address, e.g. https://pst.example.go.id "
                "(.env.example).",
                id="pst.E001",
            )
        ]
    if not site_url.startswith("https://"):
        return [
            Error(
                f"SITE_URL ({site_url}) is not an https address.",
                hint="Links in emails carry verification and reset tokens: serve the portal "
                "over TLS and set SITE_URL=https://…",
                id="pst.E002",
            )
        ]
    return []


@register(Tags.database)
def holiday_calendar_check(app_configs=None, databases=None, **kwargs) -> list[CheckWarning]:
    """A year whose national holidays are not in the calendar counts every weekday as a
    working day (product trial O, O5): this year, and from October on next year, for every
    active office. A database check: `manage.py check --database default` and `migrate` run
    it, the periodic commands do not (their output is mailed by cron)."""
    if not databases or "default" not in databases:
        return []
    try:
        gaps = calendar_gaps()
    except DatabaseError:
        return []  # not migrated yet
    return [
        CheckWarning(
            f"The office calendar has no national holidays of {year} "
            f"(offices {', '.join(office.code for office in offices)}): due dates, "
            f"appointments and review times in {year} count every weekday as a working day.",
            hint=f"Run `manage.py sync_holidays --years {year}`, and enter the cuti bersama "
            "in the admin once the SKB is published if the holidays package does not list "
            "them yet (README, Working calendar).",
            id="pst.W001",
        )
        for year, offices in gaps
    ]


# What the settings fall back to when a variable is missing: right for development, wrong for
# an installation with DEBUG off (product trial O, O3). No opt-out: a trial installation
# runs with DEBUG on, or silences a check by name (SILENCED_SYSTEM_CHECKS).
DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "consolemail://",
    "django.core.mail.backends.dummy.EmailBackend": "dummymail://",
    "django.core.mail.backends.locmem.EmailBackend": "memorymail://",
    "django.core.mail.backends.filebased.EmailBackend": "filemail://",
}
IN_REQUEST_TASK_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


@register(Tags.database, deploy=True)
def database_check(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG or "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        return []
    return [
        Error(
            "The database is SQLite (DATABASE_URL is not set).",
            hint="Set DATABASE_URL=postgres://… in the environment of gunicorn, db_worker and "
            "every cron command (the same .env file): without it each would start an empty "
            "db.sqlite3 of its own.",
            id="pst.E003",
        )
    ]


@register(deploy=True)
def email_backend_check(app_configs=None, **kwargs) -> list[Error]:
    url = DEVELOPMENT_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if settings.DEBUG or url is None:
        return []
    return [
        Error(
            f"Emails are not sent: EMAIL_URL is {url} (EMAIL_BACKEND {settings.EMAIL_BACKEND}).",
            hint="Set EMAIL_URL to the office's SMTP server, e.g. "
            "smtp+tls://user:password@smtp.example.go.id:587 (.env.example).",
            id="pst.E004",
        )
    ]


@register(deploy=True)
def task_backend_check(app_configs=None, **kwargs) -> list[Error]:
    backend = settings.TASKS["default"]["BACKEND"]
    if settings.DEBUG or backend not in IN_REQUEST_TASK_BACKENDS:
        return []
    return [
        Error(
            f"Emails are sent inside the request ({backend}): one that fails is never tried again.",
            hint="Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run "
            "`manage.py db_worker` beside gunicorn (README, Production).",
            id="pst.E005",
        )
    ]


@register()
def access_log_retention_check(app_configs=None, **kwargs) -> list[CheckWarning]:
    """The access log records who looked at personal data: deleted before the data it records
    looks at, a look could no longer be asked about while the data is still held."""
    log_days, data_days = settings.ACCESS_LOG_RETENTION_DAYS, settings.GUESTBOOK_RETENTION_DAYS
    if log_days >= data_days:
        return []
    return [
        CheckWarning(
            f"ACCESS_LOG_RETENTION_DAYS ({log_days}) is shorter than GUESTBOOK_RETENTION_DAYS "
            f"({data_days}): the log of who looked at personal data is deleted before the data.",
            hint="Keep the access log at least as long as the data (the default is "
            "GUESTBOOK_RETENTION_DAYS + 365).",
            id="pst.W002",
        )
    ]
