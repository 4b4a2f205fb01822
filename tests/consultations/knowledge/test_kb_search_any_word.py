"""Search of the knowledge base with a visitor's natural question: any word found counts (a
year or place the articles do not name, a misspelt word), the rarest words found rank first,
quoted phrases and excluded words keep their meaning, accents are ignored. With the articles
of load_demo, on PostgreSQL and on the SQLite fallback."""

from __future__ import annotations

import pytest

from consultations.knowledge import search
from consultations.knowledge.models import Article
from pst.models import Office
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

INFLATION = {
    "Inflasi dan Indeks Harga Konsumen (IHK)",
    "Membaca angka inflasi: bulanan, tahun kalender, dan tahunan",
}
IPM = "Indeks Pembangunan Manusia (IPM)"
POVERTY = "Kemiskinan: garis kemiskinan dan persentase penduduk miskin"


def found(query: str, office: Office | None) -> list[str]:
    return [article.title for article in search.article_search(query=query, office=office)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("inflasi tarakan 2024", INFLATION),
        ("ipm tarakan 2023", {IPM}),
        ("data kemiskinan kota tarakan tahun 2023", {POVERTY}),
    ],
)
def test_a_question_of_topic_place_and_year_finds_the_topics_article_first(
    tarakan, vendor, query, first
):
    titles = found(query, tarakan)
    assert set(titles[: len(first)]) == first, titles[:5]


@pytest.mark.postgres_only
def test_a_misspelt_word_beside_a_right_one_still_finds_its_article_first(tarakan):
    titles = found("inflsi tarakan", tarakan)
    assert set(titles[:2]) == INFLATION, titles[:5]
    assert set(found("inflsi", tarakan)) == INFLATION


def test_a_title_typed_whole_comes_first_even_with_the_place_and_a_year_added(tarakan, vendor):
    # What the search did right before words were OR'd (a guard: it passed then too).
    for article in Article.objects.published().in_scope(tarakan):
        assert found(article.title, tarakan)[0] == article.title
        assert found(f"{article.title} di tarakan tahun 2024", tarakan)[0] == article.title


def test_an_accent_typed_by_mistake_finds_what_the_word_without_it_finds(tarakan, vendor):
    assert found("kemiskinán", tarakan) == found("kemiskinan", tarakan)
    assert found("kemiskinán", tarakan)[0] == POVERTY


def test_a_quoted_phrase_is_found_only_as_a_phrase_among_other_words(vendor, population):
    phrase = ArticleFactory(title="Garis kemiskinan", slug="garis", subject_area=population,
                            body="Batas pengeluaran per kapita sebulan.")  # fmt: skip
    ArticleFactory(title="Garis pantai", slug="pantai", subject_area=population,
                   body="Kemiskinan di desa pesisir.")  # fmt: skip
    assert found('"garis kemiskinan" menurut kabupaten 2024', None) == [phrase.title]


def test_a_word_after_a_minus_still_excludes_among_other_words(
    vendor, inflation, poverty_mentions_inflation
):
    assert found("inflasi 2024 -kemiskinan", None) == [inflation.title]
    assert found("inflasi 2024", None) == [inflation.title, poverty_mentions_inflation.title]
