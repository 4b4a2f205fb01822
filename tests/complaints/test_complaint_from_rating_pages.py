"""/complaints/record/rating/<id>/ and the comments of /supervisor/: each comment offers the
office's supervisors "Catat sebagai pengaduan"; the confirm form (category, the comment to
edit, no contact) records it and opens the complaint; a comment passed on links to its
complaint instead. Who may not (with the exact answer), bad input, a double submission, the
comment kept from whoever may not read it, and what each page costs."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from complaints.handling import services
from complaints.models import Complaint, ComplaintCategory
from pst.guards import body_limit
from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from tests.complaints.reports.conftest import shown, wita
from tests.factories import UserFactory

COMMENT = "Petugas tidak ramah, menunggu 40 menit."
IKM = "/supervisor/"


def url(rating) -> str:
    return f"/complaints/record/rating/{rating.pk}/"


@pytest.fixture
def commented(rate):
    """A walk-in rating of Friday 20 November 2026, 15.30 WITA, with a complaint in its
    comment; the clock stands on Monday the 23rd, 09.00."""
    return rate(wita(2026, 11, 20, 15, 30), 2, comment=COMMENT)


def form_data(chosen, **changes) -> dict:
    data = {"category": str(chosen.pk), "description": COMMENT, "request_id": str(uuid.uuid4())}
    return {key: value for key, value in (data | changes).items() if value is not None}


# -- the comments list --------------------------------------------------------------------------


def test_each_comment_offers_the_supervisor_to_record_it_as_a_complaint(
    client, commented, rate, supervisor
):
    rate(wita(2026, 11, 21, 10, 0), 4)  # no comment: nothing to pass on
    client.force_login(supervisor)
    html = client.get(IKM).content.decode()
    assert html.count('data-testid="rating-record-complaint"') == 1
    assert f'href="{url(commented)}"' in html


def test_a_comment_passed_on_links_to_its_complaint_instead(
    client, commented, rate, supervisor, category
):
    other = rate(wita(2026, 11, 21, 10, 0), 3, comment="Ruang tunggu panas.")
    complaint, _created = services.complaint_from_rating(
        response=commented, officer=supervisor,
        data={"category": category, "description": COMMENT},
    )  # fmt: skip
    client.force_login(supervisor)
    html = client.get(IKM).content.decode()
    assert f'href="/complaints/{complaint.pk}/"' in html
    assert html.count('data-testid="rating-complaint"') == 1
    assert f'href="{url(commented)}"' not in html and f'href="{url(other)}"' in html


def test_the_comments_cost_no_query_more_when_some_were_passed_on(
    client, rate, supervisor, category, django_assert_num_queries
):
    ratings = [rate(wita(2026, 11, day, 10, 0), 2, comment=f"Keluhan {day}.") for day in (2, 3)]
    client.force_login(supervisor)
    client.get(IKM)
    # as tests/complaints/reports/test_dashboard.py counts them
    with django_assert_num_queries(15):
        client.get(IKM)
    for rating in [*ratings, rate(wita(2026, 11, 4, 10, 0), 2, comment="Keluhan 4.")]:
        services.complaint_from_rating(
            response=rating, officer=supervisor,
            data={"category": category, "description": rating.comment},
        )  # fmt: skip
    with django_assert_num_queries(15):
        html = client.get(IKM).content.decode()
    assert html.count('data-testid="rating-complaint"') == 3


# -- the form -----------------------------------------------------------------------------------


def test_the_form_holds_the_comment_to_edit_and_asks_no_contact(client, commented, supervisor):
    client.force_login(supervisor)
    response = client.get(url(commented))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form["description"].value() == COMMENT
    assert set(form.fields) == {"category", "description", "request_id"}
    assert "complainant" not in html and "privacy_acknowledged" not in html
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.kind, log.subject) == (
        supervisor, AccessKind.VIEW_DETAIL, f"rating {commented.pk} comment",
    )  # fmt: skip
    assert f'href="{IKM}?month=2026-11"' in html  # back to where the comment is listed


def test_recording_it_opens_the_anonymous_complaint_that_came_from_the_rating(
    client, commented, supervisor, category
):
    client.force_login(supervisor)
    response = client.post(url(commented), form_data(category, description="Petugas tidak ramah."))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.pk}/"
    assert (complaint.channel, complaint.is_anonymous, complaint.rating) == (
        "survey", True, commented,
    )  # fmt: skip
    assert complaint.description == "Petugas tidak ramah."
    html = client.get(response["Location"]).content.decode()
    assert 'data-code="recorded"' in html
    assert "Survei kepuasan" in shown(html, "complaint-channel")
    assert f"{IKM}?office=6571&amp;month=2026-11" in html
    assert shown(html, "complainant") == "Tanpa nama"
    assert complaint.display_code in client.get("/complaints/").content.decode()


def test_the_form_sent_twice_records_one_and_shows_it(client, commented, supervisor, category):
    client.force_login(supervisor)
    data = form_data(category)
    first = client.post(url(commented), data)
    second = client.post(url(commented), data)
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1
    html = client.get(second["Location"]).content.decode()
    assert 'data-code="already_recorded"' in html and "alert-danger" not in html


def test_the_form_of_a_comment_passed_on_opens_its_complaint(
    client, commented, supervisor, category
):
    client.force_login(supervisor)
    client.post(url(commented), form_data(category))
    complaint = Complaint.objects.get()
    response = client.get(url(commented))
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.pk}/"


def test_an_old_ratings_comment_is_recorded_as_received_now(
    client, rate, supervisor, category, clock
):
    old = rate(wita(2026, 8, 20, 10, 0), 2, comment=COMMENT)
    client.force_login(supervisor)
    assert 'data-testid="from-rating-form"' in client.get(url(old)).content.decode()
    response = client.post(url(old), form_data(category))
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.received_at == wita(2026, 11, 23, 9, 0)
    html = client.get(response["Location"]).content.decode()
    assert "month=2026-08" in html  # back to the ratings of the rating's month


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"category": None}, "category"),
        ({"category": ""}, "category"),
        ({"category": "999999"}, "category"),
        ({"category": "٣"}, "category"),
        ({"category": "3" * 300}, "category"),
        ({"description": ""}, "description"),
        ({"description": "Petugas\x1b[31m tidak ramah"}, "description"),
        ({"description": "NIK saya 3171012345670001"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"request_id": "bukan-uuid"}, None),  # the form, not the officer, is wrong
    ],
)
def test_bad_input_is_refused_on_its_field(client, commented, supervisor, category, changes, field):
    client.force_login(supervisor)
    response = client.post(url(commented), form_data(category, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(field) if field else form.non_field_errors(), form.errors
    assert not Complaint.objects.exists()


def test_a_category_of_another_office_is_refused(
    client, commented, supervisor, category, other_office
):
    theirs = ComplaintCategory.objects.create(
        office=other_office, key="parkir", name="Parkir", working_days=5
    )
    client.force_login(supervisor)
    response = client.post(url(commented), form_data(theirs))
    assert response.context["form"].has_error("category")
    assert not Complaint.objects.exists()


def test_a_nul_byte_is_a_bad_request(client, commented, supervisor, category):
    client.force_login(supervisor)
    assert client.post(url(commented), form_data(category, description="a\x00b")).status_code == 400
    assert client.get("/complaints/record/rating/1%00/").status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("pk", [quote("٣"), "３", "9" * 5000, "abc", "-1", "0", "1.0"])
def test_an_id_that_is_no_rating_is_not_found(client, commented, supervisor, category, pk):
    client.force_login(supervisor)
    assert client.get(f"/complaints/record/rating/{pk}/").status_code == 404
    assert client.post(f"/complaints/record/rating/{pk}/", form_data(category)).status_code == 404


def test_a_rating_without_comment_is_not_found(client, rate, supervisor, category):
    silent = rate(wita(2026, 11, 20, 15, 30), 4)
    client.force_login(supervisor)
    assert client.get(url(silent)).status_code == 404
    assert client.post(url(silent), form_data(category)).status_code == 404
    assert not Complaint.objects.exists()


# -- who may not --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, commented, category):
    for response in (client.get(url(commented)), client.post(url(commented), form_data(category))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_who_does_not_read_the_comments_is_refused_without_seeing_it(
    client, commented, category, persona, request
):
    # The front office and consultation officers record complaints, but the survey shows its
    # comments to the supervisors only.
    client.force_login(request.getfixturevalue(persona))
    for response in (client.get(url(commented)), client.post(url(commented), form_data(category))):
        assert response.status_code == 403
        assert "ramah" not in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_supervisor_of_another_office_does_not_find_our_rating(
    client, commented, category, other_office
):
    theirs = UserFactory(email="kepala-malinau@example.org", office=other_office,
                         roles=[Role.SUPERVISOR])  # fmt: skip
    client.force_login(theirs)
    for response in (client.get(url(commented)), client.post(url(commented), form_data(category))):
        assert response.status_code == 404
        assert "ramah" not in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_superuser_records_one_and_goes_back_to_the_office_named(
    client, commented, category, settings
):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    html = client.get(url(commented)).content.decode()
    assert f'href="{IKM}?office=6571&amp;month=2026-11"' in html
    assert client.post(url(commented), form_data(category)).status_code == 302
    assert Complaint.objects.get().events.get().actor == root


# -- cost ---------------------------------------------------------------------------------------


def test_the_form_page_costs_the_same_queries_however_many_categories(
    client, commented, supervisor, office, django_assert_num_queries
):
    client.force_login(supervisor)
    client.get(url(commented))
    # session, user, the user's office, roles; the rating with its office and complaint; the
    # categories; the access log (+ its savepoint pair); the navigation's inbox badge
    with django_assert_num_queries(10):
        assert client.get(url(commented)).status_code == 200
    for number in range(10):
        ComplaintCategory.objects.create(
            office=office, key=f"lokal-{number}", name=f"Lokal {number}", working_days=5
        )
    with django_assert_num_queries(10):
        assert client.get(url(commented)).status_code == 200


def test_the_admin_shows_nothing_of_the_rating_a_complaint_came_from(
    client, commented, supervisor, category, administrator
):
    # Trial attack-ev, F1: the admin's read-only "rating" field named the day it was given.
    client.force_login(supervisor)
    client.post(url(commented), form_data(category))
    complaint = Complaint.objects.get()
    client.force_login(administrator)
    html = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
    assert "Survei kepuasan" in html
    assert "2026-11-20" not in html and "20 Nov" not in html
    for query in (f"rating={commented.pk}", f"rating_id={commented.pk}", "rating_id__isnull=0"):
        assert client.get(f"/admin/complaints/complaint/?{query}").status_code == 400, query


def test_a_request_id_of_another_ratings_complaint_records_nothing(
    client, rate, commented, supervisor, category
):
    # Trial attack-ev, F4: it led to the other rating's complaint as if this one were recorded.
    client.force_login(supervisor)
    first = form_data(category)
    client.post(url(commented), first)
    other = rate(wita(2026, 11, 20, 16, 0), 2, comment=COMMENT)
    response = client.post(url(other), {**first, "description": COMMENT})
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "request_used")
    assert Complaint.objects.count() == 1 and not Complaint.objects.filter(rating=other).exists()


def test_the_form_takes_only_a_small_body(commented):
    assert body_limit(url(commented)) < body_limit("/complaints/new/")


def test_an_answer_to_a_rating_s_complaint_says_it_reaches_nobody(
    client, commented, supervisor, category
):
    # Review: the pages said the anonymous complainant reads it "with their code", but a
    # rater is never given one.
    complaint, _created = services.complaint_from_rating(
        response=commented, officer=supervisor,
        data={"category": category, "description": COMMENT},
    )  # fmt: skip
    services.complaint_verify(complaint=complaint, user=supervisor)
    client.force_login(supervisor)
    response = client.post(
        f"/complaints/{complaint.pk}/reject/", {"reject-body": "Sudah ditangani."}, follow=True
    )
    html = response.content.decode()
    assert "tidak diberi kode lacak" in html
    assert 'data-testid="pass-on-rater"' in html and 'data-testid="pass-on-anonymous"' not in html
    complaint.refresh_from_db()
    assert complaint.pass_on_since is None
