"""A saved walk-in consultation can be read and corrected (issue 8, item 12)."""

import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Consultation, ConsultationRevision, SubjectArea
from consultations.services import ConsultationError, consultation_correct
from pst.models import PersonalDataAccess
from tests.conftest import WITA
from tests.consultations.test_walk_in import record


@pytest.fixture
def saved(client, serving):
    assert record(client, serving).status_code == 302
    return Consultation.objects.get()


def page_url(consultation):
    return reverse("consultation_walk_in", args=[consultation.ticket_id])


def correct_url(consultation):
    return reverse("consultation_walk_in_correct", args=[consultation.ticket_id])


def form(consultation, **changes):
    return {
        "subject_area": consultation.subject_area_id,
        "topic": consultation.topic,
        "question": consultation.question,
        "answer": consultation.answer,
        "links": consultation.links,
        "version": consultation.revisions.count(),  # as a freshly loaded form carries it
    } | changes


@pytest.mark.parametrize("persona", ["consultation_officer", "front_office", "supervisor"])
def test_staff_read_the_saved_record_in_indonesian_instead_of_a_404(
    client, request, persona, saved
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(page_url(saved))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Catatan ini hanya dapat dibaca." in page
    assert "IPM Kota Tarakan 2020–2025 per komponen" in page
    assert 'data-testid="consultation-form"' not in page
    assert "no-store" in response["Cache-Control"]
    # The visitor's name from the guestbook is personal data: the look is logged.
    assert PersonalDataAccess.objects.filter(
        subject__startswith="guestbook entry", subject__endswith="(consultation of K-001)"
    ).exists()


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_people_who_are_not_staff_get_403(client, request, persona, saved):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page_url(saved)).status_code == 403
    assert client.get(correct_url(saved)).status_code == 403


def test_staff_of_another_office_find_nothing(client, other_office_officer, saved):
    client.force_login(other_office_officer)
    response = client.get(page_url(saved))
    assert response.status_code == 404
    assert "Belum ada konsultasi yang dicatat untuk tiket ini." in response.content.decode()


def test_a_ticket_without_a_record_is_a_404_in_indonesian(client, supervisor, issue):
    client.force_login(supervisor)
    response = client.get(reverse("consultation_walk_in", args=[issue("K").pk]))
    assert response.status_code == 404
    assert "Belum ada konsultasi yang dicatat untuk tiket ini." in response.content.decode()


def test_the_read_page_keeps_its_query_budget(
    client, consultation_officer, saved, django_assert_num_queries
):
    client.get(page_url(saved))
    with django_assert_num_queries(12):  # 11 + the navigation's inbox count
        client.get(page_url(saved))
    for n in range(3):
        consultation_correct(
            consultation=saved, officer=consultation_officer, data={"answer": f"Jawaban {n}"}
        )
    with django_assert_num_queries(12):  # 11 + the navigation's inbox count
        assert "Jawaban 2" in client.get(page_url(saved)).content.decode()


def test_the_recording_officer_corrects_on_the_same_day_and_the_old_text_is_kept(
    client, saved, consultation_officer
):
    page = client.get(page_url(saved)).content.decode()
    assert 'data-testid="consultation-correct"' in page
    new_answer = "Tabel IPM per komponen di tarakankota.bps.go.id."
    response = client.post(correct_url(saved), form(saved, answer=new_answer))
    assert response.status_code == 302 and response.url == page_url(saved)
    saved.refresh_from_db()
    assert saved.answer == new_answer
    revision = ConsultationRevision.objects.get()
    assert (revision.field, revision.new_value, revision.changed_by) == (
        "answer", new_answer, consultation_officer,
    )  # fmt: skip
    assert revision.old_value.startswith("Tabel IPM di tarakankota")
    assert new_answer in client.get(page_url(saved)).content.decode()
    # The same correction sent again records nothing new.
    client.post(correct_url(saved), form(saved, answer=new_answer))
    assert ConsultationRevision.objects.count() == 1


def test_a_subject_area_change_is_kept_by_name(client, saved):
    other = SubjectArea.objects.exclude(pk=saved.subject_area_id).first()
    client.post(correct_url(saved), form(saved, subject_area=other.pk))
    revision = ConsultationRevision.objects.get()
    assert (revision.old_value, revision.new_value) == ("Indeks Pembangunan Manusia", other.name)


def test_the_officer_cannot_correct_after_the_day(client, saved, consultation_officer, clock):
    clock.move_to(dt.datetime(2026, 11, 24, 8, 0, tzinfo=WITA))
    client.force_login(consultation_officer)  # the next day's sign-in (STAFF_SESSION_HOURS)
    assert client.get(correct_url(saved)).status_code == 403
    assert client.post(correct_url(saved), form(saved, answer="Nanti")).status_code == 403
    assert not ConsultationRevision.objects.exists()


def test_another_officer_cannot_correct_but_a_supervisor_can_at_any_time(
    client, saved, front_office, supervisor, clock
):
    client.force_login(front_office)
    assert client.post(correct_url(saved), form(saved, answer="X")).status_code == 403
    clock.move_to(dt.datetime(2027, 3, 1, 10, 0, tzinfo=WITA))
    client.force_login(supervisor)
    assert client.post(correct_url(saved), form(saved, answer="Koreksi")).status_code == 302
    saved.refresh_from_db()
    assert saved.answer == "Koreksi"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"links": "bukan alamat"}, "bukan alamat web"),
        ({"answer": ""}, "tidak boleh kosong"),
        ({"topic": "x"}, "pilihan yang valid"),
        ({"subject_area": "abc"}, "pilihan yang valid"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(client, saved, changes, message):
    response = client.post(correct_url(saved), form(saved, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConsultationRevision.objects.exists()


def test_an_identity_number_in_a_correction_is_refused_and_not_shown_back(client, saved):
    nik = "6571 0123 4567 8901"
    response = client.post(correct_url(saved), form(saved, question=f"Data NIK {nik}"))
    assert response.status_code == 200
    assert not ConsultationRevision.objects.exists()


def test_the_service_applies_the_record_rules_to_a_correction(saved, consultation_officer):
    with pytest.raises(ConsultationError):
        consultation_correct(
            consultation=saved, officer=consultation_officer, data={"links": "javascript:x"}
        )
    with pytest.raises(ConsultationError):
        consultation_correct(consultation=saved, officer=consultation_officer, data={"answer": ""})
    saved.refresh_from_db()
    assert saved.links.startswith("https://")
    assert not ConsultationRevision.objects.exists()


def test_a_correction_from_an_outdated_form_is_refused_and_the_current_version_shown(
    client, saved, supervisor, consultation_officer
):
    loaded = form(saved, answer="Jawaban petugas")
    client.force_login(supervisor)
    assert (
        client.post(correct_url(saved), form(saved, answer="Jawaban penyelia")).status_code == 302
    )
    client.force_login(consultation_officer)
    response = client.post(correct_url(saved), loaded, follow=True)
    assert response.redirect_chain[-1][0] == correct_url(saved)
    html = response.content.decode()
    assert "Orang lain mengubah catatan ini" in html
    assert "Jawaban penyelia" in html and 'name="version" value="1"' in html
    saved.refresh_from_db()
    assert saved.answer == "Jawaban penyelia"
    assert ConsultationRevision.objects.count() == 1


def test_the_service_refuses_a_consultation_correction_from_an_outdated_version(
    saved, consultation_officer
):
    consultation_correct(
        consultation=saved, officer=consultation_officer, data={"answer": "A"}, version=0
    )
    with pytest.raises(ConsultationError) as refused:
        consultation_correct(
            consultation=saved, officer=consultation_officer, data={"answer": "B"}, version=0
        )
    assert refused.value.code == "changed_meanwhile"
    saved.refresh_from_db()
    assert saved.answer == "A"
