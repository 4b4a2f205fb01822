"""Security headers: a strict Content-Security-Policy everywhere, no caching of pages with
personal data, a language cookie that travels like the session cookie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import clock, issue  # noqa: F401 - shared fixtures

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_every_page_carries_a_strict_content_security_policy(client, office):
    policy = _policy(client.get(reverse("office_detail", args=[office.code])))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }


@pytest.mark.parametrize(
    "url", ["/kiosk/6571/", "/display/6571/", "/admin/login/", "/accounts/login/"]
)
def test_kiosk_board_and_admin_run_under_the_same_policy(client, office, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_error_pages_of_the_guards_carry_the_policy_too(client, db):
    assert "default-src 'self'" in client.get("/office/%00/")["Content-Security-Policy"]


# Emails are read in mail clients, which ignore stylesheets: their styles are inline by need,
# and no browser page ever renders them under the policy.
PAGE_TEMPLATES = sorted(p for p in TEMPLATES.rglob("*.html") if "emails" not in p.parts)


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: p.name)
def test_no_template_has_inline_script_style_or_event_handlers(path):
    """What the policy would refuse in the browser: caught here before it gets there."""
    text = re.sub(r"{%.*?%}", "", path.read_text())  # template tags' own arguments
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"<style", text), "<style> element"
    assert not re.search(r"\s(on[a-z]+|hx-on[:\w-]*)=", text), "inline event handler"
    assert "js:" not in text, "htmx js: value"


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, office):
    content = client.get(reverse("office_detail", args=[office.code])).content.decode()
    assert '"includeIndicatorStyles":false' in content
    assert '"allowEval":false' in content


# -- Cache-Control on pages with personal data ------------------------------------------------


def _assert_private(response) -> None:
    assert response.status_code == 200, response.status_code
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.usefixtures("clock")
def test_pages_with_personal_data_are_never_cached(client, supervisor, front_office, desks):
    client.force_login(supervisor)
    for url in [
        reverse("guestbook"),
        reverse("guestbook_export", args=["csv"]),
        reverse("guestbook_export", args=["xlsx"]),
        reverse("desk_today"),
        reverse("profile"),
    ]:
        _assert_private(client.get(url))
    client.force_login(front_office)
    session = client.session
    session["queueing_desk_id"] = desks[1].pk
    session.save()
    _assert_private(client.get(reverse("desk")))
    _assert_private(client.get(reverse("guestbook_new")))
    _assert_private(client.post(reverse("guestbook_lookup"), {"email": "x@example.org"}))


def test_the_walk_in_consultation_record_is_never_cached(client, serving):
    _assert_private(client.get(reverse("consultation_walk_in", args=[serving.pk])))


def test_public_pages_may_be_cached_as_before(client, office):
    response = client.get(reverse("office_detail", args=[office.code]))
    assert "no-store" not in response.get("Cache-Control", "")


# -- the language cookie ------------------------------------------------------------------


def test_the_language_cookie_is_lax_http_only_and_secure_like_the_session(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # production: DEBUG off
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    assert cookie["secure"] is True


def test_the_language_cookie_defaults_follow_the_session_cookie():
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
    assert settings.LANGUAGE_COOKIE_HTTPONLY is True
