"""Appointment pages: the actions on the consultation page (offer, schedule a meeting,
accept, ask for another time, cancel, record the meeting), the check-in by code on the kiosk
and the phone page, and the consultation at the desk when its visitor is served."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import selectors as consultation_selectors
from consultations.appointments import forms, selectors, services
from consultations.appointments.models import Appointment, AppointmentStatus
from consultations.errors import ConsultationError
from consultations.guest_access import reader_required
from consultations.models import Consultation
from consultations.requester_contact import requester_told
from pst.actions import post_action
from pst.auth import client_ip
from pst.errors import add_message
from pst.guards import parse_id
from pst.languages import request_language
from pst.selectors import get_office_by_code
from pst.throttle import count_given_back, counted_over
from queueing.choices import Priority, TicketOrigin
from queueing.kiosk_mode import kiosk_page
from queueing.models import Desk, Ticket
from queueing.views import phone_ticket_redirect

STAFF_ACTIONS = ("offer", "meeting", "record")
REQUESTER_ACTIONS = ("accept", "another", "cancel")


def _form_for(action: str, data) -> forms.SafeForm | None:
    return {
        "offer": forms.OfferForm,
        "meeting": forms.MeetingForm,
        "record": forms.OutcomeForm,
        "accept": forms.AcceptForm,
        "another": forms.AnotherTimeForm,
    }.get(action, lambda _data: None)(data)


def _run(request: HttpRequest, consultation, appointment, action: str, data: dict) -> str:
    user = request.reader  # the signed-in user, or the holder of the follow link
    if action == "offer":
        services.appointment_offer(consultation=consultation, officer=user, times=_times(data))
        return requester_told(consultation, _("Times offered; the requester was emailed."))
    if action == "meeting":
        services.meeting_schedule(consultation=consultation, officer=user, **data)
        return requester_told(
            consultation, _("Meeting scheduled; the requester was emailed the invitation.")
        )
    if appointment is None:
        raise Http404(_("No such appointment."))
    if action == "record":
        services.meeting_record(appointment=appointment, officer=user, **data)
        return _("The meeting's outcome is saved on the consultation.")
    if action == "accept":
        services.appointment_accept(appointment=appointment, actor=user, offer_id=data["offer"])
        if getattr(user, "pk", None) == consultation.requester_id or not user.is_authenticated:
            return _("Appointment confirmed. We emailed you the invitation and the code.")
        return requester_told(
            consultation, _("Appointment confirmed; the requester was emailed the code.")
        )
    if action == "another":
        services.appointment_decline(appointment=appointment, actor=user, body=data["body"])
        return _("The officer will offer other times.")
    services.appointment_cancel(appointment=appointment, actor=user)
    return _("Appointment cancelled.")


OFFER_TYPED_KEY = "appointment-offer-typed"


def offer_times_typed(request: HttpRequest, consultation) -> list[tuple[str, str]]:
    """The three time fields of the offer form: what the officer typed before a refusal of
    this consultation's offer (once), else empty."""
    kept = request.session.pop(OFFER_TYPED_KEY, None)
    typed = kept[1] if isinstance(kept, list) and kept[:1] == [consultation.pk] else []
    typed = [value if isinstance(value, str) else "" for value in typed][:3]
    typed += [""] * (3 - len(typed))
    return [(str(n), value) for n, value in enumerate(typed, start=1)]


def _times(data: dict) -> list:
    return [data[name] for name in ("time_1", "time_2", "time_3") if data.get(name)]


def _acted_on(
    request: HttpRequest, pk: str, action: str, appointment_id: str | None = None
) -> Consultation:
    """The consultation an action's address names, for whoever may read it (404 else)."""
    if action not in STAFF_ACTIONS + REQUESTER_ACTIONS:
        raise Http404(_("No such action."))
    return consultation_selectors.get_consultation_for_user(request.reader, pk)


@reader_required
@post_action("consultation_detail", of=_acted_on)
def appointment_act(
    request: HttpRequest, pk: str, action: str, appointment_id: str | None = None
) -> HttpResponse:
    consultation = _acted_on(request, pk, action)
    timezone.activate(consultation.office.zoneinfo)
    appointment = selectors.get_appointment_of(consultation, parse_id(appointment_id))
    if appointment_id is not None and appointment is None:
        raise Http404(_("No such appointment."))
    form = _form_for(action, request.POST)
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("consultation_detail", pk=consultation.pk)
    try:
        done = _run(request, consultation, appointment, action, form.cleaned_data if form else {})
    except ConsultationError as error:
        add_message(request, error)
        if action == "offer":
            # Shown again in the form: one refused time must not cost the officer all three.
            request.session[OFFER_TYPED_KEY] = [
                consultation.pk,
                [request.POST.get(f"time_{n}", "")[:16] for n in (1, 2, 3)],
            ]
    else:
        messages.success(request, done)
    return redirect("consultation_detail", pk=consultation.pk)


# -- check-in by code: the kiosk and the phone page ----------------------------------------


def _tries_key(request: HttpRequest, office_pk: int) -> str:
    minute = int(timezone.now().timestamp() // 60)
    return f"appointment:checkin:{office_pk}:{client_ip(request) or 'unknown'}:{minute}"


def _try_counted(key: str) -> bool:
    """Codes are not guessed from the lobby: a few wrong tries a minute per client address.
    Every try counts at once (in one atomic step, so tries sent together cannot all pass);
    a right code is given back (`count_given_back`): the lobby kiosk is one address for every
    visitor of a busy morning. False when this try is over the limit."""
    return not counted_over(key, limit=settings.APPOINTMENT_CHECKINS_PER_MINUTE, window=120)


def _check_in(request: HttpRequest, code: str, origin: str) -> HttpResponse:
    office = get_office_by_code(code)
    timezone.activate(office.zoneinfo)
    phone = origin == TicketOrigin.PHONE
    template = f"consultations/appointments/check_in{'' if phone else '_kiosk'}.html"
    context = {"office": office, "phone": phone}
    if request.method != "POST":
        initial = {"code": request.GET.get("code", "")[:40]}
        return render(request, template, context | {"form": forms.CheckInForm(initial=initial)})
    form = forms.CheckInForm(request.POST)
    status = 400
    tries = _tries_key(request, office.pk)
    if not _try_counted(tries):
        form.is_valid()
        form.add_error(None, _("Too many tries. Wait a minute, or ask the front office."))
        status = 429
    elif form.is_valid():
        try:
            appointment = services.appointment_check_in(
                office=office, code=form.cleaned_data["code"], origin=origin,
                language=request_language(),
            )  # fmt: skip
        except ConsultationError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
            status = 409
        else:
            count_given_back(tries)
            ticket = appointment.ticket
            if phone:
                return phone_ticket_redirect(request, ticket)
            url = reverse("kiosk_ticket", args=[office.code, ticket.token])
            # The kiosk's settings (no printer, the visitor's language) go on to the ticket.
            return redirect(url + request.kiosk_query)
    return render(request, template, context | {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@kiosk_page
def kiosk_check_in(request: HttpRequest, code: str) -> HttpResponse:
    return _check_in(request, code, TicketOrigin.KIOSK)


@require_http_methods(["GET", "HEAD", "POST"])
def phone_check_in(request: HttpRequest, code: str) -> HttpResponse:
    return _check_in(request, code, TicketOrigin.PHONE)


# -- at the desk ------------------------------------------------------------------------------


def appointment_of_ticket(ticket: Ticket) -> Appointment | None:
    if ticket.priority != Priority.APPOINTMENT:  # no query for every other visitor
        return None
    return Appointment.objects.filter(ticket=ticket).select_related("office").first()


def appointment_saved_redirect(request: HttpRequest, ticket_id: int) -> HttpResponse | None:
    """After the visit (or for a colleague): the ticket's consultation page, where the
    outcome was saved; a form sent again is answered "already saved"."""
    appointment = Appointment.objects.filter(ticket_id=ticket_id).first()
    if appointment is None:
        return None
    consultation = consultation_selectors.get_consultation_for_user(
        request.user, appointment.consultation_id
    )
    if request.method == "POST" and appointment.status == AppointmentStatus.DONE:
        messages.info(request, _("This consultation was already saved."))
    elif request.method == "POST":  # a colleague, or a desk left: nothing was saved
        messages.error(request, _("Not saved: this visitor is not being served at your desk."))
    return redirect("consultation_detail", pk=consultation.pk)


def appointment_at_desk(
    request: HttpRequest, ticket: Ticket, desk: Desk, appointment: Appointment
) -> HttpResponse:
    """The consultation of the appointment being served at the officer's desk, with its
    whole conversation; the outcome form saves on it (walk_in_record hands over here)."""
    consultation = consultation_selectors.get_consultation_for_user(
        request.user, appointment.consultation_id
    )
    timezone.activate(consultation.office.zoneinfo)
    status = 200
    if request.method == "POST":
        form = forms.OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.appointment_record_visit(
                    appointment=appointment, desk=desk, officer=request.user, **form.cleaned_data
                )
            except ConsultationError as error:
                add_message(request, error)
            else:
                messages.success(
                    request,
                    _("Saved on consultation %(reference)s; %(code)s finished.")
                    % {"reference": consultation.reference, "code": ticket.code},
                )
                return redirect("desk")
        status = 400
    else:
        form = forms.OutcomeForm()
    context = {
        "consultation": consultation,
        "ticket": ticket,
        "desk": desk,
        "appointment": appointment,
        "messages_list": consultation_selectors.conversation(consultation, staff=True),
        "form": form,
    }
    return render(request, "consultations/appointments/at_desk.html", context, status=status)
