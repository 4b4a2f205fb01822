"""The community satisfaction index from the nine elements' mean scores (DESIGN §5,
PermenPANRB 14/2017): IKM = the mean of the nine NRRs (exact 1/9 weights, not the
regulation's rounded 0.111), converted IKM = IKM × 25, graded A–D on the converted value
rounded to two decimals, the way the regulation's table reads it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    letter: str
    name: Promise
    lowest: Decimal  # the lowest converted value (two decimals) of the grade


# Highest first: the first whose lowest value the index reaches.
GRADES: tuple[Grade, ...] = (
    Grade("A", _("Very good"), Decimal("88.31")),
    Grade("B", _("Good"), Decimal("76.61")),
    Grade("C", _("Less than good"), Decimal("65.00")),
    Grade("D", _("Not good"), Decimal("25.00")),
)


def two_places(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def ikm(nrrs: Sequence[Decimal]) -> Decimal:
    """The unconverted index (1–4) from the nine elements' mean scores."""
    if len(nrrs) != 9:
        raise ValueError("the index needs the nine elements' mean scores")
    return sum(nrrs, Decimal(0)) / 9


def converted(index: Decimal) -> Decimal:
    """The index on the 25–100 scale, to two decimals."""
    return two_places(index * 25)


def grade(converted_index: Decimal) -> Grade:
    value = two_places(converted_index)
    for candidate in GRADES:
        if value >= candidate.lowest:
            return candidate
    return GRADES[-1]  # below 25.00 cannot come from scores of 1–4
