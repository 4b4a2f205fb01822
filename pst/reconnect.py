"""Screens that heal by themselves: the kiosk, the display board, the phone ticket page and
the ticket status page run unattended, so a database outage must never strand them on the
plain error page. While the database is unreachable these paths answer 503 with Retry-After
and a calm "reconnecting" page whose script (static/js/live.js) probes /healthz with back-off
and then reloads the device's own URL by GET (a failed POST never posts again).

Django turns an exception raised anywhere (view, template, context processor, an inner
middleware) into a 500 response before an outer middleware sees it, but it first sends
`got_request_exception` from inside the except block: that is where the database error is
recognised and noted on the request, and this middleware (outside every middleware that may
touch the database) swaps the 500 for the reconnecting answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

DEVICE_PATH_PREFIXES = ("/kiosk/", "/display/", "/q/", "/t/")
# What Retry-After says; the page probes 4 times as often at first, then backs off to 10 s.
RETRY_AFTER_SECONDS = 5
_FLAG = "_pst_database_unavailable"


def _note_database_error(sender, request: HttpRequest | None = None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        setattr(request, _FLAG, True)


def is_device_path(path: str) -> bool:
    return path.startswith(DEVICE_PATH_PREFIXES)


def retry_url(request: HttpRequest) -> str:
    """The page the device shows again: its own URL for a GET; for a POST, the page the form
    was on (a ticket's cancel form lives on the ticket's status page)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    path = request.path
    if path.startswith("/t/") and path.endswith("/cancel/"):
        return path.removesuffix("cancel/")
    if path.startswith("/kiosk/") and request.POST.get("print") == "0":
        return f"{path}?print=0"  # a kiosk without a printer stays so
    return path


class DeviceReconnectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_note_database_error, dispatch_uid="pst-reconnect")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, _FLAG, False) or not is_device_path(request.path):
            return response
        return reconnecting_response(request)


def reconnecting_response(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # A live fragment: the page keeps its last screen and shows its offline note.
        response = HttpResponse(status=503)
    else:
        # Rendered without the request: context processors would ask the database again.
        language = translation.get_language_from_request(request)
        with translation.override(language):
            html = render_to_string(
                "reconnecting.html",
                {
                    "retry_url": retry_url(request),
                    "probe_url": reverse("healthz"),
                    "retry_after": RETRY_AFTER_SECONDS,
                    "LANGUAGE_CODE": language,
                },
            )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
