"""The SLA sweep: reminders, overdue reports, expired clarifications and unconfirmed answers,
each exactly once however often it runs."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from consultations import lifecycle
from consultations.models import ConsultationStatus, EventKind, SubjectArea
from consultations.sweep import consultation_sla_sweep

S = ConsultationStatus
WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def submitted(office, visitor, consultation_officer, supervisor):
    with time_machine.travel(at(11, 23, 9), tick=False):
        return lifecycle.consultation_submit(
            requester=visitor,
            office=office,
            data={
                "subject_area": SubjectArea.objects.first(),
                "topic": "data",
                "question": "Data IPM 2025?",
            },
        )


@pytest.fixture
def accepted(submitted, consultation_officer):
    with time_machine.travel(at(11, 23, 10), tick=False):  # due Thu 26 Nov 10:00
        return lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)


def sweep_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        result = consultation_sla_sweep()
    return result, [m.to for m in mail.outbox]


def test_the_officer_is_reminded_once_within_the_last_working_day(accepted, consultation_officer):
    result, sent = sweep_at(at(11, 24, 10))  # two working days left: nothing
    assert (result.due_soon, sent) == (0, [])
    result, sent = sweep_at(at(11, 25, 11))  # due tomorrow 10:00: within one working day
    assert result.due_soon == 1 and sent == [[consultation_officer.email]]
    result, sent = sweep_at(at(11, 25, 11, 15))
    assert (result.due_soon, sent) == (0, [])


def test_an_overdue_consultation_is_reported_to_supervisors_once(accepted, supervisor):
    result, sent = sweep_at(at(11, 26, 10, 15))
    assert result.overdue == 1 and sent == [[supervisor.email]]
    accepted.refresh_from_db()
    assert accepted.sla_met is False
    result, sent = sweep_at(at(11, 26, 10, 30))
    assert (result.overdue, sent) == (0, [])


def test_an_unanswered_clarification_is_cancelled_after_fourteen_days_with_an_email(
    submitted, consultation_officer, visitor
):
    with time_machine.travel(at(11, 23, 11), tick=False):
        lifecycle.consultation_request_clarification(
            consultation=submitted, officer=consultation_officer, body="Periode apa?"
        )
    result, _sent = sweep_at(at(12, 7, 10, 59))
    assert result.cancelled == 0
    result, sent = sweep_at(at(12, 7, 11, 0))
    assert result.cancelled == 1 and sent == [[visitor.email]]
    submitted.refresh_from_db()
    assert submitted.status == S.CANCELLED
    event = submitted.events.last()
    assert (event.kind, event.actor, event.from_status) == (
        EventKind.CANCELLED, None, S.NEEDS_CLARIFICATION
    )  # fmt: skip
    result, sent = sweep_at(at(12, 8, 11, 0))
    assert (result.cancelled, sent) == (0, [])


def test_an_answer_nobody_confirms_closes_after_seven_days(accepted, consultation_officer):
    with time_machine.travel(at(11, 24, 9), tick=False):
        lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Ini datanya."
        )
    assert sweep_at(at(11, 30, 9))[0].closed == 0
    result, sent = sweep_at(at(12, 1, 9))
    assert result.closed == 1 and sent == []
    accepted.refresh_from_db()
    assert accepted.status == S.CLOSED
    assert sweep_at(at(12, 2, 9))[0].closed == 0


def test_the_command_reports_what_it_did_and_nothing_when_it_did_nothing(accepted):
    out, quiet, verbose = StringIO(), StringIO(), StringIO()
    with time_machine.travel(at(11, 26, 11), tick=False):
        call_command("sla_sweep", stdout=out)
        call_command("sla_sweep", stdout=quiet)
        call_command("sla_sweep", "-v", "2", stdout=verbose)
    assert "overdue: 1" in out.getvalue()
    assert quiet.getvalue() == ""  # cron mails whatever a command prints
    assert "overdue: 0" in verbose.getvalue()


def test_at_the_due_instant_a_consultation_is_not_yet_overdue_and_an_answer_is_in_time(
    accepted, consultation_officer, client
):
    # One rule everywhere: in time up to and including the due instant (the report, the
    # answer's verdict), overdue only after it (the sweep, the badge, the inbox filter).
    due = at(11, 26, 10)
    assert accepted.due_at == due
    result, _sent = sweep_at(due)
    assert result.overdue == 0
    client.force_login(consultation_officer)
    with time_machine.travel(due, tick=False):
        inbox = client.get("/consultations/", {"show": "overdue"}).content.decode()
        assert accepted.reference not in inbox
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=False):
        inbox = client.get("/consultations/", {"show": "overdue"}).content.decode()
        assert accepted.reference in inbox
    with time_machine.travel(due, tick=False):
        answered = lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Tabel terlampir."
        )
    assert answered.sla_met is True
    result, _sent = sweep_at(due + dt.timedelta(seconds=1))
    assert result.overdue == 0  # answered: nothing to report
