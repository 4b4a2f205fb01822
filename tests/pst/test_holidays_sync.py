import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from pst.models import Holiday, HolidayKind, HolidaySource


@pytest.mark.django_db
def test_sync_fills_national_holidays_and_cuti_bersama_with_indonesian_names(capsys):
    call_command("sync_holidays", "--years", "2025", "2027")
    assert Holiday.objects.filter(date__year=2025).exists()
    assert Holiday.objects.filter(date__year=2027).exists()
    assert Holiday.objects.filter(date__year=2026).exists()  # the range is inclusive
    nyepi = Holiday.objects.get(date=dt.date(2026, 3, 19))
    assert (nyepi.name, nyepi.kind) == ("Hari Suci Nyepi", HolidayKind.NATIONAL)
    cuti = Holiday.objects.get(date=dt.date(2026, 3, 23))
    assert (cuti.name, cuti.kind) == ("Cuti Bersama Hari Raya Idul Fitri", HolidayKind.CUTI_BERSAMA)
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_sync_is_idempotent():
    call_command("sync_holidays", "--years", "2026")
    count = Holiday.objects.count()
    call_command("sync_holidays", "--years", "2026")
    assert Holiday.objects.count() == count


@pytest.mark.django_db
def test_sync_keeps_what_an_administrator_changed():
    call_command("sync_holidays", "--years", "2026")
    day = Holiday.objects.get(date=dt.date(2026, 5, 15))
    day.name = "Cuti bersama (diubah)"
    day.source = HolidaySource.MANUAL
    day.save()
    call_command("sync_holidays", "--years", "2026")
    day.refresh_from_db()
    assert day.name == "Cuti bersama (diubah)"


@pytest.mark.django_db
def test_a_synced_day_no_longer_listed_is_opened_not_deleted():
    stale = Holiday.objects.create(
        date=dt.date(2026, 6, 2),
        name="Dibatalkan",
        kind=HolidayKind.CUTI_BERSAMA,
        source=HolidaySource.SYNC,
    )
    call_command("sync_holidays", "--years", "2026")
    stale.refresh_from_db()
    assert stale.is_closed is False


@pytest.mark.django_db
@pytest.mark.parametrize("years", [["2027", "2025"], ["1990"], ["2025", "2026", "2027"]])
def test_sync_refuses_bad_years(years):
    with pytest.raises(CommandError):
        call_command("sync_holidays", "--years", *years)
    assert not Holiday.objects.exists()
