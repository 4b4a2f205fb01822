"""Due dates across New Year when next year's holidays are not in the calendar yet (product
trial O, O5): the officer who accepts is warned that the year's calendar is empty, and the
holiday sync that brings the year moves the due dates that counted its holidays as working
days — once per consultation however many days it brings — so the sweep does not report
them overdue on the holiday and an answer on the next working day counts in time."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from consultations import lifecycle
from consultations.models import EventKind, SubjectArea
from consultations.sweep import consultation_sla_sweep
from pst.calendar_services import holidays_sync
from pst.models import Holiday
from pst.signals import holidays_synced

WITA = ZoneInfo("Asia/Makassar")


def at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def synced_2026(db):
    holidays_sync(first_year=2026, last_year=2026)


@pytest.fixture
def ask(office, visitor, consultation_officer, supervisor, synced_2026):
    def submitted(when: dt.datetime):
        with time_machine.travel(when - dt.timedelta(hours=1), tick=False):
            return lifecycle.consultation_submit(
                requester=visitor, office=office,
                data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                      "question": f"Data {when:%d %H%M}?"},
            )  # fmt: skip

    return submitted


def accept(consultation, officer, when):
    with time_machine.travel(when, tick=False):
        accepted = lifecycle.consultation_accept(consultation=consultation, officer=officer)
    mail.outbox.clear()
    return accepted


def sync(*years: str) -> str:
    out = StringIO()
    with time_machine.travel(at(2027, 1, 1, 15), tick=False):
        call_command("sync_holidays", "--years", *years, stdout=out, stderr=StringIO())
    return out.getvalue()


def accepted_on_its_page(client, officer, consultation, when) -> list[str]:
    """The officer accepts on the consultation's page: the messages they are shown."""
    with time_machine.travel(when, tick=False):
        client.force_login(officer)
        response = client.post(
            reverse("consultation_act", args=[consultation.pk, "accept"]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_officer_accepting_into_a_year_without_holidays_is_warned(
    client, ask, consultation_officer
):
    when = at(2026, 12, 29, 14, 30)
    told = accepted_on_its_page(client, consultation_officer, ask(when), when)
    (warning,) = [text for text in told if "calendar" in text]
    assert warning.startswith("The office calendar of 2027 is empty")
    assert "moves the due date later" in warning


def test_no_warning_when_the_year_of_the_due_date_is_in_the_calendar(
    client, ask, consultation_officer
):
    when = at(2026, 12, 14, 10)
    told = accepted_on_its_page(client, consultation_officer, ask(when), when)
    assert [text for text in told if text.startswith("Accepted")]
    assert not [text for text in told if "calendar" in text]


def test_the_sync_of_the_new_year_moves_a_due_date_off_new_years_day(
    ask, consultation_officer, visitor
):
    consultation = accept(ask(at(2026, 12, 29, 14, 30)), consultation_officer,
                          at(2026, 12, 29, 14, 30))  # fmt: skip
    assert consultation.due_at == at(2027, 1, 1, 14, 30)  # 2027 empty: New Year's Day counts
    # The sweep on the holiday cannot know yet: it reports the consultation overdue.
    with time_machine.travel(at(2027, 1, 1, 14, 45), tick=False):
        assert consultation_sla_sweep().overdue == 1
    mail.outbox.clear()
    output = sync("2026", "2027")
    consultation.refresh_from_db()
    assert consultation.due_at == at(2027, 1, 4, 14, 30)  # Fri 1 Jan, the weekend skipped
    assert (consultation.sla_met, consultation.overdue_notified_at) == (None, None)
    assert consultation.reference in output
    (email,) = mail.outbox
    assert email.to == [visitor.email]
    assert "Senin 4 Januari 2027 14.30 WITA" in email.body
    assert "Tahun Baru" in email.body
    # Synchronised again (the weekly cron), or a second sync that ran at the same moment and
    # also took the day for new: nothing moves twice.
    mail.outbox.clear()
    sync("2026", "2027")
    replies = holidays_synced.send(sender=Holiday, dates=[dt.date(2027, 1, 1)])
    assert [said for _receiver, said in replies] == [[]]
    assert mail.outbox == []
    assert consultation.events.filter(kind=EventKind.DUE_MOVED).count() == 1
    # Not overdue on the holiday any more; answered on the first working day: in time.
    with time_machine.travel(at(2027, 1, 4, 8), tick=False):
        assert consultation_sla_sweep().overdue == 0
    with time_machine.travel(at(2027, 1, 4, 9), tick=False):
        lifecycle.consultation_answer(
            consultation=consultation, officer=consultation_officer, body="Jawaban"
        )
    consultation.refresh_from_db()
    assert consultation.sla_met is True


def test_a_sync_that_closes_several_days_of_one_count_moves_it_once_with_one_email(
    ask, consultation_officer, visitor
):
    # The cuti bersama of 24 Dec and Christmas not in the calendar when it was accepted.
    Holiday.objects.filter(date__in=[dt.date(2026, 12, 24), dt.date(2026, 12, 25)]).delete()
    consultation = accept(ask(at(2026, 12, 23, 15)), consultation_officer, at(2026, 12, 23, 15))
    assert consultation.due_at == at(2026, 12, 28, 15)
    with time_machine.travel(at(2026, 12, 23, 16), tick=False):
        holidays_sync(first_year=2026, last_year=2026)
    consultation.refresh_from_db()
    assert consultation.due_at == at(2026, 12, 30, 15)  # as counted with them: trial O, C1
    (event,) = consultation.events.filter(kind=EventKind.DUE_MOVED)
    assert "24 Des" in event.note and "25 Des" in event.note
    assert [m.to for m in mail.outbox] == [[visitor.email]]
