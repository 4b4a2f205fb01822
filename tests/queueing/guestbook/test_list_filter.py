"""The guestbook list's filter (product trial G, G9): a refused value is said under its field
and stays in it; a refused period shows no visits rather than another period's; the export
sends the filter back as typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pst.models import AccessKind, PersonalDataAccess
from tests.queueing.guestbook.test_guestbook import entries  # noqa: F401 (three visits)


@pytest.fixture
def signed_in(client, entries, front_office):  # noqa: F811
    client.force_login(front_office)
    return client


def field_error(html: str, name: str) -> str | None:
    """The text of the error element the field's aria-describedby names, if the page has it."""
    match = re.search(rf'<div[^>]*id="id_{name}_error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else None


def test_a_date_that_does_not_exist_is_said_under_its_field_and_kept(signed_in):
    response = signed_in.get(reverse("guestbook"), {"date_from": "2026-02-30"})
    html = response.content.decode()
    form = response.context["form"]
    assert form.has_error("date_from", "invalid")
    assert 'aria-describedby="id_date_from_error"' in html
    assert field_error(html, "date_from")
    assert 'value="2026-02-30"' in html


def test_a_refused_period_shows_no_visits_rather_than_today(signed_in):
    # Without a filter: today, in the boxes too.
    html = signed_in.get(reverse("guestbook")).content.decode()
    assert 'name="date_from" value="2026-11-23"' in html and "Rina Wulandari" in html
    PersonalDataAccess.objects.all().delete()
    for period in (
        {"date_from": "2026-02-30"},
        {"date_from": "2026-11-23", "date_to": "2026-11-01"},  # the end before the start
    ):
        response = signed_in.get(reverse("guestbook"), period)
        html = response.content.decode()
        assert response.context["page"].paginator.count == 0
        assert "Rina Wulandari" not in html  # today's visitor
        assert 'data-testid="guestbook-no-period"' in html
        assert 'data-testid="export-csv"' not in html
    # Nobody's data was shown: no look is logged.
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.VIEW_LIST).exists()


def test_a_refused_service_is_said_under_its_field_and_the_other_filters_hold(
    signed_in, other_office
):
    from tests.factories import ServiceFactory

    elsewhere = ServiceFactory(office=other_office, prefix="X")
    for value in ("abc", str(elsewhere.pk)):
        response = signed_in.get(
            reverse("guestbook"), {"service": value, "institution_category": "private"}
        )
        html = response.content.decode()
        assert response.context["form"].has_error("service", "invalid_choice")
        assert 'aria-describedby="id_service_error"' in html
        assert field_error(html, "service")
        # Today's period and the category still hold: Budi only.
        assert "Budi Santoso" in html and "Rina Wulandari" not in html


def test_an_export_with_a_refused_filter_goes_back_to_the_list_with_the_filter_as_typed(
    signed_in,
):
    query = {"date_from": "2026-02-30", "date_to": "2026-11-23", "name": "rina"}
    response = signed_in.get(reverse("guestbook_export", args=["csv"]), query)
    assert response.status_code == 302
    assert response.url.startswith(reverse("guestbook") + "?")
    page = signed_in.get(response.url)
    html = page.content.decode()
    assert field_error(html, "date_from")
    assert 'value="2026-02-30"' in html and 'value="rina"' in html
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()
