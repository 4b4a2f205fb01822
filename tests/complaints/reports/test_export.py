"""The ratings export of a month (pst.exports, CSV and XLSX): one row per rating with its
channel and nine scores, ordered by the answers — nothing that leads to the respondent (trial
J, J1: with date, service and profile, a join with the guestbook export named them);
supervisors only; each export in the personal-data access log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from tests.complaints.reports.conftest import wita
from tests.factories import UserFactory


def export_url(fmt: str) -> str:
    return reverse("supervisor_ratings_export", args=[fmt])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.fixture
def ratings(rate):
    # 00.30 WITA on 1 November is 31 October in UTC: the file says 1 November.
    first = rate(wita(2026, 11, 1, 0, 30), [4, 4, 3, 3, 2, 4, 4, 3, 1], comment="=cepat sekali")
    rate(wita(2026, 11, 20, 15, 0), 3, sex="male", education="master", occupation="other")
    rate(wita(2026, 10, 31, 23, 30), 2, comment="Bulan lalu.")  # October in Tarakan
    return first


def test_the_csv_has_one_row_per_rating_of_the_month(client, ratings, supervisor):
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    response = client.get(export_url("csv"), {"month": "2026-11"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ikm-6571-2026-11.csv"'
    header, *rows = csv_rows(response)
    assert header == [
        "Channel", "U1 Requirements", "U2 System, mechanism and procedure",
        "U3 Completion time", "U4 Cost or fee", "U5 Service product", "U6 Staff competence",
        "U7 Staff conduct", "U8 Handling of complaints, suggestions and feedback",
        "U9 Facilities and infrastructure",
    ]  # fmt: skip
    # Ordered by the answers, not by when they were given.
    assert rows == [
        ["Walk-in", *["3"] * 9],
        ["Walk-in", "4", "4", "3", "3", "2", "4", "4", "3", "1"],
    ]  # fmt: skip
    # Nothing that leads to the respondent: no ticket, no day, no service, no profile, no
    # comment.
    body = response.getvalue().decode("utf-8-sig")
    for leak in ("P-00", "2026-11", "Perpustakaan", "Female", "Researcher", "cepat sekali"):
        assert leak not in body


def test_each_export_is_logged_with_its_month_and_rows(client, ratings, supervisor):
    client.force_login(supervisor)
    client.get(export_url("xlsx"), {"month": "2026-11", "channel": "walk_in"}).getvalue()

    log = PersonalDataAccess.objects.get()
    assert (log.user, log.office, log.kind) == (supervisor, supervisor.office, AccessKind.EXPORT)
    assert log.subject == "ratings xlsx walk_in"
    assert (log.period_start, log.period_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (log.row_count, log.unmasked) == (2, False)


def test_the_xlsx_types_its_cells(client, ratings, supervisor):
    from openpyxl import load_workbook

    client.force_login(supervisor)
    response = client.get(export_url("xlsx"), {"month": "2026-11"})
    assert response["Content-Disposition"].endswith('filename="ikm-6571-2026-11.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[2][1:10] == (4, 4, 3, 3, 2, 4, 4, 3, 1)  # numbers, not text


def test_the_channel_filter_narrows_the_export(client, ratings, answered, supervisor, clock):
    from complaints.surveys import services as survey
    from complaints.surveys.elements import ELEMENT_FIELDS
    from pst.rating_links import rating_token

    data = dict.fromkeys(ELEMENT_FIELDS, 4) | {
        "sex": "male", "education": "master", "occupation": "private", "comment": "",
    }  # fmt: skip
    survey.survey_submit(token=rating_token("consultation", answered.pk), data=data)
    client.force_login(supervisor)

    online = csv_rows(client.get(export_url("csv"), {"month": "2026-11", "channel": "online"}))
    assert [row[0:2] for row in online[1:]] == [["Portal web", "4"]]
    walk_in = csv_rows(client.get(export_url("csv"), {"month": "2026-11", "channel": "walk_in"}))
    assert len(walk_in) == 3


def test_anonymous_is_sent_to_sign_in(client, ratings):
    response = client.get(export_url("csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_only_supervisors_export(client, ratings, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for fmt in ("csv", "xlsx"):
        assert client.get(export_url(fmt), {"month": "2026-11"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_supervisor_of_another_office_exports_only_their_own(client, ratings, other_office):
    client.force_login(UserFactory(office=other_office, roles=[Role.SUPERVISOR]))
    refused = client.get(export_url("csv"), {"month": "2026-11", "office": "6571"})
    assert refused.status_code == 403
    own = csv_rows(client.get(export_url("csv"), {"month": "2026-11"}))
    assert len(own) == 1  # the header: none of our ratings


def test_an_unknown_format_is_not_found(client, ratings, supervisor):
    client.force_login(supervisor)
    for fmt in ("pdf", "CSV", "xlsx.", "%00"):
        assert client.get(f"/supervisor/ratings.{fmt}").status_code in (404, 400)
    assert client.get("/supervisor/ratings.pdf").status_code == 404
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("query", ["month=2026-13", "month=٢٠٢٦-١١", "channel=unknown"])
def test_a_refused_period_exports_nothing_and_says_why(client, ratings, supervisor, query):
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    response = client.get(f"{export_url('csv')}?{query}", follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302 and location.startswith("/supervisor/?")  # the page says what
    html = response.content.decode()
    assert "Nothing was exported: correct the period first." in html
    assert not PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT).exists()


@pytest.mark.parametrize("month", ["2026-12", "2038-02"])
def test_a_month_not_begun_exports_nothing_as_the_other_exports(client, ratings, supervisor, month):
    # Trial K5: it gave an empty file and logged an export, where the page shows nothing.
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    for fmt in ("csv", "xlsx"):
        response = client.get(export_url(fmt), {"month": month}, follow=True)
        [(location, status)] = response.redirect_chain
        assert status == 302 and location.startswith("/supervisor/?")
        assert "Nothing was exported: correct the period first." in response.content.decode()
    assert not PersonalDataAccess.objects.exists()
