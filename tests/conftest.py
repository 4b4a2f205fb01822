"""Shared fixtures: the people of DESIGN.md §1 in BPS Kota Tarakan and in another office, its
services and desks, a frozen clock (`clock`), tickets on demand (`issue`), an officer seated
at a desk (`seat`), and the `postgres_only` marker for what needs real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pst.permissions import Role
from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from queueing.guestbook import services as guestbook
from queueing.models import DeskKind
from tests.factories import DeskFactory, OfficeFactory, ServiceFactory, UserFactory


@pytest.fixture
def office(db):
    return OfficeFactory(code="6571", name="BPS Kota Tarakan", time_zone="Asia/Makassar")


@pytest.fixture
def other_office(db):
    return OfficeFactory(code="6501", name="BPS Kabupaten Malinau", time_zone="Asia/Makassar")


@pytest.fixture
def visitor(db):
    """A registered online user with a verified address."""
    return UserFactory(email="pengguna@example.org", full_name="Siti Pengguna")


@pytest.fixture
def front_office(office):
    return UserFactory(email="fo@example.org", office=office, roles=[Role.FRONT_OFFICE])


@pytest.fixture
def consultation_officer(office):
    return UserFactory(
        email="konsultasi@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )


@pytest.fixture
def supervisor(office):
    return UserFactory(email="kepala@example.org", office=office, roles=[Role.SUPERVISOR])


@pytest.fixture
def administrator(office):
    return UserFactory(
        email="admin@example.org", office=office, roles=[Role.ADMINISTRATOR], is_staff=True
    )


@pytest.fixture
def other_office_officer(other_office):
    return UserFactory(
        email="fo-malinau@example.org", office=other_office, roles=[Role.FRONT_OFFICE]
    )


@pytest.fixture
def other_office_administrator(other_office):
    return UserFactory(
        email="admin-malinau@example.org",
        office=other_office,
        roles=[Role.ADMINISTRATOR],
        is_staff=True,
    )


# -- the walk-in set-up of load_demo: services K/P/J/R and desks 1 (front office) to 4 --


@pytest.fixture
def services(office):
    return {
        prefix: ServiceFactory(office=office, prefix=prefix, name=name, sort_order=i)
        for i, (prefix, name) in enumerate(
            [
                ("K", "Konsultasi Statistik"),
                ("P", "Perpustakaan"),
                ("J", "Penjualan Produk Statistik"),
                ("R", "Rekomendasi Kegiatan Statistik"),
            ]
        )
    }


@pytest.fixture
def desks(office, services):
    front = DeskFactory(office=office, number=1, name="Front Office", kind=DeskKind.FRONT_OFFICE)
    front.services.set(services.values())
    meja2 = DeskFactory(office=office, number=2, name="Meja 2")
    meja2.services.set([services["K"], services["R"]])
    meja3 = DeskFactory(office=office, number=3, name="Meja 3")
    meja3.services.set([services["K"]])
    meja4 = DeskFactory(office=office, number=4, name="Meja 4")
    meja4.services.set([services["P"], services["J"]])
    return {1: front, 2: meja2, 3: meja3, 4: meja4}


WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL; `make test` in CI runs it)")


@pytest.fixture
def clock():
    """Frozen at Monday 23 November 2026 09:00 WITA; `clock.shift(seconds)` moves it."""
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def issue(office, services, desks, clock):
    """`issue("K")` takes a ticket of that service at the kiosk, now."""

    def make(prefix: str = "K", priority: str = ""):
        return queue.ticket_issue(office=office, service=services[prefix], priority=priority)

    return make


@pytest.fixture
def seat():
    """`seat(client, desk)`: the signed-in officer of `client` works at `desk`, as after
    choosing it on the console."""

    def put(client, desk):
        session = client.session
        session[DESK_SESSION_KEY] = desk.pk
        session.save()
        return client

    return put


@pytest.fixture(autouse=True)
def _recall_at_once(settings):
    """Tests call a ticket and call it again at the same frozen moment; the interval "Call
    again" waits for (RECALL_MIN_SECONDS) is tested on its own (test_recall_interval.py)."""
    settings.RECALL_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles live in the cache, today's hours in each worker's own: each test starts with
    both empty."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


# A Redis of the test's own: a database number no installation uses by default and a key prefix
# per test, so parallel runs and other programs on the same server are never touched.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings, db):
    """The caches production shares between gunicorn workers: the database table and Redis.
    Throttle and lockout tests take this fixture and run once with each. Redis must answer:
    an unreachable server fails the test (`make test` starts one: scripts/ensure-redis); it is
    never skipped."""
    from django.core.cache import cache
    from django.core.management import call_command

    if request.param == "database":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "pst_test_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
        yield request.param
        return
    prefix = f"pst-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = cache._cache.get_client(write=True)
    try:
        client.ping()
    except Exception as error:  # whatever keeps Redis from answering fails the test
        pytest.fail(f"Redis at {TEST_REDIS_URL} is not answering ({error}): start redis-server")
    yield request.param
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, which it drops at the end: a connection still held by a
    live-server or worker thread of some test would make PostgreSQL refuse the drop (and
    leave the database behind), so close those sessions first."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def subject_areas(transactional_db):
    """The BPS subject list comes from a data migration, which a transactional test before
    this one may have flushed away: put it back."""
    import importlib

    from django.apps import apps

    from consultations.models import SubjectArea

    if not SubjectArea.objects.exists():
        migration = importlib.import_module("consultations.migrations.0002_subject_areas")
        migration.add_subjects(apps, None)


@pytest.fixture
def complaint_categories(transactional_db):
    """The national complaint categories come from a data migration too: put them back."""
    import importlib

    from django.apps import apps

    from complaints.models import ComplaintCategory

    if not ComplaintCategory.objects.exists():
        migration = importlib.import_module("complaints.migrations.0002_complaints")
        migration.add_categories(apps, None)


@pytest.fixture(autouse=True)
def _subject_areas_after_a_flush(request):
    # Every transactional test gets the subject list (and the complaint categories) back,
    # whatever ran before it.
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("subject_areas")
        request.getfixturevalue("complaint_categories")


@pytest.fixture
def walk_in(issue, desks, services, front_office, consultation_officer, client, seat):
    """`walk_in(check_in)`: K-001 called at the front office, `check_in(ticket)` there (the
    guestbook, or sending it on without one), then served at Meja 2 by the consultation
    officer signed in on `client`."""

    def serve(check_in):
        services["K"].records_consultations = True
        services["K"].save()
        ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
        check_in(ticket)
        ticket = queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
        ticket = queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
        client.force_login(consultation_officer)
        seat(client, desks[2])
        return ticket

    return serve


@pytest.fixture
def without_guestbook(walk_in, desks, services, front_office):
    """K-001 sent on by the front office without a guestbook entry, served at Meja 2."""
    return walk_in(
        lambda ticket: queue.ticket_transfer(
            ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
            without_guestbook=True,
        )
    )  # fmt: skip


WALK_IN_GUEST = {
    "name": "Rina Wulandari", "id_type": "ktp", "id_last4": "0123",
    "email": "rina@example.org", "phone": "+6281255550101", "sex": "female",
    "birth_year": 1995, "education": "bachelor", "occupation": "researcher",
    "institution_category": "education", "institution_name": "UBT", "purpose": "research",
    "data_needed": "IPM Kota Tarakan", "privacy_acknowledged": True,
}  # fmt: skip


@pytest.fixture
def serving(walk_in, desks, services, front_office):
    """K-001: checked in by the front office, now being served at Meja 2."""
    return walk_in(
        lambda ticket: guestbook.guestbook_record(
            office=ticket.office, officer=front_office, data=WALK_IN_GUEST, ticket=ticket,
            desk=desks[1], route_to=services["K"],
        )
    )  # fmt: skip
