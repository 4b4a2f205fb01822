"""The reply address of a consultation's emails: settings.REPLY_TO_ADDRESS with `{token}`
replaced by the consultation's id and an HMAC of it under SECRET_KEY. Knowing a reference
(KS-6571-000123) is not enough to write into a consultation: the tag cannot be made without
the key. Lower-case hex only, because mail servers may change the case of the local part."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from consultations.models import Consultation

SALT = "consultations.mail.reply-to"
TAG_LENGTH = 16  # hex digits: 64 bits
TOKEN_PATTERN = rf"(\d{{1,12}})-([0-9a-f]{{{TAG_LENGTH}}})"


def _tag(pk: int) -> str:
    return salted_hmac(SALT, str(pk), algorithm="sha256").hexdigest()[:TAG_LENGTH]


def reply_token(consultation: Consultation) -> str:
    return f"{consultation.pk}-{_tag(consultation.pk)}"


def reply_address(consultation: Consultation) -> str:
    """Where a reply to an email about `consultation` goes; empty when no pattern is set."""
    pattern = settings.REPLY_TO_ADDRESS
    if not pattern or "{token}" not in pattern:
        return ""
    return pattern.replace("{token}", reply_token(consultation))


def _address_regex() -> re.Pattern[str] | None:
    pattern = settings.REPLY_TO_ADDRESS
    if not pattern or "{token}" not in pattern:
        return None
    before, _, after = pattern.partition("{token}")
    return re.compile(
        re.escape(before) + TOKEN_PATTERN + re.escape(after), flags=re.IGNORECASE | re.ASCII
    )


def token_consultation_id(addresses: Iterable[str]) -> int | None:
    """The consultation a reply address among `addresses` names, when its tag is genuine.
    A forged or damaged tag counts as no token at all."""
    regex = _address_regex()
    if regex is None:
        return None
    for address in addresses:
        match = regex.fullmatch((address or "").strip())
        if match is None:
            continue
        pk = int(match.group(1))
        if constant_time_compare(match.group(2).lower(), _tag(pk)):
            return pk
    return None
