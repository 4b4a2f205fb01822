import datetime as dt

import pytest
from django.core.management import call_command

from queueing import services as queue
from queueing.models import EventKind, Ticket, TicketEvent, TicketStatus
from tests.conftest import WITA


@pytest.fixture
def fo(front_office):
    return front_office


def test_before_closing_time_nothing_of_today_is_closed(issue, office):
    issue("K")
    assert queue.queue_close_day(office=office) == 0
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_after_closing_waiting_tickets_are_closed_as_not_served_and_kept(
    issue, office, desks, fo, clock
):
    waiting = issue("K")
    called = issue("K")
    serving = issue("P")
    done = issue("J")
    called = queue.ticket_call(ticket=called, desk=desks[1], officer=fo)
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    fo2 = DeskFactory(office=office, number=8, name="FO 2", kind=DeskKind.FRONT_OFFICE)
    fo3 = DeskFactory(office=office, number=9, name="FO 3", kind=DeskKind.FRONT_OFFICE)
    serving = queue.ticket_call(ticket=serving, desk=fo2, officer=fo)
    serving = queue.ticket_start(ticket=serving, desk=fo2, officer=fo)
    done = queue.ticket_call(ticket=done, desk=fo3, officer=fo)
    queue.ticket_start(ticket=done, desk=fo3, officer=fo)
    queue.ticket_finish(ticket=done, desk=fo3, officer=fo)

    clock.move_to(dt.datetime(2026, 11, 23, 16, 5, tzinfo=WITA))
    # Officers finish the day's queue first: nothing closes within the grace period.
    assert queue.queue_close_day(office=office) == 0
    clock.move_to(dt.datetime(2026, 11, 23, 18, 0, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 3
    status = dict(Ticket.objects.values_list("code", "status"))
    assert status == {
        "K-001": TicketStatus.NOT_SERVED,
        "K-002": TicketStatus.NOT_SERVED,
        "P-001": TicketStatus.DONE,
        "J-001": TicketStatus.DONE,
    }
    assert TicketEvent.objects.filter(kind=EventKind.CLOSED).count() == 3
    assert TicketEvent.objects.filter(kind=EventKind.FINISHED).count() == 1  # J-001 only
    assert Ticket.objects.count() == 4  # nothing deleted
    # Run again (cron every quarter hour): nothing more to do.
    assert queue.queue_close_day(office=office) == 0
    waiting.refresh_from_db()
    assert waiting.finished_at is not None


def test_a_closure_recorded_during_the_day_leaves_those_inside_the_same_grace(
    issue, office, desks, fo, clock
):
    from tests.factories import HolidayFactory

    waiting = issue("K")
    serving = queue.ticket_start(
        ticket=queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=fo),
        desk=desks[1],
        officer=fo,
    )
    clock.move_to(dt.datetime(2026, 11, 23, 11, 0, tzinfo=WITA))
    HolidayFactory(office=office, date=dt.date(2026, 11, 23), name="Banjir", kind="local")
    clock.shift(15 * 60)  # the next run of close_day
    assert queue.queue_close_day(office=office) == 0
    assert queue.ticket_finish(ticket=serving, desk=desks[1], officer=fo).status == "done"
    clock.move_to(dt.datetime(2026, 11, 23, 13, 1, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 1
    waiting.refresh_from_db()
    assert waiting.status == TicketStatus.NOT_SERVED


def test_a_day_closed_before_it_began_closes_what_is_left_at_once(issue, office, clock):
    from tests.factories import HolidayFactory

    left = issue("K")
    clock.move_to(dt.datetime(2026, 11, 23, 20, 0, tzinfo=WITA))
    HolidayFactory(office=office, date=dt.date(2026, 11, 24), name="Banjir", kind="local")
    clock.move_to(dt.datetime(2026, 11, 24, 7, 0, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 1
    left.refresh_from_db()
    assert left.status == TicketStatus.NOT_SERVED


def test_tickets_left_from_an_earlier_day_are_closed_the_next_morning(issue, office, clock):
    issue("K")
    clock.move_to(dt.datetime(2026, 11, 24, 9, 0, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 1


def test_the_command_closes_every_office(issue, office, other_office, clock, capsys):
    issue("K")
    clock.move_to(dt.datetime(2026, 11, 23, 20, 0, tzinfo=WITA))
    call_command("close_day")
    assert Ticket.objects.get().status == TicketStatus.NOT_SERVED
    assert capsys.readouterr().out == "6571: 1 ticket(s) closed\n1 ticket(s) closed\n"
    call_command("close_day")  # nothing left: nothing said (cron mails what it prints)
    assert capsys.readouterr().out == ""


def test_admin_lists_only_own_office_tickets_read_only(
    client, administrator, other_office_administrator, issue
):
    from django.urls import reverse

    ticket = issue("K")
    client.force_login(administrator)
    assert "K-001" in client.get(reverse("admin:queueing_ticket_changelist")).content.decode()
    page = client.get(reverse("admin:queueing_ticket_change", args=[ticket.pk]))
    assert page.status_code == 200
    assert ticket.token not in page.content.decode()
    client.post(reverse("admin:queueing_ticket_change", args=[ticket.pk]), {"status": "done"})
    ticket.refresh_from_db()
    assert ticket.status == "waiting"
    assert client.get(reverse("admin:queueing_ticket_delete", args=[ticket.pk])).status_code == 403
    client.force_login(other_office_administrator)
    assert "K-001" not in client.get(reverse("admin:queueing_ticket_changelist")).content.decode()


def test_an_administrator_closing_today_is_told_who_is_still_in_the_queue(
    client, administrator, issue, office, clock
):
    from django.urls import reverse

    issue("K")
    issue("P")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:pst_holiday_add"),
        {"office": office.pk, "date": "23/11/2026", "name": "Banjir", "kind": "local",
         "is_closed": "on"},
        follow=True,
    )  # fmt: skip
    told = [str(m) for m in response.context["messages"]]
    assert any("2 pengunjung masih di antrean hari ini" in text for text in told), told
    # Another day's closure says nothing of today's queue.
    later = client.post(
        reverse("admin:pst_holiday_add"),
        {"office": office.pk, "date": "24/11/2026", "name": "Banjir", "kind": "local",
         "is_closed": "on"},
        follow=True,
    )  # fmt: skip
    assert not any("antrean hari ini" in str(m) for m in later.context["messages"])


# -- a visitor still being served when the day closes: closed, not served, everywhere --


@pytest.fixture
def served_when_the_day_closed(issue, office, desks, fo, clock):
    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=fo)
    queue.ticket_start(ticket=ticket, desk=desks[1], officer=fo)
    clock.move_to(dt.datetime(2026, 11, 23, 18, 0, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 1
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE  # as the README says: done, with a closed event
    return ticket


def test_a_visit_the_day_closed_is_told_it_was_closed_and_offered_no_rating(
    client, served_when_the_day_closed
):
    from django.urls import reverse

    ticket = served_when_the_day_closed
    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    final = page.split('data-testid="status-final">')[1].split("</p>")[0]
    assert final == "Ditutup pada akhir hari"
    assert 'data-testid="status-closed-at-day-end"' in page  # why, in words (NEW_MSGIDS.json)
    assert 'data-testid="rate-visit"' not in page
    assert "Terima kasih atas kunjungan Anda." not in page


def test_a_visit_the_day_closed_cannot_be_rated_through_its_link(
    client, served_when_the_day_closed
):
    from pst.rating_links import rating_path
    from queueing.selectors import ticket_served_at

    ticket = served_when_the_day_closed
    assert ticket_served_at(ticket) is None
    refused = client.get(rating_path("ticket", ticket.pk))
    assert refused.status_code == 409
    assert 'data-code="not_served"' in refused.content.decode()


def test_the_reports_and_the_page_both_count_a_visit_the_day_closed_as_closed(
    office, served_when_the_day_closed
):
    from queueing.glance import today_glance
    from queueing.selectors import ticket_closed_at_day_end

    glance = today_glance(office, served_when_the_day_closed.service_date)
    assert (glance.total.closed, glance.total.served) == (1, 0)
    assert ticket_closed_at_day_end(served_when_the_day_closed)


def test_a_visit_an_officer_finished_is_still_served_and_rated(
    client, issue, office, desks, fo, clock
):
    from django.urls import reverse

    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=fo)
    queue.ticket_start(ticket=ticket, desk=desks[1], officer=fo)
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=fo)
    clock.move_to(dt.datetime(2026, 11, 23, 18, 0, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 0
    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert 'data-testid="rate-visit"' in page
    assert "Selesai" in page


# -- today's hours shortened to a time already past: told, and the same grace ----------------


def test_hours_of_today_shortened_to_a_past_time_warn_and_keep_the_grace(
    client, administrator, issue, office, clock
):
    # Trial 2: no word to the administrator, and the next close_day closed them at once.
    from tests.admin_pages import hours_row, office_form

    waiting = issue("K")
    issue("P")
    clock.move_to(dt.datetime(2026, 11, 23, 11, 0, tzinfo=WITA))
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 0)}-closes_at"] = "10:00"  # Monday, today: already past
    response = client.post(url, data, follow=True)
    told = [str(m) for m in response.context["messages"]]
    assert any("2 pengunjung masih di antrean hari ini" in text for text in told), told
    clock.shift(15 * 60)  # 10.00 + the grace is past, but the change was made at 11.00
    assert queue.queue_close_day(office=office) == 0
    clock.move_to(dt.datetime(2026, 11, 23, 13, 1, tzinfo=WITA))
    assert queue.queue_close_day(office=office) == 2
    waiting.refresh_from_db()
    assert waiting.status == TicketStatus.NOT_SERVED


def test_hours_changed_for_another_day_say_nothing_of_today(
    client, administrator, issue, office, clock
):
    from tests.admin_pages import hours_row, office_form

    issue("K")
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 1)}-closes_at"] = "15:00"  # Tuesday
    response = client.post(url, data, follow=True)
    assert not any("antrean hari ini" in str(m) for m in response.context["messages"])
    clock.move_to(dt.datetime(2026, 11, 23, 18, 1, tzinfo=WITA))  # Monday's own closing + grace
    assert queue.queue_close_day(office=office) == 1


def test_another_days_hours_changed_after_closing_say_nothing_of_todays_queue(
    client, administrator, issue, office, clock
):
    from tests.admin_pages import hours_row, office_form

    issue("K")
    clock.move_to(dt.datetime(2026, 11, 23, 17, 0, tzinfo=WITA))  # Monday, after closing
    client.force_login(administrator)
    url, data = office_form(client, office)
    data[f"{hours_row(data, 2)}-closes_at"] = "15:00"  # Wednesday
    response = client.post(url, data, follow=True)
    assert not any("antrean hari ini" in str(m) for m in response.context["messages"])
