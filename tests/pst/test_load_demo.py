import io

import pytest
from django.core.management import call_command

from pst.models import Office, OpeningHours, User
from pst.permissions import Role
from queueing.models import Desk, Service


def run(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_tarakan_with_services_desks_and_hours(settings):
    settings.DEBUG = True
    out = run()
    office = Office.objects.get(code="6571")
    assert office.time_zone == "Asia/Makassar"
    assert office.whatsapp == "0851-8310-6571"
    assert sorted(Service.objects.filter(office=office).values_list("prefix", flat=True)) == [
        "J",
        "K",
        "P",
        "R",
    ]
    assert Desk.objects.filter(office=office).count() == 4
    friday = OpeningHours.objects.get(office=office, weekday=4)
    assert (friday.opens_at.isoformat(), friday.closes_at.isoformat()) == ("07:30:00", "16:30:00")
    assert not OpeningHours.objects.filter(office=office, weekday__in=[5, 6]).exists()
    for role in Role:
        assert User.objects.filter(groups__name=role.value, office=office).exists()
        assert f"{role.label}" in out
    assert "pengguna@demo.pst" in out
    # The office's administrator is kept to the office; one superuser, of no office.
    admin = User.objects.get(email="admin@demo.pst")
    assert admin.is_staff and not admin.is_superuser and admin.office == office
    (superuser,) = User.objects.filter(is_superuser=True)
    assert superuser.is_staff and superuser.office is None


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    run()
    counts = (
        Office.objects.count(),
        Service.objects.count(),
        Desk.objects.count(),
        User.objects.count(),
        OpeningHours.objects.count(),
    )
    run()
    assert counts == (
        Office.objects.count(),
        Service.objects.count(),
        Desk.objects.count(),
        User.objects.count(),
        OpeningHours.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_creates_no_accounts_in_production(settings):
    settings.DEBUG = False
    out = run()
    assert Office.objects.filter(code="6571").exists()
    assert not User.objects.exists()
    assert "not created in production" in out


@pytest.mark.django_db
def test_the_demo_boards_running_text_holds_no_opening_hours(settings):
    # Trial 2, item 11: the seeded text scrolled the old hours after the admin changed them.
    settings.DEBUG = True
    run()
    message = Office.objects.get(code="6571").display_message
    assert message and not any(hour in message for hour in ("07.30", "16.00", "16.30"))
