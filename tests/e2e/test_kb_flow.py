"""The knowledge base in a real browser: a visitor types a typo and sees the suggestion, opens
the article; an officer edits an article with the Markdown preview on a 375 px phone."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from playwright.sync_api import expect

from consultations.models import SubjectArea
from pst.permissions import Role
from tests.factories import ArticleFactory, OfficeFactory, UserFactory

PHONE = {"width": 375, "height": 740}


def signed_in_page(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.set_viewport_size(PHONE)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def tarakan_kb(transactional_db, subject_areas, settings):
    settings.DEFAULT_OFFICE = "6571"
    office = OfficeFactory(code="6571", name="BPS Kota Tarakan", time_zone="Asia/Makassar")
    prices = SubjectArea.objects.get(name="Harga dan Inflasi")
    inflation = ArticleFactory(
        title="Inflasi dan Indeks Harga Konsumen (IHK)",
        slug="inflasi-dan-ihk",
        subject_area=prices,
        body="**Inflasi** adalah kenaikan harga barang dan jasa secara umum.",
        links="https://tarakankota.bps.go.id/id/pressrelease",
    )
    local = ArticleFactory(
        office=office,
        title="Jumlah penduduk Kota Tarakan",
        slug="jumlah-penduduk-tarakan",
        subject_area=SubjectArea.objects.get(name="Kependudukan"),
        body="Tabel penduduk menurut kecamatan ada di menu Tabel Statistik.",
    )
    return office, inflation, local


@pytest.mark.django_db(transaction=True)
def test_a_typo_in_the_search_box_suggests_the_article_which_opens(
    new_page, check_a11y, tarakan_kb
):
    _office, inflation, _local = tarakan_kb
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_test_id("home-kb").click()
    # PostgreSQL forgives the typo (trigrams); the SQLite fallback needs a word it contains.
    typed = "inflsi" if connection.vendor == "postgresql" else "inflas"
    page.get_by_test_id("kb-q").press_sequentially(typed, delay=50)
    suggestion = page.get_by_test_id("kb-suggestion").first
    expect(suggestion).to_contain_text(inflation.title)
    check_a11y(page, "kb search with suggestions")
    page.get_by_test_id("kb-q").press("Enter")
    expect(page.get_by_test_id("kb-result-count")).to_be_visible()
    page.get_by_test_id("kb-result-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(inflation.title)
    expect(page.get_by_test_id("kb-body").locator("strong")).to_have_text("Inflasi")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_a11y(page, "kb article")


@pytest.mark.django_db(transaction=True)
def test_an_officer_edits_an_article_with_the_preview_on_a_phone(
    new_page, live_server, check_a11y, tarakan_kb
):
    office, _inflation, local = tarakan_kb
    officer = UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    page = signed_in_page(new_page, live_server, officer)
    page.goto(local.get_absolute_url())
    page.get_by_test_id("kb-edit").click()
    body = page.get_by_label("Teks")
    body.fill("## Per kecamatan\n\nLihat **Tabel Statistik** <script>alert(1)</script>")
    preview = page.get_by_test_id("kb-preview-body")
    expect(preview.locator("h3")).to_have_text("Per kecamatan")
    expect(preview.locator("strong")).to_have_text("Tabel Statistik")
    assert preview.locator("script").count() == 0
    # A word people search with that the text does not hold: the article answers it.
    page.get_by_label("Kata kunci pencarian").fill("sebaran penduduk, kecamatan")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_a11y(page, "kb article form with preview")
    page.get_by_test_id("kb-save").click()
    expect(page.get_by_test_id("kb-body").locator("h3")).to_have_text("Per kecamatan")
    expect(page.get_by_test_id("kb-body")).not_to_contain_text("sebaran")
    local.refresh_from_db()
    assert local.updated_by == officer
    assert local.version == 2
    assert local.keywords == "sebaran penduduk, kecamatan"
    page.goto(f"{live_server.url}/kb/?q=sebaran")
    expect(page.get_by_role("link", name=local.title)).to_be_visible()
