"""The guestbook's warning when an "elderly" claim meets a birth year under ELDERLY_AGE
(trial P, P7): a warning, never a refusal (the card decides, and a year is no birthday),
with a button that sets the form's priority to Regular. Nothing is saved here: saving the
guestbook sets the priority (guestbook_record → queueing.priorities)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from pst.permissions import Action
from queueing.choices import ELDERLY_AGE
from queueing.guestbook import selectors
from queueing.guestbook.forms import PriorityCheckForm
from queueing.models import Priority
from queueing.priorities import elderly_claim_doubtful
from queueing.selectors import office_today


@login_required
@require_POST
def guestbook_priority_check(request: HttpRequest) -> HttpResponse:
    """htmx, from the guestbook form: its priority and birth year (nothing else is sent)."""
    office = selectors.guestbook_office_for_user(request.user, Action.FILL_GUESTBOOK)
    form = PriorityCheckForm(request.POST)
    form.is_valid()  # a value refused is no claim and no year: nothing to warn about
    priority = form.cleaned_data.get("priority")
    birth_year = form.cleaned_data.get("birth_year")
    today = office_today(office)
    context = {
        "doubtful": elderly_claim_doubtful(priority, birth_year, today=today),
        "claim": Priority.ELDERLY.label,
        "birth_year": birth_year,
        "age": today.year - birth_year if birth_year else None,
        "elderly_age": ELDERLY_AGE,
    }
    if request.POST.get("remove") == "1":
        # The form's priority drawn again as Regular (an out-of-band swap).
        context |= {"removed": True, "form": PriorityCheckForm(initial={"priority": ""})}
    return render(request, "queueing/guestbook/_priority_warning.html", context)
