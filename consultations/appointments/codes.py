"""Appointment codes: six characters of Crockford's base32, typed on a kiosk. It has no I,
L, O or U; what a person types for them (i, l → 1, o → 0) is read as meant, and spaces and
dashes are ignored; fullwidth letters and other keyboards' digits are read as ASCII."""

from __future__ import annotations

import secrets

from pst.keyboards import ascii_folded

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6
_TYPED_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalize(typed: str) -> str | None:
    """The code a person typed, or None when it cannot be one."""
    if len(typed) > 40:
        return None
    # Typed with a fullwidth or Arabic-Indic keyboard ("ＡＢＣ１２３", "AB١٢٣٤"), it is the same
    # code (product trial G, G12), as the guestbook reads card digits (pst.keyboards).
    text = "".join(ascii_folded(typed).split()).replace("-", "").upper().translate(_TYPED_AS)
    if len(text) != CODE_LENGTH or any(char not in ALPHABET for char in text):
        return None
    return text


def code_display(code: str) -> str:
    """ABC-123: easier to read aloud and to type."""
    return f"{code[:3]}-{code[3:]}"
