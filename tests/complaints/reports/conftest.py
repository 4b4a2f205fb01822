"""Ratings on demand for the reports' tests: `rate(at, ...)` stores one given at `at`, of a new
walk-in ticket (the rating page and its rules are tested in tests/complaints/surveys)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse

WITA = ZoneInfo("Asia/Makassar")


def wita(*args: int) -> dt.datetime:
    """A moment in Tarakan's time: wita(2026, 11, 23, 9, 0)."""
    return dt.datetime(*args, tzinfo=WITA)


@pytest.fixture
def rate(office, issue):
    """`rate(at, scores=3, comment="", sex=…, education=…, occupation=…)`: a rating of a new
    P ticket given at `at`; `scores` one number for the nine answers or a list of nine."""

    def make(
        at: dt.datetime,
        scores: int | list[int] = 3,
        *,
        comment: str = "",
        sex: str = "female",
        education: str = "bachelor",
        occupation: str = "researcher",
    ) -> SurveyResponse:
        ticket = issue("P")
        answers = [scores] * 9 if isinstance(scores, int) else scores
        return SurveyResponse.objects.create(
            office=office,
            ticket=ticket,
            channel="walk_in",
            service=ticket.service,
            served_at=at,
            submitted_at=at,
            sex=sex,
            education=education,
            occupation=occupation,
            comment=comment,
            **dict(zip(ELEMENT_FIELDS, answers, strict=True)),
        )

    return make


class _TextOf(HTMLParser):
    """The text inside the first element with data-testid=`name`."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr"})

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.depth, self.done, self.parts = name, 0, False, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.done or tag in self.VOID:
            return
        if self.depth or ("data-testid", self.name) in attrs:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1
            self.done = self.done or self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


def shown(html: str, name: str) -> str:
    """The text of the element `data-testid=name`, spaces collapsed; None when absent."""
    parser = _TextOf(name)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()) if parser.depth or parser.done else None
