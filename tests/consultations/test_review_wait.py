"""Requests waiting for review (product trial N, N1 and N10): first in the inbox with how
long they have waited, reminded of by the sweep once per wait — their officer (or the
office's officers), then the supervisors —, the navigation's number equal to the list it
opens, the order to choose, the pages' first and last links."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from consultations import lifecycle
from consultations.models import Consultation, ConsultationStatus, SubjectArea
from consultations.sweep import consultation_sla_sweep
from pst.calendar_models import HolidayKind, HolidaySource
from pst.permissions import Role
from tests.factories import HolidayFactory, UserFactory

S = ConsultationStatus
WITA = ZoneInfo("Asia/Makassar")


def at(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


def ask(office, requester, moment, question="Data IPM 2025?"):
    with time_machine.travel(moment, tick=False):
        return lifecycle.consultation_submit(
            requester=requester,
            office=office,
            data={
                "subject_area": SubjectArea.objects.first(),
                "topic": "data",
                "question": question,
            },
        )


def sweep_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        result = consultation_sla_sweep()
    return result, sorted(address for m in mail.outbox for address in m.to)


@pytest.fixture
def many(settings):
    settings.CONSULTATION_SUBMISSIONS_PER_HOUR = 1000


# -- the inbox's order and the wait shown ---------------------------------------------------------


def test_requests_waiting_for_review_come_first_the_longest_wait_on_top(
    client, office, visitor, consultation_officer, many
):
    oldest = ask(office, visitor, at(11, 16, 9), "Yang paling lama menunggu")
    accepted = ask(office, visitor, at(11, 17, 9), "Sudah diterima")
    with time_machine.travel(at(11, 17, 10), tick=False):
        lifecycle.consultation_accept(consultation=accepted, officer=consultation_officer)
    newer = ask(office, visitor, at(11, 20, 9), "Baru menunggu")
    client.force_login(consultation_officer)
    with time_machine.travel(at(11, 23, 9), tick=False):
        page = client.get(reverse("consultation_list"))
    rows = [row.pk for row in page.context["page"]]
    # Before: the accepted one (a due time) first, the waiting ones after it, to page 3.
    assert rows == [oldest.pk, newer.pk, accepted.pk]


def test_a_waiting_request_shows_its_working_days_and_is_marked_late_past_the_limit(
    client, office, visitor, consultation_officer, settings
):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 1
    HolidayFactory(date=dt.date(2026, 11, 24), name="Libur Contoh")
    ask(office, visitor, at(11, 23, 9))  # Mon 09.00; Tue closed
    client.force_login(consultation_officer)
    with time_machine.travel(at(11, 24, 15), tick=False):  # the holiday: under one day
        html = client.get(reverse("consultation_list")).content.decode()
    badge = re.search(r'data-testid="review-wait" data-late="(\w+)">(.*?)</span>', html, re.S)
    assert badge.group(1) == "no"
    with time_machine.travel(at(11, 25, 9, 30), tick=False):  # Wed 09.30: one day and more
        html = client.get(reverse("consultation_list")).content.decode()
    badge = re.search(r'data-testid="review-wait" data-late="(\w+)">(.*?)</span>', html, re.S)
    assert badge.group(1) == "yes"
    assert "23 Nov 09.00" in badge.group(2)
    assert re.search(r"\b1\b", re.sub(r"<[^>]+>", "", badge.group(2)).split("·")[1])


def test_the_order_can_be_chosen_and_bad_values_are_refused_not_an_error(
    client, office, visitor, consultation_officer, many
):
    first = ask(office, visitor, at(11, 16, 9), "Pertama")
    second = ask(office, visitor, at(11, 17, 9), "Kedua")
    client.force_login(consultation_officer)
    url = reverse("consultation_list")
    newest = client.get(url, {"sort": "newest"})
    assert [row.pk for row in newest.context["page"]] == [second.pk, first.pk]
    oldest = client.get(url, {"sort": "oldest"})
    assert [row.pk for row in oldest.context["page"]] == [first.pk, second.pk]
    for bad in ("9", "١", "x" * 5000, "newest\u202e"):
        response = client.get(url, {"sort": bad})
        assert response.status_code == 200
        assert response.context["criteria"].sort == "due"
        assert 'class="alert alert-danger' in response.content.decode()
    assert client.get(url + "?sort=%00").status_code == 400


def test_the_navigation_number_is_the_list_it_opens(
    client, office, visitor, consultation_officer, many
):
    colleague = UserFactory(
        email="rekan@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )
    mine = ask(office, visitor, at(11, 16, 9))
    theirs = ask(office, visitor, at(11, 16, 10))
    ask(office, visitor, at(11, 16, 11))  # unassigned
    lifecycle.consultation_claim(consultation=mine, officer=consultation_officer)
    lifecycle.consultation_claim(consultation=theirs, officer=colleague)
    client.force_login(consultation_officer)
    html = client.get(reverse("consultation_list")).content.decode()
    link = re.search(
        r'<a [^>]*href="([^"]+)" data-testid="inbox-waiting-link" title="([^"]+)"', html
    )
    number = int(re.search(r'data-testid="inbox-waiting">(\d+)<', html).group(1))
    assert number == 2 and link.group(2).startswith("2 ")  # the title says what it counts
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == number
    assert client.get(reverse("consultation_list")).context["page"].paginator.count == 3


def test_the_pages_have_first_and_last_links(client, office, visitor, consultation_officer, many):
    for i in range(51):
        ask(office, visitor, at(11, 16, 9) + dt.timedelta(minutes=i), f"Pertanyaan {i}")
    client.force_login(consultation_officer)
    url = reverse("consultation_list")
    first = client.get(url, {"sort": "newest", "page": "1"}).content.decode()
    assert 'data-testid="page-first"' not in first
    assert re.search(r'href="\?sort=newest&amp;page=3" data-testid="page-last"', first)
    middle = client.get(url, {"sort": "newest", "page": "2"}).content.decode()
    assert re.search(r'href="\?sort=newest&amp;page=1" data-testid="page-first"', middle)
    assert 'data-testid="page-last"' in middle
    last = client.get(url, {"sort": "newest", "page": "99999999999999999999"}).content.decode()
    assert 'data-testid="page-last"' not in last and 'data-testid="page-first"' in last


def test_paging_the_default_order_reads_each_row_once_across_the_waiting_and_the_rest(
    client, office, visitor, consultation_officer, many
):
    waiting = [
        ask(office, visitor, at(11, 16, 9) + dt.timedelta(minutes=i), f"Menunggu {i}")
        for i in range(30)
    ]
    accepted = []
    for i in range(30):
        consultation = ask(office, visitor, at(11, 16, 12) + dt.timedelta(minutes=i), f"Ya {i}")
        with time_machine.travel(at(11, 17, 9) + dt.timedelta(minutes=i), tick=False):
            lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
        accepted.append(consultation)
    client.force_login(consultation_officer)
    seen = []
    for number in (1, 2, 3):
        seen += [
            row.pk
            for row in client.get(reverse("consultation_list"), {"page": number}).context["page"]
        ]
    assert seen == [c.pk for c in waiting] + [c.pk for c in accepted]


# -- the sweep's reminders ----------------------------------------------------------------------


def test_an_unclaimed_request_is_reminded_to_the_officers_then_the_supervisors_once_each(
    office, visitor, consultation_officer, supervisor, settings
):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 1
    colleague = UserFactory(
        email="rekan@example.org", office=office, roles=[Role.CONSULTATION_OFFICER],
        new_request_email=False,  # their choice is about new requests, not this
    )  # fmt: skip
    HolidayFactory(date=dt.date(2026, 11, 24), name="Libur Contoh")
    ask(office, visitor, at(11, 23, 9))  # Mon 09.00; Tue 24 closed
    result, sent = sweep_at(at(11, 24, 15))  # the holiday does not count
    assert (result.review_late, result.review_escalated, sent) == (0, 0, [])
    result, sent = sweep_at(at(11, 25, 9, 15))  # Wed: one working day passed
    assert (result.review_late, result.review_escalated) == (1, 0)
    assert sent == sorted([consultation_officer.email, colleague.email])
    result, sent = sweep_at(at(11, 25, 9, 30))
    assert (result.review_late, sent) == (0, [])
    result, sent = sweep_at(at(11, 26, 9, 15))  # Thu: twice the limit
    assert (result.review_late, result.review_escalated, sent) == (0, 1, [supervisor.email])
    result, sent = sweep_at(at(11, 27, 9, 15))
    assert (result.review_late, result.review_escalated, sent) == (0, 0, [])


def test_a_request_claimed_and_never_accepted_reminds_its_holder(
    office, visitor, consultation_officer, supervisor, settings
):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 1
    UserFactory(email="rekan@example.org", office=office, roles=[Role.CONSULTATION_OFFICER])
    held = ask(office, visitor, at(11, 23, 9))
    lifecycle.consultation_claim(consultation=held, officer=consultation_officer)
    result, sent = sweep_at(at(11, 24, 9, 15))
    assert result.review_late == 1 and sent == [consultation_officer.email]


def test_no_reminder_once_reviewed_and_a_new_wait_after_the_clarification(
    office, visitor, consultation_officer, settings
):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 1
    asked = ask(office, visitor, at(11, 23, 9))
    with time_machine.travel(at(11, 23, 11), tick=False):
        lifecycle.consultation_request_clarification(
            consultation=asked, officer=consultation_officer, body="Periode apa?"
        )
    result, sent = sweep_at(at(11, 25, 9))
    assert (result.review_late, sent) == (0, [])
    with time_machine.travel(at(11, 25, 10), tick=False):
        lifecycle.consultation_reply(
            consultation=Consultation.objects.get(pk=asked.pk), requester=visitor, body="2025"
        )
    result, _sent = sweep_at(at(11, 26, 9, 59))  # a working day after the reply: not yet
    assert result.review_late == 0
    result, sent = sweep_at(at(11, 26, 10, 1))
    assert result.review_late == 1 and sent == [consultation_officer.email]


def test_the_default_order_as_one_query_is_the_order_paged(
    office, visitor, consultation_officer, many
):
    from consultations import inbox

    accepted = ask(office, visitor, at(11, 16, 9), "Diterima")
    with time_machine.travel(at(11, 16, 10), tick=False):
        lifecycle.consultation_accept(consultation=accepted, officer=consultation_officer)
    waiting = ask(office, visitor, at(11, 17, 9), "Menunggu")
    found = inbox.inbox_found(office, consultation_officer, inbox.InboxFilter(show="all"))
    assert list(found) == [waiting, accepted]


# -- a change of holder: whoever takes it over is reminded too (review of the hand-over, 1) --


@pytest.mark.parametrize("change", ["hand_over", "hand_over_to_inbox", "assign", "claim"])
def test_whoever_takes_a_late_request_over_is_reminded_once(
    office, visitor, consultation_officer, supervisor, budi, citra, settings, change
):
    settings.CONSULTATION_REVIEW_WORKING_DAYS = 2
    late = ask(office, visitor, at(11, 23, 9))
    if change != "claim":
        lifecycle.consultation_claim(consultation=late, officer=budi)
    result, sent = sweep_at(at(11, 25, 9, 15))  # two working days: late, not yet escalated
    assert result.review_late == 1
    late = Consultation.objects.get(pk=late.pk)
    if change == "hand_over":
        lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    elif change == "hand_over_to_inbox":
        lifecycle.consultations_hand_over(office=office, holder=budi, to=None, by=supervisor)
    elif change == "assign":
        lifecycle.consultation_assign(consultation=late, officer=citra, by=supervisor)
    else:  # reminded to every officer, then taken by one
        lifecycle.consultation_claim(consultation=late, officer=citra)
    result, sent = sweep_at(at(11, 25, 9, 30))
    told = sorted([budi.email, citra.email, consultation_officer.email])
    expected = told if change == "hand_over_to_inbox" else [citra.email]
    assert (result.review_late, result.review_escalated, sent) == (1, 0, expected)
    result, sent = sweep_at(at(11, 25, 9, 45))
    assert (result.review_late, sent) == (0, [])
    # The supervisors' report is the office's: told once, whoever holds it.
    result, sent = sweep_at(at(11, 27, 9, 15))
    assert (result.review_late, result.review_escalated, sent) == (0, 1, [supervisor.email])


# -- a closure longer than the calendar counts through (review of the hand-over, 4) -------------


def test_a_closure_too_long_to_count_shows_the_wait_without_working_days(
    client, office, visitor, consultation_officer
):
    waiting = ask(office, visitor, at(11, 20, 9))  # Fri
    start = dt.date(2026, 11, 21)
    for day in range(200):  # closed from Saturday for longer than any calendar reads
        HolidayFactory(
            date=start + dt.timedelta(days=day), name="Renovasi", office=office,
            kind=HolidayKind.LOCAL, source=HolidaySource.MANUAL,
        )  # fmt: skip
    client.force_login(consultation_officer)
    with time_machine.travel(at(11, 25, 9), tick=False):
        response = client.get(reverse("consultation_list"))
        result = consultation_sla_sweep()
    assert response.status_code == 200
    [row] = [row for row in response.context["page"] if row.pk == waiting.pk]
    assert (row.review.days, row.review.late) == (None, False)
    badge = re.search(
        r'data-testid="review-wait" data-late="(\w+)">(.*?)</span>', response.content.decode(), re.S
    )
    assert badge.group(1) == "no" and "20 Nov 09.00" in badge.group(2)
    assert "·" not in re.sub(r"<[^>]+>", "", badge.group(2))
    assert result.review_late == 0
