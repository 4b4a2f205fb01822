"""One installation, several offices (trial G, G1): a reader who has not chosen an office
finds every office's articles, each named with its office, chooses one to narrow the list,
and an article's plain address keeps working when another office joins."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from consultations.knowledge.models import SearchLog
from tests.factories import ArticleFactory


def search(client, q: str, **params):
    return client.get(reverse("kb_search"), {"q": q, **params})


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"].object_list]


@pytest.fixture
def malinau_services(other_office, population):
    return ArticleFactory(
        office=other_office,
        title="Layanan PST Kabupaten Malinau",
        slug="layanan-pst",
        subject_area=population,
        body="Jam layanan PST penduduk Malinau.",
    )


@pytest.fixture
def tarakan_services(office, population):
    return ArticleFactory(
        office=office,
        title="Layanan PST Kota Tarakan",
        slug="layanan-pst",
        subject_area=population,
        body="Jam layanan PST penduduk Tarakan.",
    )


def test_with_no_office_chosen_every_offices_articles_are_found_and_named(
    client, tarakan_population, malinau_population, inflation
):
    response = search(client, "jumlah penduduk")
    assert set(titles(response)) == {tarakan_population.title, malinau_population.title}
    page = response.content.decode()
    assert "BPS Kota Tarakan" in page and malinau_population.office.name in page
    # The reader may narrow the list to one office.
    options = response.context["other_offices"]
    assert {office.code for office in options} == {"6571", malinau_population.office.code}
    assert 'data-testid="kb-office"' in page


def test_choosing_an_office_shows_its_articles_and_the_national_ones(
    client, tarakan_population, malinau_population, poverty_mentions_inflation
):
    response = search(client, "penduduk kemiskinan", office=malinau_population.office.code)
    assert tarakan_population.title not in titles(response)
    response = search(client, "jumlah penduduk", office=malinau_population.office.code)
    assert titles(response) == [malinau_population.title]
    assert "selected>" in response.content.decode().split('data-testid="kb-office"')[1]


def test_the_default_office_is_the_first_choice_and_the_others_can_be_chosen(
    client, settings, tarakan_population, malinau_population
):
    settings.DEFAULT_OFFICE = "6571"
    response = search(client, "jumlah penduduk")
    assert titles(response) == [tarakan_population.title]
    assert response.context["default_office"].code == "6571"
    assert [office.code for office in response.context["other_offices"]] == [
        malinau_population.office.code
    ]


def test_one_office_needs_no_choice(client, tarakan_population):
    response = search(client, "jumlah penduduk")
    assert response.context["other_offices"] == []
    assert 'data-testid="kb-office"' not in response.content.decode()


def test_an_inactive_offices_articles_are_not_found(client, tarakan_population, malinau_population):
    malinau = malinau_population.office
    malinau.is_active = False
    malinau.save()
    assert titles(search(client, "jumlah penduduk")) == [tarakan_population.title]


def test_a_plain_article_address_opens_the_one_office_that_has_it(
    client, tarakan_population, malinau_population
):
    response = client.get(reverse("kb_article", args=[malinau_population.slug]))
    assert response.status_code == 200
    assert response.context["article"] == malinau_population


def test_an_address_several_offices_have_asks_which_office(
    client, tarakan_services, malinau_services
):
    response = client.get(reverse("kb_article", args=["layanan-pst"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="kb-choose-article"' in page
    assert tarakan_services.get_absolute_url() in page.replace("&amp;", "&")
    assert malinau_services.get_absolute_url() in page.replace("&amp;", "&")
    # Named in the address, the office's own opens at once.
    chosen = client.get(tarakan_services.get_absolute_url())
    assert chosen.context["article"] == tarakan_services


def test_a_national_article_wins_an_address_when_no_office_is_chosen(
    client, office, malinau_services, population
):
    national = ArticleFactory(slug="layanan-pst", title="Layanan PST", subject_area=population)
    response = client.get(reverse("kb_article", args=["layanan-pst"]))
    assert response.context["article"] == national


def test_a_search_before_choosing_the_office_counts_for_the_office_asked(
    client, visitor, office, other_office, malinau_population
):
    from consultations.models import SubjectArea

    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "pajak daerah malinau", "ask": "1"})
    log = SearchLog.objects.get()
    assert log.office is None  # several offices, none chosen yet
    response = client.post(
        reverse("consultation_new"),
        {
            "office": other_office.pk,
            "subject_area": SubjectArea.objects.get(name="Kependudukan").pk,
            "topic": "data",
            "question": "Berapa pajak daerah Kabupaten Malinau 2025?",
            "data_region": "Kabupaten Malinau",
            "data_period": "2025",
            "data_detail": "",
            "intended_use": "Skripsi",
            "request_id": str(uuid.uuid4()),
            "search": page.context["form"].initial["search"],
        },
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.office == other_office
    assert log.consultation_followed is not None


def test_an_address_several_offices_have_is_not_edited_unnamed(
    admin_client, tarakan_services, malinau_services
):
    # A superuser of no office editing "layanan-pst": which one? (review R2)
    assert admin_client.get(reverse("kb_edit", args=["layanan-pst"])).status_code == 404
    assert admin_client.get(tarakan_services.get_edit_url()).status_code == 200
