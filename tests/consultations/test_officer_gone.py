"""Consultations held by an officer who can no longer answer them (the role was removed, the
account deactivated, or moved to another office) wait as unassigned and a colleague takes
them over (trial E: they stayed theirs, shown nowhere as needing an owner)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import inbox, lifecycle
from consultations.inbox import InboxFilter
from consultations.models import Consultation
from pst.permissions import Role
from tests.factories import UserFactory


def lose_the_role(officer, other_office):
    officer.groups.set([Group.objects.get(name=Role.FRONT_OFFICE)])


def deactivate(officer, other_office):
    officer.is_active = False
    officer.save()


def move_office(officer, other_office):
    officer.office = other_office
    officer.save()


@pytest.fixture
def colleague(office):
    return UserFactory(email="rekan@example.org", office=office, roles=[Role.CONSULTATION_OFFICER])


@pytest.mark.parametrize("gone", [lose_the_role, deactivate, move_office])
def test_a_consultation_of_an_officer_who_cannot_answer_waits_as_unassigned(
    submitted, consultation_officer, colleague, office, other_office, gone
):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    unassigned = InboxFilter(show="unassigned")
    assert list(inbox.inbox_found(office, colleague, unassigned)) == []
    assert inbox.waiting_count(office, colleague) == 0
    gone(consultation_officer, other_office)
    assert list(inbox.inbox_found(office, colleague, unassigned)) == [submitted]
    assert inbox.waiting_count(office, colleague) == 1
    submitted.refresh_from_db()
    taken = lifecycle.consultation_claim(consultation=submitted, officer=colleague)
    assert taken.officer == colleague


def test_a_colleague_who_can_answer_still_holds_theirs(
    submitted, consultation_officer, colleague, office
):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    assert list(inbox.inbox_found(office, colleague, InboxFilter(show="unassigned"))) == []


def test_a_superuser_holding_one_still_holds_it(submitted, colleague, office):
    root = UserFactory(email="root@example.org", is_superuser=True)
    Consultation.objects.filter(pk=submitted.pk).update(officer=root)
    assert list(inbox.inbox_found(office, colleague, InboxFilter(show="unassigned"))) == []
    assert inbox.waiting_count(office, colleague) == 0
    root.is_active = False
    root.save()
    assert inbox.waiting_count(office, colleague) == 1


def test_the_inbox_badge_is_one_statement_that_reads_holders_by_id(
    submitted, consultation_officer, colleague, office, visitor, question,
    django_assert_num_queries,
):  # fmt: skip
    """The navigation counts what waits on every staff page. One statement however many
    consultations and accounts, and it reads each holder by its id: as a LEFT JOIN with the
    accounts, PostgreSQL hashed all of them, 30,000 requesters' included (20–29 ms a page;
    benchmarks/README.md, *Satisfaction survey*)."""
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    with CaptureQueriesContext(connection) as captured:
        assert inbox.waiting_count(office, colleague) == 0
    assert len(captured) == 1
    assert 'JOIN "pst_user"' not in captured.captured_queries[0]["sql"]
    for n in range(5):
        requester = UserFactory(email=f"penanya{n}@example.org")
        lifecycle.consultation_submit(requester=requester, office=office, data=question)
    with django_assert_num_queries(1):
        assert inbox.waiting_count(office, colleague) == 5


def test_the_inbox_and_the_page_say_whose_it_was_and_offer_to_take_it(
    client, submitted, consultation_officer, colleague, other_office
):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    deactivate(consultation_officer, other_office)
    client.force_login(colleague)
    listed = client.get(reverse("consultation_list")).content.decode()
    assert 'data-testid="officer-gone"' in listed
    page = client.get(reverse("consultation_detail", args=[submitted.pk])).content.decode()
    assert 'data-testid="officer-gone"' in page
    assert 'data-testid="act-claim"' in page


@pytest.mark.parametrize("gone", [deactivate, move_office])
def test_mail_about_it_goes_to_the_office_s_officers_not_to_the_one_who_left(
    submitted, consultation_officer, colleague, visitor, other_office, gone, mailoutbox
):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    gone(consultation_officer, other_office)
    mailoutbox.clear()
    submitted.refresh_from_db()
    lifecycle.consultation_reply(consultation=submitted, requester=visitor, body="Tambahan.")
    told = {address for message in mailoutbox for address in message.to}
    assert colleague.email in told
    assert consultation_officer.email not in told
