from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


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


# Pages under these paths show personal data (guestbook, console, today's figures, profile,
# consultation records, the admin): no browser or proxy may keep a copy. One list, so a new
# page below them is covered without anyone remembering a decorator.
PRIVATE_PATH_PREFIXES = ("/accounts/", "/desk/", "/guestbook/", "/consultations/", "/admin/")


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` (Django's never_cache) on every private page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES):
            add_never_cache_headers(response)
        return response
