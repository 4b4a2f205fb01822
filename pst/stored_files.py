"""Uploaded files in storage that no row names any more.

A file is written to storage while its row is saved, inside the caller's transaction. When
that transaction rolls back (a state check that fails after the upload, a conflict, a worker
killed mid-request) the row disappears and the file stays; so does the file of a row deleted
in the admin. Nobody can download such a file (downloads go through the row), but it is a
person's document kept without a purpose, against the personal-data rules (DESIGN §7), and it
takes disk space. Django has no "on rollback" hook, so the portal sweeps instead: a daily
command removes the files no row names once they are older than any request could be.

Which rows name files: every model with a `STORED_FILES_ROOT`, the folder its `file` field's
`upload_to` writes `<root>/<year>/<month>/<name>` under (a consultation's attachments, a
complaint's evidence). Read from the app registry, so pst names no app that depends on it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Far longer than any request that is still writing its rows: a file this old that no row
# names belongs to a transaction that has ended without it.
ORPHAN_AFTER = dt.timedelta(days=1)


def stored_file_path(instance: StoredFile, filename: str) -> str:
    # Unguessable and free of the sender's file name: the name is kept in the row only.
    return f"{instance.STORED_FILES_ROOT}/{instance.stored_month():%Y/%m}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """A file a person sent (a consultation's attachment, a complaint's evidence), checked
    before it is stored; stored outside the static root under an unguessable name; served
    only as a download to whoever may see what it came with. `name` is the sender's file
    name, cleaned (consultations.conversation.clean_file_name)."""

    # The folder under MEDIA_ROOT; also what the orphan sweep reads.
    STORED_FILES_ROOT = ""

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def stored_month(self) -> dt.datetime:
        """The moment whose year and month name the file's folder."""
        raise NotImplementedError


@dataclass
class OrphanSweep:
    removed: int = 0
    bytes_freed: int = 0


def stored_file_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if getattr(model, "STORED_FILES_ROOT", None)]


def _month_folders(root: str, storage: Storage) -> Iterator[str]:
    """`<root>/<year>/<month>`: where the model's `upload_to` puts every file."""
    if not storage.exists(root):
        return
    years, _ = storage.listdir(root)
    for year in sorted(years):
        months, _ = storage.listdir(f"{root}/{year}")
        for month in sorted(months):
            yield f"{root}/{year}/{month}"


def orphan_files(
    *, model: type[models.Model], older_than: dt.datetime, storage: Storage = default_storage
) -> Iterator[str]:
    """Names of files under `model`'s root that none of its rows names, last written before
    `older_than`. One query per month folder, so a year of files is never one list."""
    for folder in _month_folders(model.STORED_FILES_ROOT, storage):
        _, names = storage.listdir(folder)
        if not names:
            continue
        named = set(
            model._default_manager.filter(file__startswith=f"{folder}/").values_list(
                "file", flat=True
            )
        )
        for name in sorted(names):
            path = f"{folder}/{name}"
            if path not in named and storage.get_modified_time(path) < older_than:
                yield path


def orphan_files_remove(
    *, now: dt.datetime | None = None, storage: Storage = default_storage
) -> OrphanSweep:
    """Delete the stored files no row names (see the module's docstring). No transaction:
    it writes no row, and each file is checked against the rows just before it goes."""
    now = now or timezone.now()
    result = OrphanSweep()
    for model in stored_file_models():
        for path in orphan_files(model=model, older_than=now - ORPHAN_AFTER, storage=storage):
            # A row written since the month's names were read (an admin restoring one, say).
            if model._default_manager.filter(file=path).exists():
                continue
            size = storage.size(path)
            storage.delete(path)
            result.removed += 1
            result.bytes_freed += size
    return result


def stored_files_delete_on_commit(names: list[str], *, storage: Storage = default_storage) -> None:
    """Delete the files `names` once the caller's transaction commits (their rows are being
    deleted in it); a rollback keeps them, and the rows that name them."""

    def delete() -> None:
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)
