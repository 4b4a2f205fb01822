from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations.forms import WalkInConsultationForm
from consultations.models import Outcome
from consultations.services import ConsultationError, consultation_record_walk_in
from pst.models import AccessKind
from pst.permissions import Action, office_where_user_can
from pst.services import personal_data_access_log
from queueing.models import GuestbookEntry, Ticket, TicketStatus
from queueing.views import _session_desk


def get_walk_in_ticket_for_user(request: HttpRequest, ticket_id: int) -> tuple[Ticket, object]:
    """The ticket being served at the signed-in consultation officer's desk (403 for anyone
    who does not answer consultations here, 404 for any other ticket)."""
    office = office_where_user_can(request.user, Action.OPERATE_DESK, Action.ANSWER_CONSULTATIONS)
    if office is None:
        raise PermissionDenied(_("Only consultation officers of this office record consultations."))
    desk = _session_desk(request)
    ticket = (
        Ticket.objects.select_related("service", "office")
        .filter(pk=ticket_id, office=office, desk=desk, status=TicketStatus.SERVING)
        .first()
        if desk is not None
        else None
    )
    if ticket is None or not ticket.service.records_consultations:
        raise Http404("That visitor is not being served at your desk.")
    return ticket, desk


@login_required
@require_http_methods(["GET", "POST"])
def walk_in_record(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket, desk = get_walk_in_ticket_for_user(request, ticket_id)
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
                )
            except ConsultationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if consultation.outcome == Outcome.REFERRED:
                    message = _("Consultation saved; %(code)s joins the queue of %(service)s.") % {
                        "code": ticket.code, "service": consultation.referred_to.name}  # fmt: skip
                elif consultation.outcome == Outcome.ANSWERED:
                    message = _("Consultation saved; %(code)s finished.") % {"code": ticket.code}
                else:
                    message = _(
                        "Consultation saved and kept open for follow-up; %(code)s finished."
                    ) % {"code": ticket.code}
                messages.success(request, message)
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
        {"ticket": ticket, "desk": desk, "entry": entry, "form": form},
    )
