"""The ratings export's columns, CSV and XLSX alike (pst.exports writes them): the month's
answers, one row per rating — its channel and its nine scores, the raw data of the index.

Nothing else (trial J, J1): with the date, the service and the respondent's sex, education
and occupation beside the scores, joining the file with the guestbook export of the same
month named the walk-in respondent and their comment, which the rating page promises nobody
sees. The profile's counts and the comments are on the page, apart from the scores."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from complaints.surveys.elements import ELEMENTS
from complaints.surveys.models import SurveyResponse
from pst.exports import Column, Kind
from pst.models import Office


def _labels(field: str):
    # Translated once per export, not per row (get_FOO_display rebuilds the list each call).
    labels = {value: str(text) for value, text in SurveyResponse._meta.get_field(field).flatchoices}
    return lambda rating: labels.get(getattr(rating, field), getattr(rating, field))


def _score(field: str):
    return lambda rating: getattr(rating, field)


def ratings_export_columns(office: Office) -> list[Column]:
    """`office` is unused since the date left the file; kept so every export builds its
    columns for an office."""
    return [
        Column(gettext_lazy("Channel"), _labels("channel"), width=18),
        *(
            Column(
                format_lazy("U{} {}", element.number, element.name),
                _score(element.field),
                Kind.NUMBER,
                width=14,
            )
            for element in ELEMENTS
        ),
    ]
