from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from consultations import inbox, selectors


def consultations(request: HttpRequest) -> dict[str, object]:
    """The navigation's consultation links: "Kotak masuk" with what waits for an officer,
    "Konsultasi saya" for everyone else. The count is read only when a page shows it (never
    for the live fragments)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    office = getattr(user, "office", None) if user.office_id else None
    if office is not None and selectors.is_consultation_staff(user, office):
        return {
            "consultation_inbox": True,
            "consultation_waiting": SimpleLazyObject(lambda: inbox.waiting_count(office, user)),
        }
    return {"consultation_inbox": False}
