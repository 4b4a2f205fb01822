"""The rules for text people type (DESIGN §7): no full identity number, no control
character. Forms call these for a friendly error on the right field; the services call them
again (through `personal_text_check`), so that no path (officer console, admin, WhatsApp or
email intake, shell) stores what a form would have refused."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from pst.keyboards import ascii_digit

# -- identity numbers --------------------------------------------------------------------------

IDENTITY_NUMBER_REFUSED = _(
    "This looks like an identity card or phone number: it is not kept here. Remove it, please."
)
IDENTITY_NUMBER_REMOVED = _(
    "This held an identity card or phone number, which is not kept here: it was replaced by "
    "“…”. Check the text and save again."
)

MIN_IDENTITY_DIGITS = 12
REDACTED = "…"


def _is_year(group: str) -> bool:
    return len(group) == 4 and group[:2] in ("19", "20")


def _is_harmless_group(group: str) -> bool:
    """A digit group that on its own is a part of a list people write in statistics
    requests: a year, a 5-digit KBLI/KBKI code, or a number of one or two digits (day,
    month, table number 3.1.2). Not three digits: an NPWP is written 01.234.567.8-901.000."""
    return len(group) <= 2 or len(group) == 5 or _is_year(group)


# Six pairs are 12 digits: a NIK read out or copied in pairs ("31 71 01 23 45 67 00 01").
MAX_SPACED_PAIRS = 5
LIST_SEPARATORS = frozenset(",;")


@dataclass(frozen=True)
class _Run:
    start: int
    end: int
    groups: tuple[str, ...]
    # separators[i] is what stands between groups[i] and groups[i + 1].
    separators: tuple[str, ...] = ()

    @property
    def digits(self) -> int:
        return sum(len(group) for group in self.groups)

    def spaced_pairs(self) -> int:
        """The longest stretch of two-digit groups joined by whitespace only."""
        longest = current = 0
        for index, group in enumerate(self.groups):
            joined = index > 0 and _is_space(self.separators[index - 1])
            if len(group) != 2:
                current = 0
            elif joined and len(self.groups[index - 1]) == 2:
                current += 1
            else:
                current = 1
            longest = max(longest, current)
        return longest


def _is_space(separator: str) -> bool:
    return bool(separator) and separator.isspace()


def _ends_list_item(text: str, index: int) -> bool:
    """A comma or semicolon followed by whitespace ends a list item ("2701, 2709, 2711"), so
    each listed code is judged on its own; without the space ("3171,0123,4567,0001") it
    joins digits like any other separator."""
    ch = unicodedata.normalize("NFKC", text[index])
    return ch in LIST_SEPARATORS and index + 1 < len(text) and text[index + 1].isspace()


def _digit_runs(text: str) -> Iterable[_Run]:
    """Runs of digit groups joined only by separators (anything that is neither a digit nor a
    letter: spaces, line breaks, / _ , . - and every other punctuation). A letter ends a run,
    so "Tahun 2010 s.d. 2023" holds two runs of four digits; so does a comma or semicolon
    followed by whitespace (a list)."""
    groups: list[str] = []
    separators: list[str] = []
    current = ""
    between = ""
    start = end = -1
    for index, ch in enumerate(text):
        digits = ascii_digit(ch)
        if digits is not None:
            if not groups and not current:
                start = index
            elif not current:
                separators.append(between)
            between = ""
            current += digits
            end = index + 1
            continue
        if current:
            groups.append(current)
            current = ""
        if groups and (ch.isalpha() or _ends_list_item(text, index)):
            yield _Run(start, end, tuple(groups), tuple(separators))
            groups, separators, between = [], [], ""
            continue
        if groups:
            between += ch
    if current:
        groups.append(current)
    if groups:
        yield _Run(start, end, tuple(groups), tuple(separators))


def _is_isbn(text: str, run: _Run) -> bool:
    """An ISBN-13 as BPS publications are cited: 13 digits starting 978 or 979 (never a NIK,
    which has 16), with a valid check digit or written after the word "ISBN"."""
    digits = "".join(run.groups)
    if len(digits) != 13 or not digits.startswith(("978", "979")):
        return False
    if text[: run.start].rstrip(" :.-\u00a0").lower().endswith("isbn"):
        return True
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def _refused_runs(text: str) -> list[_Run]:
    return [
        run
        for run in _digit_runs(text)
        if run.digits >= MIN_IDENTITY_DIGITS
        and not _is_isbn(text, run)
        and (
            not all(_is_harmless_group(group) for group in run.groups)
            or run.spaced_pairs() > MAX_SPACED_PAIRS
        )
    ]


def contains_identity_number(text: str) -> bool:
    """True when `text` may hold a full identity number, and so must not be stored.

    The rule: every character that stands for a digit counts as its ASCII digit (Unicode
    decimal digits such as fullwidth, Arabic-Indic or Devanagari, and superscript, subscript
    and circled digits); any characters that are neither digits nor letters between digits
    are separators (so "3171/0123/4567/0001", "3171_0123…", "3171,0123,4567,0001", a number
    split over lines or written in fullwidth or Arabic-Indic digits is one run). A letter
    ends a run, and so does a comma or semicolon followed by whitespace: that is how people
    write lists ("Kecamatan 6571010, 6571020, 6571030", "HS 2701, 2709, 2711, 4403"), and each
    listed code is judged on its own. A run of 12 or more digits is refused, because a NIK
    or KK number has 16, an NPWP 15 or 16, a SIM 12 to 14, a BPJS card 13.

    What stays allowed: a run of 12 or more digits is kept when EVERY group of digits in it
    is a year (19xx or 20xx), a 5-digit code (KBLI, KBKI) or a group of one or two digits.
    So lists of years ("2018, 2019, 2020, 2021", "2010-2015, 2016-2020"), dates
    ("01-01-2023 – 31-12-2023"), KBLI lists ("47111, 47112, 47191") and table numbers
    ("Tabel 3.1.1, 3.1.2, 3.2.1, 3.2.2") pass, and so does an ISBN-13 (978/979, with a valid
    check digit or after the word "ISBN": "ISBN 978-602-1234-56-7"), which BPS publications
    carry. No way people write a 16-digit identity number is made of such groups only:
    16 digits, 4 × 4 has a third group MMYY (never 19xx or 20xx),
    6-6-4 has 6-digit groups — except in pairs ("31 71 01 23 45 67 00 01"), so a run holding
    six or more two-digit groups in a row joined by whitespace only is refused. Pairs in a
    list ("01, 02, 03, 04, 05, 06": a comma then a space) or with punctuation between them
    (times "08.00-12.00 13.00-16.00") stay allowed.

    An email address is checked whole: a number in the domain ("x@3171012345670001.id") is
    stored and shown like one in the local part.

    Phone numbers: in the phone field they are parsed by `phonenumbers` and stored masked in
    lists and exports. Written into free text in their usual groups (0812-3456-7890,
    +62 812 3456 7890) they have 12 or more digits and a group of 4 that is not a year, and
    are refused as well, on purpose: free text is shown and exported unmasked, so contacts
    belong in the contact fields. Money written in full (Rp 1.250.000.000.000) is refused too;
    write "1,25 triliun".

    The rule stops numbers typed carelessly or pasted from a card; it does not claim to stop
    someone who spells the number out to get around it."""
    return bool(_refused_runs(text or ""))


def redact_identity_numbers(text: str) -> str:
    """`text` with every refused run replaced by "…", the rest kept as typed, so that a
    visitor does not have to type their whole request again."""
    runs = _refused_runs(text or "")
    for run in reversed(runs):
        text = text[: run.start] + REDACTED + text[run.end :]
    return text


# -- control characters ------------------------------------------------------------------------

CONTROL_CHARACTER_REFUSED = _(
    "This text holds an invisible control character (%(character)s)%(where)s, perhaps from a "
    "copy and paste. Remove it or type the text again."
)
# Where the refused character stands, for the message: its position, not the text around
# it (that may be a card number, which is never shown back).
CONTROL_CHARACTER_AT = _(" at character %(position)d")
LINE_BREAK_REFUSED = _("Write this on one line.")

MULTILINE_ALLOWED = frozenset("\n\r\t")
# Invisible format characters that text typed or pasted in good faith holds (product trial
# K1): the joiners inside emoji (🤦‍♂️, 🧑‍💻) and in Arabic or Indic words, and the soft hyphen
# of text copied from a PDF. They change nothing about how a text reads; bidi overrides,
# zero-width spaces, word joiners and tag characters do, and stay refused.
HARMLESS_FORMAT = frozenset("\u00ad\u200c\u200d")


def _is_control(ch: str) -> bool:
    # Cc: C0/C1 controls (\x0b breaks XLSX exports); Cf: zero-width and bidi overrides that
    # make a text read differently than it is stored; Zl/Zp: U+2028/U+2029 line breaks.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in HARMLESS_FORMAT


def _control_character_at(text: str, *, multiline: bool) -> int | None:
    for index, ch in enumerate(text or ""):
        if _is_control(ch) and not (multiline and ch in MULTILINE_ALLOWED):
            return index
    return None


def find_control_character(text: str, *, multiline: bool) -> str | None:
    """The first character a field of that kind must not hold, or None."""
    index = _control_character_at(text, multiline=multiline)
    return None if index is None else text[index]


def refuse_control_characters(text: str, *, multiline: bool) -> None:
    """Raise ValidationError when `text` holds a control character. A single-line field
    refuses every one (tab and line breaks too); a multi-line field allows only tab, CR and
    LF. The message names the character and where it stands: the writer sees nothing there,
    so "type it again" alone does not tell them where to look."""
    index = _control_character_at(text, multiline=multiline)
    if index is None:
        return
    ch = text[index]
    if ch in "\n\r" or unicodedata.category(ch) in ("Zl", "Zp"):
        raise ValidationError(LINE_BREAK_REFUSED, code="line_break")
    name = unicodedata.name(ch, "").lower()
    raise ValidationError(
        CONTROL_CHARACTER_REFUSED,
        code="control_character",
        params={
            "character": f"U+{ord(ch):04X}" + (f" {name}" if name else ""),
            "where": CONTROL_CHARACTER_AT % {"position": index + 1},
        },
    )


@deconstructible
class ControlCharacterValidator:
    """Form and model field validator for `refuse_control_characters`."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            refuse_control_characters(value, multiline=self.multiline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


def refuse_identity_number(text: str) -> None:
    """Validator form of `contains_identity_number`."""
    if contains_identity_number(text):
        raise ValidationError(IDENTITY_NUMBER_REFUSED, code="identity_number")
