"""Following a consultation without an account.

Someone who wrote, called or sent a WhatsApp message (an officer opened the consultation on
their behalf), whose email opened it, or a walk-in visitor sent online, gets every email with
a signed link to that one consultation. The link expires (`CONSULTATION_LINK_DAYS`); each email
carries a fresh one, and an expired link offers to send a new one to the address the
consultation already has (never to an address typed in). Opening a valid link grants the
browser's session that consultation, and only it: the holder reads and writes its
conversation as its requester, nothing else (no other consultation, no new one).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import salted_hmac

from consultations.models import Consultation
from pst.guards import parse_id

SALT = "consultations.follow"
# A signed link is under a hundred characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 1000
SESSION_KEY = "consultation_guest"


@dataclass(frozen=True)
class Guest:
    """The holder of a follow link, standing for the consultation's requester without an
    account. Not a user: it has no office, no role and no other consultation."""

    consultation_id: int
    # The address digest of the link that made it (a session's Guest): the consultation is
    # readable only while it still has that address. None for a Guest made otherwise (an
    # email from the consultation's address, consultations.mail).
    digest: str | None = None
    pk = None
    is_authenticated = False
    is_active = True
    is_superuser = False
    office_id = None
    full_name = ""


def guest_address(consultation: Consultation) -> str:
    """Where a requester without an account is written to: the address they gave (or wrote
    from), else the one of their guestbook entry (a walk-in visitor)."""
    if consultation.requester_id is not None:
        return ""
    if consultation.requester_email:
        return consultation.requester_email
    entry = consultation.guestbook_entry
    return entry.email if entry is not None else ""


def _address_digest(address: str) -> str:
    # The link dies when the consultation's address changes: it was sent to the old one.
    # Keyed: the link's payload is readable, and a plain hash of an address is looked up in
    # a list of addresses by whoever sees a forwarded link.
    return salted_hmac(SALT, address.strip().lower()).hexdigest()[:16]


def follow_link(consultation: Consultation) -> str:
    """An absolute, signed, expiring link to `consultation` for its requester without an
    account; empty when it has an account (they sign in) or no address."""
    address = guest_address(consultation)
    if not address:
        return ""
    token = signing.dumps([consultation.pk, _address_digest(address)], salt=SALT, compress=True)
    return settings.SITE_URL + reverse("consultation_follow", args=[token])


class LinkExpired(Exception):
    """A genuine link past its age: `consultation_id` may be sent a new one."""

    def __init__(self, consultation_id: int):
        super().__init__(consultation_id)
        self.consultation_id = consultation_id


def follow_token_read(token: str) -> Consultation | None:
    """The consultation a link names, or None for a forged or outdated link (wrong address,
    the requester has an account now). Raises LinkExpired for a genuine one that is too old."""
    max_age = settings.CONSULTATION_LINK_DAYS * 86400
    try:
        payload = _payload(token, max_age=max_age)
    except signing.SignatureExpired:
        consultation = _consultation_for(_payload(token))
        if consultation is None:
            return None
        raise LinkExpired(consultation.pk) from None
    return _consultation_for(payload)


def follow_token_joined(token: str) -> Consultation | None:
    """The consultation a genuine link named that has since joined its requester's account
    (registered with the address the link was sent to): the link no longer opens it, the
    account does."""
    payload = _payload(token)
    if payload is None:
        return None
    pk, digest = payload
    consultation = Consultation.objects.select_related("requester").filter(pk=pk).first()
    if consultation is None or consultation.requester is None:
        return None
    return consultation if _address_digest(consultation.requester.email) == digest else None


def _payload(token: str, *, max_age: int | None = None) -> tuple[int, str] | None:
    """(consultation id, address digest) of a genuine link, None for anything else; raises
    SignatureExpired for a genuine one older than `max_age`."""
    if len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        pk, digest = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(digest, str):
        return None
    return pk, digest


def _consultation_for(payload: tuple[int, str] | None) -> Consultation | None:
    if payload is None:
        return None
    pk, digest = payload
    consultation = (
        Consultation.objects.select_related("guestbook_entry", "office").filter(pk=pk).first()
    )
    if consultation is None:
        return None
    address = guest_address(consultation)
    if not address or _address_digest(address) != digest:
        return None
    return consultation


def guest_may_read(guest: Guest, consultation: Consultation) -> bool:
    """The Guest stands for this consultation's requester: it has no account, it is the
    consultation the link named, and (for a link's Guest) its address is still the one the
    link was sent to — a changed or anonymised address ends an open session too."""
    if consultation.requester_id is not None or consultation.pk != guest.consultation_id:
        return False
    if guest.digest is None:
        return True
    address = guest_address(consultation)
    return bool(address) and _address_digest(address) == guest.digest


def session_grant(request: HttpRequest, consultation: Consultation) -> None:
    grants = dict(request.session.get(SESSION_KEY, {}))
    now = int(time.time())
    # Keep the session small: grants that ran out go.
    grants = {key: grant for key, grant in grants.items() if _grant_until(grant) > now}
    grants[str(consultation.pk)] = [
        now + settings.CONSULTATION_LINK_DAYS * 86400,
        _address_digest(guest_address(consultation)),
    ]
    request.session[SESSION_KEY] = grants


def _grant_until(grant: object) -> int:
    if isinstance(grant, list) and len(grant) == 2 and isinstance(grant[0], int):
        return grant[0]
    return 0


def reader_for(request: HttpRequest, pk: object):
    """Who reads consultation `pk`: the signed-in user, or the Guest the session's follow
    link made; an anonymous visitor otherwise (who is sent to sign in)."""
    if request.user.is_authenticated:
        return request.user
    consultation_id = parse_id(pk)
    if consultation_id is None:
        return request.user
    grant = request.session.get(SESSION_KEY, {}).get(str(consultation_id))
    if _grant_until(grant) > time.time() and isinstance(grant[1], str):
        return Guest(consultation_id=consultation_id, digest=grant[1])
    return request.user


def reader_required(view):
    """Like login_required, for the pages of one consultation (`pk`): a follow link's holder
    passes too. The view finds the reader on `request.reader`."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: str, *args, **kwargs):
        reader = reader_for(request, pk)
        if not reader.is_authenticated and not isinstance(reader, Guest):
            return redirect_to_login(request.get_full_path())
        request.reader = reader
        return view(request, pk, *args, **kwargs)

    return wrapped
