"""An administrator's change of a service strands nobody and keeps the day's numbers unique
(product trial): a service is not switched off while visitors hold its numbers today, and its
letter is not changed while the day's numbering goes on."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from queueing import services as queue
from queueing.models import Service
from tests.admin_pages import admin_form_data


def service_page(client, service) -> tuple[str, dict]:
    url = reverse("admin:queueing_service_change", args=[service.pk])
    return url, admin_form_data(client, url)


def busy_message(count: int, service) -> str:
    with translation.override("id"):
        return escape(
            ngettext(
                "%(count)d visitor holds a number of %(service)s today (waiting or at a "
                "desk): the service stays active until they are served or the day is closed.",
                "%(count)d visitors hold a number of %(service)s today (waiting or at a "
                "desk): the service stays active until they are served or the day is closed.",
                count,
            )
            % {"count": count, "service": service.name}
        )


def letter_message(letter: str) -> str:
    with translation.override("id"):
        return escape(
            gettext(
                "Numbers with the letter %(letter)s were already given today: the letter "
                "can be changed after today's queue is closed, or tomorrow."
            )
            % {"letter": letter}
        )


def test_a_service_is_switched_off_only_once_its_visitors_of_today_are_gone(
    client, administrator, issue, services, desks, front_office
):
    waiting = issue("R")
    called = queue.ticket_call(ticket=issue("R"), desk=desks[1], officer=front_office)
    client.force_login(administrator)
    url, data = service_page(client, services["R"])
    del data["is_active"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert busy_message(2, services["R"]) in response.content.decode()
    assert Service.objects.get(pk=services["R"].pk).is_active
    queue.ticket_cancel(ticket=waiting)  # the visitor went home
    called = queue.ticket_recall(ticket=called, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=called, desk=desks[1], officer=front_office)
    assert client.post(url, data).status_code == 302
    assert not Service.objects.get(pk=services["R"].pk).is_active


def test_a_services_letter_is_changed_only_once_todays_queue_is_closed(
    client, administrator, issue, services, office, clock
):
    issue("R")
    client.force_login(administrator)
    url, data = service_page(client, services["R"])
    data["prefix"] = "S"
    response = client.post(url, data)
    assert response.status_code == 200
    assert letter_message("R") in response.content.decode()
    assert Service.objects.get(pk=services["R"].pk).prefix == "R"
    clock.move_to("2026-11-23 18:00+08:00")  # closed at 16.00, then the grace
    queue.queue_close_day(office=office)
    assert client.post(url, data).status_code == 302
    assert Service.objects.get(pk=services["R"].pk).prefix == "S"


def test_a_letter_given_today_is_not_given_to_another_service(
    client, administrator, issue, services, office
):
    from tests.factories import ServiceFactory

    issue("R")
    fresh = ServiceFactory(office=office, prefix="T", name="Layanan baru")
    # R's own letter changed by the database (no check there): its R-001 stays today's.
    Service.objects.filter(pk=services["R"].pk).update(prefix="S")
    client.force_login(administrator)
    url, data = service_page(client, fresh)
    data["prefix"] = "R"
    response = client.post(url, data)
    assert response.status_code == 200
    assert letter_message("R") in response.content.decode()
    assert Service.objects.get(pk=fresh.pk).prefix == "T"
