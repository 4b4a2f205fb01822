"""The officer console: choosing a desk, the desk's live queue, the actions on a ticket at the
desk (call, call again, start, transfer, not present, finish) and today at a glance.

The waiting list polls a fragment of its own (the same URL with HX-Request) that answers 304
while nothing changed (queueing.live)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from pst.actions import post_action
from pst.models import User
from pst.permissions import Action, office_where_user_can, user_can
from queueing import selectors, services
from queueing.choices import DeskKind
from queueing.desks import (
    desk_leave,
    desk_session_ended,
    desk_session_ended_message,
    desk_shown_check,
    desk_take,
    get_desk_for_user,
    get_desk_office_for_user,
    get_session_desk,
    session_desk_remember,
)
from queueing.errors import QueueError
from queueing.forms import DeskActionForm, DeskChoiceForm
from queueing.glance import today_glance
from queueing.live import fragment_etag, live_fragment
from queueing.models import Desk, Ticket


def _console_context(request: HttpRequest, desk: Desk) -> dict:
    # One moment for the clocks' start and the server's "now" the browser counts from.
    now = timezone.now()
    return {
        "desk": desk,
        "can_record_consultations": user_can(
            request.user, Action.ANSWER_CONSULTATIONS, desk.office
        ),
        "console": selectors.desk_console(desk, now),
        "staff_priorities": DeskActionForm.base_fields["priority"].choices,
        "server_now": now,
        "poll_seconds": settings.LIVE_POLL_SECONDS,
    }


def _desk_changed(request: HttpRequest, error: QueueError) -> HttpResponse:
    """The console page was drawn for another desk than the officer's now (changed or left in
    another tab or window, desk_shown_check): the whole page is drawn again, heading included,
    and says why (the code is on the alert, data-code)."""
    messages.warning(request, error.message, extra_tags=error.code)
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect("desk")


@login_required
@require_safe
def desk_console(request: HttpRequest) -> HttpResponse:
    office = get_desk_office_for_user(request.user)
    desk = get_session_desk(request)
    if request.htmx:
        # The poll names the desk its page shows: once the officer works elsewhere (another
        # tab or window), the list of another desk must not slip in under this page's
        # heading, and the desk choice goes on to the desk taken meanwhile.
        shown = request.GET.get("desk")
        try:
            desk_shown_check(desk, shown, acting=False, ended=desk_session_ended(request))
        except QueueError as error:
            return _desk_changed(request, error)
        if desk is None:
            # The choice's poll: still no desk, nothing to change. A poll naming no desk
            # (a page drawn before the check) reloads, never swaps the choice into the list.
            return HttpResponse(status=204) if shown == "" else HttpResponseClientRefresh()
    if desk is None:
        if (ended := desk_session_ended(request)) is not None:
            # Back the next morning at a console whose desk the day's close left: the
            # choice takes it again (today's session: the estimates and the SLA read it).
            messages.warning(request, desk_session_ended_message(ended), extra_tags="desk_ended")
        return render(
            request,
            "queueing/desk_choose.html",
            {
                "office": office,
                "form": DeskChoiceForm(office=office),
                "choice": selectors.desk_choice(office, request.user),
                "poll_seconds": settings.LIVE_POLL_SECONDS,
            },
        )
    if request.htmx:  # the polled waiting list
        etag = fragment_etag(
            "desk", desk.pk, selectors.office_version(office), selectors.office_today(office),
            get_language(),
        )  # fmt: skip
        return live_fragment(
            request,
            etag,
            lambda: render(request, "queueing/_desk_queue.html", _console_context(request, desk)),
        )
    return render(request, "queueing/desk.html", _console_context(request, desk))


def desk_to_choose_again(request: HttpRequest, ticket: Ticket, told: str) -> HttpResponse:
    """The console, where the officer chooses again the desk their visitor `ticket` is at:
    the session they signed in again with holds none. `told` (with %(code)s and %(desk)s)
    says which page to open once it is chosen."""
    messages.warning(request, told % {"code": ticket.code, "desk": ticket.desk.name})
    return redirect("desk")


def _console_page(request: HttpRequest, action: str = "") -> str:
    """Where a desk action's address opened with GET leads: the console, for its officers
    (403 for anyone else, as the action)."""
    get_desk_office_for_user(request.user)
    if action and action not in DESK_ACTIONS:
        raise Http404(_("No such action."))
    return reverse("desk")


@login_required
@post_action(_console_page)
def desk_select(request: HttpRequest) -> HttpResponse:
    office = get_desk_office_for_user(request.user)
    if request.POST.get("desk") == "":
        try:
            # "Change desk" leaves the desk its page shows, not one taken in another tab since.
            desk_shown_check(
                get_session_desk(request),
                request.POST.get("leaving"),
                ended=desk_session_ended(request),
            )
        except QueueError as error:
            return _desk_changed(request, error)
        try:
            desk_leave(officer=request.user)
        except QueueError as error:
            messages.error(request, error.message)
            return redirect("desk")
        session_desk_remember(request, None)
        return redirect("desk")
    form = DeskChoiceForm(request.POST, office=office)
    if not form.is_valid():
        messages.error(request, _("Choose one of this office's desks."))
        return redirect("desk")
    desk = get_desk_for_user(request.user, form.cleaned_data["desk"].pk)
    try:
        desk_take(desk=desk, officer=request.user)
    except QueueError as error:
        messages.error(request, error.message)
        return redirect("desk")
    session_desk_remember(request, desk)
    messages.success(request, _("You are working at %(desk)s.") % {"desk": desk.name})
    return redirect("desk")


def _run_desk_action(
    action: str, form: DeskActionForm, desk: Desk, officer: User
) -> tuple[Ticket, str]:
    """Run one console button's queue action; the ticket it changed and the sentence that
    tells the officer so (filled in by the caller)."""
    data = form.cleaned_data
    ticket: Ticket | None = data.get("ticket")
    if action == "call-next":
        ticket = services.ticket_call_next(desk=desk, officer=officer)
        return ticket, _("%(code)s called to %(desk)s.")
    if action == "priority":
        return _priority_check(form, desk, officer)
    if ticket is None:
        raise QueueError(_("Choose a ticket."), code="ticket")
    kwargs = {"ticket": ticket, "desk": desk, "officer": officer}
    if action == "call":
        return services.ticket_call(**kwargs), _("%(code)s called to %(desk)s.")
    if action == "recall":
        return services.ticket_recall(**kwargs), _("%(code)s called again.")
    if action == "start":
        return services.ticket_start(**kwargs), _("Serving %(code)s.")
    if action == "transfer":
        if data.get("to_service") is None:
            raise QueueError(_("Choose the service to send the visitor to."), code="service")
        ticket = services.ticket_transfer(
            **kwargs,
            to_service=data["to_service"],
            without_guestbook=data.get("without_guestbook", False),
        )
        return ticket, _("%(code)s sent to the queue of %(service)s.")
    if action == "no-show":
        return services.ticket_no_show(**kwargs), _("%(code)s marked as not present.")
    if action == "finish":
        return services.ticket_finish(**kwargs), _("%(code)s finished.")
    raise Http404(_("No such action."))


def _priority_check(form: DeskActionForm, desk: Desk, officer: User) -> tuple[Ticket, str]:
    """The priority the officer checked of the ticket at the desk, or of a waiting one the
    front office names by the code on its slip (queueing.priorities)."""
    data = form.cleaned_data
    if data.get("priority") is None:  # never read as "regular": that would remove a claim
        raise QueueError(_("Choose the priority."), code="priority")
    ticket = data.get("ticket")
    if ticket is None and data.get("code"):
        ticket = selectors.open_ticket_by_code(desk.office, data["code"])
    if ticket is None:
        raise QueueError(_("Choose a ticket."), code="ticket")
    check = services.ticket_priority_change(
        ticket=ticket, desk=desk, officer=officer, priority=data["priority"]
    )
    return check.ticket, check.message.replace("%", "%%")


def _opens_consultation(action: str, ticket: Ticket, desk: Desk, user: User) -> bool:
    return (
        action == "start"
        and desk.kind == DeskKind.SERVICE
        and ticket.service.records_consultations
        and user_can(user, Action.ANSWER_CONSULTATIONS, desk.office)
    )


DESK_ACTIONS = (
    "call-next", "call", "recall", "start", "transfer", "no-show", "finish", "priority",
)  # fmt: skip


@login_required
@post_action(_console_page)
def desk_action(request: HttpRequest, action: str) -> HttpResponse:
    if action not in DESK_ACTIONS:
        raise Http404(_("No such action."))
    office = get_desk_office_for_user(request.user)
    desk = get_session_desk(request)
    try:
        # Every console form names the desk its page shows (another tab may have changed it).
        desk_shown_check(desk, request.POST.get("desk"), ended=desk_session_ended(request))
    except QueueError as error:
        return _desk_changed(request, error)
    if desk is None:
        messages.error(request, _("Choose your desk first."))
        # Not the choice page inside the console: the whole page shows it.
        return HttpResponseClientRefresh() if request.htmx else redirect("desk")
    form = DeskActionForm(request.POST, office=office)
    extra: dict = {}
    if not form.is_valid():
        # A priority not among the choices says so (attack: it read "no such ticket").
        refused = form.errors.get("priority")
        messages.error(
            request, refused[0] if refused else _("That ticket or service is not in this office.")
        )
        status = 400
    else:
        try:
            ticket, message = _run_desk_action(action, form, desk, request.user)
        except QueueError as error:
            status = 409
            if error.code == services.CONSULTATION_RECORD_NEEDED and user_can(
                request.user, Action.ANSWER_CONSULTATIONS, desk.office
            ):
                # "Finish" of a Konsultasi visitor: the record is where the visit ends.
                messages.info(request, error.message)
                url = reverse("consultation_walk_in", args=[form.cleaned_data["ticket"].pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
            if error.code == services.GUESTBOOK_MISSING:
                # A second step: the officer confirms sending on without the guestbook.
                extra["confirm_transfer"] = {
                    "ticket": form.cleaned_data["ticket"],
                    "to_service": form.cleaned_data["to_service"],
                }
                messages.warning(request, error.message)
            else:
                messages.error(request, error.message, extra_tags=error.code)
        else:
            messages.success(
                request,
                message % {"code": ticket.code, "desk": desk.name, "service": ticket.service.label},
            )
            status = 200
            if _opens_consultation(action, ticket, desk, request.user):
                # Serving a Konsultasi visitor at a service desk opens its record at once.
                url = reverse("consultation_walk_in", args=[ticket.pk])
                if request.htmx:
                    return HttpResponseClientRedirect(url)
                return redirect(url)
    if request.htmx:
        context = _console_context(request, desk) | {"show_messages": True} | extra
        # htmx swaps only 2xx answers: the refusal is in the messages of the fragment.
        response = render(request, "queueing/_console.html", context)
        response["X-Queue-Status"] = str(status)
        return response
    if status != 200:
        context = _console_context(request, desk) | extra
        return render(request, "queueing/desk.html", context, status=status)
    return redirect("desk")


@login_required
@require_safe
def desk_today(request: HttpRequest) -> HttpResponse:
    office = office_where_user_can(request.user, Action.OPERATE_DESK, Action.SUPERVISE, any_of=True)
    if office is None:
        raise PermissionDenied(_("Only staff of this office can see its queue figures."))
    today = selectors.office_today(office)
    return render(
        request,
        "queueing/today.html",
        {"office": office, "day": today, "glance": today_glance(office, today)},
    )
