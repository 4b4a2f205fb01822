"""consultations.0025 gives each open consultation the closed days its due date counts with
(the calendar as it is at the deploy): a closure recorded before the deploy moves no due date
set before it (nobody is emailed about old closures at the first sweep), a day closed after
the deploy does (product trial O, O6)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_to, migrate_to_latest

BEFORE = [
    ("consultations", "0024_dismissal_recorded_as_complaint"),
    ("pst", "0019_new_request_email"),
]
AFTER = [("consultations", "0025_closed_days_counted")]
WITA = ZoneInfo("Asia/Makassar")


@pytest.mark.django_db(transaction=True)
def test_open_consultations_count_the_closed_days_of_the_calendar_at_the_deploy():
    try:
        migrate_to(BEFORE)
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Office = apps.get_model("pst", "Office")
        Holiday = apps.get_model("pst", "Holiday")
        Consultation = apps.get_model("consultations", "Consultation")
        area = apps.get_model("consultations", "SubjectArea").objects.order_by("pk").first()
        office = Office.objects.create(
            code="6571", name="BPS Kota Tarakan", address="Jl. Contoh", time_zone="Asia/Makassar"
        )
        # National days closed on Wed and Thu, the office's own row opening Thursday and
        # closing Friday; a day after the due day counts for nothing.
        Holiday.objects.create(date=dt.date(2026, 11, 25), name="Libur", kind="national")
        Holiday.objects.create(date=dt.date(2026, 11, 26), name="Cuti", kind="cuti_bersama")
        Holiday.objects.create(
            office=office, date=dt.date(2026, 11, 26), name="Buka", kind="local", is_closed=False
        )
        Holiday.objects.create(
            office=office, date=dt.date(2026, 11, 27), name="Banjir", kind="local"
        )
        Holiday.objects.create(date=dt.date(2026, 12, 15), name="Nanti", kind="national")

        def made(number: int, status: str) -> int:
            return Consultation.objects.create(
                office=office, number=number, channel="web", status=status, question="Berapa?",
                requester_email="penanya@example.org", subject_area=area, topic="data",
                clock_started_at=dt.datetime(2026, 11, 23, 10, tzinfo=WITA),
                due_at=dt.datetime(2026, 11, 30, 10, tzinfo=WITA),
            ).pk  # fmt: skip

        open_, answered = made(1, "accepted"), made(2, "answered")
        migrate_to(AFTER)
    finally:
        migrate_to_latest()

    from consultations.lifecycle.due_moves import consultations_due_move
    from consultations.models import Consultation as Now
    from pst.calendar_services import office_opening_hours_ensure
    from pst.models import Office as OfficeNow

    counted = dict(Now.objects.values_list("pk", "closed_days_counted"))
    assert counted == {open_: ["2026-11-25", "2026-11-27"], answered: []}
    # The first sweep after the deploy moves nothing: those closures were known.
    assert office_opening_hours_ensure(office=OfficeNow.objects.get(code="6571"))
    assert consultations_due_move(office=None) == []
