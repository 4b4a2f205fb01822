"""Persona fixtures: the people of DESIGN.md §1, in BPS Kota Tarakan and in another office."""

from __future__ import annotations

import pytest

from pst.permissions import Role
from tests.factories import OfficeFactory, UserFactory


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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles live in the cache: each test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
