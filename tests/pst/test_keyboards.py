"""Text typed with another keyboard, read as the ASCII it stands for (product trial G, G12)."""

from __future__ import annotations

import pytest

from pst.keyboards import ascii_folded
from pst.personal_data import contains_identity_number


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("１２３４", "1234"),  # fullwidth
        ("١٢٣٤", "1234"),  # Arabic-Indic
        ("۱۲۳۴", "1234"),  # Extended Arabic-Indic (Persian, Urdu)
        ("१२३४", "1234"),  # Devanagari
        ("ＡＢＣ－１２３", "ABC-123"),  # a fullwidth code with its dash
        ("Tarakan 2024", "Tarakan 2024"),  # ASCII stays as it is
    ],
)
def test_other_keyboards_digits_and_fullwidth_letters_are_read_as_ascii(typed, read):
    assert ascii_folded(typed) == read


@pytest.mark.parametrize("typed", ["٣١٧١٠١٢٣٤٥٦٧٠٠٠١", "３１７１０１２３４５６７０００１"])
def test_the_identity_number_rule_still_finds_a_number_in_such_digits(typed):
    assert contains_identity_number(typed)
    assert contains_identity_number(ascii_folded(typed))
