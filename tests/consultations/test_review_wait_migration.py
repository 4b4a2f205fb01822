"""consultations.0023 takes the requests already waiting for review when the review
reminders came in as reminded and reported: the first sweep after the deploy emailed every
officer and the supervisors about each of them, some months old (review of the hand-over, 5).
A wait that starts after it is reminded as usual."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_to, migrate_to_latest

BEFORE = [("consultations", "0022_event_note_and_unassigned")]
AFTER = [("consultations", "0023_review_wait_from_deploy")]
UTC = dt.UTC
DEPLOY = dt.datetime(2026, 11, 27, 2, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_requests_waiting_at_the_deploy_are_taken_as_reminded_and_reported(settings):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 1
    earlier = dt.datetime(2026, 11, 25, 2, tzinfo=UTC)
    try:
        migrate_to(BEFORE)
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Office = apps.get_model("pst", "Office")
        Consultation = apps.get_model("consultations", "Consultation")
        office = Office.objects.create(
            code="6571", name="BPS Kota Tarakan", address="Jl. Contoh", time_zone="Asia/Makassar"
        )

        def made(number: int, status: str, **stamps) -> int:
            pk = Consultation.objects.create(
                office=office, number=number, channel="web", status=status,
                question="Berapa?", requester_email="penanya@example.org", **stamps,
            ).pk  # fmt: skip
            # Months old (created_at is set on creation).
            Consultation.objects.filter(pk=pk).update(
                created_at=dt.datetime(2026, 6, 1, 2, tzinfo=UTC)
            )
            return pk

        old = made(1, "submitted")
        reminded = made(2, "submitted", review_late_notified_at=earlier)
        cancelled = made(3, "cancelled")
        with time_machine.travel(DEPLOY, tick=False):
            migrate_to(AFTER)
    finally:
        migrate_to_latest()

    from consultations.models import Consultation as Now
    from consultations.sweep import consultation_sla_sweep

    stamps = {
        row["pk"]: (row["review_late_notified_at"], row["review_escalated_at"])
        for row in Now.objects.values("pk", "review_late_notified_at", "review_escalated_at")
    }
    assert stamps == {
        old: (DEPLOY, DEPLOY),
        reminded: (earlier, DEPLOY),  # a reminder already sent keeps its time
        cancelled: (None, None),  # no longer waiting
    }
    mail.outbox.clear()
    with time_machine.travel(DEPLOY + dt.timedelta(days=7), tick=False):
        result = consultation_sla_sweep()
    assert (result.review_late, result.review_escalated) == (0, 0)
