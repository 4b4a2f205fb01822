import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Consultation, ConsultationStatus, SubjectArea
from pst.models import AccessKind, PersonalDataAccess
from queueing import services as queue
from queueing.models import EventKind, TicketEvent
from tests.conftest import WITA


def record(client, ticket, **changes):
    data = {
        "subject_area": SubjectArea.objects.get(name="Indeks Pembangunan Manusia").pk,
        "topic": "data",
        "question": "IPM Kota Tarakan 2020–2025 per komponen",
        "answer": "Tabel IPM di tarakankota.bps.go.id dan publikasi Kota Tarakan Dalam Angka.",
        "links": "https://tarakankota.bps.go.id/indicator/26/1/ipm.html",
        "outcome": "answered",
    } | changes
    return client.post(reverse("consultation_walk_in", args=[ticket.pk]), data)


def test_starting_a_konsultasi_ticket_opens_its_record(
    client, issue, desks, services, front_office, consultation_officer
):
    services["K"].records_consultations = True
    services["K"].save()
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        without_guestbook=True,
        ticket=ticket,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
    )
    client.force_login(consultation_officer)
    client.post(reverse("desk_select"), {"desk": desks[2].pk})
    client.post(reverse("desk_action", args=["call-next"]))
    response = client.post(
        reverse("desk_action", args=["start"]),
        {"ticket": ticket.pk},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("consultation_walk_in", args=[ticket.pk])


def test_the_form_shows_the_visitor_from_the_guestbook_and_logs_the_view(client, serving):
    page = client.get(reverse("consultation_walk_in", args=[serving.pk])).content.decode()
    assert "Rina Wulandari" in page
    assert "IPM Kota Tarakan" in page  # the data needed, as the question to start from
    assert PersonalDataAccess.objects.filter(kind=AccessKind.VIEW_DETAIL).count() == 1


def test_answered_closes_the_consultation_and_finishes_the_ticket(client, serving):
    response = record(client, serving)
    assert response.status_code == 302 and response.url == reverse("desk")
    consultation = Consultation.objects.get()
    assert consultation.channel == "walk_in"
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.guestbook_entry.name == "Rina Wulandari"
    assert consultation.ticket == serving
    serving.refresh_from_db()
    assert serving.status == "done"


def test_a_referral_sends_the_ticket_to_the_chosen_queue_in_the_same_step(
    client, serving, services
):
    record(client, serving, outcome="referred", referred_to=services["P"].pk)
    serving.refresh_from_db()
    assert (serving.status, serving.service, serving.code) == ("waiting", services["P"], "K-001")
    consultation = Consultation.objects.get()
    assert consultation.referred_to == services["P"]
    assert TicketEvent.objects.filter(ticket=serving, kind=EventKind.TRANSFERRED).count() == 2


def test_online_follow_up_keeps_the_record_open_with_a_due_date(client, serving):
    record(client, serving, outcome="online_follow_up")
    consultation = Consultation.objects.get()
    assert consultation.status == ConsultationStatus.ACCEPTED
    # Accepted Monday 09:00 WITA: due three working days later, Thursday 09:00.
    assert consultation.due_at == dt.datetime(2026, 11, 26, 9, 0, tzinfo=WITA)
    serving.refresh_from_db()
    assert serving.status == "done"


def test_appointment_needs_a_future_time(client, serving):
    response = record(client, serving, outcome="appointment", appointment_at="2026-11-20T10:00")
    assert "waktu di masa depan" in response.content.decode()
    response = record(client, serving, outcome="appointment", appointment_at="")
    assert "hari dan jam janji temu" in response.content.decode()
    assert not Consultation.objects.exists()
    record(client, serving, outcome="appointment", appointment_at="2026-11-25T10:00")
    consultation = Consultation.objects.get()
    assert consultation.appointment_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=WITA)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"question": ""}, "Bidang ini tidak boleh kosong"),
        ({"answer": ""}, "Bidang ini tidak boleh kosong"),
        ({"topic": "gossip"}, "pilihan yang valid"),
        ({"subject_area": "999999"}, "pilihan yang valid"),
        ({"links": "bukan alamat"}, "bukan alamat web"),
        ({"outcome": "referred"}, "Pilih layanan tujuan rujukan"),
        ({"outcome": "nothing"}, "pilihan yang valid"),
    ],
)
def test_invalid_input_is_refused_and_the_ticket_stays(client, serving, changes, message):
    response = record(client, serving, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consultation.objects.exists()
    serving.refresh_from_db()
    assert serving.status == "serving"


def test_referral_to_the_same_service_is_not_offered(client, serving, services):
    response = record(client, serving, outcome="referred", referred_to=services["K"].pk)
    assert "pilihan yang valid" in response.content.decode()


def test_double_submission_records_once(client, serving):
    record(client, serving)
    response = record(client, serving)  # the visitor has left the desk: the saved record
    assert response.status_code == 302
    assert response.url == reverse("consultation_walk_in", args=[serving.pk])
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        # Staff who may read the office's records find none saved for this ticket yet.
        ("front_office", 404),
        ("supervisor", 404),
        # Nobody else may read consultation records at all.
        ("visitor", 403),
        ("administrator", 403),
    ],
)
def test_only_consultation_officers_record(client, serving, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("consultation_walk_in", args=[serving.pk])
    assert client.get(url).status_code == status
    assert record(client, serving).status_code == status
    assert not Consultation.objects.exists()


def test_officer_of_another_office_cannot_record(client, serving, other_office, seat):
    from pst.permissions import Role
    from queueing.models import DeskKind
    from tests.factories import DeskFactory, UserFactory

    stranger = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    own_desk = DeskFactory(office=other_office, number=2, kind=DeskKind.SERVICE)
    client.force_login(stranger)
    seat(client, own_desk)  # seated at their own desk: only scoping refuses
    # Their own office has no such record: the ticket of another office is not found.
    assert record(client, serving).status_code == 404
    assert not Consultation.objects.exists()


def test_signed_in_again_while_serving_the_officer_is_told_to_take_the_desk_again(
    client, serving, desks, consultation_officer
):
    client.logout()
    client.force_login(consultation_officer)  # a new session: no desk in it
    response = client.get(reverse("consultation_walk_in", args=[serving.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk")
    assert [str(m) for m in response.context["messages"]] == [
        "K-001 masih bersama Anda di Meja 2: pilih meja itu lagi, lalu buka catatan konsultasi."
    ]
    client.post(reverse("desk_select"), {"desk": desks[2].pk})
    again = client.get(reverse("consultation_walk_in", args=[serving.pk]))
    assert again.status_code == 200
    assert 'name="question"' in again.content.decode()


def test_a_called_visitor_not_yet_served_has_no_record_and_no_desk_advice(
    client, issue, desks, front_office, consultation_officer, services, seat
):
    services["K"].records_consultations = True
    services["K"].save()
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        without_guestbook=True, ticket=ticket, desk=desks[1], officer=front_office,
        to_service=services["K"],
    )  # fmt: skip
    ticket = queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    client.force_login(consultation_officer)
    seat(client, desks[2])
    assert client.get(reverse("consultation_walk_in", args=[ticket.pk])).status_code == 404
    client.logout()
    client.force_login(consultation_officer)
    assert client.get(reverse("consultation_walk_in", args=[ticket.pk])).status_code == 404


def test_a_front_office_officer_serving_their_own_visitor_gets_no_record_advice(
    client, issue, desks, front_office
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    client.force_login(front_office)
    assert client.get(reverse("consultation_walk_in", args=[ticket.pk])).status_code == 404


def test_another_officers_visitor_is_still_not_found(client, serving, front_office):
    client.force_login(front_office)
    assert client.get(reverse("consultation_walk_in", args=[serving.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, serving):
    client.logout()
    response = record(client, serving)
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_form_query_budget(client, serving, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client.get(reverse("consultation_walk_in", args=[serving.pk]))


def test_the_service_records_a_ticket_once(serving, desks, consultation_officer):
    from consultations.services import ConsultationError, consultation_record_walk_in

    data = {
        "subject_area": SubjectArea.objects.first(),
        "topic": "data",
        "question": "Inflasi Kota Tarakan",
        "answer": "Berita Resmi Statistik bulanan.",
    }
    Consultation.objects.create(
        office=serving.office, number=1, channel="walk_in", ticket=serving, **data
    )
    with pytest.raises(ConsultationError) as error:
        consultation_record_walk_in(
            ticket=serving, desk=desks[2], officer=consultation_officer, data=data,
            outcome="answered",
        )  # fmt: skip
    assert error.value.code == "already_recorded"
    serving.refresh_from_db()
    assert serving.status == "serving"


def test_a_failed_referral_keeps_no_consultation(serving, desks, consultation_officer, services):
    from consultations.services import ConsultationError, consultation_record_walk_in

    services["P"].is_active = False
    services["P"].save()
    with pytest.raises(ConsultationError):
        consultation_record_walk_in(
            ticket=serving, desk=desks[2], officer=consultation_officer,
            data={"subject_area": SubjectArea.objects.first(), "topic": "data",
                  "question": "Buku", "answer": "Perpustakaan"},
            outcome="referred", referred_to=services["P"],
        )  # fmt: skip
    assert not Consultation.objects.exists()
    serving.refresh_from_db()
    assert serving.status == "serving"
    # The number it took went back with the rollback: no gap in the office's references.
    saved = consultation_record_walk_in(
        ticket=serving, desk=desks[2], officer=consultation_officer,
        data={"subject_area": SubjectArea.objects.first(), "topic": "data",
              "question": "Buku", "answer": "Perpustakaan"},
        outcome="answered",
    )  # fmt: skip
    assert saved.number == 1


def test_an_identity_number_in_the_question_is_refused(client, serving):
    response = record(client, serving, question="NIK saya 6571 0123 4567 0001")
    assert "nomor identitas" in response.content.decode()
    assert not Consultation.objects.exists()


# -- identity numbers and control characters (issue 8, item 3) -------------------------------


@pytest.mark.parametrize("field", ["question", "answer"])
@pytest.mark.parametrize("nik", ["6571/0123/4567/0001", "６５７１０１２３４５６７０００１",
                                 "6571\n0123\n4567\n0001"])  # fmt: skip
def test_a_refused_number_is_never_shown_back_in_the_form(client, serving, field, nik):
    response = record(client, serving, **{field: f"Permintaan data\n{nik}\nterima kasih"})
    html = response.content.decode()
    assert response.context["form"].has_error(field, "identity_number")
    assert nik not in html and "0123" not in html
    assert "Permintaan data\n…\nterima kasih" in html
    assert not Consultation.objects.exists()


def test_a_number_in_a_link_is_refused(client, serving):
    response = record(client, serving, links="https://example.org/?nik=6571012345670001")
    assert response.context["form"].has_error("links", "identity_number")
    assert "6571012345670001" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("question", "NIK 6571.0123.4567.0001", "identity_number"),
        ("answer", "٦٥٧١٠١٢٣٤٥٦٧٠٠٠١", "identity_number"),
        ("links", "https://example.org/6571_0123_4567_0001", "identity_number"),
        ("question", "IPM\x0b2020", "control_character"),
        ("links", "javascript:alert(1)", "links"),
    ],
)
def test_the_service_refuses_them_whatever_the_path(
    serving, desks, consultation_officer, field, value, code
):
    from consultations.services import ConsultationError, consultation_record_walk_in

    data = {
        "subject_area": SubjectArea.objects.get(name="Indeks Pembangunan Manusia"),
        "topic": "data",
        "question": "IPM",
        "answer": "Tabel IPM",
        "links": "",
    }
    with pytest.raises(ConsultationError) as error:
        consultation_record_walk_in(
            ticket=serving, desk=desks[2], officer=consultation_officer,
            data=data | {field: value}, outcome="answered",
        )  # fmt: skip
    assert (error.value.field, error.value.code) == (field, code)
    assert not Consultation.objects.exists()


def test_the_record_form_is_sent_once_whatever_the_clicks(client, serving):
    page = client.get(reverse("consultation_walk_in", args=[serving.pk])).content.decode()
    assert 'data-submit-once novalidate class="walk-in-form"' in page


def test_a_walk_in_follow_up_is_in_the_inbox_and_in_the_visitors_own_list(
    client, serving, consultation_officer
):
    from tests.factories import UserFactory

    rina = UserFactory(email="Rina@Example.org", full_name="Rina Wulandari")  # same address
    record(client, serving, outcome="online_follow_up")
    consultation = Consultation.objects.get()
    assert consultation.status == ConsultationStatus.ACCEPTED
    assert consultation.clock_started_at is not None and consultation.due_at is not None
    assert consultation.requester == rina
    assert list(consultation.events.values_list("kind", flat=True)) == ["recorded"]
    inbox = client.get(reverse("consultation_list")).content.decode()
    assert consultation.reference in inbox
    client.force_login(rina)
    mine = client.get(reverse("consultation_list")).content.decode()
    assert consultation.reference in mine
    page = client.get(reverse("consultation_detail", args=[consultation.pk]))
    assert page.status_code == 200
    assert 'data-testid="due-explanation"' in page.content.decode()


def test_a_walk_in_visitor_without_a_verified_account_is_nobodys_requester(client, serving):
    from tests.factories import UserFactory

    UserFactory(email="rina@example.org", email_verified_at=None)
    record(client, serving, outcome="online_follow_up")
    assert Consultation.objects.get().requester is None


def test_an_online_follow_up_for_a_visitor_nobody_can_reach_is_refused_on_the_form(
    client, without_guestbook
):
    # Found by the product trial: forwarded without a guestbook entry, the visitor was
    # promised an online follow-up whose answer was "emailed" to nobody.
    ticket = without_guestbook
    response = record(client, ticket, outcome="online_follow_up")
    assert response.context["form"].has_error("contact_email", "unreachable")
    assert response.context["form"]["question"].value().startswith("IPM Kota Tarakan")
    assert not Consultation.objects.exists()
    assert record(client, ticket, outcome="answered").status_code == 302
