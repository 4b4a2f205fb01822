"""A complaint mailed to the office's address, which opened a consultation (trial P, P1),
recorded as a complaint in a real browser: the officer presses "record it as one" on the
consultation, sees what the complaint will be (channel, when it came in, the complainant, the
files), chooses the category, records it and is back on the consultation, which names the
complaint; the supervisor opens the complaint from there. At phone and desktop widths,
without sideways scrolling."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from complaints.models import Complaint
from consultations.lifecycle.remote import consultation_open_remote
from consultations.models import Channel, Consultation
from tests.complaints.reports.conftest import wita

SCREENSHOTS = "test-results"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def fits(page, width: int) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_an_officer_records_an_emailed_complaint_as_one(
    as_user, office, consultation_officer, supervisor, subject_areas, monday_morning,
    check_a11y, settings, tmp_path, width,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    mailed = consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name="Rina Warga",
        requester_email="rina.warga@example.com",
        question="Pengaduan: petugas tidak datang ke meja\nSaya menunggu 45 menit.",
        files=[SimpleUploadedFile("meja-kosong.png", PNG, content_type="image/png")],
        now=wita(2026, 11, 20, 15, 30),
    )  # fmt: skip
    page = as_user(consultation_officer, viewport={"width": width, "height": 900})

    page.goto(f"/consultations/{mailed.pk}/")
    page.get_by_test_id("to-complaint").click()

    form = page.get_by_test_id("from-consultation-form")
    expect(form.locator("[name=description]")).to_have_value(mailed.question)
    expect(form.locator("[name=files]")).to_be_checked()
    expect(page.get_by_test_id("complainant")).to_contain_text("rina.warga@example.com")
    expect(page.get_by_test_id("complaint-received")).to_contain_text("20 November 2026")
    check_a11y(page, f"record a consultation as a complaint at {width}px")
    fits(page, width)
    page.screenshot(path=f"{SCREENSHOTS}/consultation-complaint-form-{width}.png", full_page=True)
    form.locator("[name=category]").select_option(label="Pelayanan petugas")
    page.get_by_test_id("from-consultation-submit").click()

    complaint = Complaint.objects.get()
    expect(page).to_have_url(f"/consultations/{mailed.pk}/")
    expect(page.locator("[data-code=recorded]")).to_contain_text(complaint.display_code)
    expect(page.get_by_test_id("recorded-complaint")).to_be_visible()
    expect(page.get_by_test_id("to-complaint")).to_have_count(0)
    check_a11y(page, f"consultation recorded as a complaint at {width}px")
    fits(page, width)
    assert Consultation.objects.get(pk=mailed.pk).dismissal == "complaint"
    assert complaint.evidence.count() == 1

    page = as_user(supervisor, viewport={"width": width, "height": 900})
    page.goto(f"/consultations/{mailed.pk}/")
    page.get_by_test_id("recorded-complaint-link").click()
    expect(page).to_have_url(f"/complaints/{complaint.pk}/")
    expect(page.get_by_test_id("complaint-channel")).to_contain_text(mailed.reference)
    fits(page, width)
