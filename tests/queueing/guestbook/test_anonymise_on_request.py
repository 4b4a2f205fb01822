"""A walk-in visitor has their guestbook entry erased on request (UU 27/2022 Art. 8): the front
office anonymises it at once, as the retention purge would, and the entry's history says who,
when and why (queueing.guestbook.erasure)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib import messages
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations.models import Consultation
from pst.models import PersonalDataAccess
from pst.personal_data import BLANK, KEEP, personal_fields
from queueing.guestbook import erasure
from queueing.guestbook import services as guestbook
from queueing.guestbook.models import GuestbookEntry, GuestbookRevision
from queueing.guestbook.services import GuestbookError
from tests.concurrency import run_in_parallel
from tests.conftest import MONDAY_9
from tests.consultations.test_walk_in import record
from tests.queueing.guestbook.test_records import DATA

DECLARED = personal_fields(GuestbookEntry)
NOTE = "Asked at the counter, card shown"
DAY = 24 * 3600


@pytest.fixture
def entry(office, front_office, clock):
    entry = guestbook.guestbook_record(
        office=office,
        officer=front_office,
        data=DATA | {"has_disability": True, "disability_kind": "Tunanetra"},
    )
    # A correction: its history holds the old name, which must go too.
    guestbook.guestbook_correct(entry=entry, officer=front_office, data={"name": "Rina W."})
    entry.refresh_from_db()
    return entry


def erase_url(entry):
    return reverse("guestbook_anonymise", args=[entry.pk])


def detail(entry):
    return reverse("guestbook_detail", args=[entry.pk])


def unchanged(entry) -> bool:
    fresh = GuestbookEntry.objects.get(pk=entry.pk)
    return (
        not fresh.is_anonymised
        and fresh.name == "Rina W."
        and fresh.email == DATA["email"]
        and not GuestbookRevision.objects.filter(field=erasure.ERASURE_FIELD).exists()
    )


# -- the service ------------------------------------------------------------------------------


def test_every_field_declared_blank_is_blanked_and_the_categories_stay(entry, front_office, clock):
    before = {field.name: getattr(entry, field.name) for field in entry._meta.concrete_fields}
    clock.shift(3 * DAY)  # any day after the visit, by an officer who did not write it
    erased = erasure.guestbook_anonymise(entry=entry, officer=front_office, note=NOTE)
    for name, spec in DECLARED.items():
        if spec.purge == BLANK:
            assert getattr(erased, name) == "", name
        else:
            assert spec.purge == KEEP
            assert getattr(erased, name) == before[name], name
    assert erased.anonymised_at == MONDAY_9 + dt.timedelta(days=3)
    correction = GuestbookRevision.objects.get(entry=entry, field="name")
    assert (correction.old_value, correction.new_value) == ("", "")


def test_who_when_and_the_note_are_kept_in_the_entrys_history(entry, supervisor, clock):
    clock.shift(3600)
    erasure.guestbook_anonymise(entry=entry, officer=supervisor, note=f"  {NOTE} ")
    row = GuestbookRevision.objects.get(entry=entry, field=erasure.ERASURE_FIELD)
    assert (row.changed_by, row.changed_at) == (supervisor, MONDAY_9 + dt.timedelta(hours=1))
    assert (row.old_value, row.new_value) == ("", NOTE)
    loaded = GuestbookEntry.objects.prefetch_related("revisions").get(pk=entry.pk)
    assert loaded.erasure == row


@pytest.mark.parametrize("note", ["", "   "])
def test_the_note_is_required(entry, front_office, note):
    with pytest.raises(GuestbookError) as refused:
        erasure.guestbook_anonymise(entry=entry, officer=front_office, note=note)
    assert (refused.value.code, refused.value.field) == ("note_required", "note")
    assert unchanged(entry)


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Asked\x00 at the counter", "control_character"),
        ("Asked \u202eat the counter", "control_character"),
        ("Asked at the\ncounter", "line_break"),
        ("Card 6571 0123 4567 0001 shown", "identity_number"),
        ("Asked by phone 0812-5555-0101", "identity_number"),
        ("rina  w. asked at the counter", "names_visitor"),
        ("Ibu (RINA) minta dihapus", "names_visitor"),  # a part of the name (trial T, T4)
        ("Reply to RINA.WULANDARI@example.org", "names_visitor"),
        ("x" * (erasure.NOTE_MAX_LENGTH + 1), "too_long"),
    ],
)
def test_a_note_breaking_the_rules_is_refused_and_nothing_changes(entry, front_office, note, code):
    with pytest.raises(GuestbookError) as refused:
        erasure.guestbook_anonymise(entry=entry, officer=front_office, note=note)
    assert (refused.value.code, refused.value.field) == (code, "note")
    assert unchanged(entry)


def test_a_second_request_changes_nothing(entry, front_office, supervisor, clock):
    erasure.guestbook_anonymise(entry=entry, officer=front_office, note=NOTE)
    clock.shift(60)
    with pytest.raises(GuestbookError) as refused:
        erasure.guestbook_anonymise(entry=entry, officer=supervisor, note="Again")
    assert refused.value.code == "already"
    row = GuestbookRevision.objects.get(field=erasure.ERASURE_FIELD)
    assert (row.changed_by, row.new_value) == (front_office, NOTE)
    assert GuestbookEntry.objects.get().anonymised_at == MONDAY_9


def test_the_purge_and_the_request_anonymise_alike_and_each_once(
    office, entry, front_office, clock
):
    erasure.guestbook_anonymise(entry=entry, officer=front_office, note=NOTE)
    clock.shift(800 * DAY)
    assert guestbook.guestbook_purge(office=office, before=dt.date(2029, 1, 1)) == 0
    assert GuestbookEntry.objects.get().anonymised_at == MONDAY_9
    assert GuestbookRevision.objects.get(field=erasure.ERASURE_FIELD).new_value == NOTE


def test_an_entry_the_purge_anonymised_is_already_anonymised(office, entry, front_office, clock):
    clock.shift(800 * DAY)
    assert guestbook.guestbook_purge(office=office, before=dt.date(2029, 1, 1)) == 1
    with pytest.raises(GuestbookError) as refused:
        erasure.guestbook_anonymise(entry=entry, officer=front_office, note=NOTE)
    assert refused.value.code == "already"
    assert GuestbookEntry.objects.get().erasure is None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_anonymise_once(office, front_office, supervisor):
    entry = guestbook.guestbook_record(
        office=office, officer=front_office, data=DATA, client_request_id=uuid.uuid4()
    )
    officers = [front_office, supervisor] * 2

    def erase(i):
        try:
            return erasure.guestbook_anonymise(entry=entry, officer=officers[i], note=NOTE).pk
        except GuestbookError as error:
            return error.code

    results, errors = run_in_parallel(4, erase)
    assert errors == []
    assert sorted(map(str, results)) == sorted([str(entry.pk)] + ["already"] * 3)
    assert GuestbookRevision.objects.filter(field=erasure.ERASURE_FIELD).count() == 1
    assert GuestbookEntry.objects.get().name == ""


def test_the_contacts_written_at_the_desk_for_the_visits_consultation_go_too(
    client, serving, front_office, consultation_officer
):
    # The visitor gave another address at the consultation desk, kept on the consultation.
    record(client, serving, outcome="online_follow_up", contact_email="rina.kantor@example.org")
    consultation = Consultation.objects.get()
    other = Consultation.objects.create(
        office=consultation.office, number=999, channel="whatsapp", question="Lain",
        requester_email="lain@example.org",
    )  # fmt: skip
    assert consultation.requester_email == "rina.kantor@example.org"
    erasure.guestbook_anonymise(
        entry=GuestbookEntry.objects.get(ticket=serving), officer=front_office, note=NOTE
    )
    consultation.refresh_from_db()
    assert (consultation.requester_name, consultation.requester_email) == ("", "")
    assert consultation.requester_phone == ""
    # What was asked and answered stays, for the office's history and statistics.
    assert consultation.question == "IPM Kota Tarakan 2020–2025 per komponen"
    other.refresh_from_db()
    assert other.requester_email == "lain@example.org"  # someone else's


# -- the pages --------------------------------------------------------------------------------


def test_the_front_office_erases_an_entry_from_its_page(client, entry, front_office, clock):
    client.force_login(front_office)
    page = client.get(detail(entry)).content.decode()
    assert erase_url(entry) in page and 'data-testid="guestbook-anonymise"' in page
    form = client.get(erase_url(entry))
    assert form.status_code == 200
    text = form.content.decode()
    assert 'data-testid="guestbook-anonymise-form"' in text
    # What goes and what stays, named from the declaration the purge reads.
    what = text.split('data-testid="guestbook-anonymise-what">')[1].split("</div>")[0]
    erased, kept = what.split("</p>")[:2]
    for name, spec in DECLARED.items():
        label = str(GuestbookEntry._meta.get_field(name).verbose_name)
        assert label in (erased if spec.purge == BLANK else kept), name
    assert PersonalDataAccess.objects.filter(
        user=front_office, subject=f"guestbook entry {entry.pk} (erasure form)"
    ).exists()
    response = client.post(erase_url(entry), {"note": NOTE})
    assert response.status_code == 302 and response.url == detail(entry)
    page = client.get(detail(entry)).content.decode()
    shown = page.split('data-testid="guestbook-erased">')[1].split("</p>")[0]
    assert NOTE in shown and "23 November 2026" in shown
    assert "Rina" not in page.split('data-testid="guestbook-entry"')[1]
    assert 'data-testid="guestbook-anonymise"' not in page
    assert 'data-testid="guestbook-correct"' not in page


def test_a_double_submit_is_harmless(client, entry, front_office):
    client.force_login(front_office)
    client.post(erase_url(entry), {"note": NOTE}, follow=True)
    again = client.post(erase_url(entry), {"note": NOTE}, follow=True)
    assert again.redirect_chain == [(detail(entry), 302)]
    (said,) = again.context["messages"]
    assert said.level == messages.INFO  # not an error: what was asked is done
    assert GuestbookRevision.objects.filter(field=erasure.ERASURE_FIELD).count() == 1
    # The form of an entry already erased is not offered again.
    assert client.get(erase_url(entry)).url == detail(entry)


@pytest.mark.parametrize(
    ("note", "code"), [("", "required"), ("Asked \u202eat the counter", "control_character")]
)
def test_a_refused_note_comes_back_on_the_form(client, entry, front_office, note, code):
    client.force_login(front_office)
    response = client.post(erase_url(entry), {"note": note})
    assert response.status_code == 200
    assert response.context["form"].has_error("note", code)
    assert unchanged(entry)


def test_a_nul_byte_is_refused_before_the_view(client, entry, front_office):
    client.force_login(front_office)
    assert client.post(erase_url(entry), {"note": "Asked\x00 here"}).status_code == 400
    assert unchanged(entry)


def test_an_identity_number_in_the_note_is_not_shown_back(client, entry, front_office):
    client.force_login(front_office)
    response = client.post(erase_url(entry), {"note": "Card 6571012345670001 shown"})
    assert response.context["form"].has_error("note", "identity_number")
    assert "6571012345670001" not in response.content.decode()
    assert unchanged(entry)


def test_the_visitors_name_in_the_note_is_refused_on_the_form(client, entry, front_office):
    client.force_login(front_office)
    response = client.post(erase_url(entry), {"note": "Rina W. asked"})
    assert response.context["form"].has_error("note", "names_visitor")
    assert unchanged(entry)


# -- who may ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, entry):
    for response in (client.get(erase_url(entry)), client.post(erase_url(entry), {"note": NOTE})):
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert unchanged(entry)


@pytest.mark.parametrize("persona", ["visitor", "administrator"])
def test_people_who_are_not_guestbook_staff_get_403(client, request, persona, entry):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(erase_url(entry)).status_code == 403
    assert client.post(erase_url(entry), {"note": NOTE}).status_code == 403
    assert unchanged(entry)


def test_staff_of_another_office_do_not_find_the_entry(client, other_office_officer, entry):
    # The guestbook's access helper: another office's entry is not there for them (404).
    client.force_login(other_office_officer)
    assert client.get(erase_url(entry)).status_code == 404
    assert client.post(erase_url(entry), {"note": NOTE}).status_code == 404
    assert unchanged(entry)
    with pytest.raises(GuestbookError) as refused:
        erasure.guestbook_anonymise(entry=entry, officer=other_office_officer, note=NOTE)
    assert refused.value.code == "not_allowed"


@pytest.mark.parametrize("persona", ["consultation_officer", "supervisor"])
def test_consultation_officers_and_supervisors_of_the_office_may_erase(
    client, request, persona, entry, clock
):
    # Consultation officers write the guestbook too (Action.FILL_GUESTBOOK), for a visitor
    # come straight to their desk; supervisors at any time. Not only on the day, nor only
    # the entry's writer (unlike a correction).
    clock.shift(30 * DAY)
    client.force_login(request.getfixturevalue(persona))
    assert 'data-testid="guestbook-anonymise"' in client.get(detail(entry)).content.decode()
    assert client.get(erase_url(entry)).status_code == 200
    assert client.post(erase_url(entry), {"note": NOTE}).status_code == 302
    assert GuestbookEntry.objects.get().is_anonymised


def test_a_reader_who_may_not_erase_is_refused(client, entry, front_office, monkeypatch):
    # No role today reads the guestbook without writing or supervising it; one that did
    # would see the entry (200) but not erase it (403).
    monkeypatch.setattr(erasure, "guestbook_may_anonymise", lambda **kwargs: False)
    client.force_login(front_office)
    assert client.get(detail(entry)).status_code == 200
    assert client.get(erase_url(entry)).status_code == 403
    assert client.post(erase_url(entry), {"note": NOTE}).status_code == 403
    assert unchanged(entry)


def test_the_entry_page_keeps_its_query_budget_once_erased(client, entry, front_office):
    client.force_login(front_office)
    client.get(detail(entry))  # warm the session
    with CaptureQueriesContext(connection) as identified:
        client.get(detail(entry))
    erasure.guestbook_anonymise(entry=entry, officer=front_office, note=NOTE)
    with CaptureQueriesContext(connection) as erased:
        assert NOTE in client.get(detail(entry)).content.decode()
    assert len(erased) == len(identified)


def test_the_privacy_notice_says_a_visitor_may_have_their_entry_erased(office):
    # Every form's short notice and the privacy page name the rights in this one include.
    with translation.override("en"):
        said = render_to_string("includes/_privacy_rights.html", {"office": office})
    assert "its front office erases your name and contacts from the guestbook" in said
