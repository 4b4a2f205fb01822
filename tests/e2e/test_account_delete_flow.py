"""A registered person deletes their account from "My data" with their password (trial Q,
Q2) and lands on the home page signed out, on a phone and on a desktop screen, passing axe."""

from __future__ import annotations

import re

import pytest

from pst.models import User

PASSWORD = "correct horse battery 9"  # tests.factories.UserFactory's


@pytest.mark.parametrize("width", [375, 1280])
def test_delete_my_account_from_my_data(as_user, check_a11y, office, visitor, width):
    page = as_user(visitor, viewport={"width": width, "height": 800})
    page.goto("/accounts/data/")
    form = page.get_by_test_id("account-delete-form")
    check_a11y(page, f"my data with the delete form at {width}px")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, "the page scrolls sideways"
    form.get_by_label("Kata sandi Anda").fill(PASSWORD)
    page.get_by_test_id("account-delete-submit").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))  # the home page
    assert page.locator(".alert-success").count() == 1
    check_a11y(page, f"home page after deleting the account at {width}px")
    page.goto("/accounts/data/")
    page.wait_for_url("**/accounts/login/**")
    assert User.objects.get(pk=visitor.pk).erased_at is not None
