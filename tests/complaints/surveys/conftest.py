"""The rating links of the visit and the consultation of tests/complaints/conftest.py, and a
complete rating as the form posts it."""

from __future__ import annotations

import pytest

from complaints.surveys.elements import ELEMENT_FIELDS
from pst.rating_links import rating_path, rating_token


@pytest.fixture
def ticket_link(served):
    return rating_path("ticket", served.pk)


@pytest.fixture
def ticket_token(served):
    return rating_token("ticket", served.pk)


def answers(**changes) -> dict:
    """A complete rating as the form posts it: every element 3 but procedure 4."""
    data = dict.fromkeys(ELEMENT_FIELDS, "3")
    data["procedure"] = "4"
    data.update(sex="female", education="bachelor", occupation="researcher", comment="")
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
