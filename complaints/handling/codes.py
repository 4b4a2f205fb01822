"""Tracking codes: the office's code and 11 random characters of Crockford's base32, shown
as 6571-K7M2-Q9XH-4TB. For an anonymous complainant the code is the only key to the
complaint, so it is drawn from `secrets` (55 bits) and typed back forgivingly: any case,
spaces and dashes anywhere, O for 0 and I or L for 1 (letters the alphabet leaves out)."""

from __future__ import annotations

import secrets

from complaints.handling.models import CODE_RANDOM_LENGTH

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -._/\t")
# Longer than any code however it is spaced: refused before any work.
MAX_TYPED_LENGTH = 40


def code_new(office_code: str) -> str:
    """A fresh stored code (without separators) for an office."""
    return office_code + "".join(secrets.choice(ALPHABET) for _ in range(CODE_RANDOM_LENGTH))


def code_display(code: str) -> str:
    """6571K7M2Q9XH4TB → 6571-K7M2-Q9XH-4TB (the random part split from the right: an
    office code's length is its own)."""
    head, tail = code[:-CODE_RANDOM_LENGTH], code[-CODE_RANDOM_LENGTH:]
    return "-".join(part for part in (head, tail[:4], tail[4:8], tail[8:]) if part)


def code_start(code: str) -> str:
    """6571K7M2Q9XH4TB → 6571-K7M2-…: enough to tell a complaint on the office's list, far
    from enough to open its tracking page (20 of its 55 random bits)."""
    return code_display(code)[: len(code) - CODE_RANDOM_LENGTH + 5] + "-…"


def code_normalize(typed: str) -> str | None:
    """The stored form of a code as a person typed it, or None when it cannot be one (too
    long, characters outside ASCII letters and digits — "٦٥٧١" is not 6571)."""
    if not isinstance(typed, str) or len(typed) > MAX_TYPED_LENGTH:
        return None
    compact = typed.translate(_SEPARATORS).upper()
    if not compact.isascii() or not compact.isalnum():
        return None
    if len(compact) <= CODE_RANDOM_LENGTH:
        return None
    head, tail = compact[:-CODE_RANDOM_LENGTH], compact[-CODE_RANDOM_LENGTH:]
    return head + tail.translate(_READ_AS)
