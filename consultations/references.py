"""Reading a consultation's reference (KS-6571-000042, Consultation.reference) out of text: a
search typed in the inbox, an email's subject."""

from __future__ import annotations

import re

from pst.models import Office

# ASCII only: an office code is four ASCII digits (pst.models), and \d would match other
# scripts' digits.
_REFERENCE = re.compile(r"\bKS-(\w+)-(\d{1,9})\b", re.IGNORECASE | re.ASCII)


def reference_number(text: str, office: Office) -> int | None:
    """The number of this office's reference that `text` is (KS-6571-000042), else None:
    another office's reference (KS-6501-…) is not this office's number."""
    match = _REFERENCE.fullmatch(text.strip())
    return _number_of(match, office) if match else None


def references_named(text: str, office: Office) -> list[int]:
    """The numbers of this office's references that `text` names, in order, once each (an
    email's subject: "Re: Konsultasi Anda dijawab · KS-6571-000002")."""
    numbers = (_number_of(match, office) for match in _REFERENCE.finditer(text))
    return list(dict.fromkeys(number for number in numbers if number is not None))


def _number_of(match: re.Match, office: Office) -> int | None:
    return int(match.group(2)) if match.group(1).upper() == office.code.upper() else None
