from __future__ import annotations

from django.http import HttpRequest

from pst.permissions import Role, user_roles


def portal(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the user's roles for the navigation."""
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    return {
        "user_roles": roles,
        "is_office_staff": bool(roles) and bool(getattr(user, "office_id", None)),
        "Role": Role,
    }
