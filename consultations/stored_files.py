"""Attachment files in storage that no attachment row names any more.

A file is written to storage while its message is saved, inside the caller's transaction.
When that transaction rolls back (a state check that fails after the upload, a conflict, a
worker killed mid-request) the row disappears and the file stays; so does the file of a row
deleted in the admin. Nobody can download such a file (downloads go through the row), but it
is a visitor's document kept without a purpose, against the personal-data rules (DESIGN §7),
and it takes disk space. Django has no "on rollback" hook, so the portal sweeps instead: a
daily command removes the files no row names once they are older than any request could be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from consultations.models import Attachment

# Far longer than any request that is still writing its rows: a file this old that no row
# names belongs to a transaction that has ended without it.
ORPHAN_AFTER = dt.timedelta(days=1)
ROOT = "consultations"


@dataclass
class OrphanSweep:
    removed: int = 0
    bytes_freed: int = 0


def _month_folders(storage: Storage) -> Iterator[str]:
    """`consultations/<year>/<month>`: where `attachment_path` puts every file."""
    if not storage.exists(ROOT):
        return
    years, _ = storage.listdir(ROOT)
    for year in sorted(years):
        months, _ = storage.listdir(f"{ROOT}/{year}")
        for month in sorted(months):
            yield f"{ROOT}/{year}/{month}"


def orphan_files(*, older_than: dt.datetime, storage: Storage = default_storage) -> Iterator[str]:
    """Names of stored attachment files that no `Attachment` names, last written before
    `older_than`. One query per month folder, so a year of files is never one list."""
    for folder in _month_folders(storage):
        _, names = storage.listdir(folder)
        if not names:
            continue
        named = set(
            Attachment.objects.filter(file__startswith=f"{folder}/").values_list("file", flat=True)
        )
        for name in sorted(names):
            path = f"{folder}/{name}"
            if path not in named and storage.get_modified_time(path) < older_than:
                yield path


def attachment_orphans_remove(
    *, now: dt.datetime | None = None, storage: Storage = default_storage
) -> OrphanSweep:
    """Delete the attachment files no row names (see the module's docstring). No transaction:
    it writes no row, and each file is checked against the rows just before it goes."""
    now = now or timezone.now()
    result = OrphanSweep()
    for path in orphan_files(older_than=now - ORPHAN_AFTER, storage=storage):
        # A row written since the month's names were read (an admin restoring one, say).
        if Attachment.objects.filter(file=path).exists():
            continue
        size = storage.size(path)
        storage.delete(path)
        result.removed += 1
        result.bytes_freed += size
    return result
