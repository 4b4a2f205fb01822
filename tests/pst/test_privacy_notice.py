"""Every form that collects personal data shows the privacy notice (DESIGN §7); the on-behalf
form, where an officer types a requester's name and contacts, lacked it (attack pass F7)."""

from __future__ import annotations

import pytest

NOTICE = 'aria-labelledby="privacy-title"'


@pytest.mark.parametrize(
    "persona, path",
    [
        (None, "/accounts/register/"),
        ("visitor", "/accounts/profile/"),
        ("visitor", "/consultations/new/?ask=1"),
        ("consultation_officer", "/consultations/on-behalf/"),
    ],
)
def test_a_form_that_collects_personal_data_shows_the_privacy_notice(
    client, office, request, persona, path
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(path)
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
