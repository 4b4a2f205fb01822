"""The language a person reads (product trial P, P5): kept where the person is known — their
account's preference (`User.language`), the ticket taken at the kiosk or on the phone page
and the guestbook entry of its visit, a complaint filed on the public form — and the one
their emails are written in, whoever's action or whichever background job sends them. Mail
to the office's staff stays in the office's language (settings.LANGUAGE_CODE).

Only the codes of settings.LANGUAGES are stored: anything else (a forged form field, an
address's `?lang=`) is ignored, never an error, and "" means not known: the office's."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

# Long enough for any code Django knows ("zh-hans"), should settings.LANGUAGES grow.
LANGUAGE_MAX_LENGTH = 10


def language_field() -> models.CharField:
    """The model field of a stored language: a code of settings.LANGUAGES, or empty."""
    return models.CharField(_("language"), max_length=LANGUAGE_MAX_LENGTH, blank=True, default="")


def language_kept(value: object) -> str:
    """`value` when it is one of settings.LANGUAGES' codes, else "" (not known)."""
    if isinstance(value, str) and value in dict(settings.LANGUAGES):
        return value
    return ""


def language_not_the_offices(value: object) -> str:
    """`value` when it is a stored language other than the office's (settings.LANGUAGE_CODE),
    else "": what staff are told of a person's language, so that they write to a requester,
    or speak to a visitor, in it (the office's own language goes without saying)."""
    language = language_kept(value)
    return "" if language == settings.LANGUAGE_CODE else language


def request_language() -> str:
    """The language the current request is answered in (the page the person reads), as
    stored: the kiosk's choice for its visitor, else the one LocaleMiddleware chose."""
    return language_kept(translation.get_language())


def written_in(language: str = "") -> translation.override:
    """Render what follows in `language` (a stored code), else in the office's language:
    texts, dates and weekday names alike."""
    return translation.override(language_kept(language) or settings.LANGUAGE_CODE)


def in_every_language(make: Callable[[], str]) -> Promise:
    """The text `make()` writes, written now in each of settings.LANGUAGES and shown in the
    language active where it is read: for a text worked out once from what is at hand only
    then (why a file of an email was refused), which is stored in the office's language and
    emailed in the reader's."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = make()

    def shown() -> str:
        active = translation.get_language() or settings.LANGUAGE_CODE
        found = texts.get(active) or texts.get(active.split("-")[0])
        return found or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()))

    return lazy(shown, str)()


def language_cookie_set(response: HttpResponse, language: str) -> HttpResponse:
    """`response` sets the browser's language (LocaleMiddleware's cookie, as Django's
    set_language does) to `language`, when it is one of settings.LANGUAGES."""
    language = language_kept(language)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )  # fmt: skip
    return response
