from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pst.permissions import ROLE_ACTIONS, Action, Role, user_roles


def portal(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the user's roles for the navigation."""
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    in_office = bool(getattr(user, "office_id", None))
    actions = {action for role in roles for action in ROLE_ACTIONS[role]} if in_office else set()
    return {
        "user_roles": roles,
        "nav_breakpoint": "xl" if roles else "lg",
        "can_operate_desk": Action.OPERATE_DESK in actions,
        "can_view_guestbook": Action.VIEW_GUESTBOOK in actions,
        "can_see_queue_figures": bool(actions & {Action.OPERATE_DESK, Action.SUPERVISE}),
        "can_supervise": Action.SUPERVISE in actions,
        # complaints.handling.selectors.may_record_complaints, from the roles already read
        "can_record_complaints": bool(actions & {Action.FILL_GUESTBOOK, Action.SUPERVISE}),
        "Role": Role,
        # The privacy notices state it (purge_personal_data applies it).
        "retention_days": settings.GUESTBOOK_RETENTION_DAYS,
        "sign_in_record_days": settings.SIGN_IN_RECORD_DAYS,
    }
