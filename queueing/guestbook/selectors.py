"""Reads of the guestbook. Only staff of the visitor's office see any of it (DESIGN §7); the
views log every look (pst.personal_data.personal_data_access_log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pst.keyboards import ascii_folded
from pst.models import Office, User, email_normalize
from pst.permissions import Action, office_where_user_can
from pst.personal_data import fields_prefilled, personal_value_shown
from pst.phones import format_phone
from queueing.desks import ticket_at_desk
from queueing.guestbook.models import GUESTBOOK_FIELDS, GuestbookEntry, GuestbookRevision
from queueing.models import Desk, Ticket


def guestbook_office_for_user(user: User, action: Action) -> Office:
    """The office whose guestbook `user` may use for `action` (403 for anyone else)."""
    office = office_where_user_can(user, action)
    if office is None:
        raise PermissionDenied(_("Only staff of this office can use its guestbook."))
    return office


def get_guestbook_entry_for_user(user: User, pk: int) -> GuestbookEntry:
    """The entry `pk` with its history, for staff of its office (403 for anyone else, 404
    for another office's entry)."""
    office = guestbook_office_for_user(user, Action.VIEW_GUESTBOOK)
    entry = (
        GuestbookEntry.objects.select_related("office", "ticket", "service", "created_by")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=GuestbookRevision.objects.select_related("changed_by"),
            )
        )
        .filter(pk=pk, office=office)
        .first()
    )
    if entry is None:
        raise Http404(_("No such guestbook entry."))
    return entry


def guestbook_visit_recorded(entry: GuestbookEntry, *, since: dt.datetime) -> GuestbookEntry | None:
    """The entry without a ticket that the office wrote since `since` for the same visit as
    the unsaved `entry` (also without a ticket): every field the front office writes alike
    (name, card type and digits, contacts, birth year, purpose, what is needed…, text
    compared with its case and spacing made even) and the same service. Not contacts alone:
    a family sharing one phone and email are different visitors, each with their own entry."""
    candidates = GuestbookEntry.objects.identified().filter(
        office=entry.office_id,
        ticket__isnull=True,
        service=entry.service_id,
        email__iexact=entry.email,
        id_last4=entry.id_last4,
        created_at__gte=since,
    )
    same = _visit_fields(entry)
    for earlier in candidates.order_by("created_at"):
        if _visit_fields(earlier) == same:
            return earlier
    return None


def _visit_fields(entry: GuestbookEntry) -> tuple[str, ...]:
    return tuple(" ".join(str(getattr(entry, f)).split()).casefold() for f in GUESTBOOK_FIELDS)


def guestbook_ticket_at_desk(office: Office, desk: Desk | None, pk: int | None) -> Ticket:
    """The open ticket `pk` at `desk` (the officer's desk), whose guestbook the officer
    writes; 404 when it is not there (another desk's, finished, unknown)."""
    ticket = ticket_at_desk(desk if desk is not None and desk.office_id == office.pk else None, pk)
    if ticket is None:
        raise Http404(_("That ticket is not at your desk."))
    return ticket


def guestbook_request_saved(request_id, officer) -> bool:
    """Did this officer's form (its request id) already save an entry?"""
    return (
        request_id is not None
        and GuestbookEntry.objects.filter(client_request_id=request_id, created_by=officer).exists()
    )


@dataclass(frozen=True)
class GuestbookFilter:
    date_from: dt.date
    date_to: dt.date
    service_id: int | None = None
    institution_category: str = ""
    name: str = ""


def guestbook_entries(office: Office, criteria: GuestbookFilter) -> QuerySet[GuestbookEntry]:
    """The office's guestbook entries matching `criteria`, newest first (a QuerySet, so the
    list can paginate it and the export can stream it)."""
    entries = (
        GuestbookEntry.objects.filter(
            office=office, visit_date__range=(criteria.date_from, criteria.date_to)
        )
        .select_related("service", "ticket", "created_by")
        .order_by("-visit_date", "-created_at", "-pk")
    )
    if criteria.service_id:
        entries = entries.filter(service_id=criteria.service_id)
    if criteria.institution_category:
        entries = entries.filter(institution_category=criteria.institution_category)
    if criteria.name:
        entries = entries.filter(name__icontains=criteria.name)
    return entries


def guestbook_last_visit(
    office: Office, *, email: str = "", phone: str = ""
) -> GuestbookEntry | None:
    """The latest (not anonymised) entry of a returning visitor in this office, found by email
    or phone; None when there is none."""
    if not email and not phone:
        return None
    entries = (
        GuestbookEntry.objects.identified()
        .filter(office=office)
        .order_by("-visit_date", "-created_at", "-pk")
    )
    # The email names one person; a phone may be shared (a family's): email first. Emails
    # are stored normalised (pst.models.email_normalize), so an exact match can use the index.
    email = email_normalize(email)
    found = entries.filter(email=email).first() if email else None
    if found is None and phone:
        found = entries.filter(phone=phone).first()
    return found


def guestbook_prefill(entry: GuestbookEntry) -> dict:
    """What a returning visitor's last entry gives the new one: the fields pst.personal_data
    declares prefilled (the person, not the visit)."""
    return {field: getattr(entry, field) for field in fields_prefilled(GuestbookEntry)}


# The contacts are what the lookup searched by; the rest of what is prefilled is the person.
_CONTACTS = ("email", "phone")
_TICKED = ("on", "true", "1")


@dataclass(frozen=True)
class ReturningVisitor:
    """A returning visitor's last entry against what the officer has typed so far.

    `initial` is what the form shows: everything typed, with the person's fields the officer
    left empty filled in from the entry. `differing` names the fields typed otherwise than in
    the entry: then nothing is filled until the officer says these are the same person, since
    a shared family phone or a mistyped contact would put someone else's identity on this
    visit (trial L, L1). The visit's own fields (purpose, data needed, card digits, where the
    visitor goes next) are never taken from an earlier visit."""

    entry: GuestbookEntry
    initial: dict
    differing: list[str]


def _typed_matches(typed: str, stored: object) -> bool:
    if isinstance(stored, bool):
        return (typed.lower() in _TICKED) == stored

    # Names and institutions as people type them, a year in another keyboard's digits: case,
    # spacing and digits do not make another person.
    def even(text: str) -> str:
        return " ".join(ascii_folded(text).split()).casefold()

    return even(typed) == even(str(stored))


def guestbook_returning_merge(
    entry: GuestbookEntry,
    typed: Mapping[str, str],
    *,
    untouched: Mapping[str, object] = {},
    replace: bool = False,
) -> ReturningVisitor:
    """What the form shows once `entry` is found for the values `typed` (the posted form,
    already through the form's rules so that nothing refused is echoed back); `untouched`:
    the values a fresh form starts with (the card type's KTP), which are no typing; `replace`
    when the officer has confirmed the entry is this visitor's: its person fields take the
    place of the typed ones."""
    previous = guestbook_prefill(entry)
    initial = {name: value for name, value in typed.items() if value != ""}

    def typed_value(name: str) -> str:
        value = str(typed.get(name, "")).strip()
        return "" if name in untouched and value == str(untouched[name]) else value

    differing = [
        name
        for name, stored in previous.items()
        if name not in _CONTACTS
        and typed_value(name)
        and stored not in ("", None)
        and not _typed_matches(typed_value(name), stored)
    ]
    # Found by phone while another address is typed: most likely another member of a family.
    typed_email = email_normalize(typed.get("email", ""))
    if typed_email and entry.email and typed_email != entry.email:
        differing.append("email")
    if differing and not replace:
        return ReturningVisitor(entry=entry, initial=initial, differing=differing)
    for name, stored in previous.items():
        if name in _CONTACTS:
            if not typed.get(name, "").strip() and stored:
                initial[name] = format_phone(stored) if name == "phone" else stored
        elif replace or not typed_value(name):
            initial[name] = stored
    return ReturningVisitor(entry=entry, initial=initial, differing=[])


def guestbook_value_shown(field: str, value: str, *, unmasked: bool) -> str:
    """A stored value (of the entry or of its history) as people read it: choices by their
    label, contacts masked unless `unmasked`."""
    model_field = GuestbookEntry._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if model_field.get_internal_type() == "BooleanField":
        return _("yes") if value == "1" else _("no")
    return personal_value_shown(GuestbookEntry, field, value, unmasked=unmasked)


def guestbook_history(entry: GuestbookEntry, *, unmasked: bool) -> list[GuestbookRevision]:
    """The entry's corrections (prefetched by get_guestbook_entry_for_user), each with
    `old_shown` and `new_shown` as guestbook_value_shown gives them."""
    history = list(entry.revisions.all())
    for revision in history:
        field = revision.field
        revision.old_shown = guestbook_value_shown(field, revision.old_value, unmasked=unmasked)
        revision.new_shown = guestbook_value_shown(field, revision.new_value, unmasked=unmasked)
    return history
