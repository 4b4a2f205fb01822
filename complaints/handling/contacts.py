"""Who a complaint is from and how the office answers them: a name and a contact, or nobody
(anonymous). A contact is an email address, a phone number, or — for a complaint that came as
a social media message or through LAPOR! — where to reply there: the account or handle it
came from, or the LAPOR! report's number (complaints.handling.filing checks every path with
this)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling.models import REPLY_TO_CHANNELS
from pst.phones import normalize_phone

CONTACT_FIELDS = (
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "complainant_reply_to",
)


def complaint_contact(data: Mapping[str, Any], *, channel: str) -> dict[str, str]:
    """The complainant's name and contacts in `data`, checked for a complaint that came by
    `channel`: all empty for an anonymous one; else a name and a way to answer. The text
    rules (control characters, identity numbers) and the lengths are the model's
    (filing._complaint_new)."""
    anonymous = bool(data.get("is_anonymous"))
    contact = {
        name: "" if anonymous else str(data.get(name) or "").strip() for name in CONTACT_FIELDS
    }
    if anonymous:
        return contact
    if not contact["complainant_name"]:
        raise ComplaintError(
            _("Write your name, or file the complaint anonymously."),
            code="required",
            field="complainant_name",
        )
    _reply_to_check(contact["complainant_reply_to"], channel=channel)
    if not any(contact[name] for name in CONTACT_FIELDS[1:]):
        raise ComplaintError(
            _("Give an email address, a phone number or where to reply (the account or the "
              "LAPOR! number) so that the office can answer, or record the complaint as "
              "anonymous.")
            if channel in REPLY_TO_CHANNELS
            else _("Give an email address or a phone number so that we can answer you, or file "
                   "the complaint anonymously."),
            code="contact",
            field="complainant_email",
        )  # fmt: skip
    if contact["complainant_phone"]:
        try:
            contact["complainant_phone"] = normalize_phone(contact["complainant_phone"])
        except ValidationError as error:
            raise ComplaintError(
                error.messages[0], code="invalid_phone", field="complainant_phone"
            ) from error
    return contact


def _reply_to_check(reply_to: str, *, channel: str) -> None:
    if not reply_to:
        return
    if channel not in REPLY_TO_CHANNELS:
        raise ComplaintError(
            _("Where to reply is for a complaint that came as a social media message or "
              "through LAPOR!: for this one, give an email address or a phone number."),
            code="reply_to_channel",
            field="complainant_reply_to",
        )  # fmt: skip
    if not any(character.isalnum() for character in reply_to):
        raise ComplaintError(
            _("Write the account or handle it came from, or the LAPOR! report's number."),
            code="reply_to_invalid",
            field="complainant_reply_to",
        )
    # "４５１２" or "٤٥١٢" is not the number LAPOR! shows, nor a handle anyone can type back.
    if any(character.isdigit() and not character.isascii() for character in reply_to):
        raise ComplaintError(
            _("Write the digits as 0 to 9."), code="reply_to_digits", field="complainant_reply_to"
        )
