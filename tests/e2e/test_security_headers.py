"""The Content-Security-Policy in a real browser: it blocks what it should, and the admin works
under it (every other browser test fails on any violation through `new_page`)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import watch_csp


@pytest.mark.django_db(transaction=True)
def test_the_policy_blocks_an_injected_inline_script_and_the_tests_notice(
    browser, live_server, office
):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    violations: list[str] = []
    watch_csp(page, violations)
    page.goto("/office/6571/")
    # What an injected fragment would try: an inline script and an inline style.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            const div = document.createElement("div");
            div.innerHTML = '<p style="color: red">x</p>';
            document.body.appendChild(div);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    context.close()
    assert any("script" in violation for violation in violations), violations


@pytest.mark.django_db(transaction=True)
def test_an_administrator_signs_in_and_edits_in_the_admin_under_the_policy(
    new_page, office, administrator
):
    page = new_page()
    page.goto("/admin/")
    page.locator("#id_username").fill(administrator.email)
    page.locator("#id_password").fill("correct horse battery 9")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"/admin/pst/office/{office.pk}/change/")
    page.locator("#id_name").fill("BPS Kota Tarakan (uji)")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto("/admin/queueing/ticket/?service_date__year=2026")
    expect(page.locator("#changelist")).to_be_visible()


ADMIN_PAGES = [
    "/admin/",
    "/admin/pst/office/",
    "/admin/pst/holiday/",
    "/admin/pst/holiday/add/",
    "/admin/pst/user/",
    "/admin/pst/user/add/",
    "/admin/queueing/service/add/",
    "/admin/queueing/desk/add/",
    "/admin/queueing/ticket/",
    "/admin/consultations/consultation/",
    "/admin/consultations/subjectarea/add/",
    "/admin/axes/accessattempt/",
]


@pytest.mark.django_db(transaction=True)
def test_the_admin_pages_raise_no_policy_violation(new_page, office, administrator):
    from tests.factories import UserFactory

    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True, office=office)
    page = new_page()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(root.email)
    page.locator("#id_password").fill("correct horse battery 9")
    page.locator("input[type=submit]").click()
    for url in ADMIN_PAGES:
        page.goto(url)
        expect(page.locator("#content")).to_be_visible()
    # The roles chooser: labelled checkboxes (the admin's two-box widget fails axe).
    page.goto(f"/admin/pst/user/{administrator.pk}/change/")
    expect(page.locator("input[type=checkbox][name=groups]").first).to_be_visible()
