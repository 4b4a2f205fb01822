"""An administrator who takes a role away from, or deactivates, an officer is told what that
leaves behind: the visitor at their desk, the consultations they held (trial E)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations import lifecycle
from pst.permissions import Role
from queueing import services as queue
from queueing.desks import desk_take


def change(client, user, **changes):
    page = client.get(reverse("admin:pst_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
        and key not in {"is_superuser", "last_login", "date_joined", "email_verified_at"}
    }  # fmt: skip
    data["groups"] = [g.pk for g in user.groups.all()]
    data["is_active"] = "on"
    data.pop("is_staff", None)
    data |= changes
    return client.post(
        reverse("admin:pst_user_change", args=[user.pk]),
        {k: v for k, v in data.items() if v is not None},
        follow=True,
    )


@pytest.fixture
def busy_officer(issue, desks, services, front_office, consultation_officer, submitted):
    lifecycle.consultation_claim(consultation=submitted, officer=consultation_officer)
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    desk_take(desk=desks[3], officer=consultation_officer)
    ticket = queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[3], officer=consultation_officer)
    return consultation_officer


@pytest.mark.parametrize(
    "changes",
    [
        {"groups": []},  # the role taken away
        {"is_active": None},  # the account deactivated
    ],
)
def test_the_administrator_is_told_what_the_officer_leaves_behind(
    client, administrator, busy_officer, changes
):
    client.force_login(administrator)
    response = change(client, busy_officer, **changes)
    told = [str(m) for m in response.context["messages"]]
    assert any("K-001 di Meja 3" in text for text in told), told
    assert any("1 konsultasi terbuka" in text for text in told), told


def test_a_change_that_keeps_the_officer_at_work_warns_of_nothing(
    client, administrator, busy_officer
):
    client.force_login(administrator)
    response = change(client, busy_officer, full_name="Nama Baru Petugas")
    told = [str(m) for m in response.context["messages"]]
    assert not any("Meja 3" in text or "konsultasi terbuka" in text for text in told)
    assert (
        Group.objects.get(name=Role.CONSULTATION_OFFICER)
        .user_set.filter(pk=busy_officer.pk)
        .exists()
    )


def test_a_superuser_moving_the_officer_to_another_office_is_told_too(
    admin_client, busy_officer, other_office
):
    response = change(admin_client, busy_officer, office=other_office.pk)
    told = [str(m) for m in response.context["messages"]]
    assert any("K-001 di Meja 3" in text for text in told), told
    assert any("1 konsultasi terbuka" in text for text in told), told
