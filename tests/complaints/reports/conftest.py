"""What the reports' tests read pages with: moments in Tarakan's time (`wita`) and the text of
an element of a page (`shown`); and a hand-built month of complaints for the complaint report
(`complaints_november`). Ratings on demand (`rate`) are in tests/complaints/conftest.py."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from complaints.models import Complaint, ComplaintCategory
from tests.factories import ComplaintFactory

WITA = ZoneInfo("Asia/Makassar")


def wita(*args: int) -> dt.datetime:
    """A moment in Tarakan's time: wita(2026, 11, 23, 9, 0)."""
    return dt.datetime(*args, tzinfo=WITA)


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


def complaint(office, received, due, *, closed=None, status=None, **fields) -> Complaint:
    """Received and due at the WITA moments given; `closed` at one, as `status` (resolved
    unless told)."""
    if closed is not None:
        fields |= {"resolved_at": wita(*closed), "status": status or "resolved"}
    else:
        fields["status"] = status or "in_progress"
    return ComplaintFactory(office=office, received_at=wita(*received), due_at=wita(*due), **fields)


@pytest.fixture
def complaints_november(office):
    """November 2026 (WITA), and October before it. Days to close in November: A 2, B 3,
    C 7, H 14 — median 5.

    A web      2 Nov  due  5 Nov  resolved 4 Nov                in time
    B WA       3 Nov  due  6 Nov 10.00  resolved 6 Nov 10.00    in time: at the due instant
    C phone    9 Nov  due 12 Nov  rejected 16 Nov               late            (officers)
    D web     20 Nov  due 25 Nov  open                          past due at the end (officers)
    E email   27 Nov  due  2 Dec  resolved 1 Dec                open at the end, not past due
    F web     30 Nov 23.30 WITA (15.30 UTC)  due 4 Dec  open    November's; overdue now
    G web      1 Dec 00.10 WITA (30 Nov UTC) due 16 Dec open    December's
    H web     20 Oct  due 23 Oct  resolved 3 Nov                October's, closed late in Nov
    I LAPOR!  10 Oct  due 13 Oct  resolved 12 Oct               October, in time
    """
    officers = ComplaintCategory.objects.get(office=None, key="service")
    return {
        "A": complaint(office, (2026, 11, 2, 9), (2026, 11, 5, 9), closed=(2026, 11, 4, 9)),
        "B": complaint(
            office,
            (2026, 11, 3, 10),
            (2026, 11, 6, 10),
            closed=(2026, 11, 6, 10),
            channel="whatsapp",
        ),
        "C": complaint(
            office,
            (2026, 11, 9, 8),
            (2026, 11, 12, 8),
            closed=(2026, 11, 16, 8),
            status="rejected",
            channel="phone",
            category=officers,
        ),
        "D": complaint(office, (2026, 11, 20, 9), (2026, 11, 25, 9), category=officers),
        "E": complaint(
            office,
            (2026, 11, 27, 9),
            (2026, 12, 2, 9),
            closed=(2026, 12, 1, 10),
            channel="email",
        ),
        "F": complaint(office, (2026, 11, 30, 23, 30), (2026, 12, 4, 9), status="received"),
        "G": complaint(office, (2026, 12, 1, 0, 10), (2026, 12, 16, 9), status="received"),
        "H": complaint(office, (2026, 10, 20, 9), (2026, 10, 23, 9), closed=(2026, 11, 3, 9)),
        "I": complaint(
            office,
            (2026, 10, 10, 9),
            (2026, 10, 13, 9),
            closed=(2026, 10, 12, 9),
            channel="lapor",
        ),
    }
