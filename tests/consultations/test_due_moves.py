"""A day the office closes after due dates were set moves the open consultations that counted
it as a working day one working day later per day (product trial O, O6): through the admin,
by the holiday sync or any other way (the sweep), once however often the closure is sent; the
requester is emailed the new due date once, the administrator told which moved, the history
says so. A day opened again or new opening hours never move a due date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation

from consultations import lifecycle
from consultations.lifecycle.due_moves import consultations_due_move
from consultations.models import EventKind, SubjectArea
from consultations.services import consultation_record_walk_in
from consultations.sweep import consultation_sla_sweep
from pst.models import Holiday, HolidayKind, HolidaySource, OpeningHours
from pst.workcalendar import DueDate, KeptDueDate
from tests.factories import HolidayFactory, UserFactory

WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0, year=2026):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def accepted(submitted, consultation_officer, clock):
    # Mon 23 Nov 2026 10.00 + 3 working days: due Thu 26 Nov 10.00.
    clock.shift(3600)
    consultation = lifecycle.consultation_accept(
        consultation=submitted, officer=consultation_officer
    )
    assert consultation.due_at == at(11, 26, 10)
    mail.outbox.clear()
    return consultation


def _close(client, office, day: str, name="Banjir", **extra):
    return client.post(
        reverse("admin:pst_holiday_add"),
        {"office": office.pk if office else "", "date": day, "name": name,
         "kind": HolidayKind.LOCAL, "is_closed": "on", **extra},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


def _told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _moves(consultation):
    return list(consultation.events.filter(kind=EventKind.DUE_MOVED))


def test_a_closure_added_in_the_admin_moves_the_due_date_a_working_day_later(
    client, administrator, accepted, visitor
):
    client.force_login(administrator)
    response = _close(client, accepted.office, "2026-11-25", name="Banjir rob")
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)  # Tue, Thu, Fri: three working days
    # The administrator hears which, as of the appointments cancelled.
    (moved,) = [text for text in _told(response) if accepted.reference in text]
    assert moved.startswith("1 open consultation counted a day now closed as a working day")
    assert "now due Friday 27 November 2026 10.00 WITA" in moved
    # The history says so, with the day and both due dates.
    (event,) = _moves(accepted)
    assert event.actor is None
    assert "Banjir rob" in event.note
    assert "26 November 2026 10.00" in event.note and "27 November 2026 10.00" in event.note
    # The requester is emailed the new due date once.
    (email,) = mail.outbox
    assert email.to == [visitor.email]
    assert accepted.reference in email.subject
    assert "Jumat 27 November 2026 10.00 WITA" in email.body
    assert "Banjir rob" in email.body
    # The explanation counts the closed day like any other.
    due = lifecycle.consultation_due(accepted)
    assert isinstance(due, DueDate) and due.due_at == accepted.due_at
    assert [day.reason for day in due.skipped if day.reason] == ["Banjir rob"]


def test_the_same_closure_sent_twice_moves_the_due_date_once(client, administrator, accepted):
    client.force_login(administrator)
    assert _close(client, accepted.office, "2026-11-25").status_code == 302
    again = _close(client, accepted.office, "2026-11-25")
    assert again.status_code == 200  # refused: the office already has that day
    closure = Holiday.objects.get(office=accepted.office)
    # Saved again through its own page (a name corrected, the form sent twice).
    changed = client.post(
        reverse("admin:pst_holiday_change", args=[closure.pk]),
        {"office": accepted.office.pk, "date": "2026-11-25", "name": "Banjir besar",
         "kind": HolidayKind.LOCAL, "is_closed": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert changed.status_code == 302
    assert not [text for text in _told(changed) if accepted.reference in text]
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)
    assert len(_moves(accepted)) == 1
    assert len(mail.outbox) == 1
    # The sweep, catching closures that came any other way, finds nothing more to do.
    with time_machine.travel(at(11, 23, 12), tick=False):
        assert consultation_sla_sweep().due_moved == 0
    assert len(mail.outbox) == 1


def test_a_day_opened_again_or_new_opening_hours_never_move_a_due_date_earlier(
    client, administrator, accepted, office
):
    client.force_login(administrator)
    _close(client, office, "2026-11-25")
    closure = Holiday.objects.get(office=office)
    reopened = client.post(
        reverse("admin:pst_holiday_change", args=[closure.pk]),
        {"office": office.pk, "date": "2026-11-25", "name": "Banjir", "kind": HolidayKind.LOCAL},
    )
    assert reopened.status_code == 302
    OpeningHours.objects.filter(office=office, weekday=0).update(opens_at=dt.time(11, 0))
    with time_machine.travel(at(11, 23, 12), tick=False):
        assert consultation_sla_sweep().due_moved == 0
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)  # as the requester was told
    due = lifecycle.consultation_due(accepted)
    assert isinstance(due, KeptDueDate)
    with translation.override("en"):
        text = due.explanation()
    assert "Fri 27 Nov 2026 10.00 WITA" in text
    assert "moves it one working day later" in text
    assert "a day opened again or a change of opening hours does not move it" in text
    # Closed again: the day was counted once already.
    closure.is_closed = True
    closure.save()
    assert consultations_due_move(office=office, days=[dt.date(2026, 11, 25)]) == []


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2026-11-28", "a Saturday: not a working day anyway"),
        ("2026-11-27", "after the due day"),
        ("2026-11-20", "before the clock started"),
    ],
)
def test_a_closure_the_count_did_not_use_moves_nothing(client, administrator, accepted, day, why):
    client.force_login(administrator)
    assert _close(client, accepted.office, day).status_code == 302, why
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 26, 10), why
    assert mail.outbox == []


def test_a_local_closure_on_a_national_holiday_already_counted_moves_nothing(
    client, administrator, office, consultation_officer, submitted, clock
):
    HolidayFactory(date=dt.date(2026, 11, 25), name="Libur nasional")
    clock.shift(3600)
    consultation = lifecycle.consultation_accept(
        consultation=submitted, officer=consultation_officer
    )
    assert consultation.due_at == at(11, 27, 10)
    client.force_login(administrator)
    _close(client, office, "2026-11-25")
    consultation.refresh_from_db()
    assert consultation.due_at == at(11, 27, 10)


@pytest.mark.parametrize(
    ("whose", "status"),
    [("their own office", 302), ("the consultation's office", 200)],  # 200: refused on its field
)
def test_another_offices_administrator_moves_no_due_date_of_this_office(
    client, other_office_administrator, accepted, whose, status
):
    client.force_login(other_office_administrator)
    office = other_office_administrator.office if whose == "their own office" else accepted.office
    assert _close(client, office, "2026-11-25").status_code == status
    assert not Holiday.objects.filter(office=accepted.office).exists()
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 26, 10)


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("date", "9999-11-25", 200),  # refused on its field
        ("date", "2026-13-45", 200),
        ("name", "Ban\x00jir", 400),  # refused whole by the request guard, in words
    ],
)
def test_bad_input_in_the_admin_is_refused_and_moves_nothing(
    client, administrator, accepted, field, value, status
):
    client.force_login(administrator)
    data = {"date": "2026-11-25", "name": "Banjir", field: value}
    response = _close(client, accepted.office, data["date"], name=data["name"])
    assert response.status_code == status
    if status == 200:
        assert field in response.context["adminform"].form.errors
    assert not Holiday.objects.exists()
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 26, 10)
    assert mail.outbox == []


def test_a_national_day_added_by_the_installations_administrator_moves_every_office(
    admin_client, accepted, other_office, visitor
):
    other = UserFactory(email="malinau@example.org", office=other_office)
    with time_machine.travel(at(11, 23, 10), tick=False):
        theirs = lifecycle.consultation_submit(
            requester=other, office=other_office,
            data={"subject_area": accepted.subject_area, "topic": "data", "question": "Q"},
        )  # fmt: skip
        officer = UserFactory(email="k-malinau@example.org", office=other_office,
                              roles=["consultation_officer"])  # fmt: skip
        theirs = lifecycle.consultation_accept(consultation=theirs, officer=officer)
    response = admin_client.post(
        reverse("admin:pst_holiday_add"),
        {"office": "", "date": "2026-11-24", "name": "Libur nasional",
         "kind": HolidayKind.NATIONAL, "is_closed": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 302
    accepted.refresh_from_db()
    theirs.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)
    assert theirs.due_at == at(11, 27, 10)
    (told,) = [text for text in _told(response) if "open consultations" in text]
    assert told.startswith("2 open consultations")
    assert accepted.reference in told and theirs.reference in told


def test_an_answered_or_cancelled_consultation_keeps_its_due_date(
    client, administrator, accepted, consultation_officer
):
    lifecycle.consultation_answer(
        consultation=accepted, officer=consultation_officer, body="Jawaban"
    )
    mail.outbox.clear()
    client.force_login(administrator)
    _close(client, accepted.office, "2026-11-25")
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 26, 10)
    assert mail.outbox == []


def test_a_closure_that_came_another_way_is_caught_by_the_sweep_before_the_overdue_report(
    accepted, office, supervisor, consultation_officer
):
    # Recorded without the admin (the shell, an import): the office closed on the due day.
    Holiday.objects.create(
        office=office, date=dt.date(2026, 11, 26), name="Tutup", kind=HolidayKind.LOCAL,
        source=HolidaySource.MANUAL,
    )  # fmt: skip
    with time_machine.travel(at(11, 26, 10, 15), tick=False):
        result = consultation_sla_sweep()
    assert (result.due_moved, result.overdue) == (1, 0)
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)
    assert accepted.sla_met is None
    # The requester hears of the new due date; the officer is reminded of it (due within one
    # working day); the supervisors hear of nothing overdue.
    assert sorted(m.to for m in mail.outbox) == [
        [consultation_officer.email],
        [accepted.requester.email],
    ]


def test_an_overdue_consultation_moved_into_the_future_is_no_longer_overdue_and_counts_in_time(
    accepted, office, supervisor, consultation_officer
):
    with time_machine.travel(at(11, 26, 10, 15), tick=False):
        assert consultation_sla_sweep().overdue == 1
    accepted.refresh_from_db()
    assert accepted.sla_met is False
    # Later that day the administrator records that the office was closed today (a flood).
    Holiday.objects.create(
        office=office, date=dt.date(2026, 11, 26), name="Banjir", kind=HolidayKind.LOCAL
    )
    with time_machine.travel(at(11, 26, 11), tick=False):
        moved = consultations_due_move(office=office, days=[dt.date(2026, 11, 26)])
    assert [c.pk for c in moved] == [accepted.pk]
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)
    assert (accepted.sla_met, accepted.overdue_notified_at) == (None, None)
    with time_machine.travel(at(11, 27, 9), tick=False):
        lifecycle.consultation_answer(
            consultation=accepted, officer=consultation_officer, body="Jawaban"
        )
    accepted.refresh_from_db()
    assert accepted.sla_met is True


def test_a_due_date_still_past_after_the_move_stays_overdue(accepted, office, supervisor):
    with time_machine.travel(at(11, 30, 9), tick=False):
        assert consultation_sla_sweep().overdue == 1
    Holiday.objects.create(
        office=office, date=dt.date(2026, 11, 25), name="Banjir", kind=HolidayKind.LOCAL
    )
    mail.outbox.clear()
    with time_machine.travel(at(11, 30, 10), tick=False):
        result = consultation_sla_sweep()
    assert (result.due_moved, result.overdue) == (1, 0)  # reported once already
    accepted.refresh_from_db()
    assert accepted.due_at == at(11, 27, 10)
    assert accepted.sla_met is False
    assert [m.to for m in mail.outbox] == [[accepted.requester.email]]


def test_a_reopened_consultation_counts_the_calendar_of_its_new_clock(
    accepted, office, consultation_officer, visitor, clock
):
    HolidayFactory(office=office, date=dt.date(2026, 11, 30), name="Tutup", kind="local")
    lifecycle.consultation_answer(
        consultation=accepted, officer=consultation_officer, body="Jawaban"
    )
    clock.shift(3600 * 24 * 3)  # Thu 26 Nov 10.00
    reopened = lifecycle.consultation_reopen(
        consultation=accepted, requester=visitor, reason="Belum lengkap"
    )
    assert reopened.due_at == at(12, 2, 10)  # Fri, (weekend, Mon closed), Tue, Wed
    assert reopened.closed_days_counted == ["2026-11-30"]
    assert consultations_due_move(office=office) == []


def test_a_walk_in_follow_up_counts_the_closures_it_knew_and_moves_for_a_later_one(
    without_guestbook, desks, consultation_officer, office, clock
):
    HolidayFactory(date=dt.date(2026, 11, 24), name="Libur")  # known when recorded
    consultation = consultation_record_walk_in(
        ticket=without_guestbook, desk=desks[2], officer=consultation_officer,
        outcome="online_follow_up", contact_email="budi@example.org",
        data={"subject_area": SubjectArea.objects.first(), "topic": "data",
              "question": "IPM", "answer": "Tabel IPM"},
    )  # fmt: skip
    assert consultation.due_at == at(11, 27, 9)  # Wed, Thu, Fri: Tuesday closed
    assert consultation.closed_days_counted == ["2026-11-24"]
    mail.outbox.clear()
    assert consultations_due_move(office=office) == []
    Holiday.objects.create(
        office=office, date=dt.date(2026, 11, 26), name="Banjir", kind=HolidayKind.LOCAL
    )
    (moved,) = consultations_due_move(office=office)
    assert moved.due_at == at(11, 30, 9)
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    assert "/consultations/follow/" in mail.outbox[0].body  # no account: the follow link
