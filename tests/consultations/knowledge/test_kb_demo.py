"""load_demo's knowledge base: at least 25 published articles for BPS Kota Tarakan, each of
150–400 words with links to public pages; running it again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from consultations.knowledge.demo import demo_articles
from consultations.knowledge.models import Article
from pst.models import Office

pytestmark = pytest.mark.django_db

PUBLIC_SITES = (
    "https://www.bps.go.id",
    "https://tarakankota.bps.go.id",
    "https://silastik.bps.go.id",
    "https://sirusa.bps.go.id",
    "https://romantik.web.bps.go.id",
    "https://s.bps.go.id",
)


def load():
    call_command("load_demo", "--no-accounts", stdout=io.StringIO())


def test_load_demo_publishes_at_least_25_articles_and_is_idempotent():
    load()
    tarakan = Office.objects.get(code="6571")
    published = Article.objects.published().in_scope(tarakan)
    assert published.count() >= 25
    assert published.filter(office=tarakan).exists()
    assert published.filter(office__isnull=True).exists()
    before = list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at"))
    load()
    after = list(Article.objects.order_by("pk").values_list("pk", "version", "updated_at"))
    assert before == after


def test_every_demo_article_is_of_a_useful_length_and_links_public_pages():
    articles = demo_articles()
    assert len({article.slug for article in articles}) == len(articles) >= 25
    for article in articles:
        words = len(article.body.split())
        assert 150 <= words <= 400, (article.slug, words)
        assert article.links, article.slug
        assert all(link.startswith(PUBLIC_SITES) for link in article.links), article.slug


def test_the_demo_articles_answer_what_the_office_is_asked(client):
    load()
    wanted = [
        "inflasi",
        "pengangguran",
        "kemiskinan",
        "PDRB",
        "IPM",
        "KBLI",
        "KBJI",
        "proyeksi penduduk",
        "data mikro",
        "mengutip",
        "Susenas",
        "Sakernas",
        "Regsosek",
        "Sensus Ekonomi",
    ]
    for query in wanted:
        response = client.get("/kb/", {"q": query, "office": "6571"})
        assert response.context["page"].paginator.count >= 1, query
