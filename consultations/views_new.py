"""A new online consultation: the knowledge base searched first, then, after "none of these
answers my question", the request with the question typed there."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.forms import (
    OnlineConsultationForm,
)
from consultations.knowledge import search_log
from consultations.knowledge.search import article_search
from consultations.knowledge.views import MASKED_NOTICE
from pst.errors import add_to_form
from pst.models import Office
from pst.personal_data import (
    contains_identity_number,
)
from pst.selectors import office_for_home


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    """The form of a new online consultation (the knowledge base is searched first)."""
    offices = Office.objects.active().order_by("code")
    chosen = office_for_home() or getattr(request.user, "office", None)
    verified = request.user.is_email_verified
    if request.method == "POST" and verified:
        form = OnlineConsultationForm(request.POST, request.FILES, offices=offices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = lifecycle.consultation_submit(
                    requester=request.user,
                    office=data["office"],
                    data=data,
                    files=data["files"],
                    client_request_id=data["request_id"],
                )
            except ConsultationError as error:
                add_to_form(form, error)
            else:
                log_id = search_log.search_log_id_from_token(data.get("search"))
                if log_id is not None:
                    search_log.search_log_mark_consultation(
                        log_id=log_id, consultation=consultation
                    )
                if consultation.is_repeat:  # the form came again (Back and send again)
                    messages.info(
                        request,
                        _("Your consultation %(reference)s was already sent: it was not opened "
                          "a second time.")
                        % {"reference": consultation.reference},
                    )  # fmt: skip
                else:
                    messages.success(
                        request,
                        _("Your consultation %(reference)s is sent. We emailed you a copy.")
                        % {"reference": consultation.reference},
                    )
                return redirect("consultation_detail", pk=consultation.pk)
        if request.FILES:
            # The form comes back with everything typed, but no browser refills a file input.
            messages.warning(
                request, _("Choose your files again: a browser cannot keep them after an error.")
            )
    else:
        typed = _typed_question(request)
        # The search reads the question's beginning; the question goes on whole (trial N4:
        # the box once stopped at the search's 200 characters without a word).
        q = search_log.search_query_normalize(typed)
        if contains_identity_number(request.GET.get("q", "")):
            # Off the address bar and the page, as the knowledge base's own search does.
            messages.info(request, MASKED_NOTICE)
            params = request.GET.copy()
            params["q"] = typed
            return redirect(f"{reverse('consultation_new')}?{params.urlencode()}")
        initial = {
            "request_id": uuid.uuid4(),
            "office": chosen.pk if chosen else None,
            "question": typed,
        }
        if q and request.GET.get("ask"):
            # "None of these answers my question": the search is logged as one the knowledge
            # base did not answer, and the form carries it to mark the consultation.
            log = search_log.search_log_record(
                office=chosen,
                query=q,
                result_count=article_search(query=q, office=chosen).count(),
                user=request.user,
            )
            initial["search"] = search_log.search_log_token(log.pk)
        form = OnlineConsultationForm(initial=initial, offices=offices)
    asking = request.method == "POST" or bool(request.GET.get("ask"))
    return render(
        request,
        "consultations/new.html",
        {
            "form": form,
            "verified": verified,
            "asking": asking,
            "q": _typed_question(request),
            "question_max_length": search_log.QUESTION_IN_ADDRESS_MAX,
            # The standard's promise where the question is sent (trial P, P10): the office's
            # own number of working days, when the page knows the office.
            "answer_days": chosen.online_sla_working_days if chosen else None,
        },
    )


def _typed_question(request: HttpRequest) -> str:
    """The question typed in the search box (?q=), identity numbers masked, as much as an
    address carries (search_log.question_in_address); the question's own box takes more."""
    typed = request.GET.get("q", "")
    if not isinstance(typed, str):
        return ""
    return search_log.question_in_address(typed)
