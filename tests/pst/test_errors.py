"""A refused domain action that no view handled is answered the same way everywhere."""

import pytest
from django.contrib.messages import get_messages

from consultations.services import ConsultationError
from pst.errors import DomainError
from pst.services import PortalError
from queueing.errors import QueueError

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.pst.urls_errors")]


@pytest.mark.parametrize("error_class", [QueueError, ConsultationError, PortalError])
def test_every_app_error_is_a_domain_error_with_a_code(error_class):
    error = error_class("Tidak bisa.", code="state", field="name")
    assert isinstance(error, DomainError)
    assert (error.message, error.code, error.field) == ("Tidak bisa.", "state", "name")


def test_a_refusal_opened_directly_is_a_409_page_with_its_reason(client):
    response = client.get("/refused/")
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="error-409"' in html
    assert "Sudah dipanggil loket lain." in html


def test_a_refused_form_goes_back_to_its_page_with_the_message(client):
    response = client.post("/refused/", HTTP_REFERER="http://testserver/desk/")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/desk/"
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Sudah dipanggil loket lain."
    ]


def test_a_refused_form_from_another_site_is_not_sent_back_there(client):
    response = client.post("/refused/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 409


def test_a_refused_htmx_request_reloads_the_page_to_show_the_message(client):
    response = client.post("/refused/", HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Refresh"] == "true"
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Sudah dipanggil loket lain."
    ]


def test_the_message_carries_the_refusals_code_on_the_page(client):
    response = client.post("/refused/", HTTP_REFERER="http://testserver/", follow=True)
    assert 'data-code="state"' in response.content.decode()


def test_a_refusal_on_a_form_keeps_its_field_and_code():
    from django import forms

    from pst.errors import add_to_form

    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm({"name": "Ani"})
    assert form.is_valid()
    add_to_form(form, QueueError("Nama sudah dipakai.", code="taken", field="name"))
    add_to_form(form, QueueError("Kantor tutup.", code="closed", field="not_a_field"))
    assert form.has_error("name", code="taken")
    assert form.has_error("__all__", code="closed")


def test_a_form_sent_without_its_csrf_token_says_the_typed_text_is_still_there(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-csrf"' in html
    assert "isian Anda masih ada" in html


def test_the_expired_form_page_keeps_the_draft_and_leads_back_to_the_form(db, visitor):
    # Trial Q3: Django's own view rendered the page without the request, so it knew neither
    # who was signed in nor the form; the draft was dropped on it.
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(visitor)
    response = client.post(
        "/consultations/new/?ask=1",
        {"question": "x"},
        headers={"Referer": "http://testserver/consultations/new/?ask=1&q=ipm"},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert f'data-user="{visitor.pk}"' in html
    assert 'data-draft-kept="kept"' in html
    assert 'href="/consultations/new/?ask=1&amp;q=ipm" data-testid="back-to-form"' in html

    anonymous = Client(enforce_csrf_checks=True).post(
        "/guestbook/new/", {}, headers={"Referer": "https://elsewhere.example/guestbook/new/"}
    )
    html = anonymous.content.decode()
    assert anonymous.status_code == 403
    assert 'data-draft-kept="sign-in"' in html
    assert 'data-testid="back-to-form"' not in html  # another site's page is no way back


@pytest.mark.parametrize(
    "referer", ["http://testserver//evil.example/x", "http://testserver/\\evil.example/x"]
)
def test_the_expired_form_page_never_links_off_site_from_a_path_of_ours(db, referer):
    # Review R3: a Referer of our own host whose path starts "//" or "/\" read as a link
    # leaves the site.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/consultations/new/", {}, headers={"Referer": referer}
    )
    assert response.status_code == 403
    assert 'data-testid="back-to-form"' not in response.content.decode()
