"""/complaints/record/consultation/<id>/: an officer reading a consultation that is a
complaint (trial P, P1: one emailed to the office's address) records it as one, on a
confirmation page: the category, the text, the files kept as evidence. The page shows the
requester's question and contact: each look is written to the access log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints.errors import ComplaintError
from complaints.handling import selectors
from complaints.handling.forms_from_consultation import ConsultationComplaintForm
from complaints.handling.from_consultation import (
    CHANNELS,
    complaint_from_consultation,
    complaint_from_consultation_check,
    complaint_received_at,
    requester_contact,
)
from complaints.handling.models import Complaint, ComplaintChannel, ComplaintEventKind
from consultations.models import Consultation
from consultations.selectors import requester_attachments
from pst.errors import add_message, add_to_form
from pst.models import AccessKind, User
from pst.permissions import Action, user_can
from pst.personal_data import mask_email, personal_data_access_log


def _code_for(user: User, complaint: Complaint) -> str:
    """The whole code for whoever recorded it (a double click shows them the second answer:
    they still need the code to pass on) and for its handlers; its start for other staff
    (the whole code opens its tracking page)."""
    recorder = complaint.events.filter(kind=ComplaintEventKind.FROM_CONSULTATION, actor=user)
    if user_can(user, Action.SUPERVISE, complaint.office) or recorder.exists():
        return complaint.display_code
    return complaint.display_start


def _to_consultation(
    request: HttpRequest, consultation: Consultation, complaint: Complaint, *, created: bool
) -> HttpResponse:
    code = complaint.display_code
    if not created:
        messages.info(
            request,
            _("This consultation was already recorded as complaint %(code)s.")
            % {"code": _code_for(request.user, complaint)},
            extra_tags="already_recorded",
        )
    else:
        done = _("Recorded as complaint %(code)s; the consultation is closed.") % {"code": code}
        if complaint.complainant_email:
            told = _("The code and the due date were emailed to %(email)s.") % {
                "email": mask_email(complaint.complainant_email)
            }
        else:
            told = _("Give the complainant the code by the way they reached us: only the code "
                     "opens the complaint on the tracking page.")  # fmt: skip
        messages.success(request, f"{done} {told}", extra_tags="recorded")
    return redirect("consultation_detail", pk=consultation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_from_consultation_page(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.get_consultation_to_record(request.user, pk)
    office = consultation.office
    timezone.activate(office.zoneinfo)
    existing = getattr(consultation, "recorded_complaint", None)
    if existing is not None:
        return _to_consultation(request, consultation, existing, created=False)
    try:
        complaint_from_consultation_check(consultation)
    except ComplaintError as error:
        add_message(request, error)
        return redirect("consultation_detail", pk=consultation.pk)
    attachments = requester_attachments(consultation)
    if request.method == "POST":
        form = ConsultationComplaintForm(request.POST, office=office, attachments=attachments)
        if form.is_valid():
            try:
                complaint, created = complaint_from_consultation(
                    consultation=consultation, officer=request.user, data=form.cleaned_data,
                    files=form.cleaned_data.get("files", []),
                    client_request_id=form.cleaned_data["request_id"],
                )  # fmt: skip
            except ComplaintError as error:
                add_to_form(form, error)
            else:
                return _to_consultation(request, consultation, complaint, created=created)
    else:
        first = [str(row.pk) for row in attachments[: settings.COMPLAINT_EVIDENCE_FILES]]
        form = ConsultationComplaintForm(
            initial={"request_id": uuid.uuid4(), "description": consultation.question,
                     "files": first},
            office=office, attachments=attachments,
        )  # fmt: skip
    personal_data_access_log(
        user=request.user, office=office, kind=AccessKind.VIEW_DETAIL,
        subject=f"consultation {consultation.reference} to record as a complaint",
    )  # fmt: skip
    context = {
        "consultation": consultation,
        "office": office,
        "form": form,
        "channel": ComplaintChannel(CHANNELS[consultation.channel]).label,
        "received_at": complaint_received_at(consultation),
        "contact": requester_contact(consultation),
    }
    return render(request, "complaints/from_consultation.html", context)
