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


@pytest.mark.django_db
def test_the_sync_reports_per_year_what_the_package_lists(capsys):
    call_command("sync_holidays", "--years", "2026")
    captured = capsys.readouterr()
    assert "2026: 17 national holidays, 8 cuti bersama, 0 estimated dates." in captured.out
    assert captured.err == ""  # a year the SKB is in, no estimate: nothing to warn of


@pytest.mark.django_db
def test_a_year_without_cuti_bersama_or_with_estimated_dates_is_warned_of_on_stderr(capsys):
    # Product trial O, O4: the cron of Mon 6 Dec 2027 learnt no cuti bersama of 2028 and
    # stored the package's guesses of Idul Fitri and others without a word.
    call_command("sync_holidays", "--years", "2027", "2028")  # no CommandError: exit code 0
    captured = capsys.readouterr()
    assert "2028: 17 national holidays, 0 cuti bersama, 8 estimated dates." in captured.out
    warnings = [line for line in captured.err.splitlines() if line.startswith("WARNING: ")]
    (no_cuti,) = [line for line in warnings if "has no cuti bersama" in line]
    assert no_cuti.startswith("WARNING: 2028 has no cuti bersama in the holidays 0.109 package")
    assert "newer release" in no_cuti and "once the government's SKB is published" in no_cuti
    (estimates,) = [line for line in warnings if line.startswith("WARNING: 2028: 8 dates")]
    assert "Hari Raya Idul Fitri (perkiraan)" in estimates
    # 2027 has its cuti bersama, but Idul Fitri and Idul Adha are estimates too.
    assert [line for line in warnings if line.startswith("WARNING: 2027: 3 dates")]
    assert not [line for line in warnings if line.startswith("WARNING: 2027 has no cuti")]
    assert Holiday.objects.filter(date__year=2028, kind=HolidayKind.CUTI_BERSAMA).count() == 0
