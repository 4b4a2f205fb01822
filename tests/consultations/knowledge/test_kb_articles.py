"""Writing articles: the services' rules, Markdown sanitising, who may write (and the exact
refusal: login, 403 or 404), double submission, edit conflicts, preview and drafts."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from consultations.knowledge import services
from consultations.knowledge.models import Article
from consultations.knowledge.rendering import render_markdown
from pst.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(subject, **overrides):
    data = {
        "title": "Cara mengutip data BPS",
        "slug": "",
        "subject_area": subject.pk,
        "body": "Tuliskan **sumber**: Badan Pusat Statistik.",
        "links": "https://www.bps.go.id/id",
        "is_published": "on",
        "client_request_id": str(uuid.uuid4()),
    }
    return data | overrides


# -- sanitising -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>halo", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<p style="color:red">x</p>', "style="),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<a href="https://x.org" onclick="alert(1)">x</a>', "onclick"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
    ],
)
def test_markdown_is_sanitised(markdown, forbidden):
    assert forbidden not in render_markdown(markdown).lower()


def test_markdown_keeps_what_articles_need_and_links_get_nofollow_noopener():
    html = render_markdown(
        "# Judul\n\n**tebal** dan [BPS](https://www.bps.go.id)\n\n- satu\n- dua\n\n"
        "| Tahun | Nilai |\n|---|--:|\n| 2024 | 1 |"
    )
    assert "<h2>Judul</h2>" in html  # the page's title is its only h1
    assert "<strong>tebal</strong>" in html
    assert '<a href="https://www.bps.go.id" rel="nofollow noopener">BPS</a>' in html
    assert "<li>satu</li>" in html
    assert '<td align="right">1</td>' in html


def test_the_article_page_shows_sanitised_markdown(client, population):
    article = services.article_create(
        office=None,
        author=UserFactory(is_superuser=True),
        data={
            "title": "Uji",
            "subject_area": population,
            "body": "Halo <script>alert(1)</script> [x](javascript:alert(1))",
            "is_published": True,
        },
    )
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('data-testid="kb-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "javascript:" not in body


# -- the services' rules ---------------------------------------------------------------------


def test_an_article_gets_its_address_from_its_title(consultation_officer, office, population):
    article = services.article_create(
        office=office,
        author=consultation_officer,
        data={"title": "Jumlah  Penduduk 2024", "subject_area": population, "body": "Teks."},
    )
    assert article.slug == "jumlah-penduduk-2024"
    assert (article.created_by, article.updated_by) == (consultation_officer,) * 2


@pytest.mark.parametrize("field", ["title", "body", "links"])
def test_identity_numbers_are_refused_in_articles(consultation_officer, office, population, field):
    data = {"title": "Judul", "subject_area": population, "body": "Teks.", "links": ""}
    data[field] = "https://x.org/3171012345670001" if field == "links" else "NIK 3171012345670001"
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(office=office, author=consultation_officer, data=data)
    assert (refused.value.code, refused.value.field) == ("identity_number", field)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title", "Judul\x0bkotor", "control_character"),
        ("title", "Dua\nbaris", "line_break"),
        ("body", "Teks \u202e terbalik", "control_character"),
        ("links", "ftp://bps.go.id/data", "links"),
        ("links", "javascript:alert(1)", "links"),
        ("slug", "ada spasi", "slug"),
        ("slug", "new", "slug_reserved"),
        ("title", "   ", "title"),
        ("body", "  ", "body"),
    ],
)
def test_bad_article_text_is_refused_naming_the_field(
    consultation_officer, office, population, field, value, code
):
    data = {"title": "Judul", "subject_area": population, "body": "Teks.", field: value}
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(office=office, author=consultation_officer, data=data)
    assert refused.value.code == code


def test_the_identity_number_is_not_shown_back_in_the_form(client, consultation_officer, prices):
    client.force_login(consultation_officer)
    response = client.post(reverse("kb_new"), form_data(prices, body="Hubungi 3171012345670001 ya"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3171012345670001" not in page
    assert "Hubungi … ya" in page
    assert Article.objects.count() == 0


def test_an_address_is_unique_in_its_scope_with_a_clear_message(
    consultation_officer, office, population, inflation
):
    data = {"title": "Inflasi", "slug": "inflasi-dan-ihk", "subject_area": population}
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(
            office=office, author=consultation_officer, data=data | {"body": "x"}
        )
    assert (refused.value.code, refused.value.field) == ("slug_taken", "slug")
    assert "inflasi-dan-ihk" in refused.value.message


def test_two_offices_may_use_the_same_address(
    consultation_officer, office, other_office, population
):
    malinau_officer = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    data = {"title": "Penduduk", "slug": "penduduk", "subject_area": population, "body": "x"}
    services.article_create(office=office, author=consultation_officer, data=data)
    services.article_create(office=other_office, author=malinau_officer, data=data)
    assert Article.objects.filter(slug="penduduk").count() == 2


def test_the_same_form_sent_twice_creates_one_article(client, consultation_officer, prices):
    client.force_login(consultation_officer)
    data = form_data(prices)
    first = client.post(reverse("kb_new"), data)
    second = client.post(reverse("kb_new"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Article.objects.count() == 1


def test_a_second_form_with_the_same_title_is_refused_with_a_clear_message(
    client, consultation_officer, prices
):
    client.force_login(consultation_officer)
    client.post(reverse("kb_new"), form_data(prices))
    response = client.post(reverse("kb_new"), form_data(prices))
    assert response.status_code == 200
    assert "cara-mengutip-data-bps" in str(response.context["form"].errors["slug"])
    assert Article.objects.count() == 1


def test_an_edit_on_an_old_version_is_refused(consultation_officer, office, population):
    article = services.article_create(
        office=office,
        author=consultation_officer,
        data={"title": "Judul", "subject_area": population, "body": "Satu."},
    )
    services.article_update(
        article=article, editor=consultation_officer, data={"body": "Dua."}, version=1
    )
    with pytest.raises(services.ArticleError) as refused:
        services.article_update(
            article=article, editor=consultation_officer, data={"body": "Tiga."}, version=1
        )
    assert refused.value.code == "changed_meanwhile"
    # The same text again changes nothing, whatever the version.
    same = services.article_update(
        article=article, editor=consultation_officer, data={"body": "Dua."}, version=1
    )
    assert (same.body, same.version) == ("Dua.", 2)


def test_publish_and_unpublish(client, consultation_officer, draft):
    client.force_login(consultation_officer)
    client.post(draft.get_publish_url(), {"publish": "1"})
    draft.refresh_from_db()
    assert draft.is_published
    client.post(draft.get_publish_url(), {"publish": "0"})
    draft.refresh_from_db()
    assert not draft.is_published
    assert draft.version == 3


def test_an_officer_edits_an_article_through_the_form(
    client, consultation_officer, tarakan_population
):
    client.force_login(consultation_officer)
    page = client.get(tarakan_population.get_edit_url())
    assert page.status_code == 200
    data = form_data(
        tarakan_population.subject_area,
        title="Jumlah penduduk Kota Tarakan per kecamatan",
        slug=tarakan_population.slug,
        version=tarakan_population.version,
    )
    response = client.post(tarakan_population.get_edit_url(), data)
    assert response.status_code == 302
    tarakan_population.refresh_from_db()
    assert tarakan_population.title.endswith("per kecamatan")
    assert tarakan_population.updated_by == consultation_officer


def test_an_edit_form_sent_after_someone_elses_edit_warns_and_reloads(
    client, consultation_officer, supervisor, tarakan_population
):
    client.force_login(consultation_officer)
    data = form_data(tarakan_population.subject_area, slug=tarakan_population.slug, version=1)
    services.article_update(
        article=tarakan_population, editor=supervisor, data={"body": "Baru."}, version=1
    )
    response = client.post(tarakan_population.get_edit_url(), data)
    assert response.status_code == 302
    assert response["Location"] == tarakan_population.get_edit_url()
    tarakan_population.refresh_from_db()
    assert tarakan_population.body == "Baru."


# -- who may write --------------------------------------------------------------------------


def test_a_signed_out_person_is_sent_to_sign_in(client, tarakan_population):
    for url in (reverse("kb_new"), tarakan_population.get_edit_url(), reverse("kb_drafts")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(tarakan_population.get_publish_url(), {"publish": "0"})
    assert response.status_code == 302
    tarakan_population.refresh_from_db()
    assert tarakan_population.is_published


def test_a_registered_visitor_gets_403(client, visitor, tarakan_population, prices):
    client.force_login(visitor)
    assert client.get(reverse("kb_new")).status_code == 403
    assert client.post(reverse("kb_new"), form_data(prices)).status_code == 403
    assert client.get(tarakan_population.get_edit_url()).status_code == 403
    assert client.post(reverse("kb_preview"), {"body": "x"}).status_code == 403
    assert client.get(reverse("kb_insights")).status_code == 403
    assert Article.objects.count() == 1


def test_a_front_office_officer_gets_403(client, front_office, tarakan_population):
    client.force_login(front_office)
    assert client.get(reverse("kb_new")).status_code == 403
    assert client.get(tarakan_population.get_edit_url()).status_code == 403


def test_another_offices_officer_gets_403_on_a_published_article_and_404_on_a_draft(
    client, other_office, tarakan_population, draft
):
    malinau = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    client.force_login(malinau)
    assert client.get(tarakan_population.get_edit_url()).status_code == 403
    assert client.post(tarakan_population.get_publish_url(), {"publish": "0"}).status_code == 403
    assert client.get(draft.get_edit_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_national_articles_are_edited_by_superusers_only(
    client, consultation_officer, supervisor, inflation
):
    for officer in (consultation_officer, supervisor):
        client.force_login(officer)
        assert client.get(inflation.get_edit_url()).status_code == 403
        page = client.get(inflation.get_absolute_url()).content.decode()
        assert 'data-testid="kb-edit"' not in page
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(inflation.get_edit_url()).status_code == 200


def test_officers_see_edit_on_their_office_article_and_their_drafts(
    client, consultation_officer, supervisor, tarakan_population, draft
):
    for officer in (consultation_officer, supervisor):
        client.force_login(officer)
        page = client.get(tarakan_population.get_absolute_url()).content.decode()
        assert 'data-testid="kb-edit"' in page
        draft_page = client.get(draft.get_absolute_url())
        assert draft_page.status_code == 200
        assert 'data-testid="kb-draft-badge"' in draft_page.content.decode()
        drafts = client.get(reverse("kb_drafts")).content.decode()
        assert draft.title in drafts


def test_a_superuser_writes_a_national_article(client, prices, inflation):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(reverse("kb_new"), form_data(prices, office=""))
    assert response.status_code == 302
    assert Article.objects.get(title="Cara mengutip data BPS").office is None


def test_an_officer_cannot_write_for_another_office_through_the_form(
    client, consultation_officer, other_office, prices
):
    client.force_login(consultation_officer)
    client.post(reverse("kb_new"), form_data(prices, office=other_office.pk))
    assert Article.objects.get().office == consultation_officer.office


def test_the_service_refuses_a_writer_of_another_office(
    consultation_officer, other_office, population
):
    with pytest.raises(services.ArticleError) as refused:
        services.article_create(
            office=other_office,
            author=consultation_officer,
            data={"title": "x", "subject_area": population, "body": "x"},
        )
    assert refused.value.code == "not_allowed"


# -- preview ------------------------------------------------------------------------------------


def test_the_preview_fragment_renders_sanitised_markdown(client, consultation_officer):
    client.force_login(consultation_officer)
    response = client.post(
        reverse("kb_preview"),
        {"body": "**Tebal** <script>alert(1)</script>"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Tebal</strong>" in html and "<script" not in html
    assert "<html" not in html  # a fragment


def test_the_form_pages_have_a_preview(client, consultation_officer):
    client.force_login(consultation_officer)
    page = client.get(reverse("kb_new")).content.decode()
    assert 'hx-post="/kb/preview/"' in page
    assert 'name="client_request_id"' in page
