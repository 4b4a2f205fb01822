"""A complaint sent again: the same form's retry (complaint_filed_before), the same complaint
received again from the same browser or officer within SAME_COMPLAINT_MINUTES
(complaint_received_again), and one address or email sending too many (complaints_flooding).
Used by every path that files one (complaints.handling.filing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

from complaints.handling.models import Complaint
from consultations.appointments.booking import office_lock
from pst.models import Office
from pst.throttle import counted_over

# The same complaint received again this soon is the one already filed, whatever brought it
# back: Back and send again (the form comes back typed, with a new request id: trial L6), a
# second tab, a retry on a connection that dropped the answer, an officer recording what the
# person also sent on the web. Half an hour covers those retries (the acknowledgement itself
# opens again for ten minutes) and is as long as a consultation's (consultations'
# SAME_REQUEST_MINUTES); the same words from the same person later are a new complaint (it
# happened again), with its own due date.
SAME_COMPLAINT_MINUTES = 30
# Named after the module it was first in: stored keys were made with it.
_REPEAT_KEY_SALT = "complaints.handling.filing.repeat"


def complaint_filed_before(
    client_request_id: Any, *, office: Office, data: Mapping[str, Any]
) -> Complaint | None:
    """The complaint this same form filed already, marked `is_repeat`. The request id alone
    would do for a double click, but it is a value the browser sends: someone who learnt
    another's could be shown that complaint's code. The same office and text must come
    with it."""
    if client_request_id is None:
        return None
    existing = Complaint.objects.filter(
        client_request_id=client_request_id,
        office=office,
        description=str(data.get("description") or "").strip(),
    ).first()
    if existing is not None:
        existing.is_repeat = True
    return existing


def _repeat_key(complaint: Complaint, *, sender: str) -> str:
    """What makes two complaints one: the office, the category, the text with its spacing
    made even, the name and contacts given, and `sender` — the browser that sent the form (a
    random token of its session), or the officer who recorded it. Not the client address:
    two visitors behind one lobby PC, campus network or carrier NAT sending the same short
    text would be one, and the second shown the first's code, which opens its complaint
    (review of trial L6). A keyed digest: nobody reads it."""
    parts = (
        complaint.office_id,
        complaint.category_id,
        " ".join(complaint.description.split()),
        " ".join(complaint.complainant_name.split()).casefold(),
        complaint.complainant_id or "",
        complaint.complainant_email.lower(),
        complaint.complainant_phone,
        sender,
        # Only when given: the keys of complaints stored before it was asked stay the same.
        *([complaint.complainant_reply_to.casefold()] if complaint.complainant_reply_to else []),
    )
    value = "\x1f".join(str(part) for part in parts)
    return salted_hmac(_REPEAT_KEY_SALT, value, algorithm="sha256").hexdigest()


def complaint_received_again(complaint: Complaint, *, sender: str) -> Complaint | None:
    """The complaint `complaint` repeats (_repeat_key) received within
    SAME_COMPLAINT_MINUTES of it, marked `is_repeat`; None when it is new, and then its key
    is set. Read under the office row's lock (the one consultations are numbered under), so
    the same complaint sent twice at once waits for the first to be saved and finds it."""
    office_lock(complaint.office)
    complaint.repeat_key = _repeat_key(complaint, sender=sender)
    window = dt.timedelta(minutes=SAME_COMPLAINT_MINUTES)
    existing = (
        Complaint.objects.filter(
            office=complaint.office,
            repeat_key=complaint.repeat_key,
            received_at__range=(complaint.received_at - window, complaint.received_at + window),
        )
        .order_by("received_at", "pk")
        .first()
    )
    if existing is not None:
        existing.is_repeat = True
    return existing


def complaints_flooding(*, client_address: str | None, email: str) -> bool:
    over = client_address is not None and counted_over(
        f"complaints:filed:address:{client_address}",
        limit=settings.COMPLAINTS_PER_ADDRESS_PER_HOUR,
        window=3600,
    )
    return over or bool(
        email
        and counted_over(
            f"complaints:filed:email:{email.lower()}",
            limit=settings.COMPLAINTS_PER_EMAIL_PER_HOUR,
            window=3600,
        )
    )
