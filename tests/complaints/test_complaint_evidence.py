"""Evidence sent with a complaint (DESIGN §4): files checked by content as a consultation's
attachments are, stored with the complaint, downloaded only by the office's supervisors (each
download logged), named on the tracking page, and deleted with the complainant's data."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from complaints.handling import services
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint, ComplaintEvidence
from pst.guards import body_limit
from pst.models import PersonalDataAccess
from pst.permissions import Role
from pst.stored_files import orphan_files_remove
from tests.complaints.test_complaint_pages import form_data
from tests.factories import UserFactory
from tests.photos import HEIC, PDF_NAMED_HEIC

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def pdf(name="surat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post(client, category, *files, **changes):
    data = form_data(category, **changes)
    if files:
        data["files"] = list(files)
    return client.post("/complaints/new/?office=6571", data)


@pytest.fixture
def with_evidence(client, office, category, clock):
    post(client, category, pdf(), SimpleUploadedFile("antrean.png", PNG))
    return Complaint.objects.get()


# -- filing -------------------------------------------------------------------------------------


def test_files_sent_with_the_form_are_kept_with_their_names_and_kinds(client, with_evidence, media):
    rows = list(with_evidence.evidence.values_list("name", "content_type", "size"))
    assert rows == [
        ("surat.pdf", "application/pdf", len(PDF)),
        ("antrean.png", "image/png", len(PNG)),
    ]
    assert all(name.startswith("complaints/2026/11/") for name in stored(media))
    assert not any("surat" in name for name in stored(media))  # an unguessable stored name
    html = client.get("/complaints/new/done/").content.decode()
    assert 'data-testid="evidence-count"' in html and "2 berkas" in html


def test_the_form_is_sent_as_multipart(client, office, category):
    html = client.get("/complaints/new/").content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="files"' in html


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("surat.pdf", b"MZ\x90\x00program"), "file_type"),
        (SimpleUploadedFile("foto.jpg", PDF), "file_type"),
        (SimpleUploadedFile("kosong.pdf", b""), "empty"),
        (SimpleUploadedFile("IMG_0002.HEIC", PDF_NAMED_HEIC), "file_type"),  # not a photo
    ],
)
def test_a_refused_file_files_nothing_and_says_why(
    client, office, category, clock, media, upload, code
):
    response = post(client, category, upload)
    assert response.status_code == 200
    assert response.context["form"].has_error("files", code)
    assert not Complaint.objects.exists() and not stored(media)
    # What was typed stays on the form: only the file is asked for again.
    assert "Antrean lama sekali." in response.content.decode()


def test_a_phone_photo_in_heic_is_taken_and_downloaded_as_a_file(
    client, office, category, clock, supervisor
):
    # Product trial M, M2: an iPhone's photo (HEIC) of the queue was refused.
    html = client.get("/complaints/new/?office=6571").content.decode()
    assert re.search(r'name="files"[^>]* accept="[^"]*\.heic,\.heif', html)
    assert "PDF, Excel, Word, CSV, PNG, JPG, HEIC" in html

    assert post(client, category, SimpleUploadedFile("IMG_0001.HEIC", HEIC)).status_code == 302

    evidence = Complaint.objects.get().evidence.get()
    assert (evidence.name, evidence.content_type) == ("IMG_0001.HEIC", "image/heic")
    client.force_login(supervisor)
    response = client.get(f"/complaints/{evidence.complaint_id}/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith('attachment; filename="IMG_0001.HEIC"')
    assert response["Content-Type"] == "image/heic"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == HEIC


def test_too_many_files_are_refused(client, office, category, clock, settings):
    settings.COMPLAINT_EVIDENCE_FILES = 2
    response = post(client, category, pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf"))
    assert response.context["form"].has_error("files", "file_count")
    assert not Complaint.objects.exists()


def test_a_file_over_the_limit_is_refused(client, office, category, clock, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF) - 1
    response = post(client, category, pdf())
    assert response.context["form"].has_error("files", "file_size")
    assert not Complaint.objects.exists()


def test_a_file_name_loses_its_path_control_characters_and_identity_number(
    client, office, category, clock
):
    post(client, category, pdf("C:\\Users\\budi\\KTP 3171012345678901\x07.pdf"))
    name = ComplaintEvidence.objects.get().name
    assert "\\" not in name and "\x07" not in name and "3171012345678901" not in name
    assert name.endswith(".pdf")


def test_the_same_form_sent_twice_keeps_its_files_once(client, office, category, clock, media):
    data = form_data(category)
    for _ in range(2):
        data["files"] = [pdf()]
        client.post("/complaints/new/", data)
    assert Complaint.objects.count() == 1
    assert ComplaintEvidence.objects.count() == 1 and len(stored(media)) == 1


def test_the_files_of_a_complaint_rolled_back_are_swept_a_day_later(office, category, media):
    # No `clock`: the sweep compares the file's real modification time.
    class Rollback(Exception):
        pass

    data = {"category": category, "description": "Lama.", "is_anonymous": True}
    with pytest.raises(Rollback), transaction.atomic():
        services.complaint_file(office=office, data=data, files=[pdf()])
        raise Rollback
    assert not ComplaintEvidence.objects.exists() and len(stored(media)) == 1
    assert orphan_files_remove(now=timezone.now()).removed == 0  # young: maybe in flight
    assert orphan_files_remove(now=timezone.now() + dt.timedelta(days=2)).removed == 1
    assert not stored(media)


def test_an_officer_records_the_screenshot_the_complainant_sent(
    client, front_office, office, category, clock
):
    client.force_login(front_office)
    data = form_data(category, channel="whatsapp", received_at="2026-11-23T08:30")
    data.pop("privacy_acknowledged")
    data["files"] = [SimpleUploadedFile("chat.png", PNG)]
    response = client.post("/complaints/record/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert Complaint.objects.get().evidence.get().name == "chat.png"


# -- reading and downloading --------------------------------------------------------------------


def test_the_supervisor_downloads_a_file_and_the_download_is_logged(
    client, with_evidence, supervisor
):
    evidence = with_evidence.evidence.first()
    client.force_login(supervisor)
    html = client.get(f"/complaints/{with_evidence.pk}/").content.decode()
    url = f"/complaints/{with_evidence.pk}/evidence/{evidence.pk}/"
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="surat.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert PersonalDataAccess.objects.filter(
        user=supervisor, subject=f"evidence {evidence.pk} of complaint {with_evidence.pk}"
    ).exists()


def test_the_tracking_page_names_the_files_without_offering_them(client, with_evidence):
    html = client.post("/complaints/track/", {"code": with_evidence.display_code}).content
    html = html.decode()
    assert 'data-testid="complaint-evidence"' in html and "surat.pdf" in html
    assert "/evidence/" not in html


def test_who_may_not_download_a_file(
    client, with_evidence, visitor, front_office, consultation_officer, other_office
):
    evidence = with_evidence.evidence.first()
    url = f"/complaints/{with_evidence.pk}/evidence/{evidence.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for user in (visitor, front_office, consultation_officer):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("evidence_id", "status"),
    [("٣", 404), ("9" * 40, 404), ("-1", 404), ("x", 404), ("1\x00", 400)],
)
def test_a_malformed_or_unknown_file_id_is_refused(
    client, with_evidence, supervisor, evidence_id, status
):
    client.force_login(supervisor)
    response = client.get(f"/complaints/{with_evidence.pk}/evidence/{evidence_id}/")
    assert response.status_code == status


def test_a_file_of_another_complaint_is_not_reached_through_this_one(
    client, with_evidence, supervisor, file_complaint
):
    other = file_complaint(client_request_id=uuid.uuid4())
    client.force_login(supervisor)
    evidence = with_evidence.evidence.first()
    assert client.get(f"/complaints/{other.pk}/evidence/{evidence.pk}/").status_code == 404


def test_a_file_missing_from_storage_is_a_404(client, with_evidence, supervisor):
    evidence = with_evidence.evidence.first()
    default_storage.delete(evidence.file.name)
    client.force_login(supervisor)
    assert client.get(f"/complaints/{with_evidence.pk}/evidence/{evidence.pk}/").status_code == 404


def test_the_complaint_page_with_files_reads_a_fixed_number_of_queries(
    client, with_evidence, supervisor, django_assert_num_queries
):
    for number in range(3):  # five files: still one query for them
        ComplaintEvidence.objects.create(
            complaint=with_evidence, file=f"complaints/x{number}", name=f"{number}.pdf",
            content_type="application/pdf", size=1,
        )  # fmt: skip
    client.force_login(supervisor)
    client.get(f"/complaints/{with_evidence.pk}/")
    with django_assert_num_queries(13):
        client.get(f"/complaints/{with_evidence.pk}/")


# -- retention ----------------------------------------------------------------------------------


def test_the_purge_deletes_the_files_with_the_contact(
    office, with_evidence, media, django_capture_on_commit_callbacks, supervisor
):
    assert stored(media)
    services.complaint_reject(complaint=with_evidence, user=supervisor, reason="Bukan PST.")
    with django_capture_on_commit_callbacks(execute=True):
        complaint_contacts_purge(office=office, before=dt.date(2026, 12, 1))
    assert not ComplaintEvidence.objects.exists() and not stored(media)
    assert Complaint.objects.get().complainant_email == ""


def test_the_files_of_a_purge_rolled_back_stay(
    office, with_evidence, media, django_capture_on_commit_callbacks, supervisor
):
    services.complaint_reject(complaint=with_evidence, user=supervisor, reason="Bukan PST.")

    class Rollback(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        complaint_contacts_purge(office=office, before=dt.date(2026, 12, 1))
        raise Rollback
    assert callbacks == []
    assert ComplaintEvidence.objects.count() == 2 and len(stored(media)) == 2


@pytest.mark.parametrize("path", ["/complaints/new/", "/complaints/record/"])
def test_the_form_takes_its_files_but_not_a_flood(client, office, settings, path):
    limit = body_limit(path)
    assert limit >= settings.ATTACHMENT_MAX_BYTES * settings.COMPLAINT_EVIDENCE_FILES
    response = client.generic(
        "POST", path, b"x" * (limit + 1), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert not Complaint.objects.exists()
