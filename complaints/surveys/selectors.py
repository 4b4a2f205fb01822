"""Reads of the survey: what a rating link rates, and the index of a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from complaints.surveys import ikm
from complaints.surveys.elements import ELEMENT_FIELDS, ELEMENTS, Element
from complaints.surveys.models import SurveyResponse
from consultations.models import Channel, Consultation
from consultations.selectors import consultation_served_at
from pst.models import Office
from pst.rating_links import Kind, rating_open, rating_reference
from queueing.models import Service, Ticket
from queueing.selectors import ticket_served_at

# Why a link cannot be used to rate (yet or any more).
NOT_SERVED = "not_served"
EXPIRED = "expired"


@dataclass
class RatingTarget:
    """What a rating link rates, as the rating page and the service need it. Nothing here
    names the person: the link may have been forwarded."""

    kind: Kind
    ticket: Ticket | None
    consultation: Consultation | None
    office: Office
    channel: str
    service: Service | None
    served_at: dt.datetime | None  # None: not served (yet)
    response: SurveyResponse | None  # already rated

    @property
    def label(self) -> str:
        """The ticket's code or the consultation's reference, as the person knows it."""
        return self.ticket.code if self.ticket is not None else self.consultation.reference

    def refusal(self, now: dt.datetime) -> str | None:
        """NOT_SERVED, EXPIRED, or None when it can be rated now (unless already rated)."""
        if self.served_at is None:
            return NOT_SERVED
        if not rating_open(self.served_at, now):
            return EXPIRED
        return None


def _ticket_target(pk: int) -> RatingTarget | None:
    ticket = (
        Ticket.objects.select_related("office", "service", "rating")
        .with_closed_at_day_end()
        .filter(pk=pk)
        .first()
    )
    if ticket is None:
        return None
    return RatingTarget(
        kind="ticket",
        ticket=ticket,
        consultation=None,
        office=ticket.office,
        channel=Channel.WALK_IN,
        service=ticket.service,
        served_at=ticket_served_at(ticket, closed_at_day_end=ticket.closed_at_day_end),
        response=getattr(ticket, "rating", None),
    )


def _consultation_target(pk: int) -> RatingTarget | None:
    consultation = (
        Consultation.objects.select_related("office", "rating", "ticket").filter(pk=pk).first()
    )
    # One held at a desk is rated with its visit's ticket, not twice, unless it went on
    # online (then the visit is rated here, with the answer).
    if consultation is None or (
        consultation.ticket_id is not None and not consultation.ticket.rated_after_answer
    ):
        return None
    return RatingTarget(
        kind="consultation",
        ticket=None,
        consultation=consultation,
        office=consultation.office,
        channel=consultation.channel,
        service=None,
        served_at=consultation_served_at(consultation),
        response=getattr(consultation, "rating", None),
    )


def rating_target(token: str) -> RatingTarget | None:
    """What `token` rates; None for a token that is not ours or names nothing rateable."""
    reference = rating_reference(token)
    if reference is None:
        return None
    kind, pk = reference
    return _ticket_target(pk) if kind == "ticket" else _consultation_target(pk)


# -- the index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementScore:
    element: Element
    nrr: Decimal  # the element's mean score, 1–4


@dataclass(frozen=True)
class IkmSummary:
    respondents: int
    elements: list[ElementScore]  # empty without respondents
    index: Decimal | None
    converted: Decimal | None
    grade: ikm.Grade | None


def ikm_summary(responses) -> IkmSummary:
    """The index of `responses` (a SurveyResponse queryset, already narrowed to an office and
    a period), in one query: sums, not database averages, so the division is exact."""
    totals = responses.order_by().aggregate(
        respondents=Count("pk"), **{name: Sum(name) for name in ELEMENT_FIELDS}
    )
    respondents = totals["respondents"]
    if not respondents:
        return IkmSummary(0, [], None, None, None)
    scores = [
        ElementScore(element, Decimal(totals[element.field]) / respondents) for element in ELEMENTS
    ]
    index = ikm.ikm([score.nrr for score in scores])
    value = ikm.converted(index)
    return IkmSummary(respondents, scores, index, value, ikm.grade(value))
