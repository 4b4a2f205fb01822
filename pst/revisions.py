"""The correction of a saved record and the history it leaves: the guestbook's entries and the
consultation records are corrected by the same rule (who may, when, what a second submission
does, what happens when someone else corrected it meanwhile), so the rule lives here once.

`Revision` is abstract: each record's history is a model of the record's app (declared there,
so the tables stay where they are); `record_correct` is the body of each app's
`<thing>_correct` service and runs inside its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from pst.permissions import Action, user_can

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from pst.errors import DomainError
    from pst.models import Office, User

RecordT = TypeVar("RecordT", bound=models.Model)


class Revision(models.Model):
    """One field of a saved record as it was before a correction, and as it became (the
    guestbook's and the consultation record's history). Append-only: a history is never
    edited, only blanked by the retention purge where it holds personal data. A subclass adds
    the foreign key to its record and names it in `record_field`."""

    record_field: str = ""

    changed_by = models.ForeignKey(
        "pst.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by")
    )
    changed_at = models.DateTimeField(_("corrected at"))
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        record_id = getattr(self, f"{self.record_field}_id")
        return f"{record_id} {self.field} {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def field_label(self) -> str:
        record_model = self._meta.get_field(self.record_field).related_model
        return str(record_model._meta.get_field(self.field).verbose_name)

    @classmethod
    def version_of(cls, record: models.Model) -> int:
        """The record's version as a correction form carries it: how many field changes its
        history holds (every saved correction adds at least one, nothing removes any)."""
        return cls.objects.filter(**{f"{cls.record_field}_id": record.pk}).count()

    @classmethod
    def collect(
        cls, record: models.Model, data: dict, fields: tuple[str, ...], *, by: User, at: dt.datetime
    ) -> list[Revision]:
        """Apply what `data` changes among `fields` to `record` (not saved) and return one
        unsaved revision per changed field: none when nothing changes, so that sending the
        same correction again writes nothing."""
        revisions = []
        for field in fields:
            if field not in data or data[field] == getattr(record, field):
                continue
            revisions.append(
                cls(
                    **{cls.record_field: record},
                    changed_by=by,
                    changed_at=at,
                    field=field,
                    old_value=_revision_text(getattr(record, field)),
                    new_value=_revision_text(data[field]),
                )
            )
            setattr(record, field, data[field])
        return revisions


def _revision_text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def author_may_correct(
    user: User,
    *,
    office: Office,
    author_id: int | None,
    recorded_at: dt.datetime,
    action: Action,
    now: dt.datetime,
) -> bool:
    """Who may correct a record: the officer who recorded it, on the day it was recorded
    (office time) and while they may still do `action` in the office; a supervisor of the
    office at any time."""
    if user_can(user, Action.SUPERVISE, office):
        return True
    return (
        author_id == user.pk
        and user_can(user, action, office)
        and recorded_at.astimezone(office.zoneinfo).date() == now.astimezone(office.zoneinfo).date()
    )


def record_correct(
    record: RecordT,
    *,
    history: type[Revision],
    fields: tuple[str, ...],
    data: dict,
    by: User,
    at: dt.datetime,
    version: int | None,
    may_correct: Callable[[RecordT], bool],
    validate: Callable[[RecordT], None],
    error: type[DomainError],
    not_allowed: str,
    changed_meanwhile: str,
) -> list[Revision]:
    """Lock `record`, check `may_correct`, apply the changes `data` makes among `fields`, and
    save the record with one `history` row per changed field. Nothing changed: nothing written,
    `[]`. `version` is `history.version_of(record)` as the form was loaded; when it has moved
    since, someone else saved a correction meanwhile and this one is refused rather than
    silently overwriting theirs.

    A refusal is the app's `error` with code "not_allowed" or "changed_meanwhile" and the
    app's sentence (it names the record in its own words). The caller holds the transaction."""
    # No join in the locking query: a waiting correction re-checks the query against the row
    # the other one changed, and a join (its office, its subject area) would lose the row.
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if not may_correct(record):
        raise error(not_allowed, code="not_allowed")
    revisions = history.collect(record, data, fields, by=by, at=at)
    if not revisions:
        return []
    if version is not None and version != history.version_of(record):
        raise error(changed_meanwhile, code="changed_meanwhile")
    validate(record)
    record.save()
    return history.objects.bulk_create(revisions)
