"""A supervisor hands every open consultation of one officer to another, or back to the
inbox, in one step (trial N, N2), and the inbox shows what one officer holds."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from consultations import lifecycle
from consultations.errors import ConsultationError
from consultations.models import Consultation, ConsultationEvent, ConsultationStatus, EventKind
from pst.permissions import Role
from tests.factories import UserFactory

S = ConsultationStatus
WITA = ZoneInfo("Asia/Makassar")
URL = "/consultations/hand-over/"


@pytest.fixture
def held(office, visitor, question, budi, consultation_officer):
    """Three open consultations Budi holds (one accepted, due), one he answered, and one of
    a colleague."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=WITA), tick=False):
        rows = [
            lifecycle.consultation_submit(
                requester=visitor, office=office, data={**question, "question": f"Q{i}"}
            )
            for i in range(5)
        ]
        for row in rows[:4]:
            lifecycle.consultation_claim(consultation=row, officer=budi)
        lifecycle.consultation_accept(consultation=rows[0], officer=budi)
        lifecycle.consultation_accept(consultation=rows[3], officer=budi)
        lifecycle.consultation_answer(consultation=rows[3], officer=budi, body="Jawaban.")
        lifecycle.consultation_claim(consultation=rows[4], officer=consultation_officer)
    mail.outbox.clear()
    return rows


def _officers(rows):
    return [Consultation.objects.get(pk=row.pk).officer for row in rows]


def test_every_open_consultation_of_the_holder_goes_to_the_new_one_with_one_email(
    office, held, budi, citra, supervisor, consultation_officer
):
    Consultation.objects.filter(pk=held[0].pk).update(
        due_soon_notified_at=dt.datetime(2026, 11, 25, tzinfo=WITA)
    )
    handed = lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    assert [c.pk for c in handed] == [c.pk for c in held[:4]]
    # The answered one too (its requester may reopen it or write on it); a colleague's is
    # untouched.
    assert _officers(held) == [citra, citra, citra, citra, consultation_officer]
    # The new holder is reminded of the due time again, as after a single assignment.
    assert Consultation.objects.get(pk=held[0].pk).due_soon_notified_at is None
    events = ConsultationEvent.objects.filter(kind=EventKind.ASSIGNED).order_by("pk")
    assert [(e.consultation_id, e.actor, e.officer) for e in events] == [
        (c.pk, supervisor, citra) for c in held[:4]
    ]
    # Only the holder changes: the answered one stays answered.
    assert [e.to_status for e in events] == [S.ACCEPTED, S.SUBMITTED, S.SUBMITTED, S.ANSWERED]
    assert [Consultation.objects.get(pk=c.pk).status for c in held[:4]] == [
        S.ACCEPTED, S.SUBMITTED, S.SUBMITTED, S.ANSWERED,
    ]  # fmt: skip
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["citra@example.org"]
    # (The text is the office's language; the new strings may not be translated yet.)
    assert email.subject.startswith("4 ") and "Budi Santoso" in email.subject
    for consultation in held[:4]:
        assert consultation.reference in email.body
        assert reverse("consultation_detail", args=[consultation.pk]) in email.body
    assert held[4].reference not in email.body


def test_the_new_holder_of_an_answered_one_hears_its_reopening_and_its_messages(
    office, held, budi, citra, supervisor, visitor
):
    lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    answered = Consultation.objects.get(pk=held[3].pk)
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=WITA), tick=False):
        lifecycle.consultation_reply(consultation=answered, requester=visitor, body="Terima kasih")
        lifecycle.consultation_reopen(consultation=answered, requester=visitor, reason="Kurang")
    assert [m.to for m in mail.outbox] == [["citra@example.org"]] * 2


def test_handed_back_to_the_inbox_they_wait_unassigned_and_the_other_officers_hear(
    office, held, budi, supervisor, consultation_officer, citra
):
    handed = lifecycle.consultations_hand_over(office=office, holder=budi, to=None, by=supervisor)
    assert len(handed) == 4
    assert _officers(held[:4]) == [None, None, None, None]
    assert ConsultationEvent.objects.filter(kind=EventKind.UNASSIGNED).count() == 4
    assert len(mail.outbox) == 1
    # Every consultation officer of the office but the one who leaves.
    assert sorted(mail.outbox[0].to) == ["citra@example.org", "konsultasi@example.org"]
    # The requester's mail now reaches every officer of the office, not only Budi.
    lifecycle.consultation_reply(consultation=held[1], requester=held[1].requester, body="Halo")
    assert {"citra@example.org", "konsultasi@example.org"} <= set(mail.outbox[-1].to)


def test_the_history_says_who_handed_it_to_whom(client, office, held, budi, citra, supervisor):
    lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("consultation_detail", args=[held[1].pk])).content.decode()
    history = page[page.index('data-testid="history"') :]
    assert "Citra Ayu" in history and supervisor.full_name in history


def test_sent_twice_it_is_done_once(office, held, budi, citra, supervisor):
    lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor)
    assert (
        lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=supervisor) == []
    )
    assert ConsultationEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 4
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["consultation_officer", "front_office", "visitor", "foreign"])
def test_only_a_supervisor_of_the_office_hands_over(
    request, office, other_office, held, budi, citra, who
):
    if who == "foreign":
        by = UserFactory(office=other_office, roles=[Role.SUPERVISOR])
    else:
        by = request.getfixturevalue(who)
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=by)
    assert refused.value.code == "not_allowed"
    assert _officers(held[:3]) == [budi, budi, budi]


def _refusal(office, supervisor, holder, to):
    with pytest.raises(ConsultationError) as refused:
        lifecycle.consultations_hand_over(office=office, holder=holder, to=to, by=supervisor)
    return refused.value.code, refused.value.field


def test_refused_people(office, other_office, held, budi, citra, supervisor, front_office):
    foreign = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    gone = UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER], is_active=False)
    root = UserFactory(is_superuser=True)
    assert _refusal(office, supervisor, budi, budi) == ("same", "to")
    assert _refusal(office, supervisor, budi, foreign) == ("officer", "to")
    assert _refusal(office, supervisor, budi, front_office) == ("officer", "to")
    assert _refusal(office, supervisor, budi, root) == ("officer", "to")
    assert _refusal(office, supervisor, budi, gone) == ("inactive", "to")
    assert _refusal(office, supervisor, foreign, citra) == ("officer", "holder")
    assert _refusal(office, supervisor, gone, citra) == ("inactive", "holder")
    assert _officers(held[:3]) == [budi, budi, budi]
    assert mail.outbox == []


def test_an_officer_already_gone_holds_nothing_to_hand_over(office, held, budi, citra, supervisor):
    # Deactivated (or the role removed): the inbox already treats his as unassigned.
    budi.is_active = False
    budi.save()
    assert _refusal(office, supervisor, budi, citra) == ("inactive", "holder")
    unassigned = lifecycle.consultation_claim(consultation=held[1], officer=citra)
    assert unassigned.officer == citra


# -- the page --------------------------------------------------------------------------------


def test_the_inbox_links_the_page_for_supervisors_only(client, held, supervisor, budi):
    client.force_login(supervisor)
    assert URL in client.get(reverse("consultation_list")).content.decode()
    client.force_login(budi)
    assert URL not in client.get(reverse("consultation_list")).content.decode()


def test_the_page_hands_over_and_says_so_and_a_second_send_says_it_was_done(
    client, held, budi, citra, supervisor
):
    client.force_login(supervisor)
    page = client.get(URL).content.decode()
    # What is handed over: the three open ones and the answered one.
    assert "Budi Santoso (4 " in page
    response = client.post(URL, {"holder": budi.pk, "to": citra.pk}, follow=True)
    [said] = list(response.context["messages"])
    assert said.level_tag == "success"
    assert said.message.startswith("4 ") and "Citra Ayu" in said.message
    assert _officers(held[:4]) == [citra, citra, citra, citra]
    assert "Budi Santoso (0 " in response.content.decode()
    again = client.post(URL, {"holder": budi.pk, "to": citra.pk}, follow=True)
    assert again.status_code == 200
    [said] = list(again.context["messages"])
    assert said.level_tag == "info" and "Budi Santoso" in said.message
    assert len(mail.outbox) == 1


def test_what_the_page_counts_is_the_list_it_links(client, held, budi, supervisor):
    client.force_login(supervisor)
    page = client.get(URL).content.decode()
    link = re.search(rf'href="([^"]*held_by={budi.pk})">(\d+) ', page)
    assert link.group(2) == "4"
    listed = client.get(html.unescape(link.group(1))).content.decode()
    assert listed.count('data-testid="inbox-row"') == 4


def test_the_page_hands_back_to_the_inbox(client, held, budi, supervisor):
    client.force_login(supervisor)
    client.post(URL, {"holder": budi.pk, "to": "inbox"})
    assert _officers(held[:4]) == [None, None, None, None]


def test_the_page_refuses_the_same_officer_on_its_field(client, held, budi, supervisor):
    client.force_login(supervisor)
    response = client.post(URL, {"holder": budi.pk, "to": budi.pk})
    assert response.status_code == 400
    assert 'id="id_to_error"' in response.content.decode()
    assert _officers(held[:3]) == [budi, budi, budi]


@pytest.mark.parametrize(
    "holder", ["", "٣", "３", "99999999999999999999999", "-1", "1.0", "abc", "inbox"]
)
def test_the_page_refuses_what_names_no_officer(client, held, budi, citra, supervisor, holder):
    client.force_login(supervisor)
    response = client.post(URL, {"holder": holder, "to": citra.pk})
    assert response.status_code == 400
    assert _officers(held[:3]) == [budi, budi, budi]
    if holder == "inbox":
        return  # a valid "to"
    response = client.post(URL, {"holder": budi.pk, "to": holder or "x"})
    assert response.status_code == 400
    assert _officers(held[:3]) == [budi, budi, budi]


def test_a_nul_byte_is_refused_before_the_page(client, held, budi, supervisor):
    client.force_login(supervisor)
    assert client.post(URL, {"holder": f"{budi.pk}\x00", "to": "inbox"}).status_code == 400
    assert _officers(held[:3]) == [budi, budi, budi]


def test_another_offices_officer_is_no_choice(client, other_office, held, budi, supervisor):
    foreign = UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER])
    client.force_login(supervisor)
    assert client.post(URL, {"holder": budi.pk, "to": foreign.pk}).status_code == 400
    assert _officers(held[:3]) == [budi, budi, budi]


def test_who_may_not_open_the_page(client, other_office, held, budi, citra, visitor):
    foreign_supervisor = UserFactory(office=other_office, roles=[Role.SUPERVISOR])
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.post(URL, {"holder": budi.pk, "to": citra.pk}).status_code == 302
    for user in (visitor, citra):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"holder": budi.pk, "to": citra.pk}).status_code == 403
    # Another office's supervisor sees their own office's officers: Budi is no choice there.
    client.force_login(foreign_supervisor)
    assert "Budi" not in client.get(URL).content.decode()
    assert client.post(URL, {"holder": budi.pk, "to": "inbox"}).status_code == 400
    assert _officers(held[:3]) == [budi, budi, budi]


def test_the_page_query_budget_does_not_grow_with_officers_or_consultations(
    client, office, held, supervisor, django_assert_max_num_queries
):
    client.force_login(supervisor)
    client.get(URL)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    for _ in range(4):
        UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


# -- the inbox filter ---------------------------------------------------------------------------


def test_the_inbox_shows_what_one_officer_holds(client, held, budi, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("consultation_list"), {"held_by": budi.pk}).content.decode()
    assert page.count('data-testid="inbox-row"') == 3
    page = client.get(
        reverse("consultation_list"), {"held_by": budi.pk, "show": "all"}
    ).content.decode()
    assert page.count('data-testid="inbox-row"') == 4


@pytest.mark.parametrize("value", ["٣", "99999999999999999999999", "abc"])
def test_the_inbox_filter_refuses_what_names_no_officer(client, held, supervisor, value):
    client.force_login(supervisor)
    response = client.get(reverse("consultation_list"), {"held_by": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page
    assert page.count('data-testid="inbox-row"') == 4  # every open one: no filter by holder


def test_the_inbox_query_budget_with_the_filter(
    client, office, held, supervisor, budi, django_assert_max_num_queries
):
    client.force_login(supervisor)
    client.get(reverse("consultation_list"), {"held_by": budi.pk})
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("consultation_list"), {"held_by": budi.pk})
    for _ in range(4):
        UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("consultation_list"), {"held_by": budi.pk})


# -- at the same moment ---------------------------------------------------------------------------


def _three_held(office, visitor, question):
    """Budi, Citra, their supervisor, and three consultations Budi holds."""
    budi = UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    citra = UserFactory(office=office, roles=[Role.CONSULTATION_OFFICER])
    boss = UserFactory(office=office, roles=[Role.SUPERVISOR])
    rows = [
        lifecycle.consultation_submit(
            requester=visitor, office=office, data={**question, "question": f"Q{i}"}
        )
        for i in range(3)
    ]
    for row in rows:
        lifecycle.consultation_claim(consultation=row, officer=budi)
    return budi, citra, boss, rows


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_hand_over_from_two_tabs_at_once_is_done_once(office, visitor, question):
    from tests.concurrency import run_in_parallel

    budi, citra, boss, _rows = _three_held(office, visitor, question)
    mail.outbox.clear()

    def hand_over(i):
        return len(lifecycle.consultations_hand_over(office=office, holder=budi, to=citra, by=boss))

    results, errors = run_in_parallel(2, hand_over)
    assert errors == []
    assert sorted(results) == [0, 3]
    assert ConsultationEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 3
    assert len(mail.outbox) == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_officer_answering_while_it_is_handed_over(office, visitor, question):
    from tests.concurrency import run_in_parallel

    budi, citra, boss, rows = _three_held(office, visitor, question)

    def work(i):
        if i == 0:
            return [c.pk for c in lifecycle.consultations_hand_over(
                office=office, holder=budi, to=citra, by=boss
            )]  # fmt: skip
        lifecycle.consultation_dismiss(
            consultation=rows[1], officer=budi, reason="not_a_consultation"
        )
        return None

    results, errors = run_in_parallel(2, work)
    assert errors == []
    dismissed = Consultation.objects.get(pk=rows[1].pk)
    assert dismissed.status == S.CANCELLED
    # Either the dismissal came first (it is no longer open: not handed over) or it waited
    # and closed the consultation in Citra's hands; never both, never lost.
    handed = results[0]
    assert rows[0].pk in handed and rows[2].pk in handed
    assert (rows[1].pk in handed) == (dismissed.officer == citra)
    assert ConsultationEvent.objects.filter(kind=EventKind.ASSIGNED).count() == len(handed)


def test_an_officers_inbox_has_no_holder_filter(client, held, budi):
    # A supervisor's tool: an officer's inbox keeps its query budget and ignores it.
    client.force_login(budi)
    response = client.get(reverse("consultation_list"), {"held_by": "٣"})
    page = response.content.decode()
    assert 'name="held_by"' not in page and "alert-danger" not in page
    assert page.count('data-testid="inbox-row"') == 4
