"""What people type with another keyboard: the fullwidth letters and digits of an Asian input
method (Ａ１), the digits of an Arabic, Persian or Devanagari layout (١, ۱, १). Read as the
ASCII they stand for wherever a value must be ASCII (card digits, appointment codes), so the
same input is accepted on every path, as phone numbers and numbers already are; and the
identity-number rule (pst.personal_data.rules) counts the same characters as digits."""

from __future__ import annotations

import unicodedata


def ascii_digit(ch: str) -> str | None:
    """The ASCII digits a character stands for: any Unicode decimal digit (fullwidth,
    Arabic-Indic, Devanagari…), and also superscript, subscript and circled digits, which
    `unicodedata.decimal` skips but a reader (and a copy into another system) takes as digits.
    NFKC gives "³" → "3", "₃" → "3", "⑩" → "10"; `unicodedata.digit` covers the rest."""
    if "0" <= ch <= "9":
        return ch
    value = unicodedata.decimal(ch, None)
    if value is not None:
        return str(value)
    folded = unicodedata.normalize("NFKC", ch)
    if folded.isascii() and folded.isdigit():
        return folded
    value = unicodedata.digit(ch, None)
    return None if value is None else str(value)


def ascii_folded(text: str) -> str:
    """`text` with fullwidth forms folded by NFKC ("ＡＢＣ１" → "ABC1") and every other digit
    read as its ASCII digit ("١٢٣٤" → "1234"). Other characters stay as NFKC leaves them, so
    a value that is not ASCII after this is refused by the rule that asks for ASCII."""
    return "".join(ascii_digit(ch) or ch for ch in unicodedata.normalize("NFKC", text))
