"""A registered person opens "My data" from the profile, sees their consultation and takes a
copy (trial Q, Q2), on a phone and on a desktop screen, passing axe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consultations import lifecycle
from consultations.models import SubjectArea


@pytest.mark.parametrize("width", [375, 1280])
def test_my_data_from_the_profile_and_its_copy(
    as_user, check_a11y, subject_areas, office, visitor, consultation_officer, width
):
    consultation = lifecycle.consultation_submit(
        requester=visitor, office=office,
        data={"subject_area": SubjectArea.objects.first(),
              "topic": "data", "question": "Berapa garis kemiskinan Kota Tarakan 2025?"},
    )  # fmt: skip
    page = as_user(visitor, viewport={"width": width, "height": 800})
    page.goto("/accounts/profile/")
    page.get_by_test_id("my-data-link").click()
    page.wait_for_url("**/accounts/data/")
    assert consultation.reference in page.get_by_test_id("my-data-consultations").inner_text()
    assert visitor.email in page.get_by_test_id("my-data-account").inner_text()
    check_a11y(page, f"my data at {width}px")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, "the page scrolls sideways"
    with page.expect_download() as download:
        page.get_by_test_id("my-data-download").click()
    copy = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "Berapa garis kemiskinan Kota Tarakan 2025?" in json.dumps(copy, ensure_ascii=False)
