"""The page a form refused by Django's CSRF check gets (CSRF_FAILURE_VIEW).

Django's own view renders 403_csrf.html without the request: the page would not know who is
signed in nor where the form was. This one does, so the page can say what really happens to
what was typed. static/js/live.js wrote the form's fields to the tab's sessionStorage as it
was sent; `data-draft-kept` on the page tells it to keep them for the same form (as after the
sign-in page) instead of dropping them as a form sent normally. With the CSRF cookie gone
most often the session cookie went with it (cookies cleared): going back then passes through
the sign-in page, which puts the text back after signing in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from pst.errors import same_site_referer


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    referer = same_site_referer(request)
    form_url = None
    if referer:
        parts = urlsplit(referer)
        form_url = parts.path + (f"?{parts.query}" if parts.query else "")
        # The path alone must stay here too: "//evil.example/x" or "/\\evil.example/x", a
        # path of our own Referer, would leave the site as a link (review R3).
        if not url_has_allowed_host_and_scheme(form_url, allowed_hosts={request.get_host()}):
            form_url = None
    return render(request, "403_csrf.html", {"form_url": form_url}, status=403)
