"""The nine elements (unsur) of the community satisfaction survey, PermenPANRB 14/2017, in
the regulation's order (DESIGN §5), each with its question and its four answers from 1 (worst)
to 4 (best) as the regulation's model questionnaire words them.

The rating form, the stored columns, the IKM and the reports all read this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    number: int
    field: str  # the column of SurveyResponse
    name: Promise
    question: Promise
    answers: tuple[Promise, Promise, Promise, Promise]  # scores 1, 2, 3, 4


ELEMENTS: tuple[Element, ...] = (
    Element(
        1, "requirements", _("Requirements"),
        _("How well do the service's requirements suit the kind of service?"),
        (_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")),
    ),
    Element(
        2, "procedure", _("System, mechanism and procedure"),
        _("How easy is the service's procedure?"),
        (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
    ),
    Element(
        3, "turnaround", _("Completion time"),
        _("How fast was the service given?"),
        (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
    ),
    Element(
        4, "cost", _("Cost or fee"),
        _("How fair is the cost of the service?"),
        (_("Very expensive"), _("Rather expensive"), _("Cheap"), _("Free of charge")),
    ),
    Element(
        5, "product", _("Service product"),
        _("How well does what you received match the product the service standard lists?"),
        (_("Not matching"), _("Less matching"), _("Matching"), _("Fully matching")),
    ),
    Element(
        6, "competence", _("Staff competence"),
        _("How competent were the officers who served you?"),
        (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
    ),
    Element(
        7, "conduct", _("Staff conduct"),
        _("How polite and friendly were the officers?"),
        (
            _("Not polite and friendly"), _("Less polite and friendly"),
            _("Polite and friendly"), _("Very polite and friendly"),
        ),
    ),
    Element(
        8, "complaint_handling", _("Handling of complaints, suggestions and feedback"),
        _("How are users' complaints handled?"),
        (
            _("There is no way to complain"), _("There is one, but it does not work"),
            _("It works, not at its best"), _("Handled well"),
        ),
    ),
    Element(
        9, "facilities", _("Facilities and infrastructure"),
        _("How good are the facilities and infrastructure?"),
        (_("Poor"), _("Fair"), _("Good"), _("Very good")),
    ),
)  # fmt: skip

ELEMENT_FIELDS: tuple[str, ...] = tuple(element.field for element in ELEMENTS)
SCORES = (1, 2, 3, 4)
