"""The personal-data access log's retention (trial S1): ACCESS_LOG_RETENTION_DAYS, by default a
year longer than the guestbook's, after which `purge_personal_data` deletes a row of the log —
only those older, of every office and of none, once (a second run deletes nothing); a system
check warns of a log kept shorter than the data it records looks at."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from pst.checks import access_log_retention_check
from pst.models import AccessKind, PersonalDataAccess

NOW = dt.datetime(2029, 6, 1, 2, 45, tzinfo=dt.UTC)


def look(user, office, at) -> PersonalDataAccess:
    return PersonalDataAccess.objects.create(
        user=user, office=office, at=at, kind=AccessKind.VIEW_DETAIL, subject="guestbook entry 5"
    )


def test_the_default_keeps_the_log_a_year_longer_than_the_guestbook():
    from pst import settings as project_settings

    assert project_settings.ACCESS_LOG_RETENTION_DAYS == (
        project_settings.GUESTBOOK_RETENTION_DAYS + 365
    )


def test_the_purge_deletes_only_rows_older_than_the_retention_once(
    settings, office, other_office, front_office, other_office_officer, capsys
):
    settings.ACCESS_LOG_RETENTION_DAYS = 1095
    edge = NOW - dt.timedelta(days=1095)
    old = [
        look(front_office, office, edge - dt.timedelta(seconds=1)),
        look(other_office_officer, other_office, edge - dt.timedelta(days=400)),
        look(front_office, None, edge - dt.timedelta(days=1)),  # an account read in the admin
    ]
    kept = [
        look(front_office, office, edge),
        look(front_office, office, edge + dt.timedelta(days=1)),
        look(other_office_officer, other_office, NOW - dt.timedelta(days=1)),
    ]
    with time_machine.travel(NOW, tick=False):
        call_command("purge_personal_data")
        assert "3 access-log row(s) older than 1095 days deleted" in capsys.readouterr().out
        assert set(PersonalDataAccess.objects.values_list("pk", flat=True)) == {
            row.pk for row in kept
        }
        call_command("purge_personal_data")  # idempotent: nothing more to delete, nothing said
        assert capsys.readouterr() == ("", "")
    assert PersonalDataAccess.objects.count() == 3
    assert not PersonalDataAccess.objects.filter(pk__in=[row.pk for row in old]).exists()


def test_the_guestbook_days_option_leaves_the_log_to_its_own_setting(
    settings, office, front_office
):
    settings.ACCESS_LOG_RETENTION_DAYS = 1095
    row = look(front_office, office, NOW - dt.timedelta(days=100))
    with time_machine.travel(NOW, tick=False):
        call_command("purge_personal_data", "--days", "30", "-v", "0")
    assert PersonalDataAccess.objects.filter(pk=row.pk).exists()


def test_a_retention_under_a_day_is_refused(settings, db):
    settings.ACCESS_LOG_RETENTION_DAYS = 0
    with pytest.raises(Exception, match="ACCESS_LOG_RETENTION_DAYS must be at least one day"):
        call_command("purge_personal_data")


def test_a_log_kept_shorter_than_the_guestbook_is_warned_of(settings):
    settings.GUESTBOOK_RETENTION_DAYS = 730
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    assert access_log_retention_check() == []
    settings.ACCESS_LOG_RETENTION_DAYS = 365
    (warning,) = access_log_retention_check()
    assert warning.id == "pst.W002"
    assert "ACCESS_LOG_RETENTION_DAYS (365) is shorter than GUESTBOOK_RETENTION_DAYS" in warning.msg
