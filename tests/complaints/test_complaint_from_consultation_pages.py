"""/complaints/record/consultation/<id>/ and the consultation page (trial P, P1): an open
consultation offers its officers "this is a complaint: record it as one"; the confirmation
page (category, the text to edit, the files kept) records it and leads back to the
consultation, which then names its complaint — to staff by the code's start (its supervisors
open it), to the requester by the whole tracking code. Who may not (with the exact answer),
bad input, a double submission."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint, ComplaintCategory
from consultations import guest_access, lifecycle
from consultations.models import Consultation, SubjectArea
from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from pst.personal_data import mask_email
from tests.complaints.reports.conftest import shown
from tests.complaints.test_complaint_evidence import PDF, PNG
from tests.complaints.test_complaint_from_consultation import COMPLAINT_TEXT, emailed_complaint
from tests.factories import UserFactory


@pytest.fixture
def emailed(office, supervisor, consultation_officer, clock):
    return emailed_complaint(
        office,
        files=[
            SimpleUploadedFile("meja-kosong.png", PNG, content_type="image/png"),
            SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
        ],
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(consultation) -> str:
    return f"/complaints/record/consultation/{consultation.pk}/"


def page(consultation) -> str:
    return f"/consultations/{consultation.pk}/"


def form_data(consultation, chosen, **changes) -> dict:
    files = [str(a.pk) for m in consultation.messages.all() for a in m.attachments.all()]
    data = {
        "category": str(chosen.pk),
        "description": COMPLAINT_TEXT,
        "files": files,
        "request_id": str(uuid.uuid4()),
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def reread(consultation) -> Consultation:
    return Consultation.objects.get(pk=consultation.pk)


# -- the consultation page offers it ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["consultation_officer", "supervisor"])
def test_an_open_consultation_offers_its_officers_to_record_it_as_a_complaint(
    client, emailed, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(page(emailed)).content.decode()
    assert 'data-testid="to-complaint"' in html and f'href="{url(emailed)}"' in html


def test_an_answered_consultation_offers_nothing_of_the_kind(client, emailed, consultation_officer):
    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    lifecycle.consultation_claim(consultation=emailed, officer=consultation_officer)
    lifecycle.consultation_accept(
        consultation=emailed, officer=consultation_officer, subject_area=area, topic="data"
    )
    lifecycle.consultation_answer(consultation=emailed, officer=consultation_officer, body="Oke.")
    client.force_login(consultation_officer)
    assert 'data-testid="to-complaint"' not in client.get(page(emailed)).content.decode()


def test_the_requester_is_not_offered_it(client, on_the_web, visitor):
    client.force_login(visitor)
    assert 'data-testid="to-complaint"' not in client.get(page(on_the_web)).content.decode()


# -- the confirmation page ---------------------------------------------------------------------


def test_the_confirmation_shows_what_the_complaint_will_be_and_logs_the_look(
    client, emailed, consultation_officer
):
    client.force_login(consultation_officer)
    response = client.get(url(emailed))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form["description"].value() == emailed.question
    attachments = [a.pk for m in emailed.messages.all() for a in m.attachments.all()]
    assert form["files"].value() == [str(pk) for pk in attachments]  # all kept, by default
    assert shown(html, "complaint-channel") == "Email"
    assert "20 November 2026" in shown(html, "complaint-received")
    assert "15.30" in shown(html, "complaint-received")
    assert shown(html, "complainant") == "Rina Warga rina.warga@example.com"
    assert PersonalDataAccess.objects.filter(
        user=consultation_officer, kind=AccessKind.VIEW_DETAIL,
        subject__contains=emailed.reference,
    ).exists()  # fmt: skip


def test_recording_leads_back_to_the_consultation_which_names_its_complaint(
    client, emailed, consultation_officer, supervisor, category
):
    client.force_login(consultation_officer)
    response = client.post(url(emailed), form_data(emailed, category), follow=True)

    assert response.redirect_chain == [(page(emailed), 302)]
    complaint = Complaint.objects.get()
    html = response.content.decode()
    # The officer who recorded it reads the whole code once, to pass it on.
    assert 'data-code="recorded"' in html
    assert complaint.display_code in html and mask_email("rina.warga@example.com") in html
    assert complaint.evidence.count() == 2
    assert reread(emailed).dismissal == "complaint"
    html = client.get(page(emailed)).content.decode()
    assert complaint.display_start in shown(html, "recorded-complaint-code")
    assert complaint.display_code not in html  # the code's start only, later
    assert 'data-testid="recorded-complaint-link"' not in html  # they do not handle complaints
    assert 'data-testid="to-complaint"' not in html and 'data-testid="dismiss"' not in html
    client.force_login(supervisor)
    html = client.get(page(emailed)).content.decode()
    assert f'href="/complaints/{complaint.pk}/"' in html
    detail = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert emailed.reference in shown(detail, "complaint-source-consultation")
    assert f'href="{page(emailed)}"' in detail


def test_the_requester_reads_that_it_is_handled_as_a_complaint_with_its_tracking_code(
    client, emailed, consultation_officer, category, settings
):
    client.force_login(consultation_officer)
    client.post(url(emailed), form_data(emailed, category))
    complaint = Complaint.objects.get()
    client.logout()

    link = guest_access.follow_link(reread(emailed)).removeprefix(settings.SITE_URL)
    html = client.get(link, follow=True).content.decode()

    assert complaint.display_code in shown(html, "recorded-complaint-code")
    assert 'href="/complaints/track/"' in html
    assert "dismissal" not in html  # not "closed by an officer"


def test_an_account_holder_reads_it_on_their_consultation(
    client, on_the_web, visitor, consultation_officer, category
):
    asked = on_the_web
    client.force_login(consultation_officer)
    client.post(url(asked), form_data(asked, category, description="Petugas tidak sopan."))
    complaint = Complaint.objects.get()
    client.force_login(visitor)
    html = client.get(page(asked)).content.decode()
    assert complaint.display_code in shown(html, "recorded-complaint-code")
    # Filed in their name: it is among theirs on the tracking page too.
    assert complaint.display_code in client.get("/complaints/track/").content.decode()
    # Their list says what became of it, not "cancelled".
    mine = client.get("/consultations/").content.decode()
    assert shown(mine, "status-badge") == "Sudah dicatat sebagai pengaduan"


# -- once -------------------------------------------------------------------------------------


def test_the_same_form_sent_twice_records_one_complaint_and_still_shows_the_code(
    client, emailed, consultation_officer, category
):
    client.force_login(consultation_officer)
    data = form_data(emailed, category)
    client.post(url(emailed), data)
    mail.outbox.clear()
    response = client.post(url(emailed), data, follow=True)

    assert response.redirect_chain == [(page(emailed), 302)]
    assert Complaint.objects.count() == 1 and mail.outbox == []
    complaint = Complaint.objects.get()
    # The browser shows the second answer of a double click: the code to pass on is in it.
    html = response.content.decode()
    assert 'data-code="already_recorded"' in html and complaint.display_code in html


def test_another_officer_opening_it_later_reads_only_the_codes_start(
    client, emailed, consultation_officer, office, category
):
    client.force_login(consultation_officer)
    client.post(url(emailed), form_data(emailed, category), follow=True)
    complaint = Complaint.objects.get()
    colleague = UserFactory(
        email="meja3@example.org", office=office, roles=[Role.CONSULTATION_OFFICER]
    )
    client.force_login(colleague)
    html = client.get(url(emailed), follow=True).content.decode()
    assert 'data-code="already_recorded"' in html and complaint.display_start in html
    assert complaint.display_code not in html


def test_opening_the_page_of_one_recorded_leads_back_to_the_consultation(
    client, emailed, consultation_officer, supervisor, category
):
    client.force_login(consultation_officer)
    client.post(url(emailed), form_data(emailed, category))
    client.force_login(supervisor)
    response = client.get(url(emailed))
    assert response.status_code == 302 and response["Location"] == page(emailed)


# -- who may not --------------------------------------------------------------------------------


def test_someone_signed_out_is_sent_to_sign_in(client, emailed, category):
    for response in (client.get(url(emailed)), client.post(url(emailed), {})):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert reread(emailed).status == "submitted"


@pytest.mark.parametrize("persona", ["front_office", "other_office_officer", "administrator"])
def test_who_does_not_read_the_office_consultations_gets_not_found(
    client, emailed, category, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(emailed)).status_code == 404
    assert client.post(url(emailed), form_data(emailed, category)).status_code == 404
    assert not Complaint.objects.exists() and reread(emailed).status == "submitted"


def test_a_consultation_officer_of_another_office_gets_not_found(
    client, emailed, other_office, category
):
    theirs = UserFactory(
        email="konsultasi-malinau@example.org", office=other_office,
        roles=[Role.CONSULTATION_OFFICER],
    )  # fmt: skip
    client.force_login(theirs)
    assert client.post(url(emailed), form_data(emailed, category)).status_code == 404
    assert not Complaint.objects.exists()


def test_the_requester_is_refused(client, on_the_web, visitor, category):
    asked = on_the_web
    client.force_login(visitor)
    assert client.get(url(asked)).status_code == 403
    assert client.post(url(asked), form_data(asked, category)).status_code == 403
    assert not Complaint.objects.exists() and reread(asked).status == "submitted"


def test_an_answered_consultation_is_refused_with_why(
    client, emailed, consultation_officer, category
):
    lifecycle.consultation_dismiss(
        consultation=emailed, officer=consultation_officer, reason="not_a_consultation"
    )
    client.force_login(consultation_officer)
    for response in (
        client.get(url(emailed), follow=True),
        client.post(url(emailed), form_data(emailed, category), follow=True),
    ):
        assert response.redirect_chain == [(page(emailed), 302)]
        assert 'data-code="state"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_missing_or_malformed_consultation_is_not_found(client, consultation_officer):
    client.force_login(consultation_officer)
    for pk in ("999999", "abc", "٣", "9" * 40):
        assert client.get(f"/complaints/record/consultation/{pk}/").status_code == 404


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"category": "abc"}, "category"),
        ({"category": "٣"}, "category"),
        ({"category": "９"}, "category"),
        ({"category": "9" * 30}, "category"),
        ({"category": "99999999"}, "category"),
        ({"category": None}, "category"),
        ({"description": ""}, "description"),
        ({"description": "Antrean\x0b lama"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"files": ["abc"]}, "files"),
        ({"files": ["٣"]}, "files"),
        ({"files": ["99999999999999999999999"]}, "files"),
        ({"request_id": "not-a-uuid"}, NON_FIELD_ERRORS),
    ],
)
def test_bad_input_records_nothing(client, emailed, consultation_officer, category, changes, field):
    client.force_login(consultation_officer)
    response = client.post(url(emailed), form_data(emailed, category, **changes))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not Complaint.objects.exists() and reread(emailed).status == "submitted"


def test_a_nul_character_is_refused_before_any_form_reads_it(
    client, emailed, consultation_officer, category
):
    client.force_login(consultation_officer)
    response = client.post(url(emailed), form_data(emailed, category, description="Antrean\x00"))
    assert response.status_code == 400
    assert not Complaint.objects.exists() and reread(emailed).status == "submitted"


def test_a_category_of_another_office_is_refused(
    client, emailed, consultation_officer, other_office
):
    theirs = ComplaintCategory.objects.create(
        office=other_office, key="parkir", name="Parkir", working_days=5
    )
    client.force_login(consultation_officer)
    response = client.post(url(emailed), form_data(emailed, theirs))
    assert response.context["form"].has_error("category")
    assert not Complaint.objects.exists()


def test_more_files_than_a_complaint_takes_are_refused_on_the_form(
    client, emailed, consultation_officer, category, settings
):
    settings.COMPLAINT_EVIDENCE_FILES = 1
    client.force_login(consultation_officer)
    response = client.post(url(emailed), form_data(emailed, category))
    assert response.context["form"].has_error("files", "file_count")
    assert not Complaint.objects.exists()


def test_files_left_out_stay_with_the_consultation_only(
    client, emailed, consultation_officer, category
):
    client.force_login(consultation_officer)
    kept = emailed.messages.get().attachments.order_by("pk").last()
    response = client.post(url(emailed), form_data(emailed, category, files=[str(kept.pk)]))
    assert response.status_code == 302
    assert [e.name for e in Complaint.objects.get().evidence.all()] == ["surat.pdf"]
