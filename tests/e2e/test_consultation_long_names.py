"""A long file name without spaces (a scanner's or a phone's) must not widen the
conversation page, on a phone or on a desktop (found by the attack pass: a 150-character
name pushed the page sideways at 375 and 1280 px)."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consultations import lifecycle
from consultations.models import SubjectArea

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_long_attachment_name_does_not_widen_the_conversation(
    new_page, live_server, subject_areas, office, visitor, consultation_officer, width, tmp_path,
    settings,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data",
              "question": "Tabel penduduk"},
        files=[SimpleUploadedFile("a" * 140 + ".pdf", PDF)],
    )  # fmt: skip
    client = Client()
    client.force_login(visitor)
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.session.session_key,
          "url": live_server.url}]
    )  # fmt: skip
    page.goto(f"/consultations/{consultation.pk}/")
    assert page.get_by_test_id("attachment").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_long_article_title_without_spaces_wraps_on_its_page_and_in_the_results(
    new_page, subject_areas, width
):
    from tests.factories import ArticleFactory

    title = "Tabel_Jumlah_Penduduk_Menurut_Kecamatan_dan_Jenis_Kelamin_" * 3
    ArticleFactory(title=title, slug="tabel-penduduk-panjang")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/kb/tabel-penduduk-panjang/", "/kb/?q=Tabel_Jumlah_Penduduk"):
        page.goto(path)
        assert page.get_by_text(title[:40]).first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
