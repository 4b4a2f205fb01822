"""The IKM page's look at walk-in ratings that may not come from a visitor (trial J, J3): how
many rate a visit with no guestbook entry, and how many a visit served in under a minute. An
officer who issues, calls and finishes tickets to rate them himself leaves both."""

from __future__ import annotations

import pytest

from queueing.choices import EventKind
from queueing.models import Desk, TicketEvent
from tests.complaints.reports.conftest import wita
from tests.complaints.reports.test_dashboard import page
from tests.factories import GuestbookEntryFactory

NOVEMBER = {"month": "2026-11"}


def finished(rating, seconds: int) -> None:
    """The rated ticket's turn at a service desk ended after `seconds`."""
    ticket = rating.ticket
    TicketEvent.objects.create(
        ticket=ticket, office=ticket.office, service=ticket.service, stage=ticket.stage,
        service_date=ticket.service_date, kind=EventKind.FINISHED, at=rating.served_at,
        turn_seconds=seconds,
    )  # fmt: skip


def count_at(html: str, name: str) -> int | None:
    marker = f'data-testid="{name}" data-count="'
    if marker not in html:
        return None
    return int(html.split(marker, 1)[1].split('"', 1)[0])


@pytest.fixture
def november(rate, office):
    """Four walk-in ratings of November: one of a visit written in the guestbook and served
    for twenty minutes; one with no entry served in 30 s; one with no entry served in 59 s;
    one with an entry served in exactly a minute."""
    real = rate(wita(2026, 11, 2, 10, 0))
    GuestbookEntryFactory(office=office, ticket=real.ticket)
    finished(real, 20 * 60)
    finished(rate(wita(2026, 11, 3, 10, 0)), 30)
    finished(rate(wita(2026, 11, 4, 10, 0)), 59)
    whole_minute = rate(wita(2026, 11, 5, 10, 0))
    GuestbookEntryFactory(office=office, ticket=whole_minute.ticket)
    finished(whole_minute, 60)


def test_the_supervisor_sees_how_many_walk_in_ratings_rate_doubtful_visits(
    client, supervisor, november
):
    client.force_login(supervisor)
    html = page(client, **NOVEMBER)
    assert count_at(html, "ikm-checks-without-guestbook") == 2
    assert count_at(html, "ikm-checks-short-visits") == 2
    assert "2 dari 4 penilaian datang langsung" in html


def test_without_a_front_office_the_guestbook_is_not_counted(client, supervisor, november):
    # Visitors go straight to the service desks there: nobody writes the guestbook.
    Desk.objects.filter(kind="front_office").update(is_active=False)
    client.force_login(supervisor)
    html = page(client, **NOVEMBER)
    assert count_at(html, "ikm-checks-without-guestbook") is None
    assert count_at(html, "ikm-checks-short-visits") == 2


def test_a_month_of_online_ratings_only_shows_no_walk_in_checks(client, supervisor, rate):
    client.force_login(supervisor)
    assert 'data-testid="ikm-checks"' not in page(client, **NOVEMBER)
    rate(wita(2026, 11, 2, 10, 0))
    assert 'data-testid="ikm-checks"' in page(client, **NOVEMBER)
    assert 'data-testid="ikm-checks"' not in page(client, month="2026-11", channel="online")
