"""Guards at the door: malformed input is refused before any view, form or query sees it.

A NUL byte reaches PostgreSQL as a `DataError` and other control characters break exports and
screens, so the path and the query string carry none (tab, CR and LF stay allowed in query
values) and form data no NUL; the forms refuse the other control characters field by field.
Bodies are refused by their declared size before they are read, with a limit per path
(settings.REQUEST_BODY_LIMITS)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils import translation

# Any C0 control character or DEL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The same, less tab, line feed and carriage return.
_CONTROL_IN_VALUES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Form data: only NUL, which no form can hold and PostgreSQL refuses. Other control characters
# arrive in pasted text (Word's line break is a vertical tab): the forms refuse them on the
# field, keeping everything else the officer typed (pst.forms.SafeTextMixin).
_NUL = re.compile(r"\x00")

# The admin's date drill-down (?created_at__year=…) hands these to datetime(), which
# overflows on a year of eleven digits, and its date hierarchy asks for the following day,
# month or year, which does not exist after 31 December 9998 (year 10000 is out of range).
_DATE_PART_KEY = re.compile(r"__(year|month|day)$")
_DATE_PART_VALUE = re.compile(r"[0-9]{1,4}")
_DATE_PART_RANGE = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}

# The longest id a path, query or form may name: bigint ids have at most 19 digits, and a
# longer string of digits is an attack on int() (Python refuses more than 4,300 digits).
_MAX_ID_DIGITS = 18


def parse_id(value: object) -> int | None:
    """A database id from user input, or None: only ASCII digits and a sane length, because
    str.isdigit() accepts "²", fullwidth and Arabic-Indic digits that int() or the database
    then trip over."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if not isinstance(value, str) or not value or len(value) > _MAX_ID_DIGITS:
        return None
    if not value.isascii() or not value.isdigit():
        return None
    return int(value)


def parse_uuid(value: object) -> uuid.UUID | None:
    """A form's request id (minted when the form was drawn) from user input, or None for
    anything unreadable."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _has_control(pairs: Iterable[tuple[str, list[str]]], pattern: re.Pattern[str]) -> bool:
    return any(
        pattern.search(key) or any(pattern.search(value) for value in values)
        for key, values in pairs
    )


def _date_part_ok(part: str, value: str) -> bool:
    if not _DATE_PART_VALUE.fullmatch(value):
        return False
    low, high = _DATE_PART_RANGE[part]
    return low <= int(value) <= high


def _bad_date_part(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    for key, values in pairs:
        match = _DATE_PART_KEY.search(key)
        if match and not all(_date_part_ok(match.group(1), v) for v in values):
            return True
    return False


def _refusal(request: HttpRequest, status: int, template: str) -> HttpResponse:
    # These guards run before LocaleMiddleware: speak the visitor's language all the same.
    with translation.override(translation.get_language_from_request(request)):
        return HttpResponse(render_to_string(template, request=None), status=status)


class RequestGuardMiddleware:
    """400 for control characters in the path or the query string, NUL in form data and form
    data that cannot be read; cookies that carry control characters are dropped (a stale or
    forged cookie must not lock a kiosk out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if _CONTROL.search(value)]:
            del request.COOKIES[name]
        if (
            _CONTROL.search(request.path_info)
            or _has_control(request.GET.lists(), _CONTROL_IN_VALUES)
            or _bad_date_part(request.GET.lists())
        ):
            return _refusal(request, 400, "400.html")
        if request.method not in ("GET", "HEAD", "OPTIONS") and self._bad_form(request):
            return _refusal(request, 400, "400.html")
        return self.get_response(request)

    @staticmethod
    def _bad_form(request: HttpRequest) -> bool:
        try:
            return _has_control(request.POST.lists(), _NUL)
        except (BadRequest, SuspiciousOperation, MultiPartParserError):
            # A form that cannot be read: too many fields, a broken multipart body, or form
            # data declared in a charset other than UTF-8 (Django refuses those but does not
            # remember it, so its own 400 handler, checking the CSRF token, read the form
            # again and ended in the server's bare 500). Answered here, once.
            return True


def body_limit(path: str) -> int:
    """The largest request body `path` accepts, in bytes: the first matching row of
    REQUEST_BODY_LIMITS, else REQUEST_MAX_BODY_BYTES."""
    for pattern, limit in _compiled_limits():
        if pattern.search(path):
            return limit
    return settings.REQUEST_MAX_BODY_BYTES


_compiled: tuple[object, list[tuple[re.Pattern[str], int]]] | None = None


def _compiled_limits() -> list[tuple[re.Pattern[str], int]]:
    global _compiled
    table = settings.REQUEST_BODY_LIMITS
    if _compiled is None or _compiled[0] is not table:
        _compiled = (table, [(re.compile(pattern), limit) for pattern, limit in table])
    return _compiled[1]


class RequestSizeMiddleware:
    """413 for a body larger than its path allows, judged by Content-Length before a byte of
    it is read; 411 for a body without a length (chunked), which Django under WSGI would
    silently drop anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared:
            # int() refuses more than 4,300 digits: a length that long is malformed anyway.
            if not (declared.isascii() and declared.isdigit()) or len(declared) > _MAX_ID_DIGITS:
                return _refusal(request, 400, "400.html")
            if int(declared) > body_limit(request.path_info):
                return _refusal(request, 413, "413.html")
        elif request.META.get("HTTP_TRANSFER_ENCODING"):
            return _refusal(request, 411, "400.html")
        return self.get_response(request)
