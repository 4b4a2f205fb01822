"""The ratings export's columns, CSV and XLSX alike (pst.exports writes them): one row per
rating, nothing that leads to the respondent (no ticket, no consultation, no time of day)."""

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
    zone = office.zoneinfo
    return [
        # The date only: with the channel, a time of day would point at one visitor.
        Column(
            gettext_lazy("Rated on"),
            lambda rating: rating.submitted_at.astimezone(zone).date(),
            Kind.DATE,
        ),
        Column(gettext_lazy("Channel"), _labels("channel"), width=18),
        Column(
            gettext_lazy("Service"),
            lambda rating: rating.service.name if rating.service else "",
            width=28,
        ),
        *(
            Column(
                format_lazy("U{} {}", element.number, element.name),
                _score(element.field),
                Kind.NUMBER,
                width=14,
            )
            for element in ELEMENTS
        ),
        Column(gettext_lazy("Sex"), _labels("sex"), width=12),
        Column(gettext_lazy("Education"), _labels("education"), width=16),
        Column(gettext_lazy("Occupation"), _labels("occupation")),
        Column(gettext_lazy("Suggestions and feedback"), lambda rating: rating.comment, width=60),
    ]
