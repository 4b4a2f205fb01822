from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


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
