import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from queueing import services as queue
from queueing.speech import call_announcement, spoken_code, terbilang

HX = {"HX-Request": "true"}


@pytest.fixture
def board_url(office):
    return reverse("display", args=[office.code])


def test_board_shows_the_current_call_last_calls_per_desk_and_waiting_counts(
    client, board_url, desks, issue, front_office, office
):
    office.display_message = "Layanan buka Senin–Jumat 07.30–16.00 WITA"
    office.save()
    first = issue("K")
    issue("P")
    issue("K")
    queue.ticket_call(ticket=first, desk=desks[1], officer=front_office)
    page = client.get(board_url).content.decode()
    assert 'data-testid="board-now-code">K-001<' in page
    assert "silakan ke Front Office" in page
    assert 'data-testid="board-waiting-K">1<' in page
    assert 'data-testid="board-waiting-P">1<' in page
    assert "Layanan buka Senin–Jumat" in page
    # The front office is named as on the screen, never "meja satu"; "antrean", not antrian.
    assert "Nomor antrean K nol nol satu, silakan ke Front Office</li>" in page


def test_calls_between_two_polls_are_all_in_the_fragment(
    client, board_url, desks, issue, front_office
):
    first = client.get(board_url, headers=HX)
    queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    second_front = DeskFactory(
        office=desks[1].office, number=6, name="FO 2", kind=DeskKind.FRONT_OFFICE
    )
    queue.ticket_call(ticket=issue("P"), desk=second_front, officer=front_office)
    html = client.get(board_url, headers=HX | {"If-None-Match": first["ETag"]}).content.decode()
    assert "K nol nol satu, silakan ke Front Office</li>" in html
    assert "P nol nol satu, silakan ke FO dua</li>" in html
    assert html.index("K nol nol satu") < html.index("P nol nol satu")  # spoken in order


def test_a_slow_desk_keeps_its_last_call_on_the_board(
    client, board_url, desks, issue, front_office, consultation_officer, services
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        without_guestbook=True,
        ticket=ticket,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
    )
    queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    for _ in range(40):  # the front office calls and finishes 40 others meanwhile
        other = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
        queue.ticket_start(ticket=other, desk=desks[1], officer=front_office)
        queue.ticket_finish(ticket=other, desk=desks[1], officer=front_office)
    html = client.get(board_url).content.decode()
    desks_table = html.split('data-testid="board-desks"')[1].split("</table>")[0]
    assert "Meja 2" in desks_table and "K-001" in desks_table


def test_the_running_text_reaches_the_screen_without_a_reload(
    client, board_url, desks, office, clock
):
    first = client.get(board_url, headers=HX)
    clock.shift(5)
    office.display_message = "Besok layanan tutup pukul 12.00"
    office.save()
    again = client.get(board_url, headers=HX | {"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Besok layanan tutup pukul 12.00" in again.content.decode()


def test_a_recall_is_announced_again(client, board_url, desks, issue, front_office):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    before = client.get(board_url, headers=HX)
    queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    after = client.get(board_url, headers=HX, **{"HTTP_IF_NONE_MATCH": before["ETag"]})
    assert after.status_code == 200
    call_id = lambda html: html.split('data-call-id="')[1].split('"')[0]  # noqa: E731
    assert call_id(after.content.decode()) != call_id(before.content.decode())


def test_board_fragment_answers_304_while_nothing_changes(client, board_url, desks, issue):
    issue("K")
    first = client.get(board_url, headers=HX)
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache, private"
    assert client.get(board_url, headers=HX | {"If-None-Match": first["ETag"]}).status_code == 304
    issue("K")
    assert client.get(board_url, headers=HX | {"If-None-Match": first["ETag"]}).status_code == 200


WITA = ZoneInfo("Asia/Makassar")


def test_after_closing_the_board_says_so_and_when_the_service_opens_again(
    client, board_url, desks, clock
):
    assert 'data-testid="board-closed"' not in client.get(board_url).content.decode()
    clock.move_to(dt.datetime(2026, 11, 23, 17, 0, tzinfo=WITA))
    html = client.get(board_url).content.decode()
    assert 'data-testid="board-closed"' in html
    assert "buka kembali besok pukul 07.30 WITA." in html
    assert "Silakan ambil nomor" not in html


def test_a_board_left_on_turns_closed_at_closing_time_without_any_queue_event(
    client, board_url, desks, clock
):
    clock.move_to(dt.datetime(2026, 11, 23, 15, 59, tzinfo=WITA))
    before = client.get(board_url, headers=HX)
    assert 'data-testid="board-closed"' not in before.content.decode()
    same = client.get(board_url, headers=HX | {"If-None-Match": before["ETag"]})
    assert same.status_code == 304
    clock.move_to(dt.datetime(2026, 11, 23, 16, 1, tzinfo=WITA))
    after = client.get(board_url, headers=HX | {"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert 'data-testid="board-closed"' in after.content.decode()


def test_an_edit_to_todays_hours_reaches_the_board_within_a_minute(
    client, board_url, desks, office, clock
):
    from pst.models import OpeningHours

    clock.move_to(dt.datetime(2026, 11, 23, 15, 0, tzinfo=WITA))
    assert 'data-testid="board-closed"' not in client.get(board_url).content.decode()
    OpeningHours.objects.filter(office=office, weekday=0).update(closes_at=dt.time(14, 30))
    clock.shift(61)
    assert 'data-testid="board-closed"' in client.get(board_url).content.decode()


def test_a_call_after_closing_still_shows_on_the_board(
    client, board_url, desks, issue, front_office, clock
):
    ticket = issue("K")
    clock.move_to(dt.datetime(2026, 11, 23, 16, 5, tzinfo=WITA))
    queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    html = client.get(board_url).content.decode()
    assert 'data-testid="board-now-code">K-001<' in html
    assert 'data-testid="board-closed"' not in html


@pytest.mark.parametrize("ending", ["no_show", "finish"])
def test_a_visitor_no_longer_at_the_desk_is_no_longer_now_calling(
    client, board_url, desks, issue, front_office, ending
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    if ending == "finish":
        ticket = queue.ticket_start(ticket=ticket, desk=desks[1], officer=front_office)
        assert 'data-testid="board-now-code">K-001<' in client.get(board_url).content.decode()
        queue.ticket_finish(ticket=ticket, desk=desks[1], officer=front_office)
    else:
        queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
        queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=front_office)
    html = client.get(board_url).content.decode()
    assert 'data-testid="board-now-code"' not in html
    assert "Silakan ambil nomor antrean di kios." in html
    assert 'data-testid="board-desks"' in html and ">K-001<" in html  # still in the last calls


def test_after_the_last_visitor_left_a_closed_office_s_board_says_it_is_closed(
    client, board_url, desks, issue, front_office, clock
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_recall(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=ticket, desk=desks[1], officer=front_office)
    clock.move_to(dt.datetime(2026, 11, 23, 17, 0, tzinfo=WITA))
    html = client.get(board_url).content.decode()
    assert 'data-testid="board-closed"' in html
    assert 'data-testid="board-now-code"' not in html


def test_board_is_public_but_only_for_active_offices(client, office, desks):
    assert client.get(reverse("display", args=["0000"])).status_code == 404
    office.is_active = False
    office.save()
    assert client.get(reverse("display", args=[office.code])).status_code == 404


def test_board_fragment_query_budget_is_constant(
    client, board_url, desks, issue, front_office, django_assert_num_queries
):
    queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    # office, today's hours and holidays (once a minute), version, calls, last call per desk,
    # waiting counts, services
    with django_assert_num_queries(8):
        etag = client.get(board_url, headers=HX)["ETag"]
    for _ in range(30):
        issue("J")
    with django_assert_num_queries(6):
        response = client.get(board_url, headers=HX)
    with django_assert_num_queries(2):  # office, version: an idle board costs two queries
        assert (
            client.get(board_url, headers=HX | {"If-None-Match": response["ETag"]}).status_code
            == 304
        )
    assert etag != response["ETag"]


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "satu"), (2, "dua"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
     (20, "dua puluh"), (21, "dua puluh satu"), (100, "seratus"), (115, "seratus lima belas"),
     (250, "dua ratus lima puluh"), (1000, "seribu"), (2024, "dua ribu dua puluh empat")],
)  # fmt: skip
def test_numbers_are_spoken_in_indonesian(number, words):
    assert terbilang(number) == words


def test_the_call_is_spoken_digit_by_digit_then_the_desk():
    assert spoken_code("K-007") == "K nol nol tujuh"
    assert (
        call_announcement("K-007", "Meja 2") == "Nomor antrean K nol nol tujuh, silakan ke Meja dua"
    )
    assert call_announcement("K-007", "Loket 12") == (
        "Nomor antrean K nol nol tujuh, silakan ke Loket dua belas"
    )
    assert call_announcement("K-001", "Front Office") == (
        "Nomor antrean K nol nol satu, silakan ke Front Office"
    )
    assert spoken_code("P-1000") == "P satu nol nol nol"


def test_an_older_call_still_served_at_its_desk_stays_now_calling(
    client, board_url, desks, issue, front_office, services
):
    from queueing.models import DeskKind
    from tests.factories import DeskFactory

    second = DeskFactory(office=desks[1].office, number=7, name="FO 2", kind=DeskKind.FRONT_OFFICE)
    served = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_start(ticket=served, desk=desks[1], officer=front_office)
    gone = queue.ticket_call(ticket=issue("P"), desk=second, officer=front_office)
    queue.ticket_recall(ticket=gone, desk=second, officer=front_office)
    queue.ticket_no_show(ticket=gone, desk=second, officer=front_office)
    assert 'data-testid="board-now-code">K-001<' in client.get(board_url).content.decode()


def _announced(html: str) -> list[tuple[str, bool]]:
    """The board's announcement list: (short text, still current), oldest first."""
    items = re.findall(r'<li data-call="\d+" data-short="([^"]+)"( data-current)?>', html)
    return [(short, bool(current)) for short, current in items]


def test_only_calls_whose_visitor_is_still_called_there_are_current(
    client, board_url, desks, issue, services, front_office, consultation_officer
):
    first, second, third = issue("K"), issue("K"), issue("P")
    queue.ticket_call(ticket=first, desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        ticket=first, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    queue.ticket_call(ticket=first, desk=desks[2], officer=consultation_officer)
    queue.ticket_call(ticket=second, desk=desks[1], officer=front_office)
    queue.ticket_recall(ticket=second, desk=desks[1], officer=front_office)
    queue.ticket_no_show(ticket=second, desk=desks[1], officer=front_office)
    queue.ticket_call(ticket=third, desk=desks[1], officer=front_office)
    queue.ticket_recall(ticket=third, desk=desks[1], officer=front_office)
    html = client.get(board_url, headers=HX).content.decode()
    assert _announced(html) == [
        ("K-001, Front Office", False),  # sent on to Konsultasi
        ("K-001, Meja 2", True),
        ("K-002, Front Office", False),
        ("K-002, Front Office", False),  # not present
        ("P-001, Front Office", False),  # called again since: the recall is the current call
        ("P-001, Front Office", True),
    ]
    queue.ticket_start(ticket=first, desk=desks[2], officer=consultation_officer)
    html = client.get(board_url, headers=HX).content.decode()
    assert ("K-001, Meja 2", False) in _announced(html)  # served now: nobody to send there


def test_a_desks_current_call_is_listed_behind_ten_newer_calls_of_other_desks(
    client, board_url, desks, issue, services, front_office, consultation_officer
):
    ticket = queue.ticket_call(ticket=issue("K"), desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    queue.ticket_call(ticket=ticket, desk=desks[2], officer=consultation_officer)
    for _ in range(12):
        other = queue.ticket_call(ticket=issue("P"), desk=desks[1], officer=front_office)
        queue.ticket_start(ticket=other, desk=desks[1], officer=front_office)
        queue.ticket_finish(ticket=other, desk=desks[1], officer=front_office)
    announced = _announced(client.get(board_url, headers=HX).content.decode())
    assert announced[0] == ("K-001, Meja 2", True)
    assert [current for _, current in announced].count(True) == 1
    assert len(announced) == 11
