"""Online consultation pages: the list (officers' inbox or the requester's own), the new
request, one consultation with its conversation and the actions its reader may take, and the
download of an attachment. Every action is a POST handled by one lifecycle service."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations import inbox, lifecycle, selectors
from consultations.appointments.selectors import (
    appointment_panel,
    appointments_of_day,
    upcoming_for_requester,
)
from consultations.appointments.views import offer_times_typed
from consultations.errors import ConsultationError
from consultations.forms import (
    AssignForm,
    CancelForm,
    InboxFilterForm,
    MessageForm,
)
from consultations.forms_remote import AcceptForm, DismissForm, ExchangeForm
from consultations.guest_access import Guest, reader_required
from consultations.knowledge.selectors import article_made_from
from consultations.lifecycle.remote import consultation_exchange_log
from consultations.models import Consultation, ConsultationStatus, Dismissal
from consultations.rating_offer import rating_offer
from consultations.requester_contact import (
    deactivated_requester_phone,
    requester_addresses,
    requester_deactivated,
    requester_language,
    requester_told,
)
from pst.actions import post_action
from pst.errors import add_message, add_to_form
from pst.formatting import office_moment
from pst.languages import language_not_the_offices
from pst.models import AccessKind
from pst.permissions import Action, user_can
from pst.personal_data import (
    personal_data_access_log,
)

S = ConsultationStatus
# From this many messages the page offers jumps to the newest, the reply box and the files: the
# newest is then a few screens down (trial N11: 36 messages, 8 screens).
LONG_CONVERSATION = 8


@login_required
@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Officers: the office's inbox. Everyone else: the consultations they asked."""
    office = selectors.consultation_office_of_staff(request.user)
    if office is None:
        rows = selectors.requester_consultations(request.user)
        page = Paginator(rows, selectors.INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
        upcoming = upcoming_for_requester(request.user, timezone.now())
        return render(request, "consultations/mine.html", {"page": page, "upcoming": upcoming})
    # A supervisor also sees what one officer holds (before a hand-over, trial N, N2).
    supervisor = user_can(request.user, Action.SUPERVISE, office)
    officers = inbox.office_answerers(office) if supervisor else None
    form = InboxFilterForm(request.GET or None, officers=officers)
    criteria = inbox.InboxFilter()
    if form.is_bound:
        # The filters that are valid hold even when another is not (a search too long keeps
        # "all" chosen: product trial F); the form says what was refused.
        form.is_valid()
        data = form.cleaned_data
        subject_area = data.get("subject_area")
        criteria = inbox.InboxFilter(
            show=data.get("show") or "open",
            channel=data.get("channel") or "",
            subject_area=subject_area.pk if subject_area else None,
            text=data.get("text") or "",
            sort=data.get("sort") or "due",
            held_by=int(data["held_by"]) if data.get("held_by") else None,
        )
    now = timezone.now()
    page = inbox.inbox_page(office, request.user, criteria, request.GET.get("page"), now)
    personal_data_access_log(
        user=request.user, office=office, kind=AccessKind.VIEW_LIST, subject="consultation inbox"
    )
    return render(
        request,
        "consultations/inbox.html",
        {"office": office, "form": form, "page": page, "criteria": criteria,
         "review_days": settings.CONSULTATION_REVIEW_WORKING_DAYS,
         "supervisor": supervisor,
         "appointments_today": appointments_of_day(office, now.astimezone(office.zoneinfo).date())},
    )  # fmt: skip


def _detail_context(request: HttpRequest, consultation: Consultation) -> dict:
    reader = request.reader
    staff = selectors.is_consultation_staff(reader, consultation.office)
    now = timezone.now()
    is_requester = isinstance(reader, Guest) or (
        consultation.requester_id is not None and consultation.requester_id == reader.pk
    )
    status = consultation.status
    open_for_messages = status in (S.SUBMITTED, S.NEEDS_CLARIFICATION, S.ACCEPTED, S.ANSWERED)
    messages_list = selectors.conversation(consultation, staff=staff)
    reachable = bool(requester_addresses(consultation))
    return {
        "consultation": consultation,
        "staff": staff,
        "is_requester": is_requester,
        "supervisor": user_can(reader, Action.SUPERVISE, consultation.office),
        "guest": isinstance(reader, Guest),
        "reachable": reachable,
        "requester_deactivated": requester_deactivated(consultation),
        # An officer writes to the requester in it (trial P, P5: their emails are in it, the
        # officer's text inside them is as typed). From records loaded already: no query.
        "requester_language": language_not_the_offices(requester_language(consultation))
        if staff
        else "",
        # Staff of the office only; the look is logged with the page (consultation_detail).
        "deactivated_phone": deactivated_requester_phone(consultation) if staff else None,
        "whatsapp_link": selectors.whatsapp_continue_link(consultation),
        "messages_list": messages_list,
        "long_conversation": len(messages_list) >= LONG_CONVERSATION,
        "attachments_count": sum(len(m.attachments.all()) for m in messages_list),
        "sent_at": selectors.request_sent_at(consultation, messages_list),
        "events": selectors.history(consultation),
        "due": lifecycle.consultation_due(consultation),
        "due_badge": selectors.due_badge(consultation, now),
        "may_reopen": is_requester and lifecycle.consultation_may_reopen(consultation, now),
        "may_cancel": is_requester and lifecycle.consultation_may_cancel(consultation),
        "may_close": is_requester and lifecycle.consultation_may_close(consultation),
        "may_reply": is_requester and open_for_messages,
        "open_for_messages": open_for_messages,
        "is_open": status in selectors.OPEN_STATUSES,
        "held": staff and selectors.consultation_held(consultation),  # the claim is staff's
        # Read only where the page offers "Turn into an article" (an answered consultation).
        "made_article": (lambda: article_made_from(consultation)) if staff else None,
        "message_form": MessageForm(initial={"request_id": uuid.uuid4()}),
        "assign_form": AssignForm(office=consultation.office),
        "accept_form": AcceptForm(),
        "dismiss_form": DismissForm(),
        "cancel_form": CancelForm(),
        "exchange_form": ExchangeForm(
            initial={"request_id": uuid.uuid4(), "happened_at": _local_minute(consultation)}
        ),
        "offer_times": offer_times_typed(request, consultation) if staff else [],
        "appointment_panel": appointment_panel(
            consultation, staff=staff, is_requester=is_requester, now=now
        ),
        **rating_offer(
            consultation, staff=staff, is_requester=is_requester, reachable=reachable, now=now
        ),
    }


def _local_minute(consultation: Consultation):
    now = timezone.localtime(timezone.now(), consultation.office.zoneinfo)
    return now.replace(second=0, microsecond=0)


@reader_required
@require_safe
def consultation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.get_consultation_for_user(request.reader, pk)
    context = _detail_context(request, consultation)
    _page_reading_logged(request, consultation, context)
    return render(request, "consultations/detail.html", context)


def _page_reading_logged(request: HttpRequest, consultation: Consultation, context: dict) -> None:
    subject = f"consultation {consultation.reference}"
    if context["deactivated_phone"]:
        # The page shows a phone no list or panel shows (trial Q, Q4): the log names it.
        subject += " with the deactivated requester's phone"
    _staff_reading_logged(request, consultation, subject, staff=context["staff"])


def _staff_reading_logged(
    request: HttpRequest, consultation: Consultation, subject: str, *, staff: bool
) -> None:
    # A requester reading their own consultation is not an access to someone's data.
    if staff and consultation.requester_id != request.user.pk:
        personal_data_access_log(
            user=request.user,
            office=consultation.office,
            kind=AccessKind.VIEW_DETAIL,
            subject=subject,
        )


ACTIONS = (
    "claim", "assign", "clarify", "accept", "answer", "note", "write", "log",
    "reply", "close", "cancel", "reopen", "dismiss",
)  # fmt: skip
# The form each action reads, and the context name the page shows it under.
ACTION_FORMS = {
    **dict.fromkeys(("clarify", "answer", "note", "write", "reply", "reopen"), "message_form"),
    "assign": "assign_form",
    "accept": "accept_form",
    "log": "exchange_form",
    "dismiss": "dismiss_form",
    "cancel": "cancel_form",
}


def _run(request: HttpRequest, consultation: Consultation, action: str, form) -> str:
    """Runs `action`; returns the success message."""
    user = request.reader
    data = form.cleaned_data if form is not None else {}
    text = {"body": data.get("body", ""), "files": data.get("files", [])}
    request_id = data.get("request_id")
    if action == "claim":
        lifecycle.consultation_claim(consultation=consultation, officer=user)
        return _("You took this consultation.")
    if action == "assign":
        lifecycle.consultation_assign(consultation=consultation, officer=data["officer"], by=user)
        return _("Consultation assigned.")
    if action in ("clarify", "answer"):
        clarify = action == "clarify"
        send = lifecycle.consultation_answer
        if clarify:
            send = lifecycle.consultation_request_clarification
        send(consultation=consultation, officer=user, client_request_id=request_id, **text)
        emailed = (
            _("Clarification asked; the requester was emailed.")
            if clarify
            else _("Answer sent; the requester was emailed.")
        )
        return requester_told(consultation, emailed)
    if action == "accept":
        accepted = lifecycle.consultation_accept(
            consultation=consultation, officer=user,
            subject_area=data.get("subject_area"), topic=data.get("topic") or "",
        )  # fmt: skip
        if warning := selectors.due_calendar_warning(accepted):
            messages.warning(request, warning)
        # Not "from now": accepted while the office is closed, the time runs from its opening.
        return _("Accepted: the answer is due %(due)s.") % {
            "due": office_moment(accepted.due_at, accepted.office)
        }
    if action == "dismiss":
        closed = lifecycle.consultation_dismiss(
            consultation=consultation, officer=user, reason=data["reason"],
            repeat_of=data.get("repeat_of") or "",
        )  # fmt: skip
        if closed.duplicate_of is not None:
            return requester_told(
                closed.duplicate_of,
                _("Closed as a repeat; the requester was emailed where it goes on."),
            )
        if closed.dismissal == Dismissal.WITHDRAWN:
            return requester_told(closed, _("Cancelled as the requester asked; they were emailed."))
        return _("Closed without an answer; nobody was emailed.")
    if action == "log":
        consultation_exchange_log(
            consultation=consultation, officer=user, channel=data["channel"],
            happened_at=data["happened_at"], body=data["body"], client_request_id=request_id,
        )  # fmt: skip
        return _("Exchange logged on the consultation.")
    if action in ("note", "write"):
        lifecycle.consultation_write(
            consultation=consultation, officer=user, internal=action == "note",
            client_request_id=request_id, **text,
        )  # fmt: skip
        return _("Internal note saved.") if action == "note" else _("Message sent.")
    if action == "reply":
        lifecycle.consultation_reply(
            consultation=consultation, requester=user, client_request_id=request_id, **text
        )
        return _("Message sent.")
    if action == "close":
        lifecycle.consultation_close(consultation=consultation, requester=user)
        return _("Consultation closed. Thank you.")
    if action == "cancel":
        lifecycle.consultation_cancel(
            consultation=consultation, requester=user, reason=data.get("note") or ""
        )
        return _("Consultation cancelled.")
    lifecycle.consultation_reopen(consultation=consultation, requester=user, reason=text["body"])
    return _("Consultation reopened: the answer time starts again.")


def _action_form(request: HttpRequest, consultation: Consultation, action: str):
    name = ACTION_FORMS.get(action)
    if name == "message_form":
        return MessageForm(request.POST, request.FILES)
    if name == "assign_form":
        return AssignForm(request.POST, office=consultation.office)
    if name == "accept_form":
        return AcceptForm(request.POST)
    if name == "exchange_form":
        return ExchangeForm(request.POST)
    if name == "dismiss_form":
        return DismissForm(request.POST)
    if name == "cancel_form":
        return CancelForm(request.POST)
    return None


def _refused(request: HttpRequest, consultation: Consultation, action: str, form) -> HttpResponse:
    context = _detail_context(request, consultation)
    # The whole consultation is shown again, as on its page: logged as a reading alike.
    _page_reading_logged(request, consultation, context)
    context[ACTION_FORMS[action]] = form
    context["failed_action"] = action
    return render(request, "consultations/detail.html", context, status=400)


def _acted_on(request: HttpRequest, pk: str, action: str) -> Consultation:
    """The consultation an action's address names, for whoever may read it (404 else)."""
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    return selectors.get_consultation_for_user(request.reader, pk)


@reader_required
@post_action("consultation_detail", of=_acted_on)
def consultation_act(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    consultation = _acted_on(request, pk, action)
    form = _action_form(request, consultation, action)
    if form is not None and not form.is_valid():
        return _refused(request, consultation, action, form)
    try:
        message = _run(request, consultation, action, form)
    except ConsultationError as error:
        if form is None or error.field not in form.fields:
            add_message(request, error)
            if isinstance(form, MessageForm) and form.cleaned_data.get("body"):
                # Refused because the consultation moved on meanwhile (another tab, a
                # colleague answered): its new state, with the typed text still in the box.
                consultation = selectors.get_consultation_for_user(request.reader, pk)
                return _refused(request, consultation, action, form)
            return redirect("consultation_detail", pk=consultation.pk)
        add_to_form(form, error)
        return _refused(request, consultation, action, form)
    messages.success(request, message)
    return redirect("consultation_detail", pk=consultation.pk)


@reader_required
@require_safe
def attachment_download(request: HttpRequest, pk: str, attachment_id: str) -> FileResponse:
    consultation = selectors.get_consultation_for_user(request.reader, pk)
    attachment = selectors.get_attachment_for_user(request.reader, consultation, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such file.")) from error
    # A requester's files are often scans of letters or identity papers.
    subject = f"attachment {attachment.pk} of consultation {consultation.reference}"
    staff = selectors.is_consultation_staff(request.reader, consultation.office)
    _staff_reading_logged(request, consultation, subject, staff=staff)
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
