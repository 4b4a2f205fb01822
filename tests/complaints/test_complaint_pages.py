"""The complaint pages: filing, the acknowledgement, tracking by code, and the supervisors'
queue and complaint page — bad input, double submission, who may not, query budgets."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from complaints.handling import services
from complaints.models import Complaint, ComplaintCategory
from pst.models import PersonalDataAccess
from pst.permissions import Role
from tests.factories import OfficeFactory, UserFactory

NOTICE = 'aria-labelledby="privacy-title"'


def client_class_new():
    from django.test import Client

    return Client()


def form_data(chosen, **changes):
    return {
        "category": str(chosen.pk),
        "description": "Antrean lama sekali.",
        "related_reference": "",
        "complainant_name": "Budi Santoso",
        "complainant_email": "budi@example.org",
        "complainant_phone": "081234567890",
        "privacy_acknowledged": "on",
        "request_id": str(uuid.uuid4()),
        **changes,
    }


# -- filing -------------------------------------------------------------------------------------


def test_the_office_page_links_to_the_form(client, office):
    html = client.get(f"/office/{office.code}/").content.decode()
    assert f'href="/complaints/new/?office={office.code}"' in html


def test_anyone_files_and_reads_the_code_and_due_date(client, office, category, clock):
    response = client.get("/complaints/new/")
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    response = client.post("/complaints/new/?office=6571", form_data(category))
    assert response.status_code == 302 and response["Location"] == "/complaints/new/done/"
    complaint = Complaint.objects.get()
    assert complaint.complainant is None
    html = client.get("/complaints/new/done/").content.decode()
    assert complaint.display_code in html
    assert "Kamis, 26 November 2026 09.00 WITA" in html
    assert complaint.display_code not in response["Location"]
    assert [m.to for m in mail.outbox if m.to == ["budi@example.org"]]


def test_an_anonymous_complaint_says_to_keep_the_code(client, office, category, clock):
    data = form_data(category, is_anonymous="on", complainant_name="Budi")
    client.post("/complaints/new/", data)
    assert Complaint.objects.get().complainant_name == ""
    html = client.get("/complaints/new/done/").content.decode()
    assert 'data-testid="keep-code"' in html


def test_a_signed_in_user_finds_the_form_filled_and_the_complaint_linked(
    client, visitor, office, category, clock
):
    client.force_login(visitor)
    html = client.get("/complaints/new/").content.decode()
    assert visitor.email in html
    client.post("/complaints/new/", form_data(category, complainant_email=visitor.email))
    assert Complaint.objects.get().complainant == visitor


def test_staff_filing_for_a_visitor_are_neither_prefilled_nor_the_complainant(
    client, front_office, office, category, clock
):
    # Trial attack-cmp, 7: the officer's own name and address were offered, and the complaint
    # went into the officer's own list.
    client.force_login(front_office)
    html = client.get("/complaints/new/").content.decode()
    assert front_office.email not in html
    client.post("/complaints/new/", form_data(category))
    assert Complaint.objects.get().complainant is None


def test_the_acknowledgement_shows_for_ten_minutes_with_the_address_masked(
    client, office, category, clock
):
    # Trial attack-cmp, 1: on a shared browser the next person read the previous complainant's
    # code and full address for as long as the session lasted.
    client.post("/complaints/new/", form_data(category))
    code = Complaint.objects.get().display_code
    html = client.get("/complaints/new/done/").content.decode()
    assert code in html and "budi@example.org" not in html and "bu•••@ex•••.org" in html
    clock.shift(9 * 60)
    assert code in client.get("/complaints/new/done/").content.decode()
    clock.shift(2 * 60)
    response = client.get("/complaints/new/done/")
    assert response.status_code == 302 and response["Location"] == "/complaints/new/"
    assert code not in client.get("/complaints/new/").content.decode()


def test_the_public_pages_answer_head(client, office):
    # Link checkers and uptime monitors ask with HEAD (trial attack-cmp, 11).
    assert client.head("/complaints/new/").status_code == 200
    assert client.head("/complaints/track/").status_code == 200


def test_the_same_form_sent_twice_files_one(client, office, category, clock):
    data = form_data(category)
    assert client.post("/complaints/new/", data).status_code == 302
    assert client.post("/complaints/new/", data).status_code == 302
    assert Complaint.objects.count() == 1


def test_another_forms_request_id_shows_nothing_of_its_complaint(client, office, category, clock):
    # The request id is the browser's to send: reusing someone else's must not lead to the
    # page with their tracking code.
    victim = form_data(category, description="Petugas kasar di meja 2.")
    client.post("/complaints/new/", victim)
    code = Complaint.objects.get().display_code
    other = client_class_new()
    response = other.post("/complaints/new/", form_data(category, request_id=victim["request_id"]))
    assert response.status_code == 200
    assert code not in response.content.decode()
    assert code not in other.get("/complaints/new/done/", follow=True).content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"description": "ada\x0bvertical tab"}, "description"),
        ({"complainant_name": "Budi\x1b[31m"}, "complainant_name"),
        ({"category": "٣"}, "category"),
        ({"category": "9" * 40}, "category"),
        ({"category": "１"}, "category"),
        ({"description": "x" * 4001}, "description"),
        ({"complainant_phone": "0812-abc"}, "complainant_phone"),
        ({"related_reference": "K" * 500}, "related_reference"),
        ({"description": "KTP 3171012345670001"}, "description"),
        ({"privacy_acknowledged": ""}, "privacy_acknowledged"),
        ({"complainant_email": "", "complainant_phone": ""}, "complainant_email"),
    ],
)
def test_bad_input_is_refused_on_its_field(client, office, category, clock, changes, field):
    response = client.post("/complaints/new/", form_data(category, **changes))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not Complaint.objects.exists()


def test_a_nul_byte_is_refused_before_the_form(client, office, category):
    response = client.post("/complaints/new/", form_data(category, description="a\x00b"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("query", ["?office=9999", "?office=" + "6" * 3000, "?office=٦٥٧١"])
def test_an_unknown_office_is_not_found(client, office, query):
    assert client.get(f"/complaints/new/{query}").status_code == 404


def test_with_several_offices_and_no_default_the_page_asks_which(client, office, other_office):
    html = client.get("/complaints/new/").content.decode()
    assert 'href="/complaints/new/?office=6501"' in html


def test_flooding_from_one_address_is_refused(client, office, category, clock, settings):
    settings.COMPLAINTS_PER_ADDRESS_PER_HOUR = 1
    client.post("/complaints/new/", form_data(category, is_anonymous="on"))
    another = form_data(category, is_anonymous="on", description="Petugas tidak ramah.")
    response = client.post("/complaints/new/", another)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "throttled")
    assert Complaint.objects.count() == 1


def test_the_done_page_without_a_complaint_goes_to_the_form(client, db):
    assert client.get("/complaints/new/done/")["Location"] == "/complaints/new/"


# -- tracking -----------------------------------------------------------------------------------


@pytest.fixture
def handled(file_complaint, supervisor):
    complaint = file_complaint()
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_note(complaint=complaint, user=supervisor, body="Rahasia internal.")
    services.complaint_respond(complaint=complaint, user=supervisor, body="Kami sedang memeriksa.")
    return complaint


def test_the_code_shows_status_responses_and_history_without_internals(client, handled, supervisor):
    typed = handled.display_code.lower().replace("-", " ")
    response = client.post("/complaints/track/", {"code": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="tracked-complaint"' in html
    assert "Kami sedang memeriksa." in html
    assert "Rahasia internal." not in html
    assert supervisor.full_name not in html and supervisor.email not in html
    assert "budi@example.org" not in html and "bu•••@ex•••.org" in html
    assert "+62•••••••7890" in html


def test_a_wrong_code_says_so(client, db):
    response = client.post("/complaints/track/", {"code": "6571-AAAA-BBBB-CCC"})
    assert response.context["form"].has_error("code")
    assert 'data-testid="tracked-complaint"' not in response.content.decode()


@pytest.mark.parametrize("code", ["x" * 5000, "6571\x07AAAABBBBCCC", "٦٥٧١-AAAA-BBBB-CCC", ""])
def test_what_is_no_code_is_refused_on_the_field(client, db, code):
    response = client.post("/complaints/track/", {"code": code})
    assert response.status_code == 200
    assert response.context["form"].has_error("code")


def test_trying_codes_is_throttled_and_a_right_one_costs_nothing(client, handled, settings):
    settings.COMPLAINT_TRACK_MISSES_PER_HOUR = 2
    for _ in range(3):
        client.post("/complaints/track/", {"code": handled.display_code})
    for _ in range(2):
        client.post("/complaints/track/", {"code": "6571-AAAA-BBBB-CCC"})
    response = client.post("/complaints/track/", {"code": handled.display_code})
    assert response.status_code == 429
    assert 'data-testid="tracked-complaint"' not in response.content.decode()


def test_a_signed_in_complainant_sees_their_complaints(client, file_complaint, visitor):
    mine = file_complaint(complainant=visitor)
    file_complaint(complainant_email="lain@example.org")
    client.force_login(visitor)
    html = client.get("/complaints/track/").content.decode()
    assert html.count('data-testid="complaint-status"') == 1
    assert mine.display_code in html


def test_the_track_page_reads_a_fixed_number_of_queries(
    client, handled, supervisor, django_assert_num_queries
):
    for _ in range(5):
        services.complaint_respond(complaint=handled, user=supervisor, body=f"Balasan {_}.")
    client.post("/complaints/track/", {"code": handled.display_code})  # warm the session
    with django_assert_num_queries(10):
        client.post("/complaints/track/", {"code": handled.display_code})


# -- the supervisors' pages ---------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, handled):
    for path in ("/complaints/", f"/complaints/{handled.pk}/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
    assert client.post(f"/complaints/{handled.pk}/verify/")["Location"].startswith(
        "/accounts/login/"
    )


@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_whoever_supervises_no_office_is_refused(client, handled, request, persona):
    client.force_login(request.getfixturevalue(persona))
    refused = client.get("/complaints/")
    assert refused.status_code == 403
    assert "pengaduan" in refused.content.decode()  # not "its ratings" (trial attack-cmp, 5)
    assert client.get(f"/complaints/{handled.pk}/").status_code == 403
    assert client.post(f"/complaints/{handled.pk}/start/").status_code == 403
    assert Complaint.objects.get(pk=handled.pk).status == "verified"


def test_a_supervisor_of_another_office_finds_no_such_complaint(client, handled, other_office):
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    assert client.get(f"/complaints/{handled.pk}/").status_code == 404
    assert client.post(f"/complaints/{handled.pk}/start/").status_code == 404
    assert handled.display_code not in client.get("/complaints/").content.decode()


@pytest.mark.parametrize("pk", ["9" * 40, "٣", "abc", "0"])
def test_a_bad_id_is_not_found(client, supervisor, pk):
    client.force_login(supervisor)
    assert client.get(f"/complaints/{pk}/").status_code == 404


def test_the_list_masks_contacts_and_puts_the_overdue_first(
    client, file_complaint, supervisor, category, clock, django_assert_num_queries, settings
):
    settings.COMPLAINTS_PER_ADDRESS_PER_HOUR = 100
    slow = ComplaintCategory.objects.get(office=None, key="data")  # 10 days
    later = file_complaint(category=slow, complainant_email="a@example.org")
    clock.shift(3600)
    soon = file_complaint(complainant_email="b@example.org")
    client.force_login(supervisor)
    html = client.get("/complaints/").content.decode()
    assert html.index(soon.display_code) < html.index(later.display_code)
    assert "b@example.org" not in html and "a@example.org" not in html
    assert "•••@ex•••.org" in html
    clock.shift(4 * 24 * 3600)
    client.force_login(supervisor)  # a staff session does not last four days
    html = client.get("/complaints/").content.decode()
    assert html.count('class="badge text-bg-danger"') == 1  # the 3-day one is past due now
    for _ in range(30):
        file_complaint(is_anonymous=True, client_request_id=uuid.uuid4())
    with django_assert_num_queries(10):
        client.get("/complaints/?show=all")
    assert PersonalDataAccess.objects.filter(user=supervisor, kind="view_list").exists()


@pytest.mark.parametrize("show", ["nonsense", "open\x00", "٣", "x" * 5000])
def test_a_bad_filter_is_said_not_a_500(client, supervisor, show):
    client.force_login(supervisor)
    response = client.get("/complaints/", {"show": show})
    assert response.status_code in (200, 400)


def test_the_supervisor_handles_and_the_complainant_reads(client, handled, supervisor):
    client.force_login(supervisor)
    response = client.get(f"/complaints/{handled.pk}/")
    html = response.content.decode()
    assert "budi@example.org" in html and "Rahasia internal." in html
    assert PersonalDataAccess.objects.filter(subject=f"complaint {handled.pk}").exists()
    mail.outbox.clear()
    client.post(f"/complaints/{handled.pk}/start/")
    response = client.post(
        f"/complaints/{handled.pk}/resolve/", {"resolve-body": "Sudah dibenahi."}
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    # In Indonesian, all of it (trial attack-cmp, 3: the second sentence was not extracted).
    done = client.get(f"/complaints/{handled.pk}/").content.decode()
    assert "It was emailed" not in done and "Pengadu juga diberi tahu lewat email." in done
    again = client.post(
        f"/complaints/{handled.pk}/resolve/", {"resolve-body": "Sudah dibenahi."}, follow=True
    )
    assert "state" in again.content.decode()  # the message's code on the alert
    assert handled.events.filter(kind="resolved").count() == 1
    client.logout()
    html = client.post("/complaints/track/", {"code": handled.code}).content.decode()
    assert "Sudah dibenahi." in html
    # What they filed, to check it against what the office answered (trial attack-cmp, 9).
    assert handled.description in html and 'data-testid="complaint-description"' in html


@pytest.mark.parametrize("body", ["", "a\x07b", "x" * 4001, "KTP 3171012345670001"])
def test_a_bad_text_stays_on_the_page_with_its_error(client, handled, supervisor, body):
    client.force_login(supervisor)
    response = client.post(f"/complaints/{handled.pk}/reject/", {"reject-body": body})
    assert response.status_code == 400
    assert response.context["forms"]["reject"].has_error("body")
    assert Complaint.objects.get(pk=handled.pk).status == "verified"
    # The page sent back holds the complainant's contact and the notes: no cache keeps it.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_unknown_action_is_not_found(client, handled, supervisor):
    client.force_login(supervisor)
    assert client.post(f"/complaints/{handled.pk}/delete/").status_code == 404
    assert client.get(f"/complaints/{handled.pk}/delete/").status_code == 404


def test_supervisors_find_the_queue_in_the_navigation(client, office, supervisor, front_office):
    client.force_login(supervisor)
    assert 'data-testid="nav-complaints"' in client.get("/").content.decode()
    client.force_login(front_office)
    assert 'data-testid="nav-complaints"' not in client.get("/").content.decode()


def test_a_superuser_reads_another_office_by_its_code(client, handled, settings):
    admin = UserFactory(is_superuser=True, is_staff=True, office=OfficeFactory(code="6502"))
    client.force_login(admin)
    assert handled.display_code in client.get("/complaints/?office=6571").content.decode()


# -- the admin ----------------------------------------------------------------------------------


def test_the_admin_masks_contacts_and_logs_each_look(client, handled, administrator):
    client.force_login(administrator)
    for path in (
        "/admin/complaints/complaint/",
        f"/admin/complaints/complaint/{handled.pk}/change/",
        "/admin/complaints/complaintcategory/",
        "/admin/complaints/complaint/?status=%E0%A5%A9",
        "/admin/complaints/complaint/?category__id__exact=%D9%A3",
    ):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert "budi@example.org" not in response.content.decode()
    assert PersonalDataAccess.objects.filter(subject=f"complaint {handled.pk} (admin)").exists()


@pytest.mark.parametrize(
    "query",
    [
        "complainant_email__startswith=b",
        "complainant_email=budi%40example.org",
        "complainant_phone__contains=1234",
        "complainant_name__icontains=budi",
        "description__contains=Antrean",
        "complainant_id=1",
        "complainant_id__isnull=0",
    ],
)
def test_the_admin_does_not_filter_on_a_masked_contact_or_the_text(
    client, handled, administrator, query
):
    # Trial attack-ev, F2: a filter in the address read the masked address back a letter at
    # a time ("1 row" or "0 rows").
    client.force_login(administrator)
    assert client.get(f"/admin/complaints/complaint/?{query}").status_code == 400
    assert client.get("/admin/complaints/complaint/?status=received").status_code == 200


def test_the_admin_finds_a_complaint_by_its_code_as_the_complainant_typed_it(
    client, handled, administrator
):
    client.force_login(administrator)
    typed = handled.display_code.lower().replace("-", " ")
    html = client.get("/admin/complaints/complaint/", {"q": typed}).content.decode()
    assert handled.display_code in html
    for junk in ("zzzz", "٦٥٧١-AAAA"):
        response = client.get("/admin/complaints/complaint/", {"q": junk})
        assert response.status_code == 200 and handled.display_code not in response.content.decode()
    assert client.get("/admin/complaints/complaint/", {"q": "6571\x00"}).status_code == 400


def test_an_office_administrator_overrides_a_national_category(
    client, office, administrator, category
):
    client.force_login(administrator)
    assert (
        client.get(f"/admin/complaints/complaintcategory/{category.pk}/change/").status_code == 200
    )
    response = client.post(
        "/admin/complaints/complaintcategory/add/",
        {"office": office.pk, "key": "waiting", "name": "Antrean", "name_en": "",
         "working_days": 2, "sort_order": 0, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert ComplaintCategory.objects.get(office=office, key="waiting").working_days == 2
    category.refresh_from_db()
    assert category.working_days == 3  # the national row is the installation's
