"""Two supervisors resolving the same complaint at the same moment, in real parallel
transactions on PostgreSQL: one resolves it, the other is told it is already resolved;
one answer, one history row, one email."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.models import Complaint, ComplaintCategory
from pst.permissions import Role
from tests.concurrency import run_in_parallel
from tests.factories import UserFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_resolving_at_once_resolve_once(office, supervisor):
    second = UserFactory(email="koordinator@example.org", office=office, roles=[Role.SUPERVISOR])
    complaint = services.complaint_file(
        office=office,
        data={
            "category": ComplaintCategory.objects.get(office=None, key="waiting"),
            "description": "Antrean lama.",
            "complainant_name": "Budi",
            "complainant_email": "budi@example.org",
        },
    )
    services.complaint_verify(complaint=complaint, user=supervisor)
    mail.outbox.clear()
    people = [supervisor, second]

    _results, errors = run_in_parallel(
        2,
        lambda i: services.complaint_resolve(
            complaint=complaint, user=people[i], answer=f"Jawaban {i}."
        ),
    )

    assert len(errors) == 1 and isinstance(errors[0], ComplaintError)
    assert errors[0].code == "state"
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.status == "resolved"
    assert stored.events.filter(kind="resolved").count() == 1
    assert stored.answer in ("Jawaban 0.", "Jawaban 1.")
    assert len(mail.outbox) == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_complaint_sent_twice_at_once_on_two_forms_is_filed_once(office):
    # Back and send again in one tab while the first is still sending in another (trial L6):
    # two request ids, one complaint; the second waits for the first and finds it.
    category = ComplaintCategory.objects.get(office=None, key="waiting")
    data = {
        "category": category,
        "description": "Antrean lama sekali.",
        "complainant_name": "Budi",
        "complainant_email": "budi@example.org",
    }

    results, errors = run_in_parallel(
        2,
        lambda i: services.complaint_file(
            office=office,
            data=data,
            client_request_id=uuid.uuid4(),
            client_address="192.0.2.1",
            sender="browser-1",
        ),
    )

    assert errors == []
    assert Complaint.objects.count() == 1
    assert results[0].pk == results[1].pk
    assert sorted(result.is_repeat for result in results) == [False, True]
    # One acknowledgement, one word to the office.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "budi@example.org",
        "pst@example.org",
    ]
