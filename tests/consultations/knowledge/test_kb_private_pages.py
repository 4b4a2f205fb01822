"""The knowledge base's staff pages show what people typed (insights) and unpublished
articles (drafts, often from a consultation): like every page with personal data they are
never kept by a browser or a proxy (found by the attack pass: no Cache-Control at all)."""

import pytest


@pytest.mark.parametrize("path", ["/kb/insights/", "/kb/drafts/", "/kb/new/"])
def test_the_staff_pages_of_the_knowledge_base_are_not_cached(client, consultation_officer, path):
    client.force_login(consultation_officer)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
