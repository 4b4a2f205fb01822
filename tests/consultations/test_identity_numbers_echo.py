"""An identity number typed into a search box or an article being written is never shown
back (issue 8 item 3): the search-first box of /consultations/new/ showed the raw query
and kept it in the address; the article preview rendered it (found by the attack pass)."""

import pytest

from tests.html import without_random_values

NIKS = ["3171012345670001", "3171/0123/4567/0001", "3171.0123.4567.0001", "NIK:3171012345670001x"]


@pytest.mark.parametrize("nik", NIKS)
def test_the_search_first_box_masks_an_identity_number_and_takes_it_off_the_address(
    client, visitor, office, nik
):
    client.force_login(visitor)
    response = client.get("/consultations/new/", {"q": f"data {nik} inflasi", "ask": "1"})
    assert response.status_code == 302
    assert "0123" not in response["Location"] and "3171" not in response["Location"]
    page = client.get(response["Location"])
    assert "3171" not in without_random_values(page.content.decode())
    assert "inflasi" in page.content.decode()


@pytest.mark.parametrize("nik", NIKS)
def test_the_article_preview_does_not_render_an_identity_number(client, consultation_officer, nik):
    client.force_login(consultation_officer)
    response = client.post("/kb/preview/", {"body": f"Hubungi {nik} untuk data"})
    assert response.status_code == 200
    assert "3171" not in without_random_values(response.content.decode())
    assert "untuk data" in response.content.decode()
