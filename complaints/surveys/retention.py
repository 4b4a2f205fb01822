"""The end of the retention period for what a rating keeps in free text: pst's
`purge_personal_data` sends `retention_ended`, this blanks the comments of the office's
ratings given before that day (complaints.apps). The scores and categories stay: the index of
a past year does not change."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from complaints.surveys.models import SurveyResponse
from pst.models import Office
from pst.personal_data import purged_fields_blank


@transaction.atomic
def survey_comments_purge(*, office: Office, before: dt.date) -> int:
    """Returns how many ratings were blanked."""
    start = dt.datetime.combine(before, dt.time(0), tzinfo=office.zoneinfo)
    return purged_fields_blank(
        SurveyResponse.objects.of_office(office).filter(submitted_at__lt=start)
    )
