"""A consultation's number within its office (KS-6571-000042): consecutive, without gaps.

Taken inside the transaction that saves the consultation, under the office row's lock (the
one appointments take, appointments.booking.office_lock): two requests at once wait for
each other instead of reading the same number, and a request refused or undone after taking
one gives it back with the rollback — the next one takes it (product trial E, F16:
references followed the table's row ids, which PostgreSQL never gives back, and which every
office of the installation shares)."""

from __future__ import annotations

from django.db.models import Max

from consultations.appointments.booking import office_lock
from consultations.models import Consultation
from pst.models import Office


def consultation_number_take(office: Office) -> int:
    office_lock(office)
    last = Consultation.objects.filter(office=office).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1
