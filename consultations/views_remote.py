"""Pages of the requests that come outside the portal: the officer's form for a request made by
WhatsApp, email or phone, and the follow link of a requester without an account (open it,
or have a new one sent when it is too old)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultations import guest_access, selectors
from consultations.errors import ConsultationError
from consultations.forms_remote import OnBehalfForm
from consultations.lifecycle.remote import (
    consultation_follow_link_send,
    consultation_open_remote,
    consultations_attach_to_account,
)
from pst.errors import add_to_form
from pst.personal_data import mask_email


@login_required
@require_http_methods(["GET", "POST"])
def consultation_on_behalf(request: HttpRequest) -> HttpResponse:
    """An officer records a request that came by WhatsApp, email or phone."""
    office = selectors.consultation_office_of_staff(request.user)
    if office is None:
        raise PermissionDenied
    if request.method == "POST":
        form = OnBehalfForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = consultation_open_remote(
                    office=office,
                    officer=request.user,
                    channel=data["channel"],
                    contacted_at=data["contacted_at"],
                    requester_name=data["requester_name"],
                    requester_email=data["requester_email"],
                    requester_phone=data["requester_phone"],
                    subject_area=data["subject_area"],
                    topic=data["topic"],
                    question=data["question"],
                    client_request_id=data["request_id"],
                )
            except ConsultationError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Consultation %(reference)s opened for %(name)s.")
                    % {"reference": consultation.reference, "name": data["requester_name"]},
                )
                return redirect("consultation_detail", pk=consultation.pk)
        status = 400
    else:
        now = timezone.localtime(timezone.now(), office.zoneinfo)
        form = OnBehalfForm(
            initial={
                "contacted_at": now.replace(second=0, microsecond=0),
                "request_id": uuid.uuid4(),
            }
        )
        status = 200
    return render(
        request, "consultations/on_behalf.html", {"form": form, "office": office}, status=status
    )


@never_cache
@require_safe
def consultation_follow(request: HttpRequest, token: str) -> HttpResponse:
    """A requester without an account opens their consultation from an email."""
    try:
        consultation = guest_access.follow_token_read(token)
    except guest_access.LinkExpired:
        return render(request, "consultations/follow_expired.html", {"token": token})
    if consultation is None:
        joined = guest_access.follow_token_joined(token)
        if joined is None:
            return _link_invalid(request)
        # Found by the product trial: "this link does not work" sent a requester who had just
        # registered back to an email that was right.
        if request.user.is_authenticated:
            return redirect("consultation_detail", pk=joined.pk)
        messages.info(request, _("This consultation is now in your account: sign in to see it."))
        return redirect_to_login(reverse("consultation_detail", args=[joined.pk]))
    user = request.user
    if user.is_authenticated:
        if consultation.requester_id == user.pk or selectors.is_consultation_staff(
            user, consultation.office
        ):
            return redirect("consultation_detail", pk=consultation.pk)
        address = guest_access.guest_address(consultation)
        if user.is_email_verified and address.lower() == user.email.lower():
            consultations_attach_to_account(user=user)
            return redirect("consultation_detail", pk=consultation.pk)
        return render(
            request,
            "consultations/follow_signed_in.html",
            {"consultation": consultation, "address": mask_email(address)},
            status=403,
        )
    guest_access.session_grant(request, consultation)
    return redirect("consultation_detail", pk=consultation.pk)


@require_POST
def consultation_follow_renew(request: HttpRequest, token: str) -> HttpResponse:
    """An expired link asks for a new one: sent to the address the consultation has."""
    try:
        consultation = guest_access.follow_token_read(token)
    except guest_access.LinkExpired as expired:
        consultation = selectors.consultation_for_link(expired.consultation_id)
        consultation_follow_link_send(consultation=consultation)
        return render(
            request,
            "consultations/follow_expired.html",
            {"sent_to": mask_email(guest_access.guest_address(consultation))},
        )
    if consultation is None:
        return _link_invalid(request)
    return redirect("consultation_follow", token=token)  # still valid: just open it


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/follow_invalid.html", status=404)
