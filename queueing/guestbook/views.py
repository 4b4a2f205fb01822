"""The buku tamu: check-in from the console, returning-visitor lookup, the list, exports, and a
saved entry's page and correction. Only staff of the visitor's office see any of it, and
every look is logged (DESIGN §7)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pst.errors import add_to_form
from pst.exports import EXPORT_CHUNK_ROWS, EXPORT_FORMATS, export_response
from pst.formatting import clock_time
from pst.guards import parse_id, parse_uuid
from pst.models import AccessKind, Office
from pst.permissions import Action, user_can
from pst.personal_data import (
    personal_data_access_log,
    personal_data_export_log,
    personal_data_page_log,
    personal_value_shown,
)
from pst.phones import format_phone, normalize_phone
from pst.views_corrections import correction_save
from queueing.choices import AT_DESK_STATUSES
from queueing.desks import get_session_desk, ticket_served_at_another_desk
from queueing.guestbook import erasure, exports, selectors, services
from queueing.guestbook.forms import GuestbookCorrectionForm, GuestbookFilterForm, GuestbookForm
from queueing.guestbook.models import GUESTBOOK_CORRECTABLE_FIELDS, GuestbookEntry
from queueing.guestbook.services import GuestbookError
from queueing.models import Stage, Ticket
from queueing.selectors import office_today
from queueing.views_console import desk_to_choose_again

PAGE_SIZE = 50


def _ticket_at_session_desk(request: HttpRequest, office: Office) -> Ticket | None:
    """The ticket named in ?ticket= if it is at the officer's desk right now (404 if not);
    None when none is named."""
    raw = request.GET.get("ticket") or request.POST.get("ticket")
    if not raw:
        return None
    return selectors.guestbook_ticket_at_desk(office, get_session_desk(request), parse_id(raw))


def _back_to_the_record(request: HttpRequest, ticket: Ticket | None) -> bool:
    """Filled in at the consultation desk (the visitor came without an entry): the officer
    goes back to the consultation record they left for it, not to the console."""
    return (
        ticket is not None
        and ticket.stage == Stage.SERVICE
        and ticket.service.records_consultations
        and user_can(request.user, Action.ANSWER_CONSULTATIONS, ticket.office)
    )


def _must_route(ticket: Ticket | None) -> bool:
    """A visitor at the front office is always sent on; one already at a service desk may
    stay there."""
    return ticket is not None and ticket.stage == Stage.RECEPTION


def _form_options(office: Office, ticket: Ticket | None) -> dict:
    """How the guestbook form is drawn for `ticket` (None: a visitor without one)."""
    return {
        "office": office,
        "with_ticket": ticket is not None,
        "must_route": _must_route(ticket),
        "priority": ticket.priority if ticket is not None else None,
    }


def entry_seen(
    request: HttpRequest,
    office: Office,
    entry: GuestbookEntry,
    kind: str,
    how: str = "",
    *,
    unmasked: bool = False,
) -> None:
    """Log that the signed-in officer saw `entry`'s personal data (`how`: where or why, after
    the entry's name in the log's subject)."""
    personal_data_access_log(
        user=request.user,
        office=office,
        kind=kind,
        subject=f"guestbook entry {entry.pk}{how}",
        unmasked=unmasked,
    )


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def guestbook_new(request: HttpRequest) -> HttpResponse:
    office = selectors.guestbook_office_for_user(request.user, Action.FILL_GUESTBOOK)
    request_id = parse_uuid(request.POST.get("request_id"))
    try:
        ticket = _ticket_at_session_desk(request, office)
    except Http404:
        # The same form sent twice at once: the first sent the visitor on, so the ticket has
        # left the desk; what this one asked for is done.
        if request.method == "POST" and selectors.guestbook_request_saved(request_id, request.user):
            messages.info(request, _("This guestbook entry was already saved."))
            return redirect("desk")
        # Signed in again (the form was sent when the session had ended) while the visitor
        # is still with them: the new session has no desk yet. Once it is chosen, the form
        # opened from the console gets back what was typed (static/js/live.js).
        own = ticket_served_at_another_desk(
            request, request.GET.get("ticket"), statuses=AT_DESK_STATUSES
        )
        if request.method == "GET" and own is not None:
            return desk_to_choose_again(
                request,
                own,
                _("%(code)s is still with you at %(desk)s: choose that desk again, then fill "
                  "in the guestbook."),
            )  # fmt: skip
        raise
    kwargs = _form_options(office, ticket)
    if request.method == "POST":
        form = GuestbookForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.guestbook_record(
                    office=office,
                    officer=request.user,
                    data=data,
                    ticket=ticket,
                    desk=get_session_desk(request) if ticket else None,
                    route_to=data.get("route_to"),
                    priority=data.get("priority"),
                    client_request_id=request_id,
                )
            except GuestbookError as error:
                add_to_form(form, error)
            else:
                # The same visit written again from another form (a second tab, Back and
                # save): the entry saved before is shown, to check or correct there.
                if entry.is_same_visit:
                    messages.info(request, _(
                        "%(name)s was already recorded at %(time)s with the same details: "
                        "nothing was saved twice. This is that entry."
                    ) % {"name": entry.name, "time": clock_time(entry.created_at)})  # fmt: skip
                    return redirect("guestbook_detail", pk=entry.pk)
                # A second submission of the same form (double click, reload) saved nothing.
                if entry.is_repeat:
                    messages.info(request, _("This guestbook entry was already saved."))
                    return redirect("desk" if ticket else "guestbook")
                if ticket is not None and data.get("route_to"):
                    messages.success(
                        request,
                        _("Guestbook saved; %(code)s joins the queue of %(service)s.")
                        % {"code": ticket.code, "service": data["route_to"].label},
                    )
                    return redirect("desk")
                messages.success(request, _("Guestbook entry of %(name)s saved.") % {
                    "name": entry.name})  # fmt: skip
                if _back_to_the_record(request, ticket):
                    return redirect("consultation_walk_in", ticket_id=ticket.pk)
                return redirect("desk" if ticket else "guestbook")
    else:
        initial = {"route_to": ticket.service_id} if _must_route(ticket) else {}
        form = GuestbookForm(initial=initial, **kwargs)
    return render(
        request,
        "queueing/guestbook/form.html",
        {
            "office": office,
            "form": form,
            "ticket": ticket,
            "request_id": request_id or uuid.uuid4(),
        },
    )


@login_required
@require_POST
@sensitive_post_parameters()
def guestbook_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: a returning visitor by email or phone; fills what the officer left empty with
    their last entry, or, where something typed differs, asks first (guestbook_returning_merge).
    POST, so that contacts never appear in URLs (and so in server logs)."""
    office = selectors.guestbook_office_for_user(request.user, Action.FILL_GUESTBOOK)
    email = request.POST.get("email", "").strip()
    phone = ""
    if request.POST.get("phone", "").strip():
        try:
            phone = normalize_phone(request.POST["phone"])
        except ValidationError:  # an unparsable number simply finds nobody
            phone = ""
    if "@" not in email:
        email = ""
    entry = selectors.guestbook_last_visit(office, email=email, phone=phone)
    context: dict = {
        "office": office,
        "entry": entry,
        "searched": bool(email or phone),
        "searched_phone": bool(phone),
        "searched_email": bool(email),
    }
    if entry is not None:
        entry_seen(request, office, entry, AccessKind.LOOKUP)
        ticket = _ticket_at_session_desk(request, office)
        options = _form_options(office, ticket)
        # Through the form's rules first: a card number typed in a box is not echoed back.
        typed = GuestbookForm(request.POST, **options)
        typed.full_clean()
        found = selectors.guestbook_returning_merge(
            entry,
            typed.data,
            untouched={name: field.initial for name, field in typed.fields.items()
                       if field.initial not in (None, "")},
            replace=request.POST.get("use_previous") == "1",
        )  # fmt: skip
        initial = found.initial
        if _must_route(ticket) and not initial.get("route_to"):
            initial["route_to"] = ticket.service_id
        form = GuestbookForm(initial=initial, **options)
        context |= {
            "form": form,
            "ticket": ticket,
            "previous": entry,
            "differing": [form[name].label for name in found.differing if name in form.fields],
        }
    return render(request, "queueing/guestbook/_lookup.html", context)


def _filter_from_query(
    request: HttpRequest, office: Office
) -> tuple[GuestbookFilterForm, selectors.GuestbookFilter | None]:
    """The list's filter form and the criteria it gives: today when nothing is asked. A
    refused filter is said on the form and left out, the valid ones hold (as in the
    consultation inbox); a refused period gives no criteria (None): no visits are shown."""
    today = office_today(office)
    form = GuestbookFilterForm(
        request.GET or None, office=office, initial={"date_from": today, "date_to": today}
    )
    if form.is_bound and not form.is_valid() and form.period_refused():
        return form, None
    cleaned = form.cleaned_data if form.is_bound else {}
    start = cleaned.get("date_from") or today
    end = cleaned.get("date_to") or max(start, today)
    service = cleaned.get("service")
    return form, selectors.GuestbookFilter(
        date_from=start,
        date_to=end,
        service_id=service.pk if service else None,
        institution_category=cleaned.get("institution_category", ""),
        name=cleaned.get("name", ""),
    )


@login_required
@require_safe
def guestbook_list(request: HttpRequest) -> HttpResponse:
    office = selectors.guestbook_office_for_user(request.user, Action.VIEW_GUESTBOOK)
    form, criteria = _filter_from_query(request, office)
    rows = (
        selectors.guestbook_entries(office, criteria) if criteria else GuestbookEntry.objects.none()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.email_shown = personal_value_shown(entry, "email", entry.email, unmasked=False)
        entry.phone_shown = personal_value_shown(entry, "phone", entry.phone, unmasked=False)
    if criteria is not None:  # a refused period showed nobody's data
        personal_data_page_log(
            user=request.user, office=office, page=page, subject="guestbook",
            period_start=criteria.date_from, period_end=criteria.date_to,
        )  # fmt: skip
    return render(
        request,
        "queueing/guestbook/list.html",
        {
            "office": office,
            "form": form,
            "criteria": criteria,
            "page": page,
            "can_fill": user_can(request.user, Action.FILL_GUESTBOOK, office),
            "can_export_unmasked": user_can(request.user, Action.EXPORT_UNMASKED, office),
        },
    )


@login_required
@require_safe
def guestbook_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("No such format."))
    office = selectors.guestbook_office_for_user(request.user, Action.VIEW_GUESTBOOK)
    form, criteria = _filter_from_query(request, office)
    if form.is_bound and not form.is_valid():
        # Back to the list with the filter as typed: the list says under each field what
        # was refused (product trial G, G9: the values were dropped). Not exported without
        # the refused filter: the file would hold more than was asked.
        messages.error(request, _("Nothing was exported: correct the filter first."))
        return redirect(f"{reverse('guestbook')}?{request.GET.urlencode()}")
    # Supervisors export contacts in clear; everyone else gets them masked.
    unmasked = user_can(request.user, Action.EXPORT_UNMASKED, office)
    return export_response(
        fmt,
        columns=exports.guestbook_export_columns(unmasked=unmasked),
        rows=selectors.guestbook_entries(office, criteria).iterator(chunk_size=EXPORT_CHUNK_ROWS),
        filename=f"bukutamu-{office.code}-{criteria.date_from:%Y%m%d}-{criteria.date_to:%Y%m%d}",
        sheet_title=_("Guestbook"),
        on_done=personal_data_export_log(
            user=request.user,
            office=office,
            subject=f"guestbook {fmt}",
            period_start=criteria.date_from,
            period_end=criteria.date_to,
            unmasked=unmasked,
        ),
    )


@login_required
@require_safe
@never_cache
def guestbook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_guestbook_entry_for_user(request.user, pk)
    office = entry.office
    may_correct = services.guestbook_may_correct(entry=entry, user=request.user, now=timezone.now())
    # Whoever may correct the entry sees what they correct; others as in the list.
    unmasked = may_correct or user_can(request.user, Action.EXPORT_UNMASKED, office)
    history = selectors.guestbook_history(entry, unmasked=unmasked)
    entry_seen(request, office, entry, AccessKind.VIEW_DETAIL, unmasked=unmasked)
    return render(
        request,
        "queueing/guestbook/detail.html",
        {
            "office": office,
            "entry": entry,
            "email": selectors.guestbook_value_shown("email", entry.email, unmasked=unmasked),
            "phone": format_phone(entry.phone)
            if unmasked
            else selectors.guestbook_value_shown("phone", entry.phone, unmasked=False),
            "history": history,
            "may_correct": may_correct,
            "may_anonymise": erasure.guestbook_may_anonymise(entry=entry, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@never_cache
def guestbook_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_guestbook_entry_for_user(request.user, pk)
    office = entry.office
    if not services.guestbook_may_correct(entry=entry, user=request.user, now=timezone.now()):
        raise PermissionDenied(services.CORRECTION_NOT_ALLOWED)
    if request.method == "POST":
        form = GuestbookCorrectionForm(request.POST, office=office)
        if form.is_valid():
            saved = correction_save(
                request,
                form,
                lambda data: services.guestbook_correct(
                    entry=entry, officer=request.user, data=data, version=data["version"]
                ),
                again_url=reverse("guestbook_correct", args=[entry.pk]),
                done_url=reverse("guestbook_detail", args=[entry.pk]),
                on_saved=lambda revisions: entry_seen(
                    request,
                    office,
                    entry,
                    AccessKind.VIEW_DETAIL,
                    f" corrected ({len(revisions)} fields)",
                    unmasked=True,
                ),
            )
            if saved is not None:
                return saved
    else:
        initial = {field: getattr(entry, field) for field in GUESTBOOK_CORRECTABLE_FIELDS}
        initial["phone"] = format_phone(entry.phone)
        initial["version"] = len(entry.revisions.all())  # prefetched: no extra query
        form = GuestbookCorrectionForm(initial=initial, office=office)
        entry_seen(
            request, office, entry, AccessKind.VIEW_DETAIL, " (correction form)", unmasked=True
        )
    return render(
        request, "queueing/guestbook/correct.html", {"office": office, "entry": entry, "form": form}
    )
