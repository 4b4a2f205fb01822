"""The office's own kiosk screens.

`/kiosk/<office>/` is a public address (DESIGN §6): any browser anywhere can tap it. The office's
budget of kiosk numbers a minute keeps a script from flooding the queue, but a budget anyone
may spend is one a script can spend for the lobby: four addresses locked the real kiosk out
for a whole minute, every minute (attack pass). So the budget belongs to the screens the
office set up: an office administrator opens `/kiosk/<office>/setup/` once on the kiosk's
browser, which keeps a signed cookie naming the office; every other client of the kiosk page
shares the budget of the phones (`PHONE_MAX_PER_OFFICE_PER_MINUTE`), so the lobby keeps
issuing numbers whatever arrives from outside.

The cookie carries the office's `kiosk_generation`: "sign out every kiosk screen" raises it,
and each screen is set up again (a screen sold, stolen, or a cookie copied off a device).
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pst.models import Office, User
from pst.permissions import Action, user_can
from queueing.errors import QueueError

KIOSK_SCREEN_COOKIE = "pst_kiosk_screen"
_SALT = "kiosk-screen"
# A kiosk is set up once and runs for years; the office signs screens out when it must.
_KEPT_SECONDS = 5 * 365 * 24 * 3600


def _mark(office: Office) -> str:
    return f"{office.pk}:{office.kiosk_generation}:"


def kiosk_screen_id(request: HttpRequest, office: Office) -> str | None:
    """This browser's own id if it was set up as one of `office`'s kiosk screens and not
    signed out since; None for a missing, forged or stale cookie (not a screen of the
    office). Each screen has its id: its per-client limits are its own."""
    value = request.get_signed_cookie(
        KIOSK_SCREEN_COOKIE, default="", salt=_SALT, max_age=_KEPT_SECONDS
    )
    mark = _mark(office)
    if not value.startswith(mark) or len(value) != len(mark) + 16:
        return None
    return value[len(mark) :]


def is_kiosk_screen(request: HttpRequest, office: Office) -> bool:
    return kiosk_screen_id(request, office) is not None


def kiosk_screen_remember(response: HttpResponse, request: HttpRequest, office: Office) -> None:
    response.set_signed_cookie(
        KIOSK_SCREEN_COOKIE,
        _mark(office) + secrets.token_hex(8),
        salt=_SALT,
        max_age=_KEPT_SECONDS,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def kiosk_screen_forget(response: HttpResponse) -> None:
    response.delete_cookie(KIOSK_SCREEN_COOKIE, samesite="Lax")


def may_set_up_kiosk_screens(user: User, office: Office) -> bool:
    return user_can(user, Action.ADMINISTER_OFFICE, office)


@transaction.atomic
def kiosk_screens_sign_out(*, office: Office, by: User) -> Office:
    """Every kiosk screen of `office` stops being one (each shares the phones' budget until
    it is set up again). For the office's administrators."""
    if not may_set_up_kiosk_screens(by, office):
        raise QueueError(
            _("Only an administrator of this office signs its kiosk screens out."),
            code="forbidden",
        )
    Office.objects.filter(pk=office.pk).update(kiosk_generation=F("kiosk_generation") + 1)
    office.refresh_from_db(fields=["kiosk_generation"])
    return office
