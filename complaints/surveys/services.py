"""Rating the service: one rating per served ticket or answered consultation, through its
rating link (pst.rating_links). Every path that stores a rating comes here, so the rules
(served, within SURVEY_DAYS, once, each answer 1–4, the text rules on the comment) hold for
all of them; the database's one-to-one links and checks hold behind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.errors import SurveyError
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from complaints.surveys.selectors import EXPIRED, NOT_SERVED, RatingTarget, rating_target
from consultations.models import Consultation
from pst.rating_links import rating_reference
from pst.service_checks import full_clean_refuse, personal_text_refuse
from queueing.models import Ticket

# What a rating says besides the nine answers.
PROFILE_FIELDS = ("sex", "education", "occupation", "comment")


def survey_refusal(target: RatingTarget | None, now: dt.datetime) -> SurveyError | None:
    """Why `target` cannot be rated now, as the error the service raises (the rating page
    shows the same sentence before anyone types)."""
    if target is None:
        return SurveyError(
            _("This rating link is not valid. Open the link from your ticket or email whole."),
            code="unknown",
        )
    if target.response is not None:
        return SurveyError(_("This service was already rated. Thank you!"), code="already_rated")
    refusal = target.refusal(now)
    if refusal == NOT_SERVED:
        return SurveyError(_("You can rate the service once it has been given."), code=NOT_SERVED)
    if refusal == EXPIRED:
        return SurveyError(
            _("This rating link has lapsed: a service is rated within %(days)d days.")
            % {"days": settings.SURVEY_DAYS},
            code=EXPIRED,
        )
    return None


def _lock(kind: str, pk: int) -> None:
    """Two submissions of one link (a double tap, two tabs) queue here: the second finds the
    first's rating."""
    model = Ticket if kind == "ticket" else Consultation
    model.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True).first()


@transaction.atomic
def survey_submit(
    *, token: str, data: Mapping[str, Any], now: dt.datetime | None = None
) -> SurveyResponse:
    """Store the rating sent through `token`: the nine answers (1–4), the respondent's sex,
    education and occupation, and an optional comment."""
    now = now or timezone.now()
    reference = rating_reference(token)
    if reference is not None:
        _lock(*reference)
    target = rating_target(token)  # read under the lock
    error = survey_refusal(target, now)
    if error is not None:
        raise error
    values = {name: data.get(name) for name in (*ELEMENT_FIELDS, *PROFILE_FIELDS)}
    for name in ELEMENT_FIELDS:
        # Whole numbers only: int("٣") would read an Arabic-Indic digit as 3, True as 1.
        if type(values[name]) is not int:
            raise SurveyError(
                _("Choose one of the four answers for every question."),
                code="required",
                field=name,
            )
    values["comment"] = values["comment"] or ""
    personal_text_refuse(SurveyResponse, {"comment": values["comment"]}, error=SurveyError)
    response = SurveyResponse(
        office=target.office,
        ticket=target.ticket,
        consultation=target.consultation,
        channel=target.channel,
        service=target.service,
        served_at=target.served_at,
        submitted_at=now,
        **values,
    )
    # The scores' choices cover the 1-4 checks, and the target gives exactly one of ticket and
    # consultation: ten statements (30 with their savepoints) that could refuse nothing.
    full_clean_refuse(response, error=SurveyError, validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # behind the lock: a path that did not take it
        raise survey_refusal(rating_target(token), now) or SurveyError(
            _("This service was already rated. Thank you!"), code="already_rated"
        ) from None
    return response
