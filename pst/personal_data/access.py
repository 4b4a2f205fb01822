"""The log of staff looking at or exporting personal data (UU 27/2022, DESIGN §7): every page,
fragment, export and admin screen that shows it writes one row through here; the office's
supervisors review it (/supervisor/access-log/, its reads below), and the retention purge
deletes rows older than ACCESS_LOG_RETENTION_DAYS. Nothing else edits or deletes a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.paginator import Page
from django.db import transaction
from django.db.models import QuerySet

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


# -- the review (reads) and the retention ------------------------------------------------------


def personal_data_accesses(
    *,
    office: Office,
    start: dt.datetime,
    end: dt.datetime,
    user: User | None = None,
    kind: str = "",
) -> QuerySet[PersonalDataAccess]:
    """The office's log from `start` to `end` (not included), of one staff member and of one
    AccessKind when given; newest first, each row with who read (the review names them)."""
    rows = PersonalDataAccess.objects.filter(office=office, at__gte=start, at__lt=end)
    if user is not None:
        rows = rows.filter(user=user)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.select_related("user").order_by("-at", "-pk")


def personal_data_readers(office: Office) -> QuerySet[User]:
    """Everyone the office's log names, whatever they are now: staff who since left the
    office or lost their role, a superuser who read its data. The review can be narrowed to
    any of them, and to no one else."""
    readers = PersonalDataAccess.objects.filter(office=office).values("user")
    return User.objects.filter(pk__in=readers).order_by("full_name", "email", "pk")


def personal_data_access_purge(*, before: dt.datetime) -> int:
    """Delete the log's rows made before `before` (the retention purge): how many. Run again
    with the same moment, it deletes nothing."""
    with transaction.atomic():
        deleted, _by_model = PersonalDataAccess.objects.filter(at__lt=before).delete()
    return deleted
