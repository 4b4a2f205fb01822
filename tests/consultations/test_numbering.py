"""A consultation's number is consecutive within its office (product trial E, F16): whatever
the channel, whatever another office does, and a request refused or undone after taking a
number gives it back (the walk-in and repeated-form cases are in test_walk_in and
test_lifecycle). References quote it: KS-6571-000001."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation
from tests.consultations.test_walk_in import record
from tests.factories import UserFactory


def submit(office, question, email):
    return lifecycle.consultation_submit(
        requester=UserFactory(email=email), office=office, data=question
    )


def by_phone(office, officer, question, phone="+6281255550101"):
    return consultation_open_remote(
        office=office, officer=officer, channel=Channel.PHONE, requester_name="Budi",
        requester_phone=phone, subject_area=question["subject_area"], topic="data",
        question=question["question"],
    )  # fmt: skip


def test_every_channel_takes_the_next_number_of_its_office(
    client, serving, office, other_office, question, consultation_officer
):
    web = submit(office, question, "a@example.org")
    elsewhere = submit(other_office, question, "b@example.org")
    phone = by_phone(office, consultation_officer, question)
    record(client, serving)
    walk_in = Consultation.objects.get(ticket=serving)
    assert [web.number, phone.number, walk_in.number] == [1, 2, 3]
    assert elsewhere.number == 1
    assert walk_in.reference == "KS-6571-000003"
    assert elsewhere.reference == "KS-6501-000001"


def test_a_request_over_the_hourly_limit_gives_its_number_back(office, question, settings):
    settings.CONSULTATION_SUBMISSIONS_PER_HOUR = 1
    asker = UserFactory(email="a@example.org")
    lifecycle.consultation_submit(requester=asker, office=office, data=question)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultation_submit(
            requester=asker, office=office, data=question | {"question": "Dan tahun 2024?"}
        )
    assert refused.value.code == "throttled"
    assert submit(office, question, "b@example.org").number == 2


def test_the_database_refuses_a_number_twice_in_an_office(office, question):
    taken = submit(office, question, "a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            office=office, number=taken.number, channel=Channel.WEB, question="x"
        )


def test_a_consultation_saved_without_a_number_is_refused(office):
    # Any path that forgets to take one (an import, a shell) fails loudly, not silently.
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(office=office, channel=Channel.WEB, question="x")


def test_the_inbox_finds_a_reference_by_its_number_not_its_row(
    client, office, other_office, question, consultation_officer
):
    submit(office, question, "a@example.org")
    submit(other_office, question, "b@example.org")  # row 2, number 1 of another office
    second = by_phone(office, consultation_officer, question)  # row 3, number 2
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_list"), {"show": "all", "text": "KS-6571-000002"})
    assert [c.pk for c in page.context["page"]] == [second.pk]
    # Another office's reference with the same number is not this one.
    page = client.get(reverse("consultation_list"), {"show": "all", "text": "KS-6501-000002"})
    assert list(page.context["page"]) == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_requests_sent_at_the_same_moment_take_consecutive_numbers(office, question):
    from tests.concurrency import run_in_parallel

    askers = [UserFactory(email=f"p{i}@example.org") for i in range(6)]

    def ask(i):
        return lifecycle.consultation_submit(requester=askers[i], office=office, data=question)

    results, errors = run_in_parallel(len(askers), ask)
    assert errors == []
    assert sorted(c.number for c in results) == [1, 2, 3, 4, 5, 6]


def test_a_reference_is_found_in_the_default_list_whatever_its_status(
    client, office, question, consultation_officer
):
    # Product trial F: a closed consultation quoted on WhatsApp showed "0 consultations"
    # under the default "open" list.
    done = submit(office, question, "a@example.org")
    lifecycle.consultation_cancel(consultation=done, requester=done.requester)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_list"), {"text": "ks-6571-000001"})
    assert [c.pk for c in page.context["page"]] == [done.pk]


def test_a_search_too_long_keeps_the_other_filters(client, office, question, consultation_officer):
    # Product trial F: "All" was dropped and the open list shown under the error.
    done = submit(office, question, "a@example.org")
    lifecycle.consultation_cancel(consultation=done, requester=done.requester)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_list"), {"show": "all", "text": "x" * 101})
    assert page.context["form"].has_error("text")
    assert [c.pk for c in page.context["page"]] == [done.pk]
