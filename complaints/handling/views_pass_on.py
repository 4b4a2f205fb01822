"""Answers to pass on (complaints.handling.passing_on): what the supervisor is told once a
response, the answer or the reason reached no email; the office's list of answers waiting to
be passed on, for its staff who serve visitors (/complaints/pass-on/: the contacts in clear,
each page logged); and recording that one was passed on, from that list or from the
complaint's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from complaints.errors import ComplaintError
from complaints.handling import selectors
from complaints.handling.forms import PassedOnForm
from complaints.handling.models import Complaint, ComplaintEventKind
from complaints.handling.passing_on import complaint_passed_on, not_reached_reason
from complaints.handling.presentation import pass_on_box
from pst.actions import post_action
from pst.errors import add_message
from pst.formatting import office_moment
from pst.models import AccessKind
from pst.permissions import Action, user_can
from pst.personal_data import personal_data_access_log

# Where the form was sent from: the complaint's page (its supervisors) or the officers' list.
FROM_DETAIL = "detail"


def say_how_it_reaches(request: HttpRequest, done: str, complaint: Complaint) -> None:
    """After a response, an answer or a reason that no email carried: whether it must be
    passed on (and where that is recorded), or that an anonymous complainant reads it with
    their code — said, not left for the supervisor to guess."""
    reason = not_reached_reason(complaint)
    if reason:
        messages.success(request, f"{done} {reason}")
        return
    to_pass_on = _(
        "No email reaches this complainant: pass it on through %(channel)s with the contact "
        "under “Answer to pass on”, then record that it was passed on."
    ) % {"channel": complaint.get_channel_display()}
    messages.warning(request, f"{done} {to_pass_on}", extra_tags="to_pass_on")


@login_required
@require_safe
@never_cache
def complaints_to_pass_on(request: HttpRequest) -> HttpResponse:
    office = selectors.recording_office_for_user(request.user, request.GET.get("office", ""))
    timezone.activate(office.zoneinfo)
    page = Paginator(selectors.complaints_to_pass_on(office), selectors.QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The contacts are shown in clear: whoever passes the answer on has to reach the person.
    personal_data_access_log(
        user=request.user, office=office, kind=AccessKind.VIEW_LIST,
        subject=f"complaints to pass on page {page.number}", unmasked=True,
        row_count=len(page.object_list),
    )  # fmt: skip
    rows = [
        (complaint, pass_on_box(complaint, complaint.answer_events))
        for complaint in page.object_list
    ]
    return render(
        request,
        "complaints/pass_on.html",
        {
            "office": office,
            "page": page,
            "rows": rows,
            "may_supervise": user_can(request.user, Action.SUPERVISE, office),
        },
    )


def _back(request: HttpRequest, pk: str) -> str:
    """The page the form came from, for whoever may record it (403/404 else)."""
    complaint = selectors.get_complaint_to_pass_on_for_user(request.user, pk)
    if request.POST.get("back") == FROM_DETAIL and user_can(
        request.user, Action.SUPERVISE, complaint.office
    ):
        return reverse("complaint_detail", args=[complaint.pk])
    return reverse("complaints_to_pass_on")


@login_required
@post_action(_back)
def complaint_passed_on_record(request: HttpRequest, pk: str) -> HttpResponse:
    complaint = selectors.get_complaint_to_pass_on_for_user(request.user, pk)
    back = _back(request, pk)
    form = PassedOnForm(request.POST, prefix=f"pass-{complaint.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0], extra_tags="invalid")
            break
        return redirect(back)
    try:
        done = complaint_passed_on(
            complaint=complaint, user=request.user, via=form.cleaned_data["via"],
            note=form.cleaned_data["body"], answer_seen=form.cleaned_data["answer_seen"],
        )  # fmt: skip
    except ComplaintError as error:
        add_message(request, error)
        return redirect(back)
    if done.is_repeat:
        events = done.events.filter(kind=ComplaintEventKind.PASSED_ON).select_related("actor")
        last = events.order_by("-pk").first()
        who = last.actor.full_name or last.actor.email if last.actor else _("an officer")
        messages.info(
            request,
            _("This was already recorded as passed on, by %(who)s on %(when)s.")
            % {"who": who, "when": office_moment(last.at, done.office)},
        )
    else:
        messages.success(
            request,
            _("Recorded: the answer to %(code)s was passed on.") % {"code": done.display_code},
        )
    return redirect(back)
