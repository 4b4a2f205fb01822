"""/rate/<token>/: the rating page a served visitor or requester opens from their ticket
page or email. No sign-in: the signed link is the permission, and the page shows nothing that
names a person (links get forwarded)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints.errors import SurveyError
from complaints.surveys import selectors, services
from complaints.surveys.forms import RatingForm
from pst.errors import add_to_form

# The answer's status for each refusal: an unknown link is not found; a lapsed one is gone;
# a service not given yet, or rated already, is the link's state (the page explains it).
REFUSAL_STATUS = {"unknown": 404, "expired": 410, "not_served": 409, "already_rated": 200}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_rate(request: HttpRequest, token: str) -> HttpResponse:
    target = selectors.rating_target(token)
    if target is not None:
        timezone.activate(target.office.zoneinfo)
    refusal = services.survey_refusal(target, timezone.now())
    if refusal is not None:
        return _refused(request, target, refusal)
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.survey_submit(token=token, data=form.cleaned_data)
            except SurveyError as error:
                if error.field is None:
                    return _refused(request, selectors.rating_target(token), error)
                add_to_form(form, error)
            else:
                return redirect("survey_rate", token=token)
    else:
        # Nothing prefilled from the guestbook: the link opens from a printed ticket anyone
        # may pick up, and prefilled categories made the ratings export name the respondent
        # (trial J, J1, J7).
        form = RatingForm()
    return render(request, "complaints/surveys/rate.html", {"target": target, "form": form})


def _refused(request: HttpRequest, target, error: SurveyError) -> HttpResponse:
    return render(
        request,
        "complaints/surveys/rate_closed.html",
        {"target": target, "error": error, "office": target.office if target else None},
        status=REFUSAL_STATUS.get(error.code, 409),
    )
