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
