"""What the portal holds about a signed-in person, in one place: the "My data" page and its
download (UU 27/2022 Art. 7, the right to see and take a copy; trial Q, Q2).

pst knows the account; the apps built on it answer `personal_data_held` with what they keep
linked to it (pst imports none of them). Only what is linked to the account is gathered,
never a record that merely carries the same email address: the links the apps already make
(a consultation recorded at the desk for a verified address is the account's) are the ones
that count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pst.formatting import moment_short
from pst.models import Office, User
from pst.phones import format_phone
from pst.signals import personal_data_held


def label(model: type[Model], name: str) -> str:
    """A field's name as the admin and the forms call it: already translated."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def labels(model: type[Model], *names: str) -> list[str]:
    """The columns of a table of `model`'s records: its fields' names (`label`)."""
    return [label(model, name) for name in names]


def office_moment_short(value: dt.datetime | None, office: Office) -> str:
    """A moment as its office says it ("27 Nov 2026 10.00 WITA"); empty when there is none."""
    if value is None:
        return ""
    return moment_short(value, office.zoneinfo, office.time_zone_abbreviation)


@dataclass
class DataSection:
    """One kind of record held about the person: a table on the page, a list in the copy.

    `rows` are the page's cells, in `columns` order; `details`, one per row when the copy is
    asked for (`full`), adds what the page leaves out (the messages of a consultation)."""

    order: int
    key: str
    title: str
    columns: Sequence[str]
    rows: list[Sequence[str]]
    details: list[dict[str, Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        extra = self.details or [{}] * len(self.rows)
        return [
            dict(zip(self.columns, row, strict=True)) | more
            for row, more in zip(self.rows, extra, strict=True)
        ]


def account_section(user: User) -> DataSection:
    language = dict(settings.LANGUAGES).get(user.language, "")
    verified = user.email_verified_at
    values = [
        (label(User, "email"), user.email),
        (label(User, "full_name"), user.full_name),
        (label(User, "phone"), format_phone(user.phone)),
        (label(User, "institution"), user.institution),
        (label(User, "occupation"), user.occupation),
        (_("Language of emails"), str(language)),
        (label(User, "email_verified_at"), _date(verified) if verified else _("no")),
        (label(User, "date_joined"), _date(user.date_joined)),
    ]
    if user.pending_email:
        values.append((label(User, "pending_email"), user.pending_email))
    return DataSection(
        order=0,
        key="account",
        title=_("Your account"),
        columns=[name for name, _value in values],
        rows=[[value for _name, value in values]],
    )


def _date(value: dt.datetime) -> str:
    # An account is of no office: the installation's own zone.
    return moment_short(value, timezone.get_current_timezone(), "").rstrip()


def personal_data_of(user: User, *, full: bool = False) -> list[DataSection]:
    """Every section held about `user`: the account's, then each app's (in their order).
    `full`: for the copy, with each record's details."""
    sections = [account_section(user)]
    for _receiver, answer in personal_data_held.send(User, user=user, full=full):
        sections += answer
    return sorted(sections, key=lambda section: section.order)


def personal_data_document(user: User, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The downloadable copy: the page's sections with every record's details, under the
    names the page uses (in the person's language), so that it reads without a manual."""
    now = now or timezone.now()
    document: dict[str, Any] = {
        _("What this is"): _(
            "A copy of the personal data PST Konsultasi holds about your account, made on "
            "%(date)s. Attached files are listed by name; open them on the consultation's page."
        )
        % {"date": _date(now)},
    }
    for section in personal_data_of(user, full=True):
        records = section.records()
        document[section.title] = records[0] if section.key == "account" else records
    return document
