"""pst.0012 puts what the old rules let in within the new bounds before adding its database
checks, so `migrate` never stops on a real office's data and keeps what can be kept (review
R3: the migration was tried by hand only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import migrate_to, migrate_to_latest

BEFORE = [("pst", "0011_field_labels")]


@pytest.mark.django_db(transaction=True)
def test_the_bounds_migration_fixes_stored_rows_before_checking_them():
    try:
        migrate_to(BEFORE)
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        Office = apps.get_model("pst", "Office")
        Holiday = apps.get_model("pst", "Holiday")

        def office(code: str, **extra):
            return Office.objects.create(
                code=code, name=f"BPS {code}", address="Jl. Contoh", **extra
            ).pk

        tarakan = office("6571", online_sla_working_days=0)
        arabic = office("٩٤٧١", online_sla_working_days=32767)  # 9471, free
        impostor = office("６５７１")  # 6571, taken
        Holiday.objects.create(date=dt.date(9999, 6, 1), name="Salah ketik", kind="local")
        Holiday.objects.create(date=dt.date(2026, 12, 25), name="Natal", kind="national")
        migrate_to([("pst", "0012_office_and_holiday_bounds")])
    finally:
        if (
            MigrationExecutor(connection).loader.applied_migrations.get(
                ("pst", "0012_office_and_holiday_bounds")
            )
            is None
        ):
            # The migration failed on these rows: without them the database goes forward
            # again, whole, for the tests after this one (review).
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM pst_holiday")
                cursor.execute("DELETE FROM pst_office")
        migrate_to_latest()

    from pst.models import Holiday as NowHoliday
    from pst.models import Office as NowOffice

    codes = dict(NowOffice.objects.values_list("pk", "code"))
    assert codes[tarakan] == "6571"
    assert codes[arabic] == "9471"
    assert codes[impostor] == "9999"  # a free code no BPS office has; the superuser sets it
    days = dict(NowOffice.objects.values_list("pk", "online_sla_working_days"))
    assert (days[tarakan], days[arabic]) == (1, 30)
    assert list(NowHoliday.objects.values_list("name", flat=True)) == ["Natal"]
