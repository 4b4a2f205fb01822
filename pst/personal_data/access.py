"""The log of staff looking at or exporting personal data (UU 27/2022, DESIGN §7): every page,
fragment, export and admin screen that shows it writes one row through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.paginator import Page
from django.db import transaction

from pst.models import AccessKind, Office, PersonalDataAccess, User


def personal_data_access_log(
    *,
    user: User,
    office: Office | None,
    kind: str,
    subject: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    unmasked: bool = False,
    row_count: int | None = None,
) -> PersonalDataAccess:
    """Record that staff looked at or exported personal data (DESIGN §7)."""
    with transaction.atomic():
        return PersonalDataAccess.objects.create(
            user=user,
            office=office,
            kind=kind,
            subject=subject[:200],
            period_start=period_start,
            period_end=period_end,
            unmasked=unmasked,
            row_count=row_count,
        )


def personal_data_page_log(
    *,
    user: User,
    office: Office | None,
    page: Page,
    subject: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> PersonalDataAccess:
    """A page of a list that shows personal data (the guestbook, the complaints, the ratings'
    comments): which page of what, for which period, and how many rows it showed."""
    return personal_data_access_log(
        user=user,
        office=office,
        kind=AccessKind.VIEW_LIST,
        subject=f"{subject} page {page.number}",
        period_start=period_start,
        period_end=period_end,
        row_count=len(page.object_list),
    )


def personal_data_export_log(
    *,
    user: User,
    office: Office | None,
    subject: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    unmasked: bool = False,
) -> Callable[[int], None]:
    """The `on_done` of an export (`pst.exports.export_response`): a streamed file counts its
    rows only once the last is written, so the log row is made then, with that count."""

    def logged(row_count: int) -> None:
        personal_data_access_log(
            user=user,
            office=office,
            kind=AccessKind.EXPORT,
            subject=subject,
            period_start=period_start,
            period_end=period_end,
            unmasked=unmasked,
            row_count=row_count,
        )

    return logged
