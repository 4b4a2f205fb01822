"""A kiosk's settings travel in its addresses: ?print=0 (a kiosk without a printer) and
?lang=en (the visitor chose another language on the screen). The language holds for one
visitor only: the ticket's page returns to the start in the office's language, where a
cookie from Django's set_language would leave a shared lobby screen in English for the next
visitor (and the kiosk shows no menu to switch back)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def _chosen(request: HttpRequest, name: str) -> str:
    value = request.POST.get(name) if request.method == "POST" else None
    return value or request.GET.get(name) or ""


def kiosk_query(request: HttpRequest, *, language: str | None = None) -> str:
    """The query string that keeps this kiosk's settings: `language` "" for the start page
    of the next visitor, a code to switch to it, None to keep the one chosen."""
    params = {}
    if _chosen(request, "print") == "0":
        params["print"] = "0"
    language = request.kiosk_language if language is None else language
    if language:
        params["lang"] = language
    return "?" + urlencode(params) if params else ""


def kiosk_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the kiosk: rendered in the language the visitor chose on it, with
    `request.kiosk_query` (the settings to keep on its links and forms), `kiosk_start_query`
    (for the next visitor), `kiosk_languages` (the switch: code, name, address) and
    `kiosk_idle_seconds` (untouched this long, a screen in another language starts over)."""

    @wraps(view)
    def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        chosen = _chosen(request, "lang")
        request.kiosk_language = chosen if chosen in dict(settings.LANGUAGES) else ""
        request.kiosk_query = kiosk_query(request)
        request.kiosk_start_query = kiosk_query(request, language="")
        request.kiosk_idle_seconds = settings.KIOSK_LANGUAGE_IDLE_SECONDS
        request.kiosk_print = "0" if _chosen(request, "print") == "0" else "1"
        # The office's language unless the visitor chose another: not the kiosk browser's
        # own (an English-language browser, a leftover cookie), which the next visitor did
        # not choose.
        with translation.override(request.kiosk_language or settings.LANGUAGE_CODE):
            current = translation.get_language()
            request.kiosk_languages = [
                (code, translation.get_language_info(code)["name_local"],
                 kiosk_query(request, language=code))
                for code, _name in settings.LANGUAGES if code != current
            ]  # fmt: skip
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", current)
            return response

    return page
