"""A ticket's code (K-007): as it is printed, and as people type it back (a complaint about
a visit, the front office naming a waiting visitor's slip)."""

from __future__ import annotations

import re

from pst.keyboards import ascii_folded


def format_code(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


# K-007, K7, k 7, Ｋ－００７: a ticket's letter and number as people type them off the slip.
_TYPED_CODE = re.compile(r"([A-Z])-?([0-9]{1,4})")


def ticket_code_read(typed: str) -> str | None:
    """The printed code (K-007) that `typed` names, or None when it names no ticket: spaces
    dropped, any case, the digits of any keyboard (pst.keyboards)."""
    folded = "".join(ascii_folded(typed).split()).upper().replace("\N{MINUS SIGN}", "-")
    match = _TYPED_CODE.fullmatch(folded) if folded.isascii() else None
    return format_code(match[1], int(match[2])) if match else None
