"""The online consultation pages: who sees what, every action through its page, refusals as
messages (never a 500), downloads, and query budgets that do not grow with the data."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import lifecycle
from consultations.models import Consultation, ConsultationStatus, Message, SubjectArea
from pst.models import PersonalDataAccess
from pst.permissions import Role
from tests.conftest import WITA
from tests.factories import HolidayFactory, OfficeFactory, UserFactory
from tests.photos import HEIC, PDF_NAMED_HEIC

S = ConsultationStatus
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**changes):
    data = {
        "office": "",
        "subject_area": SubjectArea.objects.get(name="Kependudukan").pk,
        "topic": "data",
        "question": "Jumlah penduduk Kota Tarakan per kecamatan 2024",
        "data_region": "Kota Tarakan",
        "data_period": "2024",
        "data_detail": "per kecamatan",
        "intended_use": "Perencanaan",
        "request_id": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


@pytest.fixture
def asked(office, visitor):
    return lifecycle.consultation_submit(
        requester=visitor,
        office=office,
        data={
            "subject_area": SubjectArea.objects.get(name="Kependudukan"),
            "topic": "data",
            "question": "Proyeksi penduduk 2030?",
        },
    )


def act(client, consultation, action, **data):
    return client.post(reverse("consultation_act", args=[consultation.pk, action]), data)


def test_a_user_sends_a_question_with_a_file_and_lands_on_it(client, office, visitor):
    client.force_login(visitor)
    data = form_data(office=office.pk, files=SimpleUploadedFile("pengantar.pdf", PDF))
    response = client.post(reverse("consultation_new"), data)
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("consultation_detail", args=[consultation.pk])
    page = client.get(response.url).content.decode()
    assert "pengantar.pdf" in page
    assert consultation.reference in page


def test_the_form_sent_twice_opens_one_consultation(client, office, visitor):
    client.force_login(visitor)
    data = form_data(office=office.pk)
    client.post(reverse("consultation_new"), data)
    client.post(reverse("consultation_new"), data)
    assert Consultation.objects.count() == 1


def test_going_back_and_sending_the_form_again_opens_no_second_consultation(
    client, office, visitor, mailoutbox
):
    # Back re-fetches the form (never cached) with a new request id; the browser refills
    # what was typed.
    client.force_login(visitor)
    first = client.post(reverse("consultation_new"), form_data(office=office.pk))
    again = client.post(reverse("consultation_new"), form_data(office=office.pk))
    consultation = Consultation.objects.get()
    assert again.url == first.url == reverse("consultation_detail", args=[consultation.pk])
    assert consultation.messages.count() == 1
    assert len(mailoutbox) == 1


def test_going_back_after_sending_a_file_and_sending_again_opens_no_second_consultation(
    client, office, visitor, mailoutbox
):
    # Trial L6: a browser never refills a file input, so the form comes back without it.
    client.force_login(visitor)
    first = client.post(
        reverse("consultation_new"),
        form_data(office=office.pk, files=SimpleUploadedFile("surat.pdf", PDF)),
        follow=True,
    )
    assert [message.level_tag for message in first.context["messages"]] == ["success"]
    sent = len(mailoutbox)
    again = client.post(reverse("consultation_new"), form_data(office=office.pk), follow=True)
    consultation = Consultation.objects.get()
    assert again.redirect_chain == first.redirect_chain
    assert consultation.messages.get().attachments.count() == 1
    assert len(mailoutbox) == sent
    assert [message.level_tag for message in again.context["messages"]] == ["info"]


def test_going_back_to_change_a_field_or_add_a_file_sends_a_new_consultation(
    client, office, visitor
):
    client.force_login(visitor)
    client.post(reverse("consultation_new"), form_data(office=office.pk))
    client.post(reverse("consultation_new"), form_data(office=office.pk, data_period="2020"))
    client.post(
        reverse("consultation_new"),
        form_data(office=office.pk, files=SimpleUploadedFile("surat.pdf", PDF)),
    )
    assert Consultation.objects.count() == 3
    assert Consultation.objects.filter(data_period="2020").count() == 1


def test_the_same_question_to_another_office_or_later_is_a_new_consultation(
    client, office, other_office, visitor, clock
):
    client.force_login(visitor)
    client.post(reverse("consultation_new"), form_data(office=office.pk))
    client.post(reverse("consultation_new"), form_data(office=other_office.pk))
    clock.shift(31 * 60)
    client.post(reverse("consultation_new"), form_data(office=office.pk))
    assert Consultation.objects.count() == 3


def test_the_region_example_names_the_only_office_s_own_region(client, visitor):
    OfficeFactory(code="6502", name="BPS Kabupaten Bulungan")
    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "inflasi", "ask": "1"}).content.decode()
    assert 'data-testid="consultation-form"' in page
    assert "Kabupaten Bulungan, per kecamatan" in page
    assert "Tarakan" not in page


def test_with_several_offices_the_region_example_names_none(client, office, other_office, visitor):
    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "inflasi", "ask": "1"}).content.decode()
    assert "Tarakan, per kecamatan" not in page
    assert "Malinau, per kecamatan" not in page


def test_the_ask_step_states_the_office_s_own_answer_time_in_working_days(client, visitor):
    # Trial P, P10: the standard's "3 (tiga) hari kerja" was only on the home page.
    OfficeFactory(code="6502", name="BPS Kabupaten Bulungan", online_sla_working_days=5)
    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "inflasi", "ask": "1"}).content.decode()
    answer_time = re.search(r'data-testid="answer-time">(.*?)</p>', page, re.S).group(1)
    assert "5 hari kerja" in answer_time


def test_with_several_offices_the_ask_step_names_no_number_of_days(
    client, office, other_office, visitor
):
    other_office.online_sla_working_days = 5
    other_office.save()
    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "inflasi", "ask": "1"}).content.decode()
    answer_time = re.search(r'data-testid="answer-time">(.*?)</p>', page, re.S).group(1)
    assert "hari kerja" not in answer_time


def test_an_unverified_user_is_told_to_verify_and_cannot_send(client, office):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    page = client.get(reverse("consultation_new")).content.decode()
    assert 'data-testid="verify-first"' in page
    client.post(reverse("consultation_new"), form_data(office=office.pk))
    assert not Consultation.objects.exists()


def test_invalid_input_keeps_the_form_with_errors(client, office, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("consultation_new"),
        form_data(office=office.pk, question="NIK 6571010101010001", data_region="a\x0bb"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert not Consultation.objects.exists()


def test_a_renamed_program_is_refused_on_the_form(client, office, visitor):
    client.force_login(visitor)
    exe = SimpleUploadedFile("data.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    response = client.post(reverse("consultation_new"), form_data(office=office.pk, files=exe))
    assert response.status_code == 200
    assert response.context["form"].has_error("files", code="file_type")
    assert not Consultation.objects.exists()


def test_a_phone_photo_in_heic_is_taken_on_the_form_and_a_fake_one_refused(client, office, visitor):
    # Product trial M, M2: an iPhone's photos are HEIC; the form offered and took none.
    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "foto", "ask": "1"}).content.decode()
    assert re.search(r'<input[^>]* accept="[^"]*\.heic,\.heif', page)
    assert "PDF, Excel, Word, CSV, PNG, JPG, HEIC" in page  # the help under the input

    fake = SimpleUploadedFile("IMG_0002.HEIC", PDF_NAMED_HEIC)
    response = client.post(reverse("consultation_new"), form_data(office=office.pk, files=fake))
    assert response.context["form"].has_error("files", code="file_type")
    assert "HEIC" in response.context["form"].errors["files"][0]
    assert not Consultation.objects.exists()

    photo = SimpleUploadedFile("IMG_0001.HEIC", HEIC, content_type="image/heic")
    response = client.post(reverse("consultation_new"), form_data(office=office.pk, files=photo))
    assert response.status_code == 302
    attachment = Consultation.objects.get().messages.get().attachments.get()
    assert (attachment.name, attachment.content_type) == ("IMG_0001.HEIC", "image/heic")


def test_a_heic_photo_is_a_download_for_allowed_people_only(
    client, asked, visitor, consultation_officer, other_office
):
    lifecycle.consultation_reply(
        consultation=asked, requester=visitor, body="Foto surat",
        files=[SimpleUploadedFile("IMG_0001.HEIC", HEIC)],
    )  # fmt: skip
    attachment = asked.messages.last().attachments.get()
    url = reverse("consultation_attachment", args=[asked.pk, attachment.pk])
    for reader in (visitor, consultation_officer):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        # Never shown in the portal's origin: a download, of the type it was checked to be.
        assert response["Content-Disposition"].startswith('attachment; filename="IMG_0001.HEIC"')
        assert response["Content-Type"] == "image/heic"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == HEIC
    others = (
        UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER]),
        UserFactory(email="pengunjung.lain@example.org"),
    )
    for other in others:
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_anonymous_is_sent_to_sign_in(client, asked):
    for url in (
        reverse("consultation_list"),
        reverse("consultation_new"),
        reverse("consultation_detail", args=[asked.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("persona", ["other_office_officer", "front_office", "administrator"])
def test_staff_who_do_not_answer_here_do_not_see_it(client, asked, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("consultation_detail", args=[asked.pk])).status_code == 404
    assert act(client, asked, "claim").status_code == 404


def test_another_user_does_not_see_it(client, asked):
    client.force_login(UserFactory(email="orang.lain@example.org"))
    assert client.get(reverse("consultation_detail", args=[asked.pk])).status_code == 404
    assert act(client, asked, "cancel").status_code == 404
    asked.refresh_from_db()
    assert asked.status == S.SUBMITTED


@pytest.mark.parametrize("pk", ["0", "99999999999999999999", "١٢"])
def test_malformed_ids_are_not_found(client, visitor, pk):
    client.force_login(visitor)
    assert client.get(f"/consultations/{pk}/").status_code == 404


def test_the_officer_claims_clarifies_accepts_notes_and_answers(
    client, asked, consultation_officer, visitor
):
    client.force_login(consultation_officer)
    assert act(client, asked, "claim").status_code == 302
    act(client, asked, "clarify", body="Untuk kecamatan apa saja?", request_id=uuid.uuid4())
    asked.refresh_from_db()
    assert asked.status == S.NEEDS_CLARIFICATION

    client.force_login(visitor)
    act(client, asked, "reply", body="Semua kecamatan.", request_id=uuid.uuid4())
    asked.refresh_from_db()
    assert asked.status == S.SUBMITTED

    client.force_login(consultation_officer)
    act(client, asked, "accept")
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="due-explanation"' in page
    act(client, asked, "note", body="Rahasia kantor: cek tabel dinamis", request_id=uuid.uuid4())
    act(
        client, asked, "answer", body="Tabel ada di situs.", request_id=uuid.uuid4(),
        files=SimpleUploadedFile("tabel.pdf", PDF),
    )  # fmt: skip
    asked.refresh_from_db()
    assert asked.status == S.ANSWERED

    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert "Tabel ada di situs." in page and "tabel.pdf" in page
    assert "Rahasia kantor" not in page
    assert all("Rahasia kantor" not in m.body for m in mail.outbox)
    act(client, asked, "close")
    asked.refresh_from_db()
    assert asked.status == S.CLOSED


def test_accepted_while_the_office_is_closed_the_message_gives_the_due_time_from_opening(
    client, asked, consultation_officer, clock
):
    HolidayFactory(date=dt.date(2026, 8, 17))  # 2026 in the calendar: no warning of its gap
    clock.move_to(dt.datetime(2026, 11, 23, 22, 0, tzinfo=WITA))
    client.force_login(consultation_officer)
    response = client.post(reverse("consultation_act", args=[asked.pk, "accept"]), {}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Diterima: jawaban paling lambat Jumat 27 November 2026 07.30 WITA."]


def test_a_refused_action_is_a_message_not_an_error(client, asked, consultation_officer):
    client.force_login(consultation_officer)
    response = act(client, asked, "answer", body="Belum diterima", request_id=uuid.uuid4())
    assert response.status_code == 400  # the page again, the typed text in its box
    page = response.content.decode()
    assert 'data-code="state"' in page
    assert "Belum diterima</textarea>" in page
    assert Message.objects.filter(consultation=asked).count() == 1  # the question only
    assert PersonalDataAccess.objects.filter(user=consultation_officer).count() == 1


def test_an_empty_message_keeps_the_page_with_the_error(client, asked, visitor):
    client.force_login(visitor)
    response = act(client, asked, "reply", body="  ", request_id=uuid.uuid4())
    assert response.status_code == 400
    assert response.context["message_form"].errors


def test_unknown_action_is_not_found(client, asked, visitor):
    client.force_login(visitor)
    assert act(client, asked, "delete").status_code == 404


def test_the_requester_cannot_act_as_an_officer(client, asked, visitor):
    client.force_login(visitor)
    for action in ("claim", "accept"):
        response = act(client, asked, action)
        assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == S.SUBMITTED and asked.officer is None


def test_attachments_are_downloads_for_allowed_people_only(
    client, asked, visitor, consultation_officer
):
    message = lifecycle.consultation_write(
        consultation=asked, officer=consultation_officer, body="Catatan dengan file",
        internal=True, files=[SimpleUploadedFile("internal.pdf", PDF)],
    )  # fmt: skip
    attachment = message.attachments.get()
    url = reverse("consultation_attachment", args=[asked.pk, attachment.pk])
    client.force_login(consultation_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    client.force_login(visitor)  # the requester never gets an internal note's file
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(email="x@example.org"))
    assert client.get(url).status_code == 404


def test_an_officer_downloading_a_requesters_file_is_logged_the_requester_is_not(
    client, asked, visitor, consultation_officer
):
    # Found by the attack pass: the page was logged, the file itself (often a scan of a
    # letter or an identity paper) was not.
    lifecycle.consultation_reply(
        consultation=asked, requester=visitor, body="Surat pengantar",
        files=[SimpleUploadedFile("surat.pdf", PDF)],
    )  # fmt: skip
    url = reverse(
        "consultation_attachment", args=[asked.pk, asked.messages.last().attachments.get().pk]
    )
    client.force_login(visitor)
    assert client.get(url).status_code == 200
    assert not PersonalDataAccess.objects.exists()
    client.force_login(consultation_officer)
    assert client.get(url).status_code == 200
    logged = PersonalDataAccess.objects.get()
    assert (logged.user, logged.kind) == (consultation_officer, "view_detail")
    assert logged.subject.startswith("attachment ") and asked.reference in logged.subject


def test_the_inbox_lists_the_office_and_logs_the_look(client, asked, consultation_officer):
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_list")).content.decode()
    assert asked.reference in page
    assert 'data-testid="unassigned"' in page
    assert PersonalDataAccess.objects.filter(kind="view_list").exists()
    page = client.get(reverse("consultation_list"), {"show": "mine"}).content.decode()
    assert asked.reference not in page


def test_bad_inbox_filters_show_everything_open_not_an_error(client, asked, consultation_officer):
    client.force_login(consultation_officer)
    response = client.get(
        reverse("consultation_list"), {"show": "x", "subject_area": "1e9", "page": "٣"}
    )
    assert response.status_code == 200


def test_the_requester_list_shows_only_their_own(client, asked, office, visitor):
    other = UserFactory(email="tetangga@example.org")
    lifecycle.consultation_submit(
        requester=other, office=office,
        data={"subject_area": asked.subject_area, "topic": "data", "question": "Milik orang lain"},
    )  # fmt: skip
    client.force_login(visitor)
    page = client.get(reverse("consultation_list")).content.decode()
    assert asked.reference in page and "Milik orang lain" not in page


def test_a_requester_of_two_offices_reads_each_time_with_its_zone(
    client, clock, asked, office, other_office, visitor
):
    # Trial G, G14: 09.00 and 10.00 for two requests sent in the same minute, unlabelled.
    other_office.time_zone = "Asia/Jayapura"
    other_office.save()
    there = lifecycle.consultation_submit(
        requester=visitor, office=other_office,
        data={"subject_area": asked.subject_area, "topic": "data", "question": "Di Jayapura"},
    )  # fmt: skip
    client.force_login(visitor)
    page = client.get(reverse("consultation_list")).content.decode()
    assert "23 Nov 2026 09.00 WITA" in page and "23 Nov 2026 10.00 WIT" in page
    detail = client.get(reverse("consultation_detail", args=[there.pk])).content.decode()
    assert "23 Nov 2026 10.00 WIT" in detail


def _many(office, requester, officer, count):
    for i in range(count):
        consultation = lifecycle.consultation_submit(
            requester=requester, office=office,
            data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                  "question": f"Pertanyaan {i}"},
        )  # fmt: skip
        lifecycle.consultation_write(
            consultation=consultation, officer=officer, body="catatan", internal=True
        )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_inbox_and_requester_list_queries_do_not_grow_with_consultations(
    client, office, visitor, consultation_officer, settings
):
    settings.CONSULTATION_SUBMISSIONS_PER_HOUR = 100
    url = reverse("consultation_list")
    _many(office, visitor, consultation_officer, 1)
    client.force_login(consultation_officer)
    inbox_few = _queries(client, url)
    client.force_login(visitor)
    mine_few = _queries(client, url)
    _many(office, visitor, consultation_officer, 7)
    client.force_login(consultation_officer)
    # 14: the office's opening hours and holidays, read once for the page, count how long
    # each request on it has waited for review in working days (trial N, N1).
    assert _queries(client, url) == inbox_few <= 14
    client.force_login(visitor)
    assert _queries(client, url) == mine_few <= 8


def test_the_inbox_counts_its_rows_without_the_joins_of_what_each_row_shows(
    client, asked, consultation_officer
):
    # The officer's join kept in the COUNT made PostgreSQL scan every consultation instead
    # of the office's index (benchmarks/README.md, *Inbox again*).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(consultation_officer)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("consultation_list"), {"show": "all"})
    assert page.context["page"].paginator.count == 1
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    # The list's own count (the menu's count of what waits filters on the officer: it joins).
    assert any("JOIN" not in count and "officer_id" not in count for count in counts)


def test_conversation_queries_do_not_grow_with_messages(client, asked, consultation_officer):
    url = reverse("consultation_detail", args=[asked.pk])
    client.force_login(consultation_officer)

    def write(n):
        for i in range(n):
            lifecycle.consultation_write(
                consultation=asked, officer=consultation_officer, body=f"Pesan {i}",
                internal=bool(i % 2), files=[SimpleUploadedFile(f"f{i}.pdf", PDF)],
            )  # fmt: skip

    write(1)
    few = _queries(client, url)
    write(8)
    assert _queries(client, url) == few <= 16


def test_none_of_these_answers_logs_the_search_and_the_consultation_follows_it(
    client, office, visitor
):
    from consultations.knowledge.models import SearchLog

    client.force_login(visitor)
    page = client.get(reverse("consultation_new"), {"q": "penduduk kecamatan 2024", "ask": "1"})
    form = page.context["form"]
    assert form.initial["question"] == "penduduk kecamatan 2024"
    log = SearchLog.objects.get()
    assert log.query == "penduduk kecamatan 2024" and log.consultation_followed is None
    data = form_data(office=office.pk, search=form.initial["search"])
    client.post(reverse("consultation_new"), data)
    log.refresh_from_db()
    assert log.consultation_followed == Consultation.objects.get()


def test_a_forged_search_token_marks_nothing(client, office, visitor):
    from consultations.knowledge.models import SearchLog
    from consultations.knowledge.search_log import search_log_record

    log = search_log_record(office=office, query="inflasi", result_count=0, user=None)
    client.force_login(visitor)
    client.post(reverse("consultation_new"), form_data(office=office.pk, search=str(log.pk)))
    assert Consultation.objects.count() == 1
    assert SearchLog.objects.get().consultation_followed is None


def test_an_answered_consultation_becomes_an_article_draft_without_notes_or_requester(
    client, asked, consultation_officer, visitor
):
    lifecycle.consultation_accept(consultation=asked, officer=consultation_officer)
    lifecycle.consultation_write(
        consultation=asked, officer=consultation_officer, body="Catatan rahasia", internal=True
    )
    lifecycle.consultation_answer(
        consultation=asked, officer=consultation_officer, body="Proyeksi ada di publikasi."
    )
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert 'data-testid="to-article"' in page
    response = client.get(reverse("kb_new"), {"from_consultation": asked.pk})
    initial = response.context["form"].initial
    assert "Proyeksi ada di publikasi." in initial["body"]
    assert "Catatan rahasia" not in initial["body"]
    assert visitor.email not in initial["body"] and visitor.full_name not in initial["body"]
    assert initial["is_published"] is False
    client.force_login(visitor)  # the requester writes no articles
    assert client.get(reverse("kb_new"), {"from_consultation": asked.pk}).status_code == 403


# Found by the product trial (details a visitor or officer trips on).


def test_an_action_address_opened_again_leads_back_to_the_consultation(client, asked, visitor):
    # A refused form stays at its action's address; the language switch or a reload asks
    # for it again.
    client.force_login(visitor)
    response = client.get(reverse("consultation_act", args=[asked.pk, "reply"]))
    assert response.status_code == 302
    assert response.url == reverse("consultation_detail", args=[asked.pk])


def test_an_action_address_leads_back_only_whoever_may_read_the_consultation(
    client, asked, other_office_officer
):
    client.force_login(other_office_officer)
    assert client.get(reverse("consultation_act", args=[asked.pk, "answer"])).status_code == 404
    assert client.get(reverse("consultation_act", args=[asked.pk, "delete"])).status_code == 404


def test_cancelling_a_consultation_asks_first(client, asked, visitor):
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    cancel = page[page.index(reverse("consultation_act", args=[asked.pk, "cancel"])) :][:200]
    assert "data-confirm=" in cancel


def test_the_officer_sees_no_empty_action_card(client, asked, consultation_officer):
    lifecycle.consultation_accept(consultation=asked, officer=consultation_officer)
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[asked.pk])).content.decode()
    assert (
        '<div class="card mb-3"><div class="card-body d-grid gap-2">\n    </div></div>' not in page
    )
    assert not re.search(r'card-body d-grid gap-2">\s*</div>', page)


def test_a_refused_form_with_files_says_to_choose_them_again(client, office, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("consultation_new"),
        form_data(subject_area="", files=SimpleUploadedFile("tabel.pdf", PDF)),
    )
    assert response.status_code == 200
    assert "Pilih lagi berkas Anda" in response.content.decode()
