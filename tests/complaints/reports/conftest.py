"""What the reports' tests read pages with: moments in Tarakan's time (`wita`) and the text of
an element of a page (`shown`). Ratings on demand (`rate`) are in tests/complaints/conftest.py."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

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
