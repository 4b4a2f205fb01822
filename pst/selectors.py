"""Reads of the core app, with the joins each page needs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pst.models import TIME_ZONE_ABBREVIATIONS, Office, OpeningHours, User, email_normalize


def _office_page_queryset():
    return Office.objects.active().prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")),
        "services",
    )


def get_office_by_code(code: str, *, with_page_details: bool = False) -> Office:
    """An active office; 404 for an unknown or inactive code. `with_page_details` fetches its
    opening hours and services with it (its public page shows them)."""
    offices = _office_page_queryset() if with_page_details else Office.objects.active()
    office = offices.filter(code=code).first()
    if office is None:
        raise Http404(_("No such office."))
    return office


def email_taken(email: str, *, besides: User | None = None) -> bool:
    """Another account has this address, in any case (the database's constraint is
    case-insensitive too): registration and the admin ask it before saving."""
    accounts = User.objects.filter(email__iexact=email_normalize(email))
    if besides is not None and besides.pk is not None:
        accounts = accounts.exclude(pk=besides.pk)
    return accounts.exists()


def office_for_home(*, with_page_details: bool = True) -> Office | None:
    """The office `/` shows: DEFAULT_OFFICE when set and known, else the only one.
    `with_page_details` as for get_office_by_code (the home page shows them)."""
    queryset = _office_page_queryset() if with_page_details else Office.objects.active()
    if settings.DEFAULT_OFFICE:
        office = queryset.filter(code=settings.DEFAULT_OFFICE).first()
        if office is not None:
            return office
    offices = list(queryset[:2])
    return offices[0] if len(offices) == 1 else None


def office_list() -> list[Office]:
    return list(Office.objects.active().order_by("code"))


def landing_url(user) -> str:
    """Where a user lands after signing in: officers at the console, supervisors at today's
    figures, administrators in the admin, a registered user at their consultations (product
    trial F: the profile was a detour), or on their profile while their address awaits
    verification (it says so there)."""
    from django.urls import reverse

    from pst.permissions import Action, office_where_user_can

    if office_where_user_can(user, Action.OPERATE_DESK) and not user.is_superuser:
        return reverse("desk")
    if office_where_user_can(user, Action.SUPERVISE) and not user.is_superuser:
        return reverse("desk_today")
    if user.is_active and user.is_staff:
        return reverse("admin:index")
    return reverse("consultation_list" if user.is_email_verified else "profile")


def sign_in_locked_until(*, username: str, ip_address: str | None) -> dt.datetime:
    """When the sign-in lockout of `username` from `ip_address` ends: AXES_COOLOFF_TIME after
    the last failure counted (django-axes counts failures within that time before it; a
    refused try while locked out is not counted, so the moment does not move)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off() or dt.timedelta(0)
    attempts = AccessAttempt.objects.filter(username=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    last = attempts.aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def home_zone() -> tuple[dt.tzinfo, str]:
    """The zone and its abbreviation for a page that belongs to no office (sign-in): the
    home page's office, else the installation's TIME_ZONE."""
    office = office_for_home(with_page_details=False)
    if office is not None:
        return office.zoneinfo, office.time_zone_abbreviation
    return ZoneInfo(settings.TIME_ZONE), TIME_ZONE_ABBREVIATIONS.get(
        settings.TIME_ZONE, settings.TIME_ZONE
    )
