"""Product trial O, O3: with DEBUG off, `check --deploy` refuses the development fallbacks
the settings take when a variable is missing (SQLite, emails printed or dropped, emails sent
inside the request); with DEBUG on they are what development wants."""

import pytest
from django.test import override_settings

from pst.checks import database_check, email_backend_check, task_backend_check

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "pst"}}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize("backend", ["console", "dummy", "locmem", "filebased"])
def test_an_email_backend_that_sends_nothing_is_refused_with_debug_off(backend):
    with override_settings(
        DEBUG=False, EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend"
    ):
        assert ids(email_backend_check()) == ["pst.E004"]
    with override_settings(
        DEBUG=True, EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend"
    ):
        assert email_backend_check() == []


def test_the_smtp_backend_passes():
    with override_settings(DEBUG=False, EMAIL_BACKEND=SMTP):
        assert email_backend_check() == []


@pytest.mark.parametrize("tasks", [IMMEDIATE, DUMMY_TASKS])
def test_a_task_backend_without_a_worker_is_refused_with_debug_off(tasks):
    with override_settings(DEBUG=False, TASKS=tasks):
        assert ids(task_backend_check()) == ["pst.E005"]
    with override_settings(DEBUG=True, TASKS=tasks):
        assert task_backend_check() == []
    with override_settings(DEBUG=False, TASKS=DATABASE_TASKS):
        assert task_backend_check() == []


def test_sqlite_is_refused_with_debug_off_and_postgresql_passes():
    with override_settings(DEBUG=False, DATABASES=SQLITE):
        assert ids(database_check()) == ["pst.E003"]
    with override_settings(DEBUG=True, DATABASES=SQLITE):
        assert database_check() == []
    with override_settings(DEBUG=False, DATABASES=POSTGRES):
        assert database_check() == []
