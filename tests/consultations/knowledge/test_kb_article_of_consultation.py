"""An answered consultation made into an article (trial N5): the two are linked, once — the
consultation names its article and a second "Turn into an article" opens that one's editor;
the service and the database refuse a second one; the address keeps a year range readable;
the answer's addresses are proposed as the article's links; the preview shows the prefilled
text at once. Who may not write an article still may not."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from consultations import lifecycle
from consultations.knowledge import services
from consultations.knowledge.models import Article
from consultations.knowledge.services import article_slug_for
from consultations.models import Consultation
from pst.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWER = (
    "Yth. Ibu Siti Pengguna, garis kemiskinan Kota Tarakan 2021–2025 ada di "
    "https://tarakankota.bps.go.id/id/statistics-table/2/MTIz/garis-kemiskinan.html. "
    "Lihat juga [publikasi](https://tarakankota.bps.go.id/id/publication/2025/kota-tarakan)."
)


@pytest.fixture
def answered(submitted, consultation_officer):
    # A question naming a year range, which the article's address must keep readable.
    Consultation.objects.filter(pk=submitted.pk).update(
        question="Garis kemiskinan Kota Tarakan 2021–2025?"
    )
    submitted.refresh_from_db()
    lifecycle.consultation_accept(consultation=submitted, officer=consultation_officer)
    lifecycle.consultation_answer(consultation=submitted, officer=consultation_officer, body=ANSWER)
    return submitted


@pytest.fixture
def second_officer(office):
    return UserFactory(
        email="konsultasi2@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )


def new_url(consultation) -> str:
    return reverse("kb_new") + f"?from_consultation={consultation.pk}"


def form_post(client, consultation, **changes):
    """The form as the page prefills it, sent."""
    form = client.get(new_url(consultation)).context["form"]
    data = {
        "title": form.initial["title"],
        "subject_area": form.initial["subject_area"],
        "body": form.initial["body"],
        "links": form.initial["links"],
        "client_request_id": str(uuid.uuid4()),
        **changes,
    }
    return client.post(new_url(consultation), data)


def test_the_article_records_its_consultation_and_the_consultation_names_it(
    client, answered, consultation_officer
):
    client.force_login(consultation_officer)
    response = form_post(client, answered)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.source_consultation == answered
    page = client.get(reverse("consultation_detail", args=[answered.pk])).content.decode()
    made = re.search(r'data-testid="article-made">(.*?)</p>', page, re.S).group(1)
    assert html.escape(article.title) in made and article.get_absolute_url() in made
    assert 'data-testid="to-article"' not in page


def test_another_officer_opening_it_again_gets_the_existing_article_s_editor(
    client, answered, consultation_officer, second_officer
):
    client.force_login(consultation_officer)
    form_post(client, answered)
    article = Article.objects.get()
    client.force_login(second_officer)
    response = client.get(new_url(answered))
    assert response.status_code == 302
    assert response["Location"] == article.get_edit_url()


def test_a_form_loaded_before_the_first_was_saved_makes_no_second_article(
    client, answered, consultation_officer, second_officer
):
    client.force_login(second_officer)
    stale = client.get(new_url(answered)).context["form"].initial
    client.force_login(consultation_officer)
    form_post(client, answered)
    client.force_login(second_officer)
    response = client.post(
        new_url(answered),
        {
            "title": stale["title"] + " (versi dua)",  # another address: not the slug's refusal
            "subject_area": stale["subject_area"],
            "body": stale["body"],
            "client_request_id": str(uuid.uuid4()),
        },
    )
    assert Article.objects.count() == 1
    assert response.status_code == 302
    assert response["Location"] == Article.objects.get().get_edit_url()


def test_the_service_refuses_a_second_article_of_one_consultation(
    answered, office, consultation_officer, second_officer
):
    data = {"title": "Garis kemiskinan", "subject_area": answered.subject_area, "body": "Teks."}
    first = services.article_create(
        office=office, author=consultation_officer, data=data, from_consultation=answered
    )
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(
            office=office,
            author=second_officer,
            data={**data, "title": "Garis kemiskinan lagi"},
            from_consultation=answered,
        )
    assert refused.value.code == "already_made"
    assert refused.value.article == first
    assert first.title in refused.value.message


def test_the_database_holds_one_article_per_consultation(answered, office, consultation_officer):
    data = {"subject_area": answered.subject_area, "body": "Teks.", "office": office}
    Article.objects.create(title="Satu", slug="satu", source_consultation=answered, **data)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Dua", slug="dua", source_consultation=answered, **data)


def test_the_service_refuses_an_unanswered_or_another_office_s_consultation(
    office, other_office, visitor, consultation_officer, submitted, question
):
    article = {"title": "X", "subject_area": question["subject_area"], "body": "Teks."}
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(
            office=office, author=consultation_officer, data=article, from_consultation=submitted
        )
    assert refused.value.code == "not_answered"
    malinau = lifecycle.consultation_submit(requester=visitor, office=other_office, data=question)
    malinau.status = "answered"
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(
            office=office, author=consultation_officer, data=article, from_consultation=malinau
        )
    assert refused.value.code == "other_office"
    assert not Article.objects.exists()


def test_who_may_not_write_an_article_is_still_refused(client, answered, visitor, other_office):
    # Signed out: the sign-in page, for the page and for the form sent.
    for response in (client.get(new_url(answered)), client.post(new_url(answered), {})):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # The requester (a visitor): 403.
    client.force_login(visitor)
    assert client.get(new_url(answered)).status_code == 403
    assert client.post(new_url(answered), {"title": "x", "body": "y"}).status_code == 403
    # A consultation officer of another office does not see this consultation: 404.
    malinau = UserFactory(
        email="konsultasi-malinau@example.org",
        office=other_office,
        roles=[Role.CONSULTATION_OFFICER],
    )
    client.force_login(malinau)
    assert client.get(new_url(answered)).status_code == 404
    assert client.post(new_url(answered), {"title": "x", "body": "y"}).status_code == 404
    assert not Article.objects.exists()


def test_the_article_never_shows_the_requester(client, answered, consultation_officer):
    client.force_login(consultation_officer)
    form_post(client, answered, is_published="on")
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    for leaked in ("Siti", "pengguna@example.org", answered.reference):
        assert leaked not in page, leaked


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Garis kemiskinan Kota Tarakan 2021–2025", "garis-kemiskinan-kota-tarakan-2021-2025"),
        ("Penduduk 2020—2024", "penduduk-2020-2024"),
        ("PDRB 2010/2020", "pdrb-2010-2020"),
        ("Suhu −5 derajat", "suhu-5-derajat"),
        ("covid-19", "covid-19"),
    ],
)
def test_an_address_keeps_a_range_readable(title, slug):
    assert article_slug_for(title) == slug


def test_the_address_made_from_a_consultation_keeps_its_year_range(
    client, answered, consultation_officer
):
    client.force_login(consultation_officer)
    form_post(client, answered)
    assert Article.objects.get().slug == "garis-kemiskinan-kota-tarakan-2021-2025"


def test_the_answer_s_addresses_are_proposed_as_the_article_s_links(
    client, answered, consultation_officer
):
    client.force_login(consultation_officer)
    links = client.get(new_url(answered)).context["form"].initial["links"].splitlines()
    assert links == [
        "https://tarakankota.bps.go.id/id/statistics-table/2/MTIz/garis-kemiskinan.html",
        "https://tarakankota.bps.go.id/id/publication/2025/kota-tarakan",
    ]


def test_the_preview_shows_the_prefilled_text_on_load(client, answered, consultation_officer):
    client.force_login(consultation_officer)
    page = client.get(new_url(answered)).content.decode()
    preview = re.search(r'id="kb-preview".*?data-testid="kb-preview-body">(.*?)</div>', page, re.S)
    assert preview is not None
    assert "garis kemiskinan Kota Tarakan" in preview.group(1)
    assert "<h3>" in preview.group(1)  # rendered Markdown (headings shifted), not the raw text


def test_an_unanswered_consultation_leads_to_a_plain_new_article_that_saves(
    client, submitted, consultation_officer
):
    # Review of N5's fix: the page said "only an answered one" but kept the link in its
    # address, so the officer's own article was then refused on saving.
    client.force_login(consultation_officer)
    response = client.get(new_url(submitted))
    assert response.status_code == 302 and response["Location"] == reverse("kb_new")
    form = client.get(response["Location"]).context["form"]
    saved = client.post(
        reverse("kb_new"),
        {
            "title": "Cara membaca tabel penduduk",
            "subject_area": submitted.subject_area_id,
            "body": "Tabel penduduk menurut kecamatan dibaca per baris.",
            "links": "",
            "is_published": "on",
            "client_request_id": str(uuid.uuid4()),
            **({"office": form.initial["office"].pk} if "office" in form.fields else {}),
        },
    )
    assert saved.status_code == 302
    assert Article.objects.filter(source_consultation=None).exists()
