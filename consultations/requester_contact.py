"""How a consultation's requester is reached: the address written to, whether they can be
told at all (what the officer is told after writing), and the language their emails are
written in (trial P, P5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from consultations.guest_access import guest_address
from consultations.models import Consultation
from pst.phones import format_phone, phone_may_have_whatsapp


def requester_addresses(consultation: Consultation) -> list[str]:
    """Where the requester is written to: their account's address, or without an account
    the address they gave (or the walk-in visitor's guestbook address)."""
    requester = consultation.requester
    if requester is not None:
        return [requester.email] if requester.is_active else []
    address = guest_address(consultation)
    return [address] if address else []


def requester_deactivated(consultation: Consultation) -> bool:
    """The requester has an account (with its address) that an administrator deactivated:
    nothing is emailed to it, and the officer must be told that, not that the address is
    missing (product trial E, F6)."""
    requester = consultation.requester
    return requester is not None and not requester.is_active


@dataclass(frozen=True)
class PhoneContact:
    """A stored phone as the officer uses it: shown, called, or opened in WhatsApp (empty
    for a fixed line, which has no WhatsApp)."""

    shown: str
    call: str
    whatsapp: str


def deactivated_requester_phone(consultation: Consultation) -> PhoneContact | None:
    """The phone of a deactivated requester's account, for the officer whom the page tells to
    phone or WhatsApp them (product trial Q, Q4: the number was nowhere). None when the
    account is active or keeps no number. Staff only: the caller logs the look."""
    if not requester_deactivated(consultation):
        return None
    stored = consultation.requester.phone
    digits = stored.lstrip("+")
    if not digits.isascii() or not digits.isdigit():
        return None
    whatsapp = f"https://wa.me/{digits}" if phone_may_have_whatsapp(stored) else ""
    return PhoneContact(shown=format_phone(stored), call=f"tel:{stored}", whatsapp=whatsapp)


def requester_told(consultation: Consultation, emailed: str) -> str:
    """What the officer is told after writing to the requester: that an email went, or, for a
    requester with no address (a request taken by phone, a walk-in visitor who left none) or
    a deactivated account, that nobody was told yet (found by the product trial: "emailed"
    was said to nobody)."""
    if requester_addresses(consultation):
        return emailed
    if requester_deactivated(consultation):
        return gettext(
            "Saved on the consultation. The requester's account is deactivated, so nothing is "
            "emailed to them and they were not told: tell them by phone or WhatsApp, then log "
            "the exchange here."
        )
    return gettext(
        "Saved on the consultation. The requester has no email address and was not told: "
        "tell them by phone or WhatsApp, then log the exchange here."
    )


def requester_language(consultation: Consultation) -> str:
    """The language the requester's emails are written in (pst.languages): their account's
    preference; without one (or without an account), the one of the walk-in visit the
    consultation came from (its ticket's, kept on the guestbook entry); else "" — a request
    an officer took by phone or WhatsApp, or one that came by email: the office's. Read from
    the records the addresses were read from, loaded once."""
    requester = consultation.requester
    if requester is not None and requester.language:
        return requester.language
    if consultation.guestbook_entry_id is not None:
        return consultation.guestbook_entry.language
    return ""
