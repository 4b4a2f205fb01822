"""The buku tamu: check-in from the console, the list, returning-visitor lookup, exports.
Only staff of the visitor's office see any of it, and every look is logged (DESIGN §7)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pst.exports import Column, Kind, export_response
from pst.guards import parse_id
from pst.models import AccessKind, Office
from pst.permissions import Action, office_where_user_can, user_can
from pst.personal_data import mask_email, mask_phone
from pst.phones import format_phone, normalize_phone
from pst.services import personal_data_access_log
from queueing import selectors, services
from queueing.desks import get_session_desk
from queueing.forms import GuestbookFilterForm, GuestbookForm
from queueing.models import GuestbookEntry, Stage, Ticket
from queueing.services import QueueError

PAGE_SIZE = 50


def _staff_office(request: HttpRequest, action: Action) -> Office:
    office = office_where_user_can(request.user, action)
    if office is None:
        raise PermissionDenied(_("Only staff of this office can use its guestbook."))
    return office


def _ticket_at_my_desk(request: HttpRequest, office: Office) -> Ticket | None:
    """The ticket named in ?ticket= if it is at the officer's desk right now."""
    raw = request.GET.get("ticket") or request.POST.get("ticket")
    if not raw:
        return None
    pk = parse_id(raw)
    desk = get_session_desk(request)
    ticket = (
        Ticket.objects.select_related("service").filter(pk=pk, office=office, desk=desk).first()
        if desk is not None and pk is not None
        else None
    )
    if ticket is None or not ticket.is_open:
        raise Http404(_("That ticket is not at your desk."))
    return ticket


def _prefill(entry: GuestbookEntry) -> dict:
    """What a returning visitor's last entry gives the new one: the person, not the visit."""
    keep = (
        "name", "id_type", "email", "phone", "sex", "birth_year", "education", "occupation",
        "institution_category", "institution_name", "has_disability", "disability_kind",
    )  # fmt: skip
    return {field: getattr(entry, field) for field in keep}


def _must_route(ticket: Ticket | None) -> bool:
    """A visitor at the front office is always sent on; one already at a service desk may
    stay there."""
    return ticket is not None and ticket.stage == Stage.RECEPTION


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def guestbook_new(request: HttpRequest) -> HttpResponse:
    office = _staff_office(request, Action.FILL_GUESTBOOK)
    ticket = _ticket_at_my_desk(request, office)
    kwargs = {
        "office": office,
        "with_ticket": ticket is not None,
        "must_route": _must_route(ticket),
    }
    request_id = _request_id(request)
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
                    client_request_id=request_id,
                )
            except QueueError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                # A second submission of the same form (double click, reload) saved nothing.
                if entry.is_repeat:
                    messages.info(request, _("This guestbook entry was already saved."))
                    return redirect("desk" if ticket else "guestbook")
                if ticket is not None and data.get("route_to"):
                    messages.success(
                        request,
                        _("Guestbook saved; %(code)s joins the queue of %(service)s.")
                        % {"code": ticket.code, "service": data["route_to"].name},
                    )
                    return redirect("desk")
                messages.success(request, _("Guestbook entry of %(name)s saved.") % {
                    "name": entry.name})  # fmt: skip
                return redirect("desk" if ticket else "guestbook")
    else:
        initial = {"route_to": ticket.service_id} if _must_route(ticket) else {}
        form = GuestbookForm(initial=initial, **kwargs)
    return render(
        request,
        "queueing/guestbook_form.html",
        {
            "office": office,
            "form": form,
            "ticket": ticket,
            "request_id": request_id or uuid.uuid4(),
        },
    )


def _request_id(request: HttpRequest) -> uuid.UUID | None:
    """The id minted when the form was drawn; anything unreadable counts as none."""
    try:
        return uuid.UUID(request.POST.get("request_id", ""))
    except ValueError:
        return None


@login_required
@require_POST
@sensitive_post_parameters()
def guestbook_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: a returning visitor by email or phone; fills the form with their last entry.
    POST, so that contacts never appear in URLs (and so in server logs)."""
    office = _staff_office(request, Action.FILL_GUESTBOOK)
    email = request.POST.get("email", "").strip().lower()
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
        personal_data_access_log(
            user=request.user,
            office=office,
            kind=AccessKind.LOOKUP,
            subject=f"guestbook entry {entry.pk}",
        )
        ticket = _ticket_at_my_desk(request, office)
        initial = _prefill(entry) | {"phone": format_phone(entry.phone), "email": entry.email}
        if _must_route(ticket):
            initial["route_to"] = ticket.service_id
        form = GuestbookForm(
            initial=initial,
            office=office,
            with_ticket=ticket is not None,
            must_route=_must_route(ticket),
        )
        context |= {"form": form, "ticket": ticket, "previous": entry}
    return render(request, "queueing/_guestbook_lookup.html", context)


def _criteria(
    request: HttpRequest, office: Office
) -> tuple[GuestbookFilterForm, selectors.GuestbookFilter]:
    today = selectors.office_today(office)
    form = GuestbookFilterForm(request.GET or None, office=office)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
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
    office = _staff_office(request, Action.VIEW_GUESTBOOK)
    form, criteria = _criteria(request, office)
    page = Paginator(selectors.guestbook_entries(office, criteria), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for entry in page.object_list:
        entry.masked_email = mask_email(entry.email)
        entry.masked_phone = mask_phone(entry.phone)
    personal_data_access_log(
        user=request.user,
        office=office,
        kind=AccessKind.VIEW_LIST,
        subject=f"guestbook page {page.number}",
        period_start=criteria.date_from,
        period_end=criteria.date_to,
        row_count=len(page.object_list),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "queueing/guestbook_list.html",
        {
            "office": office,
            "form": form,
            "criteria": criteria,
            "page": page,
            "query": query.urlencode(),
            "can_fill": user_can(request.user, Action.FILL_GUESTBOOK, office),
            "can_export_unmasked": user_can(request.user, Action.EXPORT_UNMASKED, office),
        },
    )


def export_columns(*, unmasked: bool) -> list[Column]:
    """The guestbook export, CSV and XLSX alike. Contacts are masked unless `unmasked`."""

    def contact(mask, field):
        return (lambda e: getattr(e, field)) if unmasked else (lambda e: mask(getattr(e, field)))

    def label(field):
        # get_FOO_display() rebuilds and translates the whole choice list on every call: it was
        # 60 % of a CSV export's time (benchmarks/README.md, "Pages"). Translate once per export.
        labels = {
            value: str(text) for value, text in GuestbookEntry._meta.get_field(field).flatchoices
        }
        return lambda e: labels.get(getattr(e, field), getattr(e, field))

    return [
        Column(gettext_lazy("Visit date"), lambda e: e.visit_date, Kind.DATE),
        Column(gettext_lazy("Ticket"), lambda e: e.ticket.code if e.ticket else "", width=9),
        Column(gettext_lazy("Service"), lambda e: e.service.name if e.service else "", width=28),
        Column(gettext_lazy("Name"), lambda e: e.name, width=28),
        Column(gettext_lazy("Identity card"), label("id_type"), width=14),
        Column(gettext_lazy("Card (last 4)"), lambda e: e.id_last4, width=9),
        Column(gettext_lazy("Email"), contact(mask_email, "email"), width=30),
        Column(gettext_lazy("Phone"), contact(mask_phone, "phone"), Kind.PHONE),
        Column(gettext_lazy("Sex"), label("sex"), width=12),
        Column(gettext_lazy("Birth year"), lambda e: e.birth_year, Kind.NUMBER),
        Column(gettext_lazy("Education"), label("education"), width=16),
        Column(gettext_lazy("Occupation"), label("occupation")),
        Column(gettext_lazy("Institution category"), label("institution_category")),
        Column(gettext_lazy("Institution"), lambda e: e.institution_name, width=30),
        Column(gettext_lazy("Purpose"), label("purpose")),
        Column(gettext_lazy("Data needed"), lambda e: e.data_needed, width=50),
        Column(
            gettext_lazy("Disability"),
            lambda e: _("yes") if e.has_disability else _("no"),
            width=10,
        ),
        Column(gettext_lazy("Kind of disability"), lambda e: e.disability_kind),
        Column(gettext_lazy("Written by"), lambda e: e.created_by.email, width=28),
    ]


EXPORT_CHUNK_ROWS = 500


@login_required
@require_safe
def guestbook_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("No such format."))
    office = _staff_office(request, Action.VIEW_GUESTBOOK)
    form, criteria = _criteria(request, office)
    if form.is_bound and not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the filter."))
        return redirect("guestbook")
    # Supervisors export contacts in clear; everyone else gets them masked.
    unmasked = user_can(request.user, Action.EXPORT_UNMASKED, office)
    user = request.user

    def logged(row_count: int) -> None:
        personal_data_access_log(
            user=user,
            office=office,
            kind=AccessKind.EXPORT,
            subject=f"guestbook {fmt}",
            period_start=criteria.date_from,
            period_end=criteria.date_to,
            unmasked=unmasked,
            row_count=row_count,
        )

    return export_response(
        fmt,
        columns=export_columns(unmasked=unmasked),
        rows=selectors.guestbook_entries(office, criteria).iterator(chunk_size=EXPORT_CHUNK_ROWS),
        filename=f"bukutamu-{office.code}-{criteria.date_from:%Y%m%d}-{criteria.date_to:%Y%m%d}",
        sheet_title=_("Guestbook"),
        on_done=logged,
    )
