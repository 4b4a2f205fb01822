from __future__ import annotations

from django import template

from pst import formatting

register = template.Library()


@register.filter
def clock(value) -> str:
    """{{ opens_at|clock }} → 07.30"""
    return formatting.clock_time(value) if value is not None else ""


@register.filter
def duration(seconds) -> str:
    """{{ 141|duration }} → 2:21"""
    return formatting.minutes_seconds(seconds)
