"""A complaint in a real browser: a visitor files one from the office's page with a photo and
tracks it with its code; a supervisor downloads the photo, verifies, responds and resolves it;
the visitor reads the answer. At phone and desktop widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

SCREENSHOTS = "test-results"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_a_visitor_complains_and_reads_the_supervisors_answer(
    new_page, as_user, office, supervisor, monday_morning, check_a11y, width, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    viewport = {"width": width, "height": 900}
    visitor = new_page()
    visitor.set_viewport_size(viewport)
    visitor.goto(f"/office/{office.code}/")
    visitor.get_by_test_id("complaint-button").click()
    form = visitor.get_by_test_id("complaint-form")
    expect(form).to_be_visible()
    check_a11y(visitor, f"complaint form at {width}px")
    visitor.wait_for_load_state()  # before its stylesheets apply, a table is wide
    assert visitor.evaluate("document.documentElement.scrollWidth") <= width
    form.locator("[name=category]").select_option(label="Waktu tunggu dan antrean")
    form.locator("[name=description]").fill("Saya menunggu satu jam tanpa dipanggil.")
    form.locator("[name=related_reference]").fill("K-001")
    form.locator("[name=complainant_name]").fill("Rina Wulandari")
    form.locator("[name=complainant_email]").fill("rina@example.org")
    form.locator("[name=files]").set_input_files(
        {"name": "antrean.png", "mimeType": "image/png", "buffer": PNG}
    )
    form.locator("[name=privacy_acknowledged]").check()
    visitor.get_by_test_id("complaint-submit").click()

    code = visitor.get_by_test_id("tracking-code").inner_text().strip()
    expect(visitor.get_by_test_id("complaint-due")).to_contain_text("26 November 2026")
    check_a11y(visitor, f"complaint received at {width}px")
    visitor.get_by_test_id("track-link").click()
    visitor.locator("[name=code]").fill(code.lower().replace("-", " "))
    visitor.get_by_test_id("track-submit").click()
    expect(visitor.get_by_test_id("tracked-complaint")).to_contain_text(code)
    expect(visitor.get_by_test_id("masked-contact")).to_contain_text("ri•••@ex•••.org")
    expect(visitor.get_by_test_id("complaint-evidence")).to_contain_text("antrean.png")
    check_a11y(visitor, f"complaint tracked at {width}px")
    visitor.wait_for_load_state()  # before its stylesheets apply, a table is wide
    assert visitor.evaluate("document.documentElement.scrollWidth") <= width

    staff = as_user(supervisor, viewport=viewport)
    staff.goto("/desk/today/")
    if width < 1200:  # the menu folds into its button
        staff.locator(".navbar-toggler").click()
        # Its unfolding is animated: a click on the account menu while it still moved
        # opened nothing (a CI flake at 375 px).
        expect(staff.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    staff.locator("#nav-main .dropdown-toggle").last.click()
    staff.get_by_test_id("nav-complaints").click()
    check_a11y(staff, f"complaint list at {width}px")
    staff.get_by_role("link", name=code).click()
    expect(staff.get_by_test_id("complainant")).to_contain_text("rina@example.org")
    with staff.expect_download() as download:
        staff.get_by_test_id("complaint-evidence").get_by_role("link", name="antrean.png").click()
    assert download.value.suggested_filename == "antrean.png"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == PNG
    staff.get_by_test_id("act-verify").click()
    staff.get_by_test_id("form-respond").locator("textarea").fill("Kami sedang memeriksa.")
    staff.get_by_test_id("act-respond").click()
    staff.get_by_test_id("form-note").locator("textarea").fill("Cek jadwal petugas meja 2.")
    staff.get_by_test_id("act-note").click()
    staff.get_by_test_id("form-resolve").locator("textarea").fill(
        "Jadwal petugas sudah diperbaiki."
    )
    check_a11y(staff, f"complaint page at {width}px")
    staff.get_by_test_id("act-resolve").click()
    expect(staff.get_by_test_id("act-resolve")).to_have_count(0)  # nothing left to do
    staff.screenshot(path=f"{SCREENSHOTS}/complaint-staff-{width}.png", full_page=True)

    visitor.goto("/complaints/track/")
    visitor.locator("[name=code]").fill(code)
    visitor.get_by_test_id("track-submit").click()
    expect(visitor.get_by_test_id("complaint-answer")).to_contain_text(
        "Jadwal petugas sudah diperbaiki."
    )
    expect(visitor.get_by_test_id("complaint-history")).to_contain_text("Kami sedang memeriksa.")
    expect(visitor.get_by_test_id("complaint-history")).not_to_contain_text("meja 2")
    visitor.screenshot(path=f"{SCREENSHOTS}/complaint-tracked-{width}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_too_many_or_too_large_files_are_refused_before_they_are_sent(
    new_page, office, monday_morning, settings
):
    # Trial attack-ev, F6: four phone photos met the body limit's error page.
    settings.ATTACHMENT_MAX_BYTES = 100
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"/complaints/new/?office={office.code}")
    files = page.locator("[name=files]")
    photo = {"name": "foto.png", "mimeType": "image/png", "buffer": PNG}
    files.set_input_files([{**photo, "name": f"foto{n}.png"} for n in range(4)])
    expect(page.locator("[data-file-limit]")).to_have_text("Pilih paling banyak 3 berkas.")
    page.get_by_test_id("complaint-submit").click()
    expect(page).to_have_url(f"/complaints/new/?office={office.code}")
    expect(files).to_be_focused()
    files.set_input_files([{**photo, "buffer": PNG * 3}])
    expect(page.locator("[data-file-limit]")).to_contain_text("“foto.png”")
    files.set_input_files([photo])
    expect(page.locator("[data-file-limit]")).to_have_text("")
    expect(files).not_to_have_class("is-invalid")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signed_in", [False, True])
def test_back_and_send_again_files_one_complaint(
    new_page, as_user, visitor, office, supervisor, monday_morning, signed_in
):
    # Trial L6: Back restores what was typed with a new request id; sending it again filed
    # a second complaint, a second email and a second due date.
    from django.core import mail

    from complaints.models import Complaint

    page = as_user(visitor) if signed_in else new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"/complaints/new/?office={office.code}")
    form = page.get_by_test_id("complaint-form")
    form.locator("[name=category]").select_option(label="Waktu tunggu dan antrean")
    form.locator("[name=description]").fill("Saya menunggu satu jam tanpa dipanggil.")
    form.locator("[name=complainant_name]").fill("Rina Wulandari")
    form.locator("[name=complainant_email]").fill("rina@example.org")
    form.locator("[name=complainant_phone]").fill("081234567890")
    form.locator("[name=privacy_acknowledged]").check()
    first_request = form.locator("[name=request_id]").input_value()
    page.get_by_test_id("complaint-submit").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    expect(page.get_by_test_id("already-received")).to_have_count(0)
    sent = len(mail.outbox)

    page.go_back()
    form = page.get_by_test_id("complaint-form")
    expect(form.locator("[name=description]")).to_have_value(
        "Saya menunggu satu jam tanpa dipanggil."
    )
    assert form.locator("[name=request_id]").input_value() != first_request  # fetched anew
    page.get_by_test_id("complaint-submit").click()

    expect(page.get_by_test_id("tracking-code")).to_have_text(code)
    expect(page.get_by_test_id("already-received")).to_be_visible()
    assert Complaint.objects.count() == 1
    assert len(mail.outbox) == sent
