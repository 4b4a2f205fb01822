"""The channels the service standard and the office use (trial P, P4): the standard's own
complaint form outside the portal (s.bps.go.id/AduanPST6571), a letter and a visitor at the
desk are recorded as such — not under a wrong channel — and counted apart in the supervisor's
"received per channel" and its export."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.utils import translation

from complaints.handling.models import ComplaintChannel
from complaints.models import Complaint
from complaints.reports.selectors_complaints import complaint_month
from tests.complaints.reports.conftest import complaint, shown, wita
from tests.complaints.reports.test_complaint_report import AFTER_NOVEMBER, NOVEMBER
from tests.complaints.test_complaint_record import URL, record_data

NEW_CHANNELS = ["external_form", "letter", "in_person"]


def test_the_record_form_offers_the_standards_form_a_letter_and_in_person(
    client, front_office, office, category, clock
):
    office.complaint_form_url = "https://s.bps.go.id/AduanPST6571"
    office.save()
    client.force_login(front_office)
    form = client.get(URL).context["form"]
    choices = dict(form.fields["channel"].choices)
    assert set(NEW_CHANNELS) <= set(choices)
    # The external form is named by its address, as the office's page prints it.
    assert "(s.bps.go.id/AduanPST6571)" in str(choices["external_form"])


@pytest.mark.parametrize("channel", NEW_CHANNELS)
def test_each_is_recorded_with_the_time_it_came_in(client, front_office, category, clock, channel):
    client.force_login(front_office)
    # A letter received on Friday and typed on Monday counts from Friday.
    response = client.post(URL, record_data(category, channel=channel))
    assert response.status_code == 302
    made = Complaint.objects.get()
    assert (made.channel, made.received_at) == (channel, wita(2026, 11, 20, 15, 30))


def test_a_channel_that_is_not_recorded_here_is_refused(client, front_office, category, clock):
    client.force_login(front_office)
    for channel in ("web", "survey", "Letter", "in person", "letter\x00"):
        response = client.post(URL, record_data(category, channel=channel))
        assert response.status_code in (200, 400)
    assert not Complaint.objects.exists()


@pytest.fixture
def november_by_channel(office):
    """Received in November 2026: two by the external form, one letter, three in person."""
    received = {"external_form": 2, "letter": 1, "in_person": 3, "phone": 1}
    for channel, count in received.items():
        for day in range(count):
            complaint(office, (2026, 11, 2 + day, 9), (2026, 11, 9 + day, 9), channel=channel)
    return received


def test_the_report_counts_each_channel_apart(client, supervisor, office, november_by_channel):
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        month = complaint_month(office, NOVEMBER)
        counted = {row.channel: row.count for row in month.received if row.count}
        assert counted == november_by_channel
        client.force_login(supervisor)
        html = client.get("/supervisor/complaints/", {"month": "2026-11"}).content.decode()
    for channel, count in november_by_channel.items():
        assert shown(html, f"complaints-channel-{channel}") == str(count)


def test_the_export_names_each_channel(client, supervisor, office, november_by_channel):
    with time_machine.travel(AFTER_NOVEMBER, tick=False):
        client.force_login(supervisor)
        response = client.get("/supervisor/complaints/complaints.csv", {"month": "2026-11"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    _header, *rows = list(csv.reader(io.StringIO(text)))
    with translation.override("id"):
        labels = {channel: str(ComplaintChannel(channel).label) for channel in NEW_CHANNELS}
    column = [row[1] for row in rows]
    for channel in NEW_CHANNELS:
        assert column.count(labels[channel]) == november_by_channel[channel]
