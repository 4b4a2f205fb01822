"""What people look for and do not find: the insights page of an office's officers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations.knowledge import search_log
from consultations.knowledge.models import SearchLog
from tests.conftest import MONDAY_9, WITA
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged(office, query, results, *, at, consultation=None):
    log = search_log.search_log_record(office=office, query=query, result_count=results, user=None)
    SearchLog.objects.filter(pk=log.pk).update(searched_at=at)
    if consultation is not None:
        search_log.search_log_mark_consultation(log_id=log.pk, consultation=consultation)
    return log


def test_top_queries_without_result_and_followed_by_a_consultation(
    client, clock, office, other_office, consultation_officer, web_consultation
):
    now = MONDAY_9
    for _ in range(3):
        logged(office, "ekspor kayu olahan", 0, at=now - dt.timedelta(days=2))
    logged(office, "Ekspor  kayu olahan", 0, at=now - dt.timedelta(hours=1))  # same, normalised
    logged(office, "harga tiket kapal", 0, at=now - dt.timedelta(days=5))
    logged(office, "inflasi", 4, at=now - dt.timedelta(days=1), consultation=web_consultation)
    logged(office, "sebelum periode", 0, at=now - dt.timedelta(days=31))
    logged(other_office, "kantor lain", 0, at=now - dt.timedelta(days=1))

    client.force_login(consultation_officer)
    response = client.get(reverse("kb_insights"))
    assert response.status_code == 200
    insights = response.context["insights"]
    assert [(row["query"], row["times"]) for row in insights.top_without_result] == [
        ("ekspor kayu olahan", 4),
        ("harga tiket kapal", 1),
    ]
    assert [row["query"] for row in insights.top_followed_by_consultation] == ["inflasi"]
    assert (insights.searches, insights.without_result, insights.followed_by_consultation) == (
        6,
        5,
        1,
    )
    assert "kantor lain" not in response.content.decode()


def test_searches_with_no_word_are_counted_but_not_listed(client, clock, office, supervisor):
    # Product trial F: a scanner's "\ufffd\ufffd", "../../etc/passwd", "0" topped the list.
    for junk in ("\ufffd\ufffd", "../..", "0", "١٢٣", "ekspor kayu"):
        logged(office, junk, 0, at=MONDAY_9 - dt.timedelta(hours=1))
    client.force_login(supervisor)
    insights = client.get(reverse("kb_insights")).context["insights"]
    assert [row["query"] for row in insights.top_without_result] == ["ekspor kayu"]
    assert insights.searches == 5


def test_the_period_starts_at_midnight_office_time(client, clock, office, supervisor):
    # 30 days back from Monday 23 November: from Saturday 25 October 00:00 WITA.
    start = dt.datetime(2026, 10, 25, 0, 0, tzinfo=WITA)
    logged(office, "tepat di awal", 0, at=start)
    logged(office, "sedetik sebelumnya", 0, at=start - dt.timedelta(seconds=1))
    client.force_login(supervisor)
    insights = client.get(reverse("kb_insights")).context["insights"]
    assert [row["query"] for row in insights.top_without_result] == ["tepat di awal"]
    week = client.get(reverse("kb_insights"), {"days": "7"}).context["insights"]
    assert week.searches == 0
    # An unknown period (or Arabic-Indic digits) falls back to 30 days, never a 500.
    for days in ("٧", "365", "-1", "x", "9" * 400):
        response = client.get(reverse("kb_insights"), {"days": days})
        assert response.status_code == 200
        assert response.context["days"] == 30


def test_the_insights_page_has_a_fixed_query_budget(
    client, clock, office, consultation_officer, django_assert_num_queries
):
    for n in range(30):
        logged(office, f"pertanyaan {n % 7}", 0, at=MONDAY_9 - dt.timedelta(hours=n))
    client.force_login(consultation_officer)
    client.get(reverse("kb_insights"))
    # session, user, roles; office; totals, two top lists
    with django_assert_num_queries(8):  # 7 + the navigation's inbox count
        client.get(reverse("kb_insights"))


def test_a_superuser_names_the_office(client, clock, office):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("kb_insights"), {"office": office.code})
    assert response.status_code == 200
    assert response.context["office"] == office


def test_a_superuser_sees_the_searches_made_without_an_office(
    client, clock, office, other_office, supervisor
):
    # Trial 2, item 7: with several offices, the plain /kb/ link logs searches for no office,
    # and no page showed them.
    logged(None, "sensus ekonomi", 0, at=MONDAY_9 - dt.timedelta(hours=2))
    logged(office, "inflasi", 3, at=MONDAY_9 - dt.timedelta(hours=2))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.get(reverse("kb_insights"), {"office": "none", "days": "7"})
    assert response.status_code == 200
    assert response.context["insights"].searches == 1
    html = response.content.decode()
    assert "sensus ekonomi" in html and "inflasi" not in html
    assert "?days=30&office=none" in html.replace("&amp;", "&")
    # Only a superuser: an office's supervisor reads their own office, whatever the address.
    client.force_login(supervisor)
    own = client.get(reverse("kb_insights"), {"office": "none"})
    assert own.status_code == 200 and own.context["office"] == office
    assert own.context["insights"].searches == 1 and "sensus ekonomi" not in own.content.decode()
