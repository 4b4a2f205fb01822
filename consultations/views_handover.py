"""The supervisor's hand-over page: every open or answered consultation of one officer to
another, or back to the inbox (lifecycle.handover), beside what each officer holds now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from consultations import inbox, lifecycle
from consultations.errors import ConsultationError
from consultations.forms import HandOverForm
from pst.errors import add_message, add_to_form
from pst.permissions import Action, office_where_user_can


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultations_hand_over(request: HttpRequest) -> HttpResponse:
    # The rule of a single assignment ("Assign to" on a consultation): the office's
    # supervisors.
    office = office_where_user_can(request.user, Action.SUPERVISE)
    if office is None:
        raise PermissionDenied(_("Only a supervisor of this office can assign consultations."))
    officers = list(inbox.office_answerers(office))
    counts = inbox.held_counts(office)
    form = HandOverForm(
        request.POST if request.method == "POST" else None, officers=officers, counts=counts
    )
    if form.is_bound and form.is_valid():
        holder, to = form.chosen_holder(), form.chosen_to()
        try:
            handed = lifecycle.consultations_hand_over(
                office=office, holder=holder, to=to, by=request.user
            )
        except ConsultationError as error:
            if error.field not in form.fields:
                add_message(request, error)
                return redirect("consultations_hand_over")
            add_to_form(form, error)
        else:
            messages.add_message(request, *_said(holder, to, len(handed)))
            return redirect("consultations_hand_over")
    rows = [(officer, counts.get(officer.pk, 0)) for officer in officers]
    return render(
        request,
        "consultations/hand_over.html",
        {"office": office, "form": form, "rows": rows},
        status=400 if form.is_bound else 200,
    )


def _said(holder, to, count: int) -> tuple[int, str]:
    names = {
        "holder": holder.full_name or holder.email,
        "to": (to.full_name or to.email) if to is not None else "",
        "count": count,
    }
    if not count:
        # The same hand-over sent again (a second tab, a double click) finds nothing left.
        return messages.INFO, _(
            "%(holder)s holds no open or answered consultation now: nothing was handed over. "
            "A hand-over sent twice is done once."
        ) % names
    if to is None:
        return messages.SUCCESS, ngettext(
            "%(count)d consultation of %(holder)s is back in the inbox, unassigned; the "
            "office's consultation officers were emailed the list.",
            "%(count)d consultations of %(holder)s are back in the inbox, unassigned; the "
            "office's consultation officers were emailed the list.",
            count,
        ) % names
    return messages.SUCCESS, ngettext(
        "%(count)d consultation of %(holder)s handed over to %(to)s; %(to)s was emailed the list.",
        "%(count)d consultations of %(holder)s handed over to %(to)s; %(to)s was emailed the list.",
        count,
    ) % names
