"""Rating the service through its link (DESIGN §6 /rate/<token>/): once, after the service,
within SURVEY_DAYS, every answer 1–4; bad input gets a clear error and nothing is lost."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from complaints.errors import SurveyError
from complaints.surveys import services
from complaints.surveys.elements import ELEMENT_FIELDS
from complaints.surveys.models import SurveyResponse
from consultations import lifecycle
from pst.rating_links import rating_path, rating_reference, rating_token
from tests.complaints.surveys.conftest import answers
from tests.concurrency import run_in_parallel

DAY = 24 * 3600


def test_a_served_visitor_rates_the_visit_once(client, served, ticket_link):
    page = client.get(ticket_link)
    assert page.status_code == 200
    assert page.content.decode().count('class="btn-check"') == 9 * 4

    sent = client.post(ticket_link, answers(comment="Petugasnya ramah."))

    assert sent.status_code == 302 and sent["Location"] == ticket_link
    rating = SurveyResponse.objects.get()
    assert rating.ticket == served and rating.consultation is None
    assert rating.channel == "walk_in" and rating.service.prefix == "P"
    assert rating.procedure == 4 and rating.requirements == 3
    assert rating.comment == "Petugasnya ramah."
    thanks = client.get(ticket_link)
    assert thanks.status_code == 200
    assert 'data-testid="rating-done"' in thanks.content.decode()


def test_the_ticket_page_offers_the_rating_once_the_visit_is_served(
    client, issue, desks, front_office
):
    from queueing import services as queue

    ticket = issue("P")
    waiting = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert 'data-testid="rate-visit"' not in waiting

    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)

    done = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert f'href="{rating_path("ticket", ticket.pk)}"' in done


def test_a_passed_over_visitor_is_not_offered_a_rating(client, issue, desks, front_office):
    from queueing import services as queue

    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
    ticket = queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=front_office)

    page = client.get(reverse("ticket_status", args=[ticket.token])).content.decode()
    assert 'data-testid="rate-visit"' not in page
    refused = client.get(rating_path("ticket", ticket.pk))
    assert refused.status_code == 409
    assert 'data-code="not_served"' in refused.content.decode()


def test_a_waiting_ticket_cannot_be_rated_yet(client, issue):
    ticket = issue("P")
    link = rating_path("ticket", ticket.pk)

    assert client.get(link).status_code == 409
    assert client.post(link, answers()).status_code == 409
    assert not SurveyResponse.objects.exists()


def test_the_link_lapses_survey_days_after_the_service(
    client, served, ticket_link, clock, settings
):
    settings.SURVEY_DAYS = 30
    clock.shift(30 * DAY - 60)
    assert client.get(ticket_link).status_code == 200

    clock.shift(120)
    page = client.get(ticket_link)
    assert page.status_code == 410
    assert 'data-code="expired"' in page.content.decode()
    assert client.post(ticket_link, answers()).status_code == 410
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "t1",
        "t1:forged",
        "x" * 5000,
        "%E2%80%AE",
        "١٢٣",
    ],
)
def test_a_made_up_or_altered_link_is_not_found(client, served, token):
    response = client.get(f"/rate/{token}/")
    assert response.status_code == 404
    assert client.post(f"/rate/{token}/", answers()).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_link_cannot_be_turned_into_another_ones(served, ticket_token):
    value, signature = ticket_token.rsplit(":", 1)
    assert rating_reference(f"c{value[1:]}:{signature}") is None
    assert rating_reference(f"t{int(value[1:]) + 1}:{signature}") is None
    assert rating_reference(ticket_token) == ("ticket", served.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requirements": None}, "requirements"),
        ({"turnaround": "5"}, "turnaround"),
        ({"cost": "0"}, "cost"),
        ({"product": "٣"}, "product"),  # an Arabic-Indic three
        ({"conduct": "9" * 40}, "conduct"),
        ({"sex": "robot"}, "sex"),
        ({"education": ""}, "education"),
        ({"comment": "Bagus\x1b[31m"}, "comment"),
        ({"comment": "NIK saya 6571010101900001"}, "comment"),
        ({"comment": "a" * 2001}, "comment"),
    ],
)
def test_bad_answers_are_refused_on_their_field_and_the_rest_is_kept(
    client, served, ticket_link, changes, field
):
    response = client.post(ticket_link, answers(**changes))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    page = response.content.decode()
    assert all(message in page for message in form.errors[field])
    # The summary above the form links to the question or field (a long page on a phone).
    anchor = re.search(r'data-testid="rating-errors".*?href="#([^"]+)"', page, re.S).group(1)
    assert f'id="{anchor}"' in page
    # What was chosen right is still chosen: nothing to do again but the wrong answer.
    assert re.search(r'value="4"[^>]*id="id_procedure_3" checked', page)
    assert "6571010101900001" not in page
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("data", [answers(comment="Bagus\x00"), answers(facilities="3\x00")])
def test_a_nul_byte_in_the_form_is_a_bad_request_and_stores_nothing(
    client, served, ticket_link, data
):
    assert client.post(ticket_link, data).status_code == 400
    assert client.get(f"{ticket_link[:-1]}%00/").status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_second_submission_of_the_same_link_stores_nothing(client, served, ticket_link):
    assert client.post(ticket_link, answers()).status_code == 302
    again = client.post(ticket_link, answers(comment="lagi", procedure="1"))

    assert again.status_code == 200
    assert 'data-testid="rating-done"' in again.content.decode()
    rating = SurveyResponse.objects.get()
    assert rating.procedure == 4 and rating.comment == ""


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_link_store_one_rating(served, ticket_token):
    data = dict.fromkeys(ELEMENT_FIELDS, 3) | answers(comment="")
    data.update(dict.fromkeys(ELEMENT_FIELDS, 3))

    results, errors = run_in_parallel(
        4, lambda i: services.survey_submit(token=ticket_token, data=data)
    )

    assert SurveyResponse.objects.count() == 1
    assert len([r for r in results if r is not None]) == 1
    assert [e.code for e in errors] == ["already_rated"] * 3


@pytest.mark.parametrize("score", ["3", True, 3.0, None])
def test_the_service_takes_whole_numbers_only_whatever_the_path(served, ticket_token, score):
    data = dict.fromkeys(ELEMENT_FIELDS, 3) | {"sex": "male", "education": "master",
                                                   "occupation": "other"}  # fmt: skip
    data["cost"] = score
    with pytest.raises(SurveyError) as refused:
        services.survey_submit(token=ticket_token, data=data)
    assert refused.value.field == "cost"
    assert not SurveyResponse.objects.exists()


def test_the_service_refuses_a_score_out_of_range_whatever_the_path(served, ticket_token):
    data = dict.fromkeys(ELEMENT_FIELDS, 3) | {"sex": "male", "education": "master",
                                                   "occupation": "other", "cost": 7}  # fmt: skip
    with pytest.raises(SurveyError) as refused:
        services.survey_submit(token=ticket_token, data=data)
    assert refused.value.field == "cost"


def test_the_rating_page_names_nobody_and_shows_nothing_of_the_guestbook(
    client, serving, desks, consultation_officer
):
    from queueing import services as queue

    # Finished at the desk as the consultation record does it (the test is not about it).
    queue.ticket_finish(
        ticket=serving, desk=desks[2], officer=consultation_officer, consultation_recorded=True
    )
    page = client.get(rating_path("ticket", serving.pk)).content.decode()

    assert "Rina" not in page and "rina@example.org" not in page
    # Not even the categories: the link opens from a printed ticket anyone may pick up, and
    # prefilled they made the ratings export name the respondent (trial J, J1, J7).
    assert "checked" not in page and "selected>" not in page.replace('value="" selected', "")


def test_an_answered_consultation_is_rated_by_its_requester(client, visitor, answered, mailoutbox):
    link = rating_path("consultation", answered.pk)
    client.force_login(visitor)
    detail = client.get(reverse("consultation_detail", args=[answered.pk])).content.decode()
    assert f'href="{link}"' in detail
    answer_mail = [m for m in mailoutbox if visitor.email in m.to][-1]
    assert link in answer_mail.body

    assert client.post(link, answers()).status_code == 302

    rating = SurveyResponse.objects.get()
    assert rating.consultation == answered and rating.channel == "web"
    assert rating.served_at == answered.answered_at


def test_a_reopened_consultation_waits_for_its_new_answer(client, visitor, answered):
    lifecycle.consultation_reopen(requester=visitor, consultation=answered, reason="Belum jelas.")
    link = rating_path("consultation", answered.pk)

    assert client.get(link).status_code == 409
    client.force_login(visitor)
    detail = client.get(reverse("consultation_detail", args=[answered.pk])).content.decode()
    assert 'data-testid="rate-consultation"' not in detail


def test_a_consultation_held_at_a_desk_is_rated_with_its_ticket(client, serving):
    from consultations.models import Consultation, SubjectArea

    consultation = Consultation.objects.create(
        office=serving.office, number=1, channel="walk_in", ticket=serving, question="q",
        status="closed", answered_at=serving.called_at, subject_area=SubjectArea.objects.first(),
        topic="data",
    )  # fmt: skip
    assert client.get(rating_path("consultation", consultation.pk)).status_code == 404


def test_only_get_head_and_post_are_answered(client, served, ticket_link):
    assert client.head(ticket_link).status_code == 200
    assert client.put(ticket_link).status_code == 405
    assert client.delete(ticket_link).status_code == 405


def test_the_answer_email_of_an_answered_consultation_carries_the_link(answered, visitor):
    sent = [m for m in mail.outbox if visitor.email in m.to]
    assert rating_token("consultation", answered.pk) in sent[-1].body
    # …and the email of a question asked back does not.
    assert all(rating_token("consultation", answered.pk) not in m.body for m in sent[:-1])


def test_a_visitor_with_a_guestbook_address_is_emailed_the_link_when_served(
    serving, desks, consultation_officer, mailoutbox
):
    from queueing import services as queue

    mailoutbox.clear()
    queue.ticket_finish(
        ticket=serving, desk=desks[2], officer=consultation_officer, consultation_recorded=True
    )

    [invitation] = mailoutbox
    assert invitation.to == ["rina@example.org"]
    assert rating_token("ticket", serving.pk) in invitation.body
    assert "K-001" in invitation.body and "Rina" not in invitation.body


def test_a_visitor_without_an_address_or_passed_over_is_emailed_nothing(
    served, issue, desks, front_office, mailoutbox
):
    from queueing import services as queue

    ticket = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
    ticket = queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=front_office)

    assert mailoutbox == []


@pytest.fixture
def appointment_visit(office, visitor, consultation_officer, services, desks, clock):
    """An online consultation answered at the desk during its appointment (trial J, J2)."""
    from consultations.appointments import services as appointments
    from queueing import services as queue
    from tests.consultations.appointments.conftest import accepted_consultation, at

    services["K"].records_consultations = True
    services["K"].save()
    asked = accepted_consultation(office, visitor, consultation_officer)
    appointment = appointments.appointment_offer(
        consultation=asked, officer=consultation_officer, times=[at(24, 10)]
    )
    appointment = appointments.appointment_accept(
        appointment=appointment, actor=visitor, offer_id=appointment.offers.get().pk
    )
    clock.move_to(at(24, 9, 50))
    ticket = appointments.appointment_check_in(office=office, code=appointment.code).ticket
    queue.ticket_call_next(desk=desks[3], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[3], officer=consultation_officer)
    appointments.appointment_record_visit(
        appointment=appointment, desk=desks[3], officer=consultation_officer,
        body="Dijelaskan di meja.", outcome="answered",
    )  # fmt: skip
    return asked, ticket


def test_a_consultation_answered_at_its_appointment_is_rated_once_with_the_visit(
    client, visitor, appointment_visit
):
    consultation, ticket = appointment_visit

    assert client.get(rating_path("ticket", ticket.pk)).status_code == 200
    assert client.get(rating_path("consultation", consultation.pk)).status_code == 409
    client.force_login(visitor)
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert 'data-testid="rate-consultation"' not in page


def test_after_rating_the_pages_thank_instead_of_asking_again(
    client, served, ticket_link, visitor, answered
):
    client.post(ticket_link, answers())
    ticket_page = client.get(reverse("ticket_status", args=[served.token])).content.decode()
    assert 'data-testid="visit-rated"' in ticket_page
    assert 'data-testid="rate-visit"' not in ticket_page
    # The live fragment too: its version changes with the rating, no 304 keeps the button.
    fragment = client.get(reverse("ticket_status", args=[served.token]), HTTP_HX_REQUEST="true")
    assert 'data-testid="visit-rated"' in fragment.content.decode()

    client.force_login(visitor)
    client.post(rating_path("consultation", answered.pk), answers())
    detail = client.get(reverse("consultation_detail", args=[answered.pk])).content.decode()
    assert 'data-testid="rate-consultation"' not in detail


def test_the_list_of_missing_answers_names_each_question_by_its_element(
    client, served, ticket_link
):
    page = client.post(ticket_link, answers(requirements=None, product=None)).content.decode()
    summary = page.split('data-testid="rating-errors"')[1].split("</div>")[0]
    assert "1. Persyaratan" in summary and "5. Produk spesifikasi jenis pelayanan" in summary


def test_the_thanks_say_the_time_in_office_time(client, served, ticket_link):
    client.post(ticket_link, answers())
    assert "pukul 09.00 WITA" in client.get(ticket_link).content.decode()


def test_a_walk_in_that_goes_on_online_is_rated_with_its_answer_not_at_the_desk(
    client, serving, consultation_officer, mailoutbox
):
    from consultations.models import Consultation
    from tests.consultations.test_walk_in import record

    mailoutbox.clear()
    assert record(client, serving, outcome="online_follow_up").status_code == 302
    consultation = Consultation.objects.get()

    # No rating before the answer exists (trial J, J8): no email, no button, the link waits.
    assert all("/rate/" not in m.body for m in mailoutbox)
    ticket_page = client.get(reverse("ticket_status", args=[serving.token])).content.decode()
    assert 'data-testid="rate-visit"' not in ticket_page
    assert client.get(rating_path("ticket", serving.pk)).status_code == 409
    assert client.get(rating_path("consultation", consultation.pk)).status_code == 409

    lifecycle.consultation_answer(
        consultation=consultation, officer=consultation_officer, body="Tabel terlampir."
    )
    answer_mail = mailoutbox[-1]
    assert answer_mail.to == ["rina@example.org"]
    assert rating_token("consultation", consultation.pk) in answer_mail.body
    assert client.post(rating_path("consultation", consultation.pk), answers()).status_code == 302
    rating = SurveyResponse.objects.get()
    assert (rating.consultation, rating.channel) == (consultation, "walk_in")


def test_a_requester_no_email_reaches_is_sent_the_link_by_the_officer(
    client, office, consultation_officer, visitor
):
    from consultations.lifecycle.remote import consultation_open_remote
    from consultations.models import Channel, SubjectArea

    area = SubjectArea.objects.get(name="Kemiskinan dan Ketimpangan")
    by_whatsapp = consultation_open_remote(
        office=office, officer=consultation_officer, channel=Channel.WHATSAPP,
        requester_name="Budi Santoso", requester_phone="0812-5555-0199", subject_area=area,
        topic="data", question="Data kemiskinan 2025?",
    )  # fmt: skip
    lifecycle.consultation_claim(consultation=by_whatsapp, officer=consultation_officer)
    lifecycle.consultation_accept(consultation=by_whatsapp, officer=consultation_officer)
    lifecycle.consultation_answer(
        consultation=by_whatsapp, officer=consultation_officer, body="Lihat tabel 3.1."
    )
    client.force_login(consultation_officer)

    page = client.get(reverse("consultation_detail", args=[by_whatsapp.pk])).content.decode()

    token = rating_token("consultation", by_whatsapp.pk)
    assert 'data-testid="staff-rating-link"' in page and token in page
    link = re.search(r'href="(https://wa\.me/[^"]+)"[^>]*data-testid="staff-rating-whatsapp"', page)
    assert link.group(1).startswith("https://wa.me/6281255550199?text=")
    assert token.replace(":", "%3A") in link.group(1)
    # Once rated, the card goes.
    assert client.post(rating_path("consultation", by_whatsapp.pk), answers()).status_code == 302
    page = client.get(reverse("consultation_detail", args=[by_whatsapp.pk])).content.decode()
    assert 'data-testid="staff-rating-link"' not in page


def test_the_officer_is_not_given_the_link_of_a_requester_the_email_reaches(
    client, answered, consultation_officer
):
    client.force_login(consultation_officer)
    page = client.get(reverse("consultation_detail", args=[answered.pk])).content.decode()
    assert 'data-testid="staff-rating-link"' not in page
    assert rating_token("consultation", answered.pk) not in page


def test_a_rating_is_stored_with_a_fixed_number_of_statements(
    client, served, ticket_link, django_assert_max_num_queries
):
    # The nine score ranges and the one-of-two link are checked by their fields' choices and
    # by the link itself; asking the database for each constraint again cost ten statements.
    with django_assert_max_num_queries(13) as captured:
        response = client.post(ticket_link, answers())
    assert response.status_code == 302
    assert SurveyResponse.objects.filter(ticket=served).count() == 1
    assert not [q for q in captured.captured_queries if '"_check"' in q["sql"]]


def test_the_rating_page_leads_to_the_complaint_form_of_its_office(client, served, ticket_link):
    html = client.get(ticket_link).content.decode()
    assert 'href="/complaints/new/?office=6571"' in html
    assert 'data-testid="complaint-form-link"' in html


def test_the_rating_form_carries_the_privacy_notice_of_its_office(client, served, ticket_link):
    """Trial Q, Q5: the rating asks sex, education and occupation, with no notice."""
    page = client.get(ticket_link).content.decode()
    notice = page.split('data-testid="privacy-notice"')[1].split("</aside>")[0]
    assert served.office.name in notice
    assert f"/office/{served.office.code}/privacy/" in notice
