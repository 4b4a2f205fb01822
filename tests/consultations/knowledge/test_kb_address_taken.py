"""An address (slug) already taken: the message says what the writer can do about it — edit
the article there only when they may, else choose another address."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.knowledge import services
from consultations.knowledge.models import Article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NATIONAL_TAKEN = (
    "A national article already has the address “inflasi-dan-ihk”, and only an administrator "
    "of the portal edits national articles: choose another address."
)


def refusal(**kwargs) -> services.ArticleError:
    with translation.override("en"), pytest.raises(services.ArticleError) as refused:
        services.article_create(**kwargs)
    return refused.value


def test_an_officer_taking_a_national_articles_address_is_told_to_choose_another(
    consultation_officer, office, population, inflation
):
    data = {"title": "Inflasi", "slug": "inflasi-dan-ihk", "subject_area": population, "body": "x"}
    refused = refusal(office=office, author=consultation_officer, data=data)
    assert (refused.code, refused.field, refused.message) == ("slug_taken", "slug", NATIONAL_TAKEN)


def test_an_officer_editing_their_article_onto_a_national_address_is_told_the_same(
    consultation_officer, tarakan_population, inflation
):
    data = {"slug": "inflasi-dan-ihk"}
    with translation.override("en"), pytest.raises(services.ArticleError) as refused:
        services.article_update(
            article=tarakan_population, editor=consultation_officer, data=data, version=1
        )
    assert refused.value.message == NATIONAL_TAKEN


def test_the_new_article_page_shows_the_officer_the_national_address_message(
    client, consultation_officer, prices, inflation
):
    client.force_login(consultation_officer)
    data = {
        "title": "Inflasi Tarakan",
        "slug": "inflasi-dan-ihk",
        "subject_area": prices.pk,
        "body": "Teks.",
        "links": "",
        "client_request_id": "8d6f1f1e-0000-4000-8000-000000000001",
    }
    with translation.override("en"):
        response = client.post(reverse("kb_new"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "A national article already has the address" in page.replace("&ldquo;", "“")
    assert Article.objects.filter(slug="inflasi-dan-ihk").count() == 1


def test_whoever_may_edit_the_article_there_is_still_told_to_edit_it(
    consultation_officer, office, population, tarakan_population, inflation
):
    # The office's own article: its officer may open and edit it.
    data = {"title": "P", "slug": tarakan_population.slug, "subject_area": population, "body": "x"}
    refused = refusal(office=office, author=consultation_officer, data=data)
    assert "open it and edit it" in refused.message
    # A national one, for a superuser writing a national article.
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    data = data | {"slug": inflation.slug}
    refused = refusal(office=None, author=superuser, data=data)
    assert "open it and edit it" in refused.message
