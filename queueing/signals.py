"""Signing out leaves the desk: an officer who went home is not working at it any more. An
account changed in the admin is told what it leaves at a desk."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from pst.signals import day_closed, hours_changed, staff_changed
from pst.workcalendar import CalendarError, OfficeCalendar
from queueing.day_close import closing_after_shortening, visitors_inside_on_closing
from queueing.desks import desk_leave, desks_left_by, visitors_left_by


@receiver(user_logged_out, dispatch_uid="queueing_leave_desk_on_logout")
def leave_desk_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        desk_leave(officer=user, signing_out=True)


@receiver(staff_changed, dispatch_uid="queueing_visitors_left_by")
def tell_visitors_left(sender, user, **kwargs) -> list[str]:
    told = visitors_left_by(user)
    desks_left_by(user)  # the desk they may no longer work at is left (its visitor stays)
    return told


@receiver(day_closed, dispatch_uid="queueing_visitors_inside_on_closing")
def tell_visitors_inside(sender, office, date, **kwargs) -> list[str]:
    return visitors_inside_on_closing(office=office, day=date)


@receiver(hours_changed, dispatch_uid="queueing_visitors_inside_on_shortened_hours")
def tell_visitors_inside_shortened_hours(sender, office, **kwargs) -> list[str]:
    """Today's hours changed to close at a time already past (or today no longer open): the
    administrator is told who is still in the queue, as when closing today (trial 2)."""
    local = timezone.now().astimezone(office.zoneinfo)
    today = local.date()
    try:
        calendar = OfficeCalendar(office, today, today)
        if calendar.is_working_day(today):
            closing = calendar.closing(today)
            # Told only when today's own row moved the closing into the past (another day's
            # hours changed in the evening leave today's visitors as they were).
            if local < closing or closing_after_shortening(office, today, closing) == closing:
                return []
    except CalendarError:
        pass  # no hours left at all: today is over
    return visitors_inside_on_closing(office=office, day=today, hours_ended=True)
