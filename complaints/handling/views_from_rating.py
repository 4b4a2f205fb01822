"""/complaints/record/rating/<id>/: a supervisor reading the month's rating comments on
/supervisor/ records one as a complaint (channel "survey"). The page shows the comment, which
is personal data: every look is written to the access log, as the comments' pages are."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints.errors import ComplaintError
from complaints.handling import selectors, services
from complaints.handling.forms import RatingComplaintForm
from complaints.handling.models import Complaint
from complaints.reports.periods import Month
from complaints.surveys.models import SurveyResponse
from pst.errors import add_to_form
from pst.models import AccessKind
from pst.personal_data import personal_data_access_log


def _comments_page(request: HttpRequest, rating: SurveyResponse) -> str:
    """The IKM page of the month that lists the comment (the office named for a superuser,
    whose page would otherwise show their own or the home page's office)."""
    query = QueryDict(mutable=True)
    if request.user.is_superuser:
        query["office"] = rating.office.code
    query["month"] = Month.of(timezone.localdate(rating.submitted_at)).key
    return f"{reverse('supervisor_dashboard')}?{query.urlencode()}"


def _to_complaint(request: HttpRequest, complaint: Complaint, *, created: bool) -> HttpResponse:
    if created:
        messages.success(
            request,
            _("The comment was recorded as complaint %(code)s.") % {"code": complaint.display_code},
            extra_tags="recorded",
        )
    else:
        messages.info(
            request,
            _("This comment was already recorded as complaint %(code)s.")
            % {"code": complaint.display_code},
            extra_tags="already_recorded",
        )
    return redirect("complaint_detail", complaint.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_from_rating(request: HttpRequest, pk: str) -> HttpResponse:
    """The confirm form: the category, and the comment to edit (a name left out, say)."""
    rating = selectors.get_rating_for_user(request.user, pk)
    office = rating.office
    timezone.activate(office.zoneinfo)
    existing = getattr(rating, "complaint", None)
    if existing is not None:
        return _to_complaint(request, existing, created=False)
    if request.method == "POST":
        form = RatingComplaintForm(request.POST, office=office)
        if form.is_valid():
            try:
                complaint, created = services.complaint_from_rating(
                    response=rating, officer=request.user, data=form.cleaned_data,
                    client_request_id=form.cleaned_data["request_id"],
                )  # fmt: skip
            except ComplaintError as error:
                add_to_form(form, error)
            else:
                return _to_complaint(request, complaint, created=created)
    else:
        form = RatingComplaintForm(
            initial={"request_id": uuid.uuid4(), "description": rating.comment}, office=office
        )
    personal_data_access_log(
        user=request.user, office=office, kind=AccessKind.VIEW_DETAIL,
        subject=f"rating {rating.pk} comment", unmasked=True,
    )  # fmt: skip
    context = {
        "rating": rating,
        "office": office,
        "form": form,
        "back": _comments_page(request, rating),
    }
    return render(request, "complaints/from_rating.html", context)
