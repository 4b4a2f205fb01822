"""Knowledge-base fixtures: a handful of articles of BPS Kota Tarakan and national ones."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from consultations.knowledge import search
from consultations.models import SubjectArea
from pst.models import Office
from tests.factories import ArticleFactory


@pytest.fixture
def prices(db):
    return SubjectArea.objects.get(name="Harga dan Inflasi")


@pytest.fixture
def population(db):
    return SubjectArea.objects.get(name="Kependudukan")


@pytest.fixture
def inflation(prices):
    """National: the inflation article."""
    return ArticleFactory(
        title="Inflasi dan Indeks Harga Konsumen (IHK)",
        slug="inflasi-dan-ihk",
        subject_area=prices,
        body="Inflasi adalah kenaikan harga barang dan jasa secara umum, diukur dengan IHK.",
    )


@pytest.fixture
def poverty_mentions_inflation(population):
    """National: mentions inflation in its text only."""
    return ArticleFactory(
        title="Garis kemiskinan",
        slug="garis-kemiskinan",
        subject_area=population,
        body="Garis kemiskinan naik mengikuti harga; inflasi bahan makanan ikut menentukan.",
    )


@pytest.fixture
def tarakan_population(office, population):
    """Of BPS Kota Tarakan only."""
    return ArticleFactory(
        office=office,
        title="Jumlah penduduk Kota Tarakan",
        slug="jumlah-penduduk-tarakan",
        subject_area=population,
        body="Jumlah penduduk Kota Tarakan menurut kecamatan ada di Tabel Statistik.",
    )


@pytest.fixture
def malinau_population(other_office, population):
    return ArticleFactory(
        office=other_office,
        title="Jumlah penduduk Kabupaten Malinau",
        slug="jumlah-penduduk-malinau",
        subject_area=population,
        body="Jumlah penduduk Kabupaten Malinau menurut kecamatan.",
    )


@pytest.fixture
def draft(office, population):
    return ArticleFactory(
        office=office,
        title="Draf penduduk lansia",
        slug="draf-penduduk-lansia",
        subject_area=population,
        body="Penduduk lanjut usia: belum selesai.",
        is_published=False,
    )


@pytest.fixture
def web_consultation(office, visitor, prices):
    """A consultation opened on the web (the form comes with the online lifecycle)."""
    from consultations.models import Channel, Consultation

    return Consultation.objects.create(
        office=office,
        number=1,
        channel=Channel.WEB,
        requester=visitor,
        subject_area=prices,
        topic="data",
        question="Inflasi Kota Tarakan bulanan 2025?",
    )


@pytest.fixture(params=["postgresql", "sqlite"])
def vendor(request, monkeypatch):
    """Each test runs the suite database's search and the SQLite fallback (plain ORM: forced,
    it runs on whichever database the suite uses)."""
    if request.param == "postgresql" and not _on_postgresql():
        pytest.skip("needs PostgreSQL")
    if request.param == "sqlite":
        monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    return request.param


def _on_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def tarakan(db):
    call_command("load_demo", "--no-accounts", stdout=io.StringIO())
    return Office.objects.get(code="6571")
