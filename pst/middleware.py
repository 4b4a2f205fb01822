from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme


class OfficeTimezoneMiddleware:
    """Staff see times in their office's zone; public office pages set their own zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.office_id:
            timezone.activate(user.office.zoneinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)


# Pages under these paths show personal data or staff-only figures (guestbook, console,
# today's figures, profile, consultation records, complaints, the supervisor's reports and
# their exports, the admin): no browser or proxy may keep a copy. One list, so a new page
# below them is covered without anyone remembering a decorator.
PRIVATE_PATH_PREFIXES = (
    "/accounts/",
    "/desk/",
    "/guestbook/",
    "/consultations/",
    "/complaints/",
    "/supervisor/",
    "/admin/",
)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` (Django's never_cache) on every private page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES):
            add_never_cache_headers(response)
        return response


SESSION_ENDED_HEADER = "X-Session-Ended"


class HtmxLoginRedirectMiddleware:
    """When the session is gone (signed out in another tab, expired), an htmx request to a
    sign-in page answer is redirected by the whole browser, not swapped in: the console's poll
    and desk buttons would otherwise put the sign-in page inside the console. htmx reads
    HX-Redirect only on an answer that is not a redirect (the browser follows those silently).
    SESSION_ENDED_HEADER tells the page why: static/js/live.js then keeps the typed draft for
    after the sign-in, or lets a request marked to fail quietly (the article's live preview)
    stay on the page (data-session-ended-note)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code != 302
            or request.headers.get("HX-Request") != "true"
            or (user is not None and user.is_authenticated)
        ):
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login_url:
            return response
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = f"{login_url}?{urlencode({'next': _page_shown(request)})}"
        answer[SESSION_ENDED_HEADER] = "true"
        add_never_cache_headers(answer)
        return answer


def _page_shown(request: HttpRequest) -> str:
    """The page the browser shows (the console, not its fragment), to come back to after
    signing in; the requested path when that page is not one of ours."""
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


class MethodNotAllowedPageMiddleware:
    """Django answers a method a view does not take (405) with an empty body, and has no
    handler405: give it a short page, keeping the Allow header. HEAD gets no body anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", status=405)
        for header in ("Allow", "Cache-Control", "Vary"):
            if header in response:
                page[header] = response[header]
        return page
