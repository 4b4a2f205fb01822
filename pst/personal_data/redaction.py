"""A person's name, email address and phone number taken out of what was written, when they
delete their account (trial S5): their question said "Saya Siti Zubaidah", their message was
signed with their name, the officer greeted them "Yth. Ibu Siti Zubaidah", and all of it
stayed after the records were unlinked from them.

What counts as the person's name in a text, decided to leave other words alone: names are
also ordinary words ("Pengguna Demo", "Indah", "Jaya") and other people share parts of them
(an officer "Siti Wahyuni" signing her answer). So:

- the whole name of two words or more, and every run of two or more of its words of 3
  letters or more in their order ("Siti Zubaidah", "Zubaidah Trialwati"), wherever it
  stands;
- one word of the name (3 letters or more) only after a form of address ("Ibu Siti",
  "Pak Budi", "Dear Siti") — a one-word name too: "Indah", "Data" are ordinary words;
- never inside a web or email address ("bps" of tarakankota.bps.go.id).

Case is ignored; only whole words match ("Sitinah" is not "Siti"). Email addresses match as
written in any case; phone numbers whichever way they were written (0812-3456-7891, +62 812…),
compared as numbers. What else the person wrote about themselves (their employer, their
town) stays: the wording of the deletion says so.

Which fields are free text is the personal-data declaration's (`fields.PersonalField.text`);
a contact field is blanked whole by the erasure instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import phonenumbers
from django.db import models
from django.utils.translation import gettext as _

from pst.languages import written_in
from pst.personal_data.fields import mask_phone, personal_fields

# Forms of address a name follows ("Yth. Ibu Siti", "Pak Budi", "Dear Siti"), Indonesian and
# English, each possibly abbreviated with a dot. Not a closing ("Salam, Siti"): an officer
# signs their answer that way, and may share a first name with the person.
ADDRESS_FORMS = (
    "ibu", "bu", "bapak", "pak", "bpk", "sdr", "sdri", "saudara", "saudari", "mbak", "mba",
    "mas", "kak", "kakak", "dik", "adik", "yth", "dear", "hi", "hai", "halo", "hello", "mr",
    "mrs", "ms", "miss", "dr", "prof",
)  # fmt: skip
# A word of a name: letters, possibly joined by an apostrophe or a hyphen (Ma'ruf, Al-Amin).
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A single word of a name stands for the person only if it is this long (not "Ni", "A.").
MIN_WORD_LETTERS = 3


def _words(name: str) -> list[str]:
    return NAME_WORD.findall(name or "")


def _phrase(words: list[str]) -> str:
    # Between the words: spaces, or an initial's dot ("Siti Z. Trialwati").
    return r"[\s.]+".join(re.escape(word) for word in words)


def _whole(pattern: str) -> str:
    # A whole word, and not a part of an address or a link: "bps" of tarakankota.bps.go.id,
    # "data" of data@bps.go.id are not a person called Bps or Data (trial T, T2). A full stop
    # or colon ending a sentence is still an end.
    return rf"(?<![\w./@:-])(?:{pattern})(?![\w@-]|[./:]\w)"


@dataclass(frozen=True)
class PersonRedaction:
    """What to take out of texts for one person, and the marks put in its place (in the
    office's language: staff read these records)."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164, as stored
    name_mark: str = ""
    email_mark: str = ""
    phone_mark: str = ""

    def adding(
        self, *, names: Iterable[str] = (), emails: Iterable[str] = (), phones: Iterable[str] = ()
    ) -> PersonRedaction:
        """The same, with more of the person's names and contacts (as typed in a form)."""
        return person_redaction(
            names=[*self.names, *names],
            emails=[*self.emails, *emails],
            phones=[*self.phones, *phones],
        )

    def adding_contacts_of(self, rows: models.QuerySet) -> PersonRedaction:
        """The same, with the names and contacts typed in the declared contact fields of the
        rows of the queryset `rows` (a consultation's requester, a complaint's complainant)."""
        kinds: dict[str, list[str]] = {"names": [], "emails": [], "phones": []}
        for name, spec in personal_fields(rows.model).items():
            if not spec.contact:
                continue
            if spec.text is not None and spec.text.email:
                kind = "emails"
            elif spec.mask is mask_phone:
                kind = "phones"
            else:
                kind = "names"
            kinds[kind] += [value for value in rows.values_list(name, flat=True) if value]
        return self.adding(**kinds)

    def __bool__(self) -> bool:
        return bool(self.names or self.emails or self.phones)

    @cached_property
    def _name_patterns(self) -> tuple[re.Pattern | None, re.Pattern | None]:
        phrases: set[str] = set()
        single: set[str] = set()
        for name in self.names:
            words = _words(name)
            if len(words) > 1:
                phrases.add(_phrase(words))
            # A part of two words or more stands for the person only when each of its words
            # would as a single word: "I Made" of "I Made Wirawan" is also "I made a
            # request" (trial T, T2).
            for start in range(len(words)):
                for end in range(start + 2, len(words) + 1):
                    part = words[start:end]
                    if all(len(word) >= MIN_WORD_LETTERS for word in part):
                        phrases.add(_phrase(part))
            # A one-word name ("Indah", "Data", "Bps") is also an ordinary word: it counts, as
            # every single word of a name, only after a form of address (trial T, T2).
            single.update(re.escape(w) for w in words if len(w) >= MIN_WORD_LETTERS)
        flags = re.IGNORECASE | re.UNICODE
        # Longest first: the whole name before a part of it.
        whole = (
            re.compile(_whole("|".join(sorted(phrases, key=len, reverse=True))), flags)
            if phrases
            else None
        )
        after_address = (
            re.compile(
                rf"(?<!\w)((?:{'|'.join(ADDRESS_FORMS)})\.?,?\s+)"
                rf"(?:{'|'.join(sorted(single, key=len, reverse=True))})(?![\w@-]|[./:]\w)",
                flags,
            )
            if single
            else None
        )
        return whole, after_address

    def text(self, value: str) -> str:
        """`value` with the person's email addresses, phone numbers and name replaced."""
        if not value or not self:
            return value
        if self._email_pattern is not None:
            value = self._email_pattern.sub(self.email_mark, value)
        value = self._phones_out(value)
        whole, after_address = self._name_patterns
        if whole is not None:
            value = whole.sub(self.name_mark, value)
        if after_address is not None:
            value = after_address.sub(lambda m: m.group(1) + self.name_mark, value)
        return value

    @cached_property
    def _email_pattern(self) -> re.Pattern | None:
        if not self.emails:
            return None
        # Not inside a longer address: "asiti@example.org", "siti@example.org.au".
        addresses = "|".join(re.escape(email) for email in self.emails)
        return re.compile(rf"(?<![\w.+-])(?:{addresses})(?![\w-]|\.\w)", re.IGNORECASE)

    def _phones_out(self, value: str) -> str:
        if not self.phones:
            return value
        found = [
            match
            for match in phonenumbers.PhoneNumberMatcher(value, "ID")
            if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            in self.phones
        ]
        for match in reversed(found):
            value = value[: match.start] + self.phone_mark + value[match.end :]
        return value


def person_redaction(
    *, names: Iterable[str], emails: Iterable[str] = (), phones: Iterable[str] = ()
) -> PersonRedaction:
    """What to take out of texts for a person known by these names and contacts (empty ones
    ignored); the marks in the office's language."""
    with written_in():
        marks = {
            "name_mark": _("[name removed]"),
            "email_mark": _("[email removed]"),
            "phone_mark": _("[phone removed]"),
        }
    return PersonRedaction(
        names=tuple(dict.fromkeys(n.strip() for n in names if n and n.strip())),
        emails=tuple(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip())),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        **marks,
    )


def fields_redacted(model: Any) -> list[str]:
    """The free-text fields of the declaration that may name the person (`text`), not an
    address field or a contact, which the erasure blanks whole."""
    return [
        name
        for name, spec in personal_fields(model).items()
        if spec.text is not None and not spec.text.email and not spec.contact
    ]


def personal_texts_redact(redaction: PersonRedaction, *querysets: models.QuerySet) -> int:
    """Replace the person of `redaction` in the declared free-text fields of the rows of each
    of `querysets`; how many rows changed."""
    return sum(_texts_redact(rows, redaction) for rows in querysets)


def _texts_redact(rows: models.QuerySet, redaction: PersonRedaction) -> int:
    names = fields_redacted(rows.model)
    if not names or not redaction:
        return 0
    limits = {
        name: field.max_length
        for name in names
        if isinstance(field := rows.model._meta.get_field(name), models.CharField)
    }
    changed = []
    for row in rows.only("pk", *names).order_by("pk"):
        before = {name: getattr(row, name) for name in names}
        for name, value in before.items():
            value = redaction.text(value)
            # The mark may be longer than the name it replaces: a database column's limit holds.
            if limits.get(name):
                value = value[: limits[name]]
            setattr(row, name, value)
        if any(getattr(row, name) != value for name, value in before.items()):
            changed.append(row)
    rows.model.objects.bulk_update(changed, names, batch_size=200)
    return len(changed)
