"""consultations.0017 takes a reopened consultation's first answer from its history, so that
the month it was given keeps counting it (complaints.reports.selectors_service_levels) — only
an answer given under a clock: one recorded at an appointment before any acceptance was no
answer of the online service (final review, 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_to, migrate_to_latest

BEFORE = [("consultations", "0016_dismissal")]
AFTER = [("consultations", "0017_first_answer")]
UTC = dt.UTC


def _at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_the_first_answer_of_a_reopened_consultation_is_taken_from_its_history():
    try:
        migrate_to(BEFORE)
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Office = apps.get_model("pst", "Office")
        Consultation = apps.get_model("consultations", "Consultation")
        Event = apps.get_model("consultations", "ConsultationEvent")
        SubjectArea = apps.get_model("consultations", "SubjectArea")
        office = Office.objects.create(code="6571", name="BPS Kota Tarakan", address="Jl. Contoh")
        area = SubjectArea.objects.order_by("pk").first()

        def reopened(number: int, events: list[tuple[str, dt.datetime]]) -> int:
            made = Consultation.objects.create(
                office=office, number=number, channel="web", status="accepted",
                question="Berapa?", requester_email="penanya@example.org", subject_area=area,
                accepted_at=_at(1), clock_started_at=_at(10), due_at=_at(13),
                reopened_at=_at(10),
            )  # fmt: skip
            for kind, at in events:
                Event.objects.create(
                    consultation=made, kind=kind, from_status="", to_status="x", at=at
                )
            return made.pk

        online = reopened(1, [("accepted", _at(1)), ("answered", _at(5)), ("reopened", _at(10))])
        at_a_visit = reopened(2, [("answered", _at(1)), ("reopened", _at(10))])
        migrate_to(AFTER)
    finally:
        migrate_to_latest()

    from consultations.models import Consultation as Now

    first = dict(Now.objects.values_list("pk", "first_answered_at"))
    assert first == {online: _at(5), at_a_visit: None}
    assert set(Now.objects.values_list("first_due_at", flat=True)) == {None}
