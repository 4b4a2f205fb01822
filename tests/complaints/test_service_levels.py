"""/supervisor/service-levels/ (DESIGN §1, §2): a month's service levels at the desks and
online beside the previous month, for the office's supervisors only; every figure worked out
by hand from a month built here; months in office time; bad input a message, never a 500."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.reports.periods import Month
from complaints.reports.selectors_online import online_figures
from complaints.reports.selectors_service_levels import walk_in_figures
from consultations.models import Dismissal
from pst.models import OpeningHours
from pst.permissions import Role
from queueing import services as queue
from queueing.glance import median, p90, share_percent
from queueing.models import EventKind, TicketEvent
from tests.complaints.conftest import consultation, reopened, visit
from tests.complaints.reports.conftest import shown, wita
from tests.factories import DeskFactory, OfficeFactory, ServiceFactory, UserFactory

URL = "/supervisor/service-levels/"
NOVEMBER = Month(dt.date(2026, 11, 1))
AFTER_NOVEMBER = wita(2026, 12, 15, 9, 0)


@pytest.fixture
def december():
    """Frozen at 15 December 2026: November is over (signing in happens at this time too)."""
    with time_machine.travel(AFTER_NOVEMBER, tick=False) as traveller:
        yield traveller


def page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def desk_calls(services, desks):
    """November 2026 at the desks (limit 10 min = 600 s), and two calls of October.

    K-1 Meja 2 wait 0 (whole 60) finished     K-4 Meja 3 wait 540 (whole 600) did not come
    K-2 Meja 2 wait 120 finished              P-5 Meja 4 wait 660 (whole 900) finished: breach
    K-3 Meja 3 wait 300 finished              K-6 Meja 3 wait 900, recorded before the whole
    K-7 cancelled before its call                 wait was kept: breach; referred to R, closed
    """
    k, p = services["K"], services["P"]
    visit(k, joined=wita(2026, 11, 2, 8, 0), desk=desks[2], wait=0, total=60)
    visit(k, joined=wita(2026, 11, 2, 9, 0), desk=desks[2], wait=120)
    visit(k, joined=wita(2026, 11, 3, 9, 0), desk=desks[3], wait=300)
    visit(k, joined=wita(2026, 11, 4, 9, 0), desk=desks[3], wait=540, total=600,
          end=EventKind.NO_SHOW)  # fmt: skip
    visit(p, joined=wita(2026, 11, 5, 9, 0), desk=desks[4], wait=660, total=900)
    visit(k, joined=wita(2026, 11, 6, 9, 0), desk=desks[3], wait=900, total=None,
          end=EventKind.TRANSFERRED, to_service=services["R"])  # fmt: skip
    visit(k, joined=wita(2026, 11, 9, 9, 0), end=EventKind.CANCELLED)
    visit(k, joined=wita(2026, 10, 5, 9, 0), desk=desks[2], wait=60)
    visit(k, joined=wita(2026, 10, 6, 9, 0), desk=desks[2], wait=700)
    visit(k, joined=wita(2026, 12, 1, 9, 0), desk=desks[2], wait=999)  # December: not counted


# The answer clocks of November (WITA): name, channel, status, received, accepted, due,
# answered. C5 open, past due since the 25th; C6 open, due in December; C10 answered at 00.30
# WITA on 1 December (30 November in UTC).
# fmt: off
CLOCKS = [
    ("C1", "web", "closed", (2026, 11, 2, 9), (2026, 11, 2, 10), (2026, 11, 5, 10),
     (2026, 11, 3, 12)),
    ("C2", "whatsapp", "answered", (2026, 11, 9, 8), (2026, 11, 9, 9), (2026, 11, 12, 9),
     (2026, 11, 13, 9)),
    ("C3", "email", "answered", (2026, 11, 16, 7), (2026, 11, 16, 8), (2026, 11, 19, 8),
     (2026, 11, 16, 10)),
    ("C5", "phone", "accepted", (2026, 11, 20, 8), (2026, 11, 20, 9), (2026, 11, 25, 9), None),
    ("C6", "web", "accepted", (2026, 11, 27, 8), (2026, 11, 27, 9), (2026, 12, 2, 9), None),
    ("C10", "web", "answered", (2026, 11, 26, 8), (2026, 11, 26, 9), (2026, 12, 1, 9),
     (2026, 12, 1, 0, 30)),
]
# fmt: on


@pytest.fixture
def requests_online(office, subject_areas, services):
    """November 2026 online (3 working days; WITA). Hours from the clock's start to the
    answer: C1 26, C2 96 (late), C3 2, C4 48 (reopened on 4 November: first accepted on 20
    October and answered late on the 27th, 168 hours)."""
    made = {
        name: consultation(
            office,
            channel,
            status=status,
            created=wita(*created),
            accepted=wita(*accepted),
            due=wita(*due),
            answered=answered and wita(*answered),
        )
        for name, channel, status, created, accepted, due, answered in CLOCKS
    }
    made["C4"] = reopened(office)
    made["C7"] = consultation(  # spam
        office, "web", created=wita(2026, 11, 25, 8, 0), status="cancelled",
        dismissal=Dismissal.NOT_A_CONSULTATION, closed_at=wita(2026, 11, 25, 9, 0),
        subject_area=None,
    )  # fmt: skip
    ticket = visit(services["K"], joined=wita(2026, 11, 10, 9, 0))
    made["C8"] = consultation(  # answered at the desk: no answer clock, no part of the SLA
        office, "walk_in", created=wita(2026, 11, 10, 9, 10), status="closed", ticket=ticket,
        accepted_at=wita(2026, 11, 10, 9, 10), answered=wita(2026, 11, 10, 9, 10),
        closed_at=wita(2026, 11, 10, 9, 10),
    )  # fmt: skip
    made["C9"] = consultation(office, "web", created=wita(2026, 11, 3, 9, 0), status="draft")
    return made


# -- the figures ------------------------------------------------------------------------------


def test_median_and_90th_percentile_are_exact():
    assert median([4, 1, 3, 2]) == 2.5
    assert median([5, 1, 3]) == 3
    assert p90(list(range(1, 11))) == 9  # nearest rank: the 9th of 10
    assert p90(list(range(1, 21))) == 18
    assert p90([7]) == 7
    assert median([]) is None and p90([]) is None


def test_walk_in_figures_of_a_hand_built_month(office, desk_calls):
    figures = walk_in_figures(office, NOVEMBER)
    total = figures.total
    assert (total.taken, total.served, total.no_shows, total.cancelled, total.closed) == (
        7, 4, 1, 1, 1,
    )  # fmt: skip
    assert figures.referred == 1
    assert total.calls == 6 and total.within_limit == 4
    assert total.compliance_percent == pytest.approx(400 / 6)
    assert total.median_wait == 420  # (300 + 540) / 2
    assert total.p90_wait == 900  # the 6th of 6 by nearest rank
    # The call without a whole wait is left out of it: (60, 120, 300, 600, 900) → 300.
    assert total.calls_without_total_wait == 1
    assert total.median_total_minutes == 5
    by_queue = {row.label: row for row in figures.queues}
    k = by_queue["K Konsultasi Statistik"]
    assert (k.limit_minutes, k.calls, k.within_limit, k.median_wait, k.p90_wait) == (
        10, 5, 4, 300, 900,
    )  # fmt: skip
    assert by_queue["P Perpustakaan"].compliance_percent == 0
    by_desk = {row.label: (row.calls, row.within_limit) for row in figures.desks}
    assert by_desk == {"Meja 2": (2, 2), "Meja 3": (3, 2), "Meja 4": (1, 0)}
    october = walk_in_figures(office, NOVEMBER.previous).total
    assert (october.calls, october.within_limit, october.compliance_percent) == (2, 1, 50)


def test_online_figures_of_a_hand_built_month(office, requests_online):
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        figures = online_figures(office, NOVEMBER)
    received = {row.channel: row.count for row in figures.received}
    assert received == {"walk_in": 1, "web": 4, "whatsapp": 1, "email": 1, "phone": 1}
    assert figures.dismissed == 1
    # C1 C2 C3 C5 C6 C10, and C4's second clock (reopened); C4 was accepted in October
    assert figures.accepted == 7
    assert (figures.answered, figures.in_time, figures.late) == (4, 3, 1)
    assert figures.in_time_percent == 75
    assert figures.reopened == 1
    assert sorted(figures.answer_hours) == [2, 26, 48, 96]
    assert figures.median_answer_hours == 37
    assert figures.p90_answer_hours == 96
    # At midnight of 1 December WITA: C5 (past due), C6, and C10 answered half an hour later.
    assert (figures.open_at_end, figures.past_due_at_end) == (3, 1)
    assert figures.as_of == wita(2026, 12, 1, 0, 0)


def test_the_running_month_counts_open_ones_until_now(office, requests_online):
    with time_machine.travel(wita(2026, 11, 26, 12, 0), tick=False):
        figures = online_figures(office, NOVEMBER)
    # C5 past due since the 25th, C10 accepted at 9.00; C6 not accepted yet.
    assert (figures.open_at_end, figures.past_due_at_end) == (2, 1)
    assert figures.as_of == wita(2026, 11, 26, 12, 0)


def test_the_answer_before_a_reopening_counts_in_its_own_month(office, requests_online):
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        october = online_figures(office, NOVEMBER.previous)
    assert (october.received_total, october.accepted, october.answered) == (1, 1, 1)
    assert (october.in_time, october.late, october.without_verdict) == (0, 1, 0)
    assert october.answer_hours == [168]
    assert october.open_at_end == 0  # answered on the 27th; its second clock ran from 4 Nov


def test_a_reopening_does_not_change_a_month_already_read(
    office, visitor, consultation_officer, subject_areas
):
    # Trial review-sl, 1: the first answer's time and verdict were wiped by the reopening, and
    # October lost its late answer (and November showed an in-time one instead).
    from consultations import lifecycle
    from consultations.models import SubjectArea

    area = SubjectArea.objects.order_by("pk").first()
    data = {"subject_area": area, "topic": "data", "question": "Berapa penduduk 2025?"}
    with time_machine.travel(wita(2026, 10, 20, 9, 0), tick=False):
        asked = lifecycle.consultation_submit(requester=visitor, office=office, data=data)
        lifecycle.consultation_claim(consultation=asked, officer=consultation_officer)
        lifecycle.consultation_accept(consultation=asked, officer=consultation_officer)
    with time_machine.travel(wita(2026, 10, 27, 9, 0), tick=False):  # due on the 23rd
        lifecycle.consultation_answer(consultation=asked, officer=consultation_officer, body="3.1")
    with time_machine.travel(wita(2026, 11, 2, 9, 0), tick=False):
        read_then = online_figures(office, NOVEMBER.previous)
        lifecycle.consultation_reopen(consultation=asked, requester=visitor, reason="Kurang.")
    with time_machine.travel(wita(2026, 11, 3, 9, 0), tick=False):
        lifecycle.consultation_answer(consultation=asked, officer=consultation_officer, body="3.2")
    with time_machine.travel(wita(2026, 12, 5, 9, 0), tick=False):
        read_later = online_figures(office, NOVEMBER.previous)
        november = online_figures(office, NOVEMBER)
    assert (read_then.answered, read_then.late) == (1, 1)
    assert (read_later.accepted, read_later.answered, read_later.late) == (1, 1, 1)
    assert read_later.answer_hours == read_then.answer_hours == [7 * 24]
    assert (november.accepted, november.answered, november.in_time, november.late) == (1, 1, 1, 0)
    assert november.answer_hours == [24]


def test_an_answer_reopened_before_its_due_time_was_kept_has_no_verdict(office, subject_areas):
    # What migration consultations 0017 leaves of an older reopening: the first answer's time
    # (from the history), not its due time.
    reopened(office, first_due_kept=False)
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        october = online_figures(office, NOVEMBER.previous)
    assert (october.answered, october.in_time, october.late, october.without_verdict) == (
        1, 0, 0, 1,
    )  # fmt: skip
    assert october.in_time_percent is None  # no answer of October has a verdict
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        november = online_figures(office, NOVEMBER)
    assert (november.answered, november.in_time, november.in_time_percent) == (1, 1, 100)


def test_the_page_shows_the_month_beside_the_previous_one(
    december, client, supervisor, desk_calls, requests_online
):
    client.force_login(supervisor)
    html = page(client, month="2026-11")
    assert shown(html, "month-shown") == "November 2026"
    assert 'data-testid="month-running"' not in html
    expected = {
        "walk-in-issued": "8", "walk-in-served": "5", "walk-in-no-shows": "1",
        "walk-in-referred": "1", "walk-in-cancelled": "1", "walk-in-calls": "6",
        "walk-in-within": "4", "walk-in-compliance": "66,7 %",
        "walk-in-compliance-previous": "50,0 %", "walk-in-calls-previous": "2",
        "online-received": "8", "online-channel-web": "4", "online-answered": "4",
        "online-in-time": "3", "online-late": "1", "online-in-time-percent": "75,0 %",
        "online-open": "3", "online-past-due": "1", "online-received-previous": "1",
    }  # fmt: skip
    # With C8's ticket (the walk-in consultation): one more taken and served.
    assert {name: shown(html, name) for name in expected} == expected
    assert "7,0" in shown(html, "walk-in-median")  # 420 s
    assert "15,0" in shown(html, "walk-in-p90")
    assert "5,0" in shown(html, "walk-in-median-total")
    assert "37,0" in shown(html, "online-median-hours")
    assert shown(html, "walk-in-without-total").startswith("1 ")
    assert 'data-testid="online-reopened"' in html
    assert html.count('data-testid="sla-desks-row"') == 3


def test_breaches_are_listed_with_the_local_call_time_and_no_personal_data(
    december, client, supervisor, desk_calls
):
    client.force_login(supervisor)
    html = page(client, month="2026-11")
    assert html.count('data-testid="breach"') == 2
    table = shown(html, "breaches")
    # P called at 09.11 WITA on 5 November (01.11 UTC); K after 15 minutes on the 6th.
    assert "P-" in table and "5 Nov 2026, 09.11" in table and "11,0" in table
    assert "6 Nov 2026, 09.15" in table and "Meja 3" in table and "15,0" in table


def test_breaches_come_25_to_a_page(december, client, supervisor, services, desks):
    for minute in range(30):
        visit(services["K"], joined=wita(2026, 11, 2, 8, minute), desk=desks[2], wait=700)
    client.force_login(supervisor)
    first = page(client, month="2026-11")
    second = page(client, month="2026-11", page="2")
    assert first.count('data-testid="breach"') == 25
    assert second.count('data-testid="breach"') == 5


def test_a_call_at_23_30_wita_on_the_last_day_belongs_to_that_month(
    client, office, services, desks, supervisor, front_office
):
    """Through the queue's own services, the office open round the clock that weekend."""
    for weekday in (5, 6):  # 31 October 2026 is a Saturday
        OpeningHours.objects.update_or_create(
            office=office, weekday=weekday,
            defaults={"opens_at": dt.time(0, 0), "closes_at": dt.time(23, 59)},
        )  # fmt: skip
    with time_machine.travel(wita(2026, 10, 31, 23, 20), tick=False):
        ticket = queue.ticket_issue(office=office, service=services["P"])
    with time_machine.travel(wita(2026, 10, 31, 23, 30), tick=False):  # 15.30 UTC
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    with time_machine.travel(wita(2026, 11, 1, 0, 10), tick=False):  # 31 October 16.10 UTC
        ticket = queue.ticket_issue(office=office, service=services["P"])
    assert walk_in_figures(office, NOVEMBER.previous).total.calls == 1
    november = walk_in_figures(office, NOVEMBER).total
    assert (november.taken, november.calls) == (1, 0)


def test_an_office_in_wib_counts_its_own_midnight(db):
    office = OfficeFactory(code="3171", time_zone="Asia/Jakarta")
    service = ServiceFactory(office=office, prefix="K")
    desk = DeskFactory(office=office, number=2, name="Meja 2")
    wib = office.zoneinfo
    # 23.50 WIB on 30 November is 00.50 WITA on 1 December: November in Jakarta.
    visit(service, joined=dt.datetime(2026, 11, 30, 23, 40, tzinfo=wib), desk=desk, wait=600)
    visit(service, joined=dt.datetime(2026, 12, 1, 0, 5, tzinfo=wib), desk=desk, wait=60)
    assert walk_in_figures(office, NOVEMBER).total.calls == 1
    consultation(
        office, "web", created=dt.datetime(2026, 11, 30, 23, 30, tzinfo=wib), status="answered",
        accepted=dt.datetime(2026, 11, 30, 23, 45, tzinfo=wib),
        due=dt.datetime(2026, 12, 4, 7, 30, tzinfo=wib),
        answered=dt.datetime(2026, 11, 30, 23, 55, tzinfo=wib),
    )  # fmt: skip
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        figures = online_figures(office, NOVEMBER)
    assert (figures.received_total, figures.accepted, figures.answered) == (1, 1, 1)


def test_an_empty_month_says_so(december, client, supervisor, desk_calls):
    client.force_login(supervisor)
    html = page(client, month="2026-08")
    assert 'data-testid="walk-in-empty"' in html and 'data-testid="online-empty"' in html
    assert 'data-testid="walk-in-figures"' not in html


def test_the_running_month_says_it_is_not_complete(client, supervisor, desk_calls, clock):
    client.force_login(supervisor)
    html = page(client)  # the clock: 23 November 2026
    assert shown(html, "month-shown") == "November 2026"
    assert "23 November 2026, 09.00" in shown(html, "month-running")
    assert 'data-testid="month-next"' not in html


def test_a_month_not_begun_shows_nothing(client, supervisor, desk_calls, clock):
    client.force_login(supervisor)
    html = page(client, month="2027-01")
    assert 'data-testid="month-not-begun"' in html
    assert 'data-testid="walk-in-figures"' not in html


def test_the_tabs_lead_between_the_two_reports_keeping_the_month(client, supervisor, clock):
    client.force_login(supervisor)
    html = page(client, month="2026-10")
    assert 'href="/supervisor/?month=2026-10" data-testid="tab-ikm"' in html
    ikm = client.get("/supervisor/", {"month": "2026-10"}).content.decode()
    assert 'href="/supervisor/service-levels/?month=2026-10" data-testid="tab-service-levels"' in (
        ikm
    )


# -- who may see it -----------------------------------------------------------------------------

EXPORTS = ["calls.csv", "calls.xlsx", "consultations.csv", "consultations.xlsx"]
# Every page of a month's figures and its exports: one access rule (supervised_office_for_user).
MONTH_PAGES = [URL + path for path in ["", *EXPORTS]] + [
    f"/supervisor/complaints/{path}" for path in ["", "complaints.csv", "complaints.xlsx"]
]


def test_the_url_is_named(client):
    assert reverse("supervisor_service_levels") == URL


@pytest.mark.parametrize("path", MONTH_PAGES)
def test_anonymous_is_sent_to_sign_in(client, office, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("path", MONTH_PAGES)
@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_everyone_but_a_supervisor_is_refused(client, desk_calls, persona, path, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(path, {"month": "2026-11"}).status_code == 403


@pytest.mark.parametrize("path", ["", *EXPORTS])
def test_a_supervisor_of_another_office_naming_ours_is_refused(
    client, desk_calls, other_office, path
):
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    assert client.get(URL + path, {"month": "2026-11", "office": "6571"}).status_code == 403
    own = page(client, month="2026-11")
    assert other_office.name in own and 'data-testid="walk-in-empty"' in own


def test_a_superuser_chooses_the_office(december, client, desk_calls, other_office):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = page(client, month="2026-11", office="6571")
    assert shown(html, "walk-in-calls") == "6"
    assert 'name="office" value="6571"' in html and "office=6571&amp;month=2026-10" in html
    assert client.get(URL, {"office": "9999"}).status_code == 404


# -- bad input: a message on the page, never a server error --------------------------------------


@pytest.mark.parametrize(
    "month", ["2026-13", "٢٠٢٦-١١", "２０２６-１１", "99999999-01", "0000-01", "x" * 5000]
)
def test_a_refused_month_is_said_and_shows_no_figures(client, desk_calls, supervisor, month):
    client.force_login(supervisor)
    html = page(client, month=month)
    assert 'data-testid="month-error"' in html and 'data-testid="period-refused"' in html
    assert 'data-testid="walk-in-figures"' not in html


@pytest.mark.parametrize("query", ["month=2026-11%00", "month=%01", "office=%00"])
def test_control_characters_are_a_bad_request(client, desk_calls, supervisor, query):
    client.force_login(supervisor)
    assert client.get(f"{URL}?{query}").status_code == 400
    assert client.get(f"{URL}calls.csv?{query}").status_code == 400


@pytest.mark.parametrize("number", ["abc", "99999999999999999999999", "-1", "٢", "0"])
def test_a_page_number_out_of_range_shows_a_page(december, client, desk_calls, supervisor, number):
    client.force_login(supervisor)
    html = page(client, month="2026-11", page=number)
    assert 'data-testid="breach"' in html


def test_the_office_parameter_takes_no_strange_codes(client, desk_calls, supervisor):
    client.force_login(supervisor)
    for code in (quote("٦٥٧١"), "6" * 5000, "junk"):
        assert client.get(f"{URL}?office={code}").status_code == 403


# -- cost -----------------------------------------------------------------------------------------


def _queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, **query)
    return len(captured.captured_queries)


def test_the_page_costs_the_same_queries_however_many_calls(
    december,
    client,
    supervisor,
    desk_calls,
    requests_online,
    services,
    desks,
    django_assert_num_queries,
):
    client.force_login(supervisor)
    # session, user, office, roles; per month: services, desks, open tickets, events,
    # consultations received, clocked, open at the end, answer times (×2 with October);
    # breaches count and page; the navigation's inbox badge
    with django_assert_num_queries(23):
        page(client, month="2026-11")
    before = _queries(client, month="2026-11")
    for day in range(2, 28):
        visit(services["K"], joined=wita(2026, 11, day, 10, 0), desk=desks[3], wait=800,
              priority=("elderly", "disabled", "pregnant", "")[day % 4])  # fmt: skip
        visit(services["J"], joined=wita(2026, 10, day, 10, 0), desk=desks[4], wait=30)
        consultation(
            services["K"].office, "email", created=wita(2026, 11, day, 8, 0),
            status="answered", accepted=wita(2026, 11, day, 9, 0), due=wita(2026, 11, 30, 9, 0),
            answered=wita(2026, 11, day, 11, 0),
        )  # fmt: skip
    assert _queries(client, month="2026-11") == before


def test_a_call_keeps_the_limit_it_was_judged_by(december, client, supervisor, services, desks):
    # Trial review-sl, 4: a 12-minute wait judged by a 10-minute limit was shown beside the
    # 15 minutes the service has since.
    visit(services["K"], joined=wita(2026, 11, 2, 9, 0), desk=desks[2], wait=720)
    services["K"].sla_minutes = 15
    services["K"].save()
    client.force_login(supervisor)
    html = page(client, month="2026-11")
    breach = shown(html, "breaches")
    assert "12,0 menit" in breach and "10 menit" in breach and "15 menit" not in breach
    k_row = next(row for row in walk_in_figures(services["K"].office, NOVEMBER).queues if row.calls)
    assert k_row.limits_shown == (10, 10)
    visit(services["K"], joined=wita(2026, 11, 3, 9, 0), desk=desks[2], wait=60)
    k_row = next(row for row in walk_in_figures(services["K"].office, NOVEMBER).queues if row.calls)
    assert k_row.limits_shown == (10, 15)


def test_a_share_with_a_breach_never_reads_100_nor_one_without_reads_0():
    # Trial review-sl, 6: 1,999 of 2,000 calls within the limit showed "100,0 %".
    assert share_percent(1999, 2000) == 99.9
    assert share_percent(1, 2000) == 0.1
    assert share_percent(2000, 2000) == 100 and share_percent(0, 5) == 0
    assert share_percent(2, 3) == pytest.approx(200 / 3)


def test_a_share_of_nothing_is_none():
    # As median and p90 of no values: the figures show no share, not 0 % (nor fail).
    assert share_percent(0, 0) is None


def test_counts_are_grouped_by_thousands_in_indonesian():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("id"):
        text = render_to_string(
            "complaints/reports/includes/figure_value.html", {"value": 10400, "unit": "count"}
        )
    assert text.strip() == "10.400"


def test_the_call_service_records_the_limit_of_the_call(issue, desks, front_office):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    [call] = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CALLED)
    assert call.sla_limit_minutes == ticket.service.sla_minutes == 10


def test_reopening_an_answer_given_at_a_visit_before_any_acceptance_changes_no_month_read(
    office, visitor, subject_areas
):
    # Final review, 1: an appointment's answer recorded before any acceptance had no clock;
    # reopening it made October count an acceptance and an answer without a verdict.
    from consultations import lifecycle

    visited = consultation(
        office, "web", created=wita(2026, 10, 19, 9, 0), status="answered", requester=visitor,
        accepted_at=wita(2026, 10, 20, 10, 0), answered=wita(2026, 10, 20, 10, 0),
    )  # fmt: skip
    with time_machine.travel(wita(2026, 10, 21, 9, 0), tick=False):
        read_then = online_figures(office, NOVEMBER.previous)
    with time_machine.travel(wita(2026, 10, 22, 9, 0), tick=False):
        lifecycle.consultation_reopen(consultation=visited, requester=visitor, reason="Kurang.")
    visited.refresh_from_db()
    assert (visited.first_answered_at, visited.first_due_at) == (None, None)
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        read_later = online_figures(office, NOVEMBER.previous)
    assert (read_then.accepted, read_then.answered) == (0, 0)
    # Only the reopening started a clock, on the 22nd; nothing was answered online.
    assert (read_later.accepted, read_later.answered, read_later.without_verdict) == (1, 0, 0)
    assert read_later.answer_hours == []
