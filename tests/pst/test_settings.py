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


def test_check_deploy_is_silent_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="pst.example.go.id",
        CSRF_TRUSTED_ORIGINS="https://pst.example.go.id",
        DATABASE_URL="sqlite:////tmp/pst-deploy-check.sqlite3",
        SITE_URL="https://pst.example.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "pst.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://pst.example.go.id",
    "DATABASE_URL": "sqlite:////tmp/pst-deploy-check.sqlite3",
}


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
