"""/supervisor/ (DESIGN §1, §5, §6): the office's satisfaction index of a month for its
supervisors only — the respondents, the converted index and its grade, the nine elements, the
respondents' profile, the comments without who gave them; months in office time; bad input a
message, never a server error."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from complaints.surveys import services as survey
from complaints.surveys.elements import ELEMENT_FIELDS
from pst.models import AccessKind, PersonalDataAccess
from pst.permissions import Role
from pst.rating_links import rating_token
from tests.complaints.reports.conftest import shown, wita
from tests.factories import UserFactory

URL = "/supervisor/"


def page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def text_at(html: str, name: str) -> str | None:
    return shown(html, name)


@pytest.fixture
def known(rate):
    """Three ratings of November 2026 whose figures are worked out by hand below, and one of
    October (all 4) to compare with."""
    rate(wita(2026, 11, 2, 10, 0), 4, comment="Sangat membantu.")
    rate(
        wita(2026, 11, 10, 14, 0), [3, 4, 3, 3, 3, 3, 3, 3, 3],
        sex="male", education="master", occupation="civil_servant",
    )  # fmt: skip
    rate(wita(2026, 11, 20, 9, 30), 2, comment="Antrean terlalu lama.", occupation="student")
    rate(wita(2026, 10, 15, 9, 0), 4)


# -- who may see it -------------------------------------------------------------------------


def test_the_url_is_the_stable_supervisor_address():
    assert reverse("supervisor_dashboard") == URL


def test_anonymous_is_sent_to_sign_in(client, office):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["visitor", "front_office", "consultation_officer", "administrator"]
)
def test_everyone_but_a_supervisor_is_refused(client, known, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Sangat membantu" not in response.content.decode()


def test_a_supervisor_of_another_office_sees_only_their_own(client, known, other_office):
    theirs = UserFactory(office=other_office, roles=[Role.SUPERVISOR])
    client.force_login(theirs)

    own = page(client)
    assert other_office.name in own and 'data-testid="ratings-empty"' in own
    assert "Sangat membantu" not in own
    # Naming our office in the address is refused, the export too.
    assert client.get(URL, {"office": "6571"}).status_code == 403
    assert client.get(URL, {"office": "6571", "month": "2026-11"}).status_code == 403


def test_a_supervisor_naming_their_own_office_sees_it(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client, office="6571")
    assert text_at(html, "ikm-respondents") == "3"


def test_a_superuser_chooses_the_office_in_the_address(client, known, other_office, settings):
    settings.DEFAULT_OFFICE = ""
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)

    html = page(client, office="6571", month="2026-11")
    assert text_at(html, "ikm-respondents") == "3"
    # The links of the page keep the office.
    assert "office=6571&amp;month=2026-10" in html
    assert client.get(URL, {"office": "9999"}).status_code == 404
    # Two offices and no default: which one is not guessed.
    assert client.get(URL).status_code == 403


def test_supervisors_find_the_page_in_the_navigation(client, office, supervisor, front_office):
    client.force_login(supervisor)
    assert f'href="{URL}"' in client.get(reverse("desk_today")).content.decode()
    client.force_login(front_office)
    assert f'href="{URL}"' not in client.get(reverse("desk_today")).content.decode()


# -- the figures --------------------------------------------------------------------------------


def test_the_page_shows_the_index_of_known_ratings(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client)

    assert text_at(html, "month-shown") == "November 2026"
    assert text_at(html, "ikm-respondents") == "3"
    # NRR: procedure (4 + 4 + 2) / 3 = 3.33, every other element (4 + 3 + 2) / 3 = 3.00;
    # IKM (8 × 3 + 3.333…) / 9 = 3.0370…, × 25 = 75.93: grade C. Indonesian decimals.
    assert text_at(html, "ikm-converted") == "75,93"
    assert text_at(html, "ikm-grade").startswith("C ")
    nrrs = re.findall(r'data-element="(\w+)">.*?data-column="nrr">([^<]+)<', html, flags=re.DOTALL)
    assert [field for field, _nrr in nrrs] == list(ELEMENT_FIELDS)
    assert dict(nrrs) == dict.fromkeys(ELEMENT_FIELDS, "3,00") | {"procedure": "3,33"}
    # October: all 4, 100.00 (A); the change is 75.93 − 100.
    assert text_at(html, "ikm-change") == "-24,07"


def test_the_grade_is_named_in_english_too(client, known, supervisor):
    client.cookies["django_language"] = "en"
    client.force_login(supervisor)
    html = page(client)
    assert text_at(html, "ikm-converted") == "75.93"
    assert text_at(html, "ikm-grade") == "C Less than good"


def test_a_rating_given_through_the_survey_counts(client, served, supervisor, clock):
    data = dict.fromkeys(ELEMENT_FIELDS, 4) | {
        "sex": "female", "education": "bachelor", "occupation": "researcher", "comment": "",
    }  # fmt: skip
    survey.survey_submit(token=rating_token("ticket", served.pk), data=data)
    client.force_login(supervisor)
    html = page(client)
    assert text_at(html, "ikm-respondents") == "1"
    assert text_at(html, "ikm-converted") == "100,00"
    assert text_at(html, "ikm-grade").startswith("A ")


def test_the_profile_counts_each_answer_every_choice_listed(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client)
    sex = text_at(html, "profile-sex")
    assert re.search(r"Laki-laki 1\b", sex) and re.search(r"Perempuan 2\b", sex)
    education = text_at(html, "profile-education")
    assert "(D4/S1) 2" in education and "(S2) 1" in education and "(S3) 0" in education
    occupation = text_at(html, "profile-occupation")
    assert "Pelajar/mahasiswa 1 Peneliti/dosen 1 ASN/TNI/Polri 1 Pegawai BUMN/BUMD 0" in occupation


def test_comments_show_newest_first_with_their_channel_only(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client)

    comments = re.findall(r'data-testid="rating-comment">(.*?)</li>', html, flags=re.DOTALL)
    assert len(comments) == 2  # the rating without a comment is not listed
    assert "Antrean terlalu lama." in comments[0] and "Sangat membantu." in comments[1]
    assert "Kunjungan langsung" in comments[0]
    # Never who rated, nor the ticket or the day that would lead to them (trial J, J1).
    assert "P-00" not in html and "09.30" not in comments[0] and "20 Nov" not in comments[0]


def test_a_page_of_comments_is_logged_as_a_look_at_personal_data(client, known, supervisor):
    client.force_login(supervisor)
    page(client)
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.kind, log.row_count) == (supervisor, AccessKind.VIEW_LIST, 2)
    assert (log.period_start, log.period_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))

    page(client, month="2026-10")  # ratings, but no comment: nothing personal was shown
    assert PersonalDataAccess.objects.count() == 1


def test_comments_come_25_to_a_page(client, rate, supervisor):
    for day in range(1, 27):
        rate(wita(2026, 11, day, 10, 0), comment=f"Komentar hari {day}.")
    client.force_login(supervisor)

    first = page(client)
    assert first.count('data-testid="rating-comment"') == 25
    assert "Komentar hari 26." in first and "Komentar hari 1." not in first
    assert "?month=2026-11&page=2" in first
    second = page(client, month="2026-11", page="2")
    assert second.count('data-testid="rating-comment"') == 1
    assert "Komentar hari 1." in second


def test_an_empty_month_says_there_are_no_ratings(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client, month="2026-09")
    assert "September 2026" in text_at(html, "ratings-empty")
    assert 'data-testid="ikm-converted"' not in html
    assert 'data-testid="no-comments"' in html


def test_the_channel_filter_splits_walk_in_from_online(client, rate, answered, supervisor, clock):
    rate(wita(2026, 11, 20, 10, 0), 2)
    data = dict.fromkeys(ELEMENT_FIELDS, 4) | {
        "sex": "male", "education": "master", "occupation": "private",
        "comment": "Jawabannya cepat.",
    }  # fmt: skip
    survey.survey_submit(token=rating_token("consultation", answered.pk), data=data)
    client.force_login(supervisor)

    assert text_at(page(client), "ikm-respondents") == "2"
    walk_in = page(client, channel="walk_in")
    assert text_at(walk_in, "ikm-converted") == "50,00"
    assert "Jawabannya cepat." not in walk_in
    online = page(client, channel="online")
    assert text_at(online, "ikm-converted") == "100,00"
    assert "Jawabannya cepat." in online and "Portal web" in online


# -- months in office time ----------------------------------------------------------------------


def test_a_rating_at_23_30_wita_on_the_last_day_belongs_to_that_month(client, rate, supervisor):
    rate(wita(2026, 10, 31, 23, 30))  # 15.30 UTC, still 31 October in Tarakan
    rate(wita(2026, 11, 1, 0, 10))  # 31 October 16.10 UTC, already November in Tarakan
    client.force_login(supervisor)
    assert text_at(page(client, month="2026-10"), "ikm-respondents") == "1"
    assert text_at(page(client, month="2026-11"), "ikm-respondents") == "1"


def test_the_default_month_is_the_current_one_in_office_time(client, office, supervisor):
    # 1 December 00.30 WITA is still 30 November in UTC.
    with time_machine.travel(wita(2026, 12, 1, 0, 30), tick=False):
        client.force_login(supervisor)
        html = page(client)
    assert text_at(html, "month-shown") == "Desember 2026"
    assert 'name="month" value="2026-12"' in html  # the month box says it too


def test_months_link_to_the_previous_and_next_but_not_past_this_month(client, office, supervisor):
    with time_machine.travel(wita(2026, 11, 23, 9, 0), tick=False):
        client.force_login(supervisor)
        october = page(client, month="2026-10", channel="online")
        november = page(client)
    assert 'href="?month=2026-09&amp;channel=online"' in october
    assert 'href="?month=2026-11&amp;channel=online"' in october
    assert 'href="?month=2026-10"' in november
    assert 'data-testid="month-next"' not in november


# -- bad input: a message on the page, never a server error -------------------------------------


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-00", "٢٠٢٦-١١", "２０２６-１１", "99999999-01", "0000-01", "1999-12",
              "2101-01", "2026-1", "nov-2026", "x" * 5000],
)  # fmt: skip
def test_a_refused_month_is_said_and_shows_no_figures(client, known, supervisor, month):
    client.force_login(supervisor)
    html = page(client, month=month)
    assert 'data-testid="month-error"' in html
    assert 'data-testid="period-refused"' in html
    assert 'data-testid="ikm-respondents"' not in html and "Sangat membantu" not in html
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("query", ["month=2026-11%00", "month=%01", "channel=%00"])
def test_control_characters_are_a_bad_request(client, known, supervisor, query):
    client.force_login(supervisor)
    assert client.get(f"{URL}?{query}").status_code == 400


def test_an_unknown_channel_is_said_and_every_channel_counted(client, known, supervisor):
    client.force_login(supervisor)
    html = page(client, channel="unknown")
    assert 'data-testid="channel-error"' in html
    assert text_at(html, "ikm-respondents") == "3"


@pytest.mark.parametrize("number", ["abc", "99999999999999999999999", "-1", "٢", "0"])
def test_a_page_number_out_of_range_shows_a_page(client, known, supervisor, number):
    client.force_login(supervisor)
    html = page(client, page=number)
    assert "Antrean terlalu lama." in html


def test_the_office_parameter_takes_no_strange_codes(client, known, supervisor):
    client.force_login(supervisor)
    for code in ("%00", quote("٦٥٧١"), "6" * 5000):
        assert client.get(f"{URL}?office={code}").status_code in (400, 403)


# -- cost ---------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_many_ratings(
    client, rate, supervisor, django_assert_num_queries
):
    rate(wita(2026, 11, 2, 10, 0), 4, comment="Satu.")
    rate(wita(2026, 10, 2, 10, 0), 3)
    client.force_login(supervisor)
    # session, user, office, roles; comment count, comment page, access log (+ its savepoint
    # pair); index, previous month's index, profile, the walk-in checks and whether the office
    # has a front office; the navigation's inbox badge
    with django_assert_num_queries(15):
        assert "Satu." in page(client)
    for day in range(3, 20):
        rate(wita(2026, 11, day, 10, 0), day % 4 + 1, comment=f"Komentar {day}.")
        rate(wita(2026, 10, day, 10, 0), 2)
    with django_assert_num_queries(15):
        assert "Komentar 19." in page(client)
