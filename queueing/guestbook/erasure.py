"""A walk-in visitor has their guestbook entry erased (UU 27/2022 Art. 8: erasure): they ask the
office (at its counter, by email or phone) and the front office anonymises the entry at once,
instead of it waiting for the retention purge (GUESTBOOK_RETENTION_DAYS).

The entry is anonymised exactly as the purge anonymises old ones (one function,
services.guestbook_entries_anonymise): its personal fields and their correction history
blanked, the categories kept for the statistics; the other apps blank what they keep of that
visit as their own purge would (pst.signals.guestbook_entry_anonymised: the contacts written
at the desk for a walk-in consultation). Who did it, when and why stays in the entry's history:
one row for its `anonymised_at`, whose value after is the officer's note.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pst.models import User
from pst.permissions import Action, user_can
from pst.personal_data import refuse_control_characters, refuse_identity_number
from pst.signals import guestbook_entry_anonymised
from queueing.guestbook.models import ERASURE_FIELD, GuestbookEntry, GuestbookRevision
from queueing.guestbook.services import GuestbookError, guestbook_entries_anonymise

# Who asked and how, for whoever reads the entry later: a line, not a letter.
NOTE_MAX_LENGTH = 200

# Said by the service and by the page to whoever may not erase an entry.
ERASURE_NOT_ALLOWED = gettext_lazy(
    "Only officers who write this office's guestbook and its supervisors can erase an entry."
)


def guestbook_may_anonymise(*, entry: GuestbookEntry, user: User) -> bool:
    """Who erases an entry at the visitor's request: whoever writes the office's guestbook
    (the front office; consultation officers, who write it for a visitor come straight to
    their desk) and the office's supervisors, on any day — unlike a correction, which is
    its writer's on the day: the visitor asks whenever they come back, whoever is at the
    counter. Everyone else who reads the guestbook (none of today's roles) may not."""
    return user_can(user, Action.FILL_GUESTBOOK, entry.office) or user_can(
        user, Action.SUPERVISE, entry.office
    )


@transaction.atomic
def guestbook_anonymise(
    *, entry: GuestbookEntry, officer: User, note: str, now: dt.datetime | None = None
) -> GuestbookEntry:
    """Anonymise `entry` at its visitor's request; `note` says who asked and how (required,
    one line, no identity number, not the visitor's name or email). Returns the entry as it
    now is.

    Sent twice, or twice at once, it anonymises once: the second finds it done under the
    row's lock and is refused with code "already" (so is an entry the purge anonymised)."""
    now = now or timezone.now()
    if not guestbook_may_anonymise(entry=entry, user=officer):
        raise GuestbookError(ERASURE_NOT_ALLOWED, code="not_allowed")
    # No join in the locking query (as pst.revisions.record_correct): a waiting second request
    # re-reads this row as the first left it.
    locked = GuestbookEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.is_anonymised:
        raise GuestbookError(
            _("This guestbook entry is already anonymised: nothing was changed."), code="already"
        )
    note = erasure_note_read(note, entry=locked)
    guestbook_entries_anonymise(GuestbookEntry.objects.filter(pk=locked.pk), now=now)
    GuestbookRevision.objects.create(
        entry=locked, changed_by=officer, changed_at=now, field=ERASURE_FIELD, new_value=note
    )
    guestbook_entry_anonymised.send(GuestbookEntry, entry=locked, now=now)
    locked.refresh_from_db()
    return locked


def erasure_note_read(note: str, *, entry: GuestbookEntry) -> str:
    """The officer's note by the rules of all text staff write (no control character, no
    identity number, pst.personal_data), and without what is being erased: it stays in the
    entry's history after the name and contacts are gone."""
    note = (note or "").strip()
    if not note:
        raise GuestbookError(
            _("Say who asked for the erasure and how."), code="note_required", field="note"
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise GuestbookError(
            _("Keep the note under %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            code="too_long",
            field="note",
        )
    try:
        refuse_control_characters(note, multiline=False)
        refuse_identity_number(note)
    except ValidationError as error:
        raise GuestbookError(error.messages[0], code=str(error.code), field="note") from None
    if _names_the_visitor(note, entry):
        raise GuestbookError(
            _("Leave the visitor's name and email out of the note: they are what is erased."),
            code="names_visitor",
            field="note",
        )
    return note


def _names_the_visitor(note: str, entry: GuestbookEntry) -> bool:
    # Compared as people type them: case and spacing do not make another name. Any word of the
    # name counts, not only the whole name: "Pak Joko (WIDODO) minta dihapus" would keep
    # what is erased (trial T, T4). A phone in a note is refused as an identity number
    # already.
    def even(text: str) -> str:
        return " ".join(text.split()).casefold()

    said = even(note)
    email = even(entry.email)
    if len(email) >= 3 and email in said:
        return True
    words = set(re.findall(r"[^\W\d_]{3,}", said))
    return any(word in words for word in re.findall(r"[^\W\d_]{3,}", even(entry.name)))
