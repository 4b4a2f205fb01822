"""The consultation page's offer to rate the service (the IKM survey, pst.rating_links): the
requester's button, or for a requester no email reaches, the link for the officer to send."""

from __future__ import annotations

import datetime as dt

from consultations import selectors
from consultations.models import Consultation
from pst.rating_links import rating_given, rating_open, rating_path, rating_url


def rating_offer(
    consultation: Consultation,
    *,
    staff: bool,
    is_requester: bool,
    reachable: bool,
    now: dt.datetime,
) -> dict[str, str]:
    """Answered: the requester is asked to rate the service (the IKM survey), and not again
    once they have (trial J, J5); a requester no email reaches is sent the link by the
    officer (J6). `reachable`: an email reaches the requester (the page works it out once)."""
    context = {"rating_path": "", "staff_rating_url": "", "staff_rating_whatsapp": ""}
    if not (is_requester or staff):
        return context
    if not rating_open(selectors.consultation_served_at(consultation), now):
        return context
    if rating_given(consultation):
        return context
    if is_requester:
        context["rating_path"] = rating_path("consultation", consultation.pk)
    elif not reachable:
        url = rating_url("consultation", consultation.pk)
        context["staff_rating_url"] = url
        context["staff_rating_whatsapp"] = selectors.rating_by_whatsapp_link(consultation, url)
    return context
