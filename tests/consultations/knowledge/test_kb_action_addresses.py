"""The knowledge base's POST-only addresses (publish, preview) opened with GET, as after
signing in again: the page they belong to, for whoever may write there; the same refusal
as their POST for anyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pst.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_publish_opened_with_get_leads_to_the_article_and_publishes_nothing(
    client, consultation_officer, draft
):
    client.force_login(consultation_officer)
    response = client.get(draft.get_publish_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert not draft.is_published and draft.version == 1


def test_the_preview_opened_with_get_leads_to_a_new_article(client, consultation_officer):
    client.force_login(consultation_officer)
    response = client.get(reverse("kb_preview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kb_new")


def test_who_may_not_write_there_gets_the_refusal_of_the_post(
    client, other_office, visitor, tarakan_population, draft
):
    client.force_login(UserFactory(office=other_office, roles=[Role.CONSULTATION_OFFICER]))
    assert client.get(tarakan_population.get_publish_url()).status_code == 403
    assert client.get(draft.get_publish_url()).status_code == 404
    client.force_login(visitor)
    assert client.get(reverse("kb_preview")).status_code == 403
    assert client.get(tarakan_population.get_publish_url()).status_code == 403
