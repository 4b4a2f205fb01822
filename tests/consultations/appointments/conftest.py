"""An accepted online consultation of Tarakan's visitor, with the consultation service (K)
recording consultations at desks 2 and 3 (two places per slot), on Monday 09:00 WITA."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from consultations import lifecycle
from consultations.appointments import services
from consultations.models import SubjectArea
from tests.conftest import WITA
from tests.factories import UserFactory


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of November 2026 in Tarakan (23 is a Monday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def k_service(services, desks):
    services["K"].records_consultations = True
    services["K"].save()
    return services["K"]


def accepted_consultation(office, requester, officer):
    consultation = lifecycle.consultation_submit(
        requester=requester,
        office=office,
        data={
            "subject_area": SubjectArea.objects.get(name="Kependudukan"),
            "topic": "data",
            "question": "Proyeksi penduduk Kota Tarakan 2030 per kecamatan?",
        },
    )
    return lifecycle.consultation_accept(consultation=consultation, officer=officer)


@pytest.fixture
def asked(office, visitor, consultation_officer, k_service, clock):
    return accepted_consultation(office, visitor, consultation_officer)


@pytest.fixture
def ask(office, consultation_officer, k_service, clock):
    """Another accepted consultation, of a new requester."""

    def make(email: str):
        requester = UserFactory(email=email)
        return accepted_consultation(office, requester, consultation_officer), requester

    return make


def confirmed(consultation, officer, requester, when):
    """An appointment at the office at `when`, offered and accepted."""
    appointment = services.appointment_offer(
        consultation=consultation, officer=officer, times=[when]
    )
    return services.appointment_accept(
        appointment=appointment, actor=requester, offer_id=appointment.offers.get().pk
    )


def until_waiting_for_a_lock(pid: int) -> None:
    """Until the database session `pid` waits for a row lock (no sleeping on a guess)."""
    from django.db import connection

    for _attempt in range(400):
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return
        threading.Event().wait(0.025)
    raise AssertionError(f"session {pid} never waited for a lock")


def lock_race(*, hold, then, act) -> dict:
    """Two real database sessions: one runs `hold` (takes a lock) in a transaction, waits
    until the other, running `act`, waits for a lock, then runs `then` in the same
    transaction. Returns {"then": its result or the error, "act": likewise}: a deadlock
    shows as an OperationalError on one side."""
    from django.db import connection, transaction

    ready, held, acting = threading.Event(), threading.Event(), []
    outcome: dict = {}

    def holder() -> None:
        try:
            assert ready.wait(10)
            with transaction.atomic():
                hold()
                held.set()
                until_waiting_for_a_lock(acting[0])
                outcome["then"] = then()
        except Exception as error:
            outcome["then"] = error
        finally:
            connection.close()

    def actor() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                acting.append(cursor.fetchone()[0])
            ready.set()
            assert held.wait(10)
            outcome["act"] = act()
        except Exception as error:
            outcome["act"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=actor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome
