"""A complainant who deleted their account (trial S, S2): their contacts went with it, so
nobody is left to pass an answer on to. Their complaint does not wait "to pass on" — one
waiting is cleared by the deletion, and a response or answer given after it does not make it
wait again — and its pages give the true reason (the deletion, on its day), not the end of
the retention period; its history records the deletion for its handlers."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from complaints.errors import ComplaintError
from complaints.handling import services
from complaints.handling.models import ComplaintEventKind
from complaints.models import Complaint
from pst.erasure import user_account_erase
from tests.complaints.reports.conftest import wita
from tests.complaints.test_complaint_pass_on import LIST, latest_answer, said

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's
ERASED = (
    "The complainant deleted their account on %(day)s, and their contacts with it: there is "
    "nobody to pass the answer on to. They read it on the tracking page with their code."
)
RETENTION = "No contact is left (removed at the end of the retention period)."


@pytest.fixture
def erased(by_phone, visitor, supervisor):
    """The visitor's phone complaint (no email): answered once, waiting to be passed on,
    when they delete their account."""
    Complaint.objects.filter(pk=by_phone.pk).update(complainant=visitor)
    services.complaint_respond(complaint=by_phone, user=supervisor, body="Sedang dicek.")
    by_phone.refresh_from_db()
    assert by_phone.pass_on_since is not None
    user_account_erase(user=visitor, password=PASSWORD)
    by_phone.refresh_from_db()
    return by_phone


def test_the_deletion_clears_what_waited_and_the_history_says_why(erased, visitor, clock):
    assert erased.pass_on_since is None
    assert erased.complainant_erased_at == wita(2026, 11, 23, 9)
    (event,) = erased.events.filter(kind=ComplaintEventKind.COMPLAINANT_ERASED)
    assert (event.actor_id, event.is_public, event.at) == (visitor.pk, False, wita(2026, 11, 23, 9))
    assert event.from_status == event.to_status == erased.status


def test_a_response_and_the_answer_after_the_deletion_wait_for_nobody(client, erased, supervisor):
    client.force_login(supervisor)
    response = client.post(f"/complaints/{erased.pk}/respond/", {"respond-body": "Sudah dicek."})
    tags, text = said(response)
    assert "success" in tags and "to_pass_on" not in tags
    with translation.override("id"):
        assert gettext(ERASED) % {"day": "23 November 2026"} in text
    services.complaint_resolve(complaint=erased, user=supervisor, answer="Petugas ditegur.")
    erased.refresh_from_db()
    assert erased.pass_on_since is None
    assert erased.display_code not in client.get(LIST).content.decode()
    with pytest.raises(ComplaintError) as refused:
        services.complaint_passed_on(
            complaint=erased, user=supervisor, via="phone", answer_seen=latest_answer(erased)
        )
    assert refused.value.code == "erased"


def test_the_page_gives_the_deletion_as_the_reason_not_the_retention_period(
    client, erased, supervisor
):
    client.force_login(supervisor)
    html = client.get(f"/complaints/{erased.pk}/").content.decode()
    with translation.override("id"):
        assert gettext(RETENTION) not in html
        assert str(ComplaintEventKind.COMPLAINANT_ERASED.label) in html
    assert 'data-testid="pass-on-erased"' in html and 'data-testid="pass-on"' not in html
    assert 'data-testid="form-passed-on"' not in html
    assert html.count("23 November 2026") >= 2  # the complainant's line and the box
    assert 'data-testid="complainant-erased"' in html


def test_the_database_refuses_an_answer_waiting_for_an_erased_complainant(erased):
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=erased.pk).update(pass_on_since=wita(2026, 11, 23, 10))


def test_a_complaint_whose_contacts_the_retention_purge_removed_still_says_so(
    client, by_phone, supervisor
):
    Complaint.objects.filter(pk=by_phone.pk).update(complainant_phone="")
    client.force_login(supervisor)
    html = client.get(f"/complaints/{by_phone.pk}/").content.decode()
    with translation.override("id"):
        assert gettext(RETENTION) in html
    assert 'data-testid="pass-on-erased"' not in html
