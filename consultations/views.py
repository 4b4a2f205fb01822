from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from consultations.appointments import views as appointment_views
from consultations.appointments.codes import code_display
from consultations.appointments.notices import appointment_when
from consultations.forms import ConsultationCorrectionForm, WalkInConsultationForm
from consultations.models import (
    CONSULTATION_CORRECTABLE_FIELDS,
    Channel,
    Consultation,
    ConsultationRevision,
    Outcome,
)
from consultations.requester_contact import requester_addresses
from consultations.selectors import due_calendar_warning
from consultations.services import (
    CORRECTION_NOT_ALLOWED,
    ConsultationError,
    consultation_correct,
    consultation_may_correct,
    consultation_record_walk_in,
)
from pst.errors import add_to_form
from pst.languages import language_not_the_offices
from pst.models import AccessKind, Office
from pst.permissions import Action, office_where_user_can, user_can
from pst.personal_data import personal_data_access_log
from pst.views_corrections import correction_save
from queueing.desks import get_serving_ticket_for_user, ticket_served_at_another_desk
from queueing.models import Desk, GuestbookEntry, Ticket
from queueing.views_console import desk_to_choose_again


def get_walk_in_ticket_for_user(request: HttpRequest, ticket_id: int) -> tuple[Ticket, Desk] | None:
    """The ticket being served at the signed-in consultation officer's desk, with the desk;
    None when `ticket_id` is not that ticket (or the user records no consultations here)."""
    if office_where_user_can(request.user, Action.ANSWER_CONSULTATIONS) is None:
        return None
    serving = get_serving_ticket_for_user(request, ticket_id)
    if serving is None or not serving[0].service.records_consultations:
        return None
    return serving


def _records_office(request: HttpRequest) -> Office:
    """The office whose consultation records the user may read: its officers and
    supervisors (403 for anyone else)."""
    office = office_where_user_can(
        request.user, Action.OPERATE_DESK, Action.ANSWER_CONSULTATIONS, Action.SUPERVISE,
        any_of=True,
    )  # fmt: skip
    if office is None:
        raise PermissionDenied(_("Only staff of this office can read its consultation records."))
    return office


def _saved_walk_in(request: HttpRequest, ticket_id: int) -> Consultation:
    office = _records_office(request)
    consultation = (
        Consultation.objects.select_related(
            "office", "ticket", "subject_area", "officer", "referred_to", "guestbook_entry"
        )
        .prefetch_related(
            Prefetch(
                "revisions", queryset=ConsultationRevision.objects.select_related("changed_by")
            )
        )
        .filter(ticket_id=ticket_id, office=office, channel=Channel.WALK_IN)
        .first()
    )
    if consultation is None:
        raise Http404(_("No consultation has been recorded for this ticket."))
    return consultation


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def walk_in_record(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The record form while the visitor is at the officer's desk; afterwards, and for the
    other staff of the office, the saved record (read only)."""
    serving = get_walk_in_ticket_for_user(request, ticket_id)
    if serving is None:
        try:
            consultation = _saved_walk_in(request, ticket_id)
        except Http404:
            # An appointment's visit is saved on its own consultation: that page.
            saved_on = appointment_views.appointment_saved_redirect(request, ticket_id)
            if saved_on is not None:
                return saved_on
            # Signed in again (or in a new browser) while the visitor is still with them: the
            # session has no desk yet, which is what to say, not "no record".
            own = ticket_served_at_another_desk(request, ticket_id)
            if own is None or not own.service.records_consultations:
                raise
            if office_where_user_can(request.user, Action.ANSWER_CONSULTATIONS) is None:
                raise
            return desk_to_choose_again(
                request,
                own,
                _("%(code)s is still with you at %(desk)s: choose that desk again, then open "
                  "the consultation record."),
            )  # fmt: skip
        if request.method == "POST":  # the form sent again after the visitor left the desk
            messages.info(request, _("This consultation was already saved."))
            return redirect("consultation_walk_in", ticket_id=ticket_id)
        return _walk_in_detail(request, consultation)
    ticket, desk = serving
    appointment = appointment_views.appointment_of_ticket(ticket)
    if appointment is not None:  # the consultation it belongs to opens, not a new record
        return appointment_views.appointment_at_desk(request, ticket, desk, appointment)
    entry = GuestbookEntry.objects.filter(ticket=ticket).first()
    if request.method == "POST":
        form = WalkInConsultationForm(request.POST, ticket=ticket)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = consultation_record_walk_in(
                    ticket=ticket,
                    desk=desk,
                    officer=request.user,
                    data=data,
                    outcome=data["outcome"],
                    referred_to=data.get("referred_to"),
                    appointment_at=data.get("appointment_at"),
                    contact_email=data.get("contact_email") or "",
                    contact_phone=data.get("contact_phone") or "",
                    contact_name=data.get("contact_name") or "",
                )
            except ConsultationError as error:
                if Consultation.objects.filter(ticket=ticket).exists():
                    # The same form sent twice at once: the other submission saved the record
                    # (and moved the visitor on), which is the answer to this one too.
                    messages.info(request, _("This consultation was already saved."))
                    return redirect("consultation_walk_in", ticket_id=ticket_id)
                add_to_form(form, error)
            else:
                if consultation.outcome == Outcome.REFERRED:
                    message = _("Consultation saved; %(code)s joins the queue of %(service)s.") % {
                        "code": ticket.code, "service": consultation.referred_to.label}  # fmt: skip
                elif consultation.outcome == Outcome.ANSWERED:
                    message = _("Consultation saved; %(code)s finished.") % {"code": ticket.code}
                elif consultation.outcome == Outcome.APPOINTMENT:
                    booked = consultation.appointments.get()
                    message = _(
                        "Consultation saved; %(ticket)s finished. Appointment on %(when)s, code "
                        "%(code)s: give the code to the visitor, who types it at the kiosk on "
                        "the day."
                    ) % {"ticket": ticket.code, "when": appointment_when(booked),
                         "code": code_display(booked.code)}  # fmt: skip
                elif requester_addresses(consultation):
                    message = _(
                        "Consultation saved and kept open for follow-up; %(code)s finished. "
                        "The visitor was emailed the link to follow it."
                    ) % {"code": ticket.code}
                else:
                    message = _(
                        "Consultation saved and kept open for follow-up; %(code)s finished. "
                        "The visitor has no email address: give them the reference "
                        "%(reference)s, and send the answer by phone or WhatsApp."
                    ) % {"code": ticket.code, "reference": consultation.reference}
                messages.success(request, message)
                if warning := due_calendar_warning(consultation):
                    messages.warning(request, warning)
                return redirect("desk")
    else:
        initial = {"outcome": Outcome.ANSWERED}
        if entry is not None and entry.data_needed:
            initial["question"] = entry.data_needed
        form = WalkInConsultationForm(initial=initial, ticket=ticket)
    if entry is not None:
        personal_data_access_log(
            user=request.user,
            office=ticket.office,
            kind=AccessKind.VIEW_DETAIL,
            subject=f"guestbook entry {entry.pk} (consultation of {ticket.code})",
        )
    return render(
        request,
        "consultations/walk_in_form.html",
        {
            "ticket": ticket,
            "desk": desk,
            "entry": entry,
            "form": form,
            "can_fill_guestbook": entry is None
            and user_can(request.user, Action.FILL_GUESTBOOK, ticket.office),
            "visitor_language": language_not_the_offices(ticket.language),
        },
    )


def _history(consultation: Consultation) -> list[ConsultationRevision]:
    history = list(consultation.revisions.all())
    for revision in history:
        revision.old_shown, revision.new_shown = revision.old_value, revision.new_value
    return history


def _walk_in_detail(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    entry = consultation.guestbook_entry
    office = consultation.office
    if entry is not None:
        personal_data_access_log(
            user=request.user,
            office=office,
            kind=AccessKind.VIEW_DETAIL,
            subject=f"guestbook entry {entry.pk} (consultation of {consultation.ticket.code})",
        )
    return render(
        request,
        "consultations/walk_in_detail.html",
        {
            "consultation": consultation,
            "ticket": consultation.ticket,
            "entry": entry,
            "visitor_language": language_not_the_offices(consultation.ticket.language),
            "history": _history(consultation),
            "can_view_guestbook": user_can(request.user, Action.VIEW_GUESTBOOK, office),
            "can_operate_desk": user_can(request.user, Action.OPERATE_DESK, office),
            "may_correct": consultation_may_correct(
                consultation=consultation, user=request.user, now=timezone.now()
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def walk_in_correct(request: HttpRequest, ticket_id: int) -> HttpResponse:
    consultation = _saved_walk_in(request, ticket_id)
    if not consultation_may_correct(
        consultation=consultation, user=request.user, now=timezone.now()
    ):
        raise PermissionDenied(CORRECTION_NOT_ALLOWED)
    if request.method == "POST":
        form = ConsultationCorrectionForm(request.POST)
        if form.is_valid():
            saved = correction_save(
                request,
                form,
                lambda data: consultation_correct(
                    consultation=consultation,
                    officer=request.user,
                    data=data,
                    version=data["version"],
                ),
                again_url=reverse("consultation_walk_in_correct", args=[ticket_id]),
                done_url=reverse("consultation_walk_in", args=[ticket_id]),
            )
            if saved is not None:
                return saved
    else:
        form = ConsultationCorrectionForm(
            initial={
                **{
                    field: getattr(consultation, field) for field in CONSULTATION_CORRECTABLE_FIELDS
                },
                # The revisions are prefetched: no extra query.
                "version": len(consultation.revisions.all()),
            }
        )
    return render(
        request,
        "consultations/walk_in_correct.html",
        {"consultation": consultation, "ticket": consultation.ticket, "form": form},
    )
