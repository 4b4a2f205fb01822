"""The knowledge base in the portal: home page and navigation, the consultation button only
once its page exists, the admin."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_and_navigation_lead_to_the_knowledge_base(client, office, settings):
    settings.DEFAULT_OFFICE = "6571"
    page = client.get("/").content.decode()
    assert 'data-testid="home-kb"' in page
    assert f'href="{reverse("kb_search")}?office=6571"' in page
    assert 'data-testid="nav-kb"' in page
    assert "Cari informasi" in page


def test_no_consultation_button_until_its_page_exists(client, inflation):
    try:
        reverse("consultation_new")
    except NoReverseMatch:
        exists = False
    else:
        exists = True
    for url in (inflation.get_absolute_url(), reverse("kb_search")):
        page = client.get(url).content.decode()
        assert ('data-testid="kb-ask"' in page) is exists


def test_the_article_page_shows_links_and_related_articles(client, population, prices):
    from tests.factories import ArticleFactory

    article = ArticleFactory(
        title="Proyeksi penduduk",
        slug="proyeksi-penduduk",
        subject_area=population,
        links="https://www.bps.go.id/id/statistics-table\nhttps://tarakankota.bps.go.id",
    )
    sibling = ArticleFactory(title="Sensus Penduduk 2020", slug="sp2020", subject_area=population)
    ArticleFactory(title="Inflasi", slug="inflasi", subject_area=prices)
    page = client.get(article.get_absolute_url())
    assert page.context["related"] == [sibling]
    html = page.content.decode()
    assert 'href="https://tarakankota.bps.go.id" rel="nofollow noopener"' in html


def test_the_admin_lists_articles_and_searches_read_only(client, inflation):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:consultations_article_changelist")).status_code == 200
    assert client.get(reverse("admin:consultations_searchlog_changelist")).status_code == 200
    change = client.get(reverse("admin:consultations_article_change", args=[inflation.pk]))
    assert change.status_code == 200
    assert client.get(reverse("admin:consultations_article_add")).status_code == 403


def test_asking_after_a_search_without_answer_carries_the_question(client, office):
    # Found by the product trial: the visitor had to type and search again.
    page = client.get(reverse("kb_search"), {"q": "upah minimum"}).content.decode()
    link = page[page.index('data-testid="kb-ask"') - 200 : page.index('data-testid="kb-ask"')]
    assert "?q=upah%20minimum&amp;ask=1" in link


def test_staff_pages_of_the_knowledge_base_write_times_the_indonesian_way():
    from pathlib import Path

    for name in ("insights.html", "drafts.html", "includes/query_table.html"):
        text = (Path("templates/consultations/knowledge") / name).read_text()
        assert 'H:i"' not in text, name
