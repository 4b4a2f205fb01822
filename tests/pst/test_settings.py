"""The settings module run as production would run it: in a child process, without pytest."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PYTEST_VERSION",
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "EMAIL_URL",
            "TASKS_BACKEND",
        }
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "PST_IGNORE_DOTENV": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "pst.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://pst.example.go.id",
    # `check --deploy` does not connect: the database need not exist.
    "DATABASE_URL": "postgres://pst@127.0.0.1:5432/pst_deploy_check",
    "EMAIL_URL": "smtp+tls://pst:secret@smtp.example.go.id:587",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
}


def test_check_deploy_is_silent_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
        SITE_URL="https://pst.example.go.id",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_fallbacks_of_a_forgotten_environment():
    """Product trial O, O3: without DATABASE_URL, EMAIL_URL and TASKS_BACKEND an installation
    with DEBUG off would keep its data in a new SQLite file and print its emails."""
    forgotten = {
        key: value
        for key, value in PRODUCTION.items()
        if key not in {"DATABASE_URL", "EMAIL_URL", "TASKS_BACKEND"}
    }
    result = run_manage("check", "--deploy", **forgotten, SITE_URL="https://pst.example.go.id")
    assert result.returncode != 0
    output = result.stderr + result.stdout
    for check in ("pst.E003", "pst.E004", "pst.E005"):
        assert check in output, check
    assert "consolemail://" in output


def test_email_timeout_has_a_default_and_refuses_what_would_hang_or_is_not_a_number():
    shell = ("shell", "-v", "0", "-c", "from django.conf import settings as s; "
             "print(s.EMAIL_TIMEOUT, s.EMAIL_RETRY_MINUTES)")  # fmt: skip
    result = run_manage(*shell, **PRODUCTION)
    assert result.stdout.split() == ["30", "[1,", "5,", "15,", "60,", "240,", "720]"], result.stderr
    result = run_manage(*shell, **PRODUCTION, EMAIL_TIMEOUT="7", EMAIL_RETRY_MINUTES="")
    assert result.stdout.split() == ["7", "[]"], result.stderr
    for name, value in [
        ("EMAIL_TIMEOUT", "0"),
        ("EMAIL_TIMEOUT", "99999999999999999999"),
        ("EMAIL_RETRY_MINUTES", "1,x"),
        ("EMAIL_RETRY_MINUTES", "1,0"),
        ("EMAIL_RETRY_MINUTES", "١,٥"),
    ]:
        result = run_manage(*shell, **PRODUCTION, **{name: value})
        assert result.returncode != 0, (name, value)
        assert name in result.stderr, (name, value, result.stderr[-300:])


def test_check_deploy_refuses_a_missing_site_url():
    # Every email links to SITE_URL: left unset, they would all lead to localhost (trial I, I14).
    result = run_manage("check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert "pst.E001" in result.stderr + result.stdout


def test_check_deploy_refuses_a_site_url_that_is_not_https():
    result = run_manage("check", "--deploy", **PRODUCTION, SITE_URL="http://pst.example.go.id")
    assert result.returncode != 0
    assert "pst.E002" in result.stderr + result.stdout
    # The default written out is still the default.
    result = run_manage("check", "--deploy", **PRODUCTION, SITE_URL="http://localhost:8000/")
    assert "pst.E001" in result.stderr + result.stdout


def test_site_url_is_not_checked_while_debug_is_on():
    result = run_manage("check", "--deploy", DEBUG="on", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert "pst.E00" not in result.stderr + result.stdout


def test_debug_is_off_unless_set():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="s" * 50,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_redis_cache_url_starts_and_answers(tmp_path):
    """README's busy-installation setting: CACHE_URL=redis://… with Django's own backend."""
    from tests.conftest import TEST_REDIS_URL

    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; from django.core.cache import cache; "
        "print(settings.CACHES['default']['BACKEND']); "
        "cache.set('pst-settings-test', 'ok', 5); print(cache.get('pst-settings-test')); "
        "cache.delete('pst-settings-test')",
        DEBUG="on",
        CACHE_URL=TEST_REDIS_URL,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "ok"]
