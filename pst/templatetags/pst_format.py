from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pst import formatting
from pst.languages import language_not_the_offices
from pst.phones import format_phone

register = template.Library()


@register.filter
def clock(value) -> str:
    """{{ opens_at|clock }} → 07.30"""
    return formatting.clock_time(value) if value is not None else ""


@register.filter
def duration(seconds) -> str:
    """{{ 141|duration }} → 2:21"""
    return formatting.minutes_seconds(seconds)


@register.filter
def since(moment) -> str:
    """{{ ticket.started_at|since }} → 4:05, how long ago (the console's live clocks go on)."""
    if moment is None:
        return ""
    return formatting.minutes_seconds((timezone.now() - moment).total_seconds())


@register.filter
def lines(text) -> list[str]:
    """The non-empty lines of a one-item-per-line field (links, requirements)."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


@register.filter
def phone(value) -> str:
    """A stored +62… number as people write it (0812-…)."""
    return format_phone(value or "")


@register.filter
def person(user) -> str:
    """{{ revision.changed_by|person }} → the account's name, else its address; a dash for no
    account (a link emptied when the account was deleted, a message of no account). Not
    `full_name|default:user.email`: a filter argument that cannot be looked up is an error."""
    if user is None:
        return "–"
    if getattr(user, "erased_at", None) is not None:
        # Its address is a placeholder (pst.erasure), which would read as someone's.
        return str(_("(account deleted)"))
    return user.full_name or user.email


@register.filter
def language_if_not_offices(value) -> str:
    """{{ ticket.language|language_if_not_offices }} → "en", or "" for the office's own."""
    return language_not_the_offices(value)
