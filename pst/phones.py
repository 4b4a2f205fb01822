"""Phone numbers are stored in E.164 (+62…) so returning visitors are found whichever way
they typed their number."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _("Enter a valid phone number, e.g. 0812-3456-7890 or +62 812 3456 7890.")
PHONE_EXTENSION = _(
    "Write the number without an extension: it is kept to call, text or WhatsApp the person."
)


def normalize_phone(raw: str) -> str:
    """`raw` as +62…; raises ValidationError when it is not a dialable number."""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    # E.164 has no room for it: dropped silently, the officer would dial the switchboard
    # believing they had the person's line (attack after trial F).
    if number.extension:
        raise ValidationError(PHONE_EXTENSION, code="phone_extension")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """For display: national format for Indonesian numbers, international otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 62
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def phone_may_have_whatsapp(e164: str) -> bool:
    """Whether a stored number can be a WhatsApp account: any but a fixed line (an office's
    or a home's landline), which a wa.me link would only lead to "not on WhatsApp"."""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.FIXED_LINE
