"""The visitors' pages of the walk-in queue: kiosk, a number on the phone, ticket status, display
board (the officer console is in queueing.views_console).

Live pages poll a fragment of their own (the same URL with HX-Request) that answers 304 while
nothing changed: its ETag is the office's newest event id, so an idle board costs two queries.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pst.auth import client_ip
from pst.formatting import opening_sentence
from pst.languages import request_language
from pst.models import Office
from pst.rating_links import rating_given, rating_open, rating_path
from pst.selectors import get_office_by_code
from pst.throttle import counted_over
from queueing import call_order, selectors, services
from queueing.choices import CHOSEN_PRIORITIES, TicketStatus
from queueing.errors import QueueError
from queueing.forms import KioskForm
from queueing.kiosk_mode import kiosk_page
from queueing.kiosk_screens import kiosk_screen_id
from queueing.live import fragment_etag, live_fragment
from queueing.models import Priority, Ticket, TicketOrigin
from queueing.speech import call_announcement

KIOSK_TICKET_SHOWN_FOR = dt.timedelta(minutes=2)


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)


# -- kiosk -----------------------------------------------------------------------------------


def _kiosk_throttled(request: HttpRequest, office: Office, origin: str) -> bool:
    """True when this client issued too recently or too often (a stuck button, a script), or
    the office's budget of this minute is spent: its kiosk screens' own, or the one that the
    phones and any other client of the kiosk page share."""
    # The office's own screen is one client of its own: phones and scripts behind the same
    # public address (the office network) must not spend its per-client limits either.
    screen = kiosk_screen_id(request, office) if origin == TicketOrigin.KIOSK else None
    client = f"screen-{screen}" if screen else client_ip(request) or "unknown"
    now = timezone.now().timestamp()
    interval = settings.KIOSK_MIN_INTERVAL_SECONDS
    if interval > 0:
        # Keys named after the interval's slot of the application's clock, not expiry alone:
        # the verdict is the same in every cache backend (Redis expires keys by its own
        # clock). One tap per slot, taken atomically, and none sooner than the interval after
        # the tap of the slot before.
        slot = int(now // interval)
        if not cache.add(f"kiosk:gap:{office.pk}:{client}:{slot}", now, timeout=2 * interval):
            return True
        previous = cache.get(f"kiosk:gap:{office.pk}:{client}:{slot - 1}")
        if previous is not None and now - previous < interval:
            return True
    minute = int(now // 60)
    if counted_over(
        f"kiosk:minute:{office.pk}:{client}:{minute}",
        limit=settings.KIOSK_MAX_PER_MINUTE,
        window=120,
    ):
        return True
    # A cap for the whole office, whatever the addresses: a script spread over many
    # addresses still cannot flood the queue. The office's own screens (queueing.kiosk_screens)
    # have a budget of their own, so that nothing from outside locks out the lobby kiosk.
    if screen:
        key, cap = f"kiosk:office:{office.pk}:{minute}", settings.KIOSK_MAX_PER_OFFICE_PER_MINUTE
    else:
        key, cap = f"phone:office:{office.pk}:{minute}", settings.PHONE_MAX_PER_OFFICE_PER_MINUTE
    return counted_over(key, limit=cap, window=120)


def _next_opening_sentence(office: Office, now: dt.datetime) -> str:
    """What a closed kiosk, phone page or board says: when the service opens again."""
    opening = selectors.office_next_opening(office, now)
    if opening is None:
        return ""
    return opening_sentence(opening, now=now, tz_abbreviation=office.time_zone_abbreviation)


def _kiosk_context(
    office: Office, form: KioskForm | None = None, *, request_id: uuid.UUID | None = None
) -> dict:
    now = timezone.now()
    today = selectors.office_today(office, now)
    is_open = selectors.office_is_open(office, now)
    return {
        "office": office,
        "services": selectors.services_with_waiting(office, today, offered=True),
        "is_open": is_open,
        "next_opening_sentence": "" if is_open else _next_opening_sentence(office, now),
        "request_id": request_id or uuid.uuid4(),
        "priorities": CHOSEN_PRIORITIES,
        "form": form,
        "poll_seconds": 15,
    }


# How long a tap that passed the throttle is remembered: its repeats (a double tap, parallel
# duplicates, a reload) go straight to the ticket it got, without counting again.
TAP_REMEMBERED_SECONDS = 600
TAP_JUDGING, TAP_PASSED = "judging", "passed"


def _tap_passed(tap_key: str) -> bool:
    """Whether the first copy of a tap passed the throttle. Its verdict takes a few cache
    round trips, so a copy arriving meanwhile waits for it (a second at most)."""
    for _attempt in range(50):
        verdict = cache.get(tap_key)
        if verdict != TAP_JUDGING:
            return verdict == TAP_PASSED
        time.sleep(0.02)
    return False


def _take_number(
    request: HttpRequest, office: Office, origin: str
) -> Ticket | tuple[str, int, uuid.UUID | None]:
    """One tap on the kiosk or a phone: the ticket, or why not (a message, a status and the
    request id the page offers again, so that tapping again repeats this tap)."""
    form = KioskForm(request.POST, office=office)
    if not form.is_valid():
        return form.refusal(), 400, None
    data = form.cleaned_data
    request_id = data["request_id"]
    already = Ticket.objects.filter(client_request_id=request_id, office=office).first()
    if already is not None:  # the same tap arrived twice: show the ticket it got
        return already
    if not selectors.office_is_open(office, timezone.now()):
        # Closed: the page says so and when it opens; "try again" would invite a pointless
        # retry (trial E), and a refused tap need not spend the throttle's budget.
        return _("The office is closed now."), 409, request_id
    # The first copy of a tap claims its request id and alone goes through the throttle. A
    # repeat still in flight (parallel duplicates of one tap) is no new tap: it takes the
    # first copy's verdict, and once that passed, waits for the ticket in ticket_issue.
    refused = _("One moment please: a ticket was just issued. Try again."), 429, request_id
    tap_key = f"kiosk:tap:{office.pk}:{request_id}"
    if cache.add(tap_key, TAP_JUDGING, timeout=TAP_REMEMBERED_SECONDS):
        if _kiosk_throttled(request, office, origin):
            cache.delete(tap_key)  # tapping again (same id) is a new try
            return refused
        cache.set(tap_key, TAP_PASSED, timeout=TAP_REMEMBERED_SECONDS)
    elif not _tap_passed(tap_key):
        return refused
    try:
        return services.ticket_issue(
            office=office,
            service=data["service"],
            priority=data["priority"] or Priority.NONE,
            client_request_id=request_id,
            origin=origin,
            # The number this phone already has (the kiosk is everyone's: none there).
            held=_phone_ticket_kept(request, office) if origin == TicketOrigin.PHONE else None,
            # The page's language (the kiosk's choice for this visitor): the visit's emails.
            language=request_language(),
        )
    except QueueError as error:
        cache.delete(tap_key)
        return error.message, 409, request_id if error.code != "request_id" else None


@require_http_methods(["GET", "HEAD", "POST"])
@kiosk_page
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    office = get_office_by_code(code)
    timezone.activate(office.zoneinfo)
    if request.method != "POST":  # GET, or HEAD from a monitor
        template = "queueing/_kiosk_services.html" if request.htmx else "queueing/kiosk.html"
        return render(request, template, _kiosk_context(office))
    outcome = _take_number(request, office, TicketOrigin.KIOSK)
    if isinstance(outcome, Ticket):
        url = reverse("kiosk_ticket", args=[office.code, outcome.token])
        # A kiosk without a printer (?print=0) stays without one on the ticket page, which
        # is in the language the visitor chose.
        return redirect(url + request.kiosk_query)
    message, status, request_id = outcome
    messages.error(request, message)
    context = _kiosk_context(office, request_id=request_id)
    return render(request, "queueing/kiosk.html", context, status=status)


# -- a queue number on the visitor's own phone (the QR poster at the entrance) ---------------

PHONE_TICKET_COOKIE = "pst_phone_ticket"


def _phone_ticket_kept(request: HttpRequest, office: Office) -> Ticket | None:
    """The open ticket this phone took today, so Back or a second visit leads to it."""
    token = request.get_signed_cookie(PHONE_TICKET_COOKIE, default="", salt="phone-ticket")
    if not token or len(token) > 43:
        return None
    return (
        Ticket.objects.of_day(office, selectors.office_today(office))
        .open()
        .filter(token=token)
        .first()
    )


def phone_ticket_redirect(
    request: HttpRequest, ticket: Ticket, *, held: bool = False
) -> HttpResponse:
    """To the ticket's page, and this phone keeps the ticket: the phone page leads back to it
    (a number taken here, or by an appointment code on the phone). `held`: the phone asked
    again for the number it has; the page says so. In the address, not a flash message: the
    phone page's script follows the redirect itself, and that read would use the message up
    before the browser shows the page (review of trial L6)."""
    address = reverse("ticket_status", kwargs={"token": ticket.token})
    response = redirect(f"{address}?held=1" if held else address)
    response.set_signed_cookie(
        PHONE_TICKET_COOKIE,
        ticket.token,
        salt="phone-ticket",
        max_age=24 * 3600,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def phone_ticket(request: HttpRequest, code: str) -> HttpResponse:
    office = get_office_by_code(code)
    timezone.activate(office.zoneinfo)
    template = "queueing/phone.html"
    if not office.allow_phone_tickets:
        return render(request, template, {"office": office, "refused": True}, status=403)
    if request.method != "POST":  # GET, or HEAD from a monitor
        context = _kiosk_context(office) | {"kept": _phone_ticket_kept(request, office)}
        return render(request, template, context)
    outcome = _take_number(request, office, TicketOrigin.PHONE)
    if isinstance(outcome, Ticket):
        return phone_ticket_redirect(request, outcome, held=outcome.is_repeat)
    message, status, request_id = outcome
    messages.error(request, message)
    context = _kiosk_context(office, request_id=request_id)
    context |= {"kept": _phone_ticket_kept(request, office)}
    return render(request, template, context, status=status)


@require_safe
@kiosk_page
def kiosk_ticket(request: HttpRequest, code: str, token: str) -> HttpResponse:
    office = get_office_by_code(code)
    ticket = selectors.get_ticket_by_token(token)
    if ticket.office_id != office.pk:
        raise Http404(_("No such ticket."))
    if timezone.now() - ticket.issued_at > KIOSK_TICKET_SHOWN_FOR:
        # A kiosk is a shared screen: the next visitor must not reopen this ticket (and
        # cancel it) from the browser's history.
        return redirect(reverse("kiosk", args=[office.code]) + request.kiosk_start_query)
    timezone.activate(office.zoneinfo)
    status_url = request.build_absolute_uri(reverse("ticket_status", args=[ticket.token]))
    return render(
        request,
        "queueing/kiosk_ticket.html",
        {
            "office": office,
            "ticket": ticket,
            "estimate": call_order.ticket_estimate(ticket),
            "qr_svg": _qr_svg(status_url),
            "status_url": status_url,
            "return_seconds": settings.KIOSK_RETURN_SECONDS,
            "autoprint": request.GET.get("print") != "0",
        },
    )


# -- ticket status (the QR on the printed ticket) --------------------------------------------


@require_safe
def ticket_status(request: HttpRequest, token: str) -> HttpResponse:
    ticket = selectors.get_ticket_by_token(token)
    office = ticket.office
    timezone.activate(office.zoneinfo)

    # A ticket still waiting from an earlier day (the queue is closed some time after closing
    # time) is no one's turn any more: the page says so from the office's midnight on.
    today = selectors.office_today(office)

    def rating(closed_at_day_end: bool) -> tuple[str, bool]:
        """Served: the visitor is asked to rate the visit (the IKM survey), and thanked once
        they have (trial J, J5: the button stayed)."""
        served_at = selectors.ticket_served_at(ticket, closed_at_day_end=closed_at_day_end)
        if not rating_open(served_at, timezone.now()):
            return "", False
        if rating_given(ticket):
            return "", True
        return rating_path("ticket", ticket.pk), False

    def context() -> dict:
        # A visit the day's close ended is not "Selesai" with a rating link: the reports
        # count it closed at the day's end, not served (trial).
        closed_at_day_end = selectors.ticket_closed_at_day_end(ticket)
        path, rated = rating(closed_at_day_end)
        return {
            "office": office,
            "ticket": ticket,
            "closed_at_day_end": closed_at_day_end,
            "past_day": ticket.service_date < today,
            "estimate": call_order.ticket_estimate(ticket),
            "poll_seconds": settings.LIVE_POLL_SECONDS,
            "rating_path": path,
            "rated": rated,
            "held_again": ticket.is_open and request.GET.get("held") == "1",
        }

    if request.htmx:
        # The version is read before the ticket is read again: the fragment is never older
        # than its ETag, so a 304 can never pin a stale state on the phone.
        version = selectors.ticket_page_version(office, timezone.now())
        ticket.refresh_from_db()
        rated = ticket.status == TicketStatus.DONE and rating_given(ticket)
        etag = fragment_etag("ticket", ticket.pk, version, today, get_language(), rated)
        return live_fragment(
            request, etag, lambda: render(request, "queueing/_ticket_status.html", context())
        )
    return render(request, "queueing/ticket_status.html", context())


@require_POST
def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    ticket = selectors.get_ticket_by_token(token)
    try:
        services.ticket_cancel(ticket=ticket)
    except QueueError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your ticket %(code)s is cancelled.") % {"code": ticket.code})
    return redirect("ticket_status", token=token)


# -- display board ---------------------------------------------------------------------------


@require_safe
def display(request: HttpRequest, code: str) -> HttpResponse:
    office = get_office_by_code(code)
    timezone.activate(office.zoneinfo)
    now = timezone.now()
    today = selectors.office_today(office, now)
    # Outside opening hours the lobby must not invite visitors to take a number the kiosk
    # refuses; the open state is part of the ETag, so a board left on flips at opening and
    # at closing without any queue event.
    is_open = selectors.office_is_open(office, now, remembered=True)

    def fragment() -> HttpResponse:
        board = selectors.board_snapshot(office, today)
        announcements = [
            {
                "id": call.pk,
                "text": call_announcement(call.ticket.code, call.desk.name),
                "short": f"{call.ticket.code}, {call.desk.name}",
                "current": current,
            }
            for call, current in board.announcements()
        ]
        return render(
            request,
            "queueing/_board.html",
            {
                "office": office,
                "board": board,
                "announcements": announcements,
                "is_open": is_open,
                "next_opening_sentence": "" if is_open else _next_opening_sentence(office, now),
            },
        )

    if request.htmx:
        etag = fragment_etag(
            "board", office.pk, today, is_open, office.updated_at,
            selectors.office_version(office), get_language(),
        )  # fmt: skip
        return live_fragment(request, etag, fragment)
    board_html = fragment().content.decode()
    return render(
        request,
        "queueing/display.html",
        {"office": office, "board_html": board_html, "poll_seconds": settings.LIVE_POLL_SECONDS},
    )
