"""What the data generators (`generate.py`, `generate_online.py`) share: the database session of
a bulk load, the bench offices and accounts, COPY of rows into a model's table, and fresh
planner statistics at the end. Import after `benchenv.django_setup()`."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterable

from benchenv import PASSWORD
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models

from pst.models import Office, TimeZone, User
from pst.permissions import Role

ZONES = [TimeZone.WIB, TimeZone.WITA, TimeZone.WIT]


def bulk_session(script: str) -> str:
    """Refuse anything but PostgreSQL, commit without waiting for the disk (a crash only means
    running again), and return the bench accounts' password hash (hashed once, shared)."""
    if connection.vendor != "postgresql":
        raise SystemExit(f"{script} writes benchmark data: set DATABASE_URL to PostgreSQL.")
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    return make_password(PASSWORD)


def bench_office(code: str, index: int, label: str, **extra) -> Office:
    """Office `code`, the index-th of its generator (time zones WIB, WITA, WIT in turn)."""
    office, _ = Office.objects.get_or_create(
        code=code,
        defaults={
            "name": f"BPS Bench {label}{code}",
            "province": "Benchmark",
            "address": f"Jl. Benchmark {label}No. {index + 1}",
            "time_zone": ZONES[index % len(ZONES)],
            **extra,
        },
    )
    return office


def bench_account(
    email: str, full_name: str, office: Office, role: Role, password_hash: str
) -> User:
    """A verified staff account of `office` in `role`'s group (kept if it exists)."""
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "office": office,
            "password": password_hash,
            "email_verified_at": office.created_at,
        },
    )
    user.groups.set([Group.objects.get(name=role.value)])
    return user


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """COPY `rows` (field attname → value; missing ones take the field's default) into the
    model's table, then move its id sequence past them; returns how many."""
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [row[n] if n in row else defaults[n] for n in names]
                # Choices members as their values (psycopg would write an Enum's name).
                copy.write_row([v.value if isinstance(v, enum.Enum) else v for v in values])
                count += 1
    reset_sequence(model)
    return count


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table  # a model's table name, not input
    last = f"(SELECT MAX(id) FROM {table})"  # noqa: S608
    sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})"
    with connection.cursor() as cursor:
        cursor.execute(sql)


def analyze(*tables: type[models.Model]) -> None:
    """Fresh planner statistics for the benchmark: VACUUM ANALYZE of the tables COPY filled,
    ANALYZE of the whole database without them."""
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        for model in tables:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def log(start: float, text: str) -> None:
    print(f"{time.monotonic() - start:7.1f}s  {text}", flush=True)
