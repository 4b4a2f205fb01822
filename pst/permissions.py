"""Roles and the one question every view asks: may this user do X in office Y?

Roles are Django groups (created by migration 0002) whose names are the values below.
A staff member belongs to one office and acts only there; a superuser acts everywhere.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from pst.models import Office, User


class Role(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Front-office officer")
    CONSULTATION_OFFICER = "consultation_officer", _("Consultation officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Action(enum.StrEnum):
    OPERATE_DESK = "operate_desk"  # officer console: call, serve, transfer
    FILL_GUESTBOOK = "fill_guestbook"
    VIEW_GUESTBOOK = "view_guestbook"
    EXPORT_UNMASKED = "export_unmasked"  # exports with contacts in clear
    ANSWER_CONSULTATIONS = "answer_consultations"
    SUPERVISE = "supervise"  # ratings, complaints, SLA reports
    # The office's log of staff looking at or exporting personal data (DESIGN §7): who
    # reviews it is apart from who reports, so that the two can be given apart.
    REVIEW_ACCESS_LOG = "review_access_log"
    ADMINISTER_OFFICE = "administer_office"


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.FRONT_OFFICE: frozenset(
        {Action.OPERATE_DESK, Action.FILL_GUESTBOOK, Action.VIEW_GUESTBOOK}
    ),
    Role.CONSULTATION_OFFICER: frozenset(
        {
            Action.OPERATE_DESK,
            Action.FILL_GUESTBOOK,
            Action.VIEW_GUESTBOOK,
            Action.ANSWER_CONSULTATIONS,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Action.VIEW_GUESTBOOK,
            Action.EXPORT_UNMASKED,
            Action.ANSWER_CONSULTATIONS,
            Action.SUPERVISE,
            Action.REVIEW_ACCESS_LOG,
        }
    ),
    Role.ADMINISTRATOR: frozenset({Action.ADMINISTER_OFFICE}),
}

_ROLE_CACHE_ATTR = "_pst_roles"


def forget_roles(user: User) -> None:
    """Read the user's roles afresh next time (they were just changed)."""
    user.__dict__.pop(_ROLE_CACHE_ATTR, None)


def roles_that_can(action: Action) -> list[str]:
    """The role (group) names whose holders may do `action`: for queries over many users."""
    return [role.value for role, actions in ROLE_ACTIONS.items() if action in actions]


def user_roles(user: User | AnonymousUser) -> frozenset[Role]:
    """The user's roles, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _ROLE_CACHE_ATTR, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        setattr(user, _ROLE_CACHE_ATTR, cached)
    return cached


def user_can(user: User | AnonymousUser, action: Action, office: Office | None) -> bool:
    """May `user` do `action` in `office`? Staff act only in their own office."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if office is None or user.office_id != office.pk:
        return False
    return any(action in ROLE_ACTIONS[role] for role in user_roles(user))


def admin_access_due(user: User) -> bool:
    """Whether the account's roles open the administration site: a superuser, or an office's
    administrator (the Administrator role at the office the account works for). The one rule
    of "admin access" (User.is_staff, which Django's admin asks): pst.services.
    user_admin_access_keep stores it whenever roles, office or superuser status change, so a
    new office's administrator needs no second switch (trial L7)."""
    return user.is_superuser or user_can(user, Action.ADMINISTER_OFFICE, user.office)


def office_where_user_can(
    user: User | AnonymousUser, *actions: Action, any_of: bool = False
) -> Office | None:
    """The user's own office if they may do every one of `actions` there (or, with
    `any_of`, at least one); None otherwise. Staff pages start here."""
    office = getattr(user, "office", None)
    if office is None:
        return None
    allowed = (user_can(user, action, office) for action in actions)
    return office if (any(allowed) if any_of else all(allowed)) else None
