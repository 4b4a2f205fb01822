from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from complaints.handling.selectors import handler_office, overdue_count


def complaints(request: HttpRequest) -> dict[str, object]:
    """The navigation's complaint link for the office's supervisors, with how many open
    complaints are past due (one query, read only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.office_id:
        return {}
    office = handler_office(user)
    if office is None:
        return {}
    return {"complaints_overdue": SimpleLazyObject(lambda: overdue_count(office, timezone.now()))}
