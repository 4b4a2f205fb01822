import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from pst.models import User

PASSWORD = "statistik-tarakan-2026"


def register_and_verify(page, *, email, texts):
    page.goto("/")
    page.get_by_role("link", name=texts["register"]).first.click()
    form = page.get_by_test_id("register-form")
    form.get_by_label(texts["full_name"]).fill("Rina Wulandari")
    form.get_by_label(texts["email"]).fill(email)
    form.get_by_label(texts["phone"]).fill("0812 5555 0101")
    form.get_by_label(texts["occupation"]).fill("Peneliti")
    # Labels of the two password fields contain each other: address them by id.
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    expect(form.get_by_text(texts["password_again"])).to_be_visible()
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name=texts["create"]).click()
    expect(page.get_by_test_id("register-done")).to_contain_text(email)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == texts["subject"]
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_test_id("verify-confirm").click()  # opening the link alone verifies nothing
    expect(page.get_by_test_id("verify-ok")).to_contain_text(texts["verified"])

    page.get_by_role("link", name=texts["sign_in"]).last.click()
    page.get_by_label(texts["email"]).fill(email.upper())
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=texts["sign_in"]).click()
    expect(page).to_have_url(re.compile(r"/consultations/$"))  # their own list
    page.goto("/accounts/profile/")
    expect(page.get_by_test_id("email-verified")).to_be_visible()
    assert User.objects.get(email=email).is_email_verified


@pytest.mark.django_db(transaction=True)
def test_register_verify_and_sign_in_in_indonesian(new_page):
    page = new_page("id-ID")
    register_and_verify(
        page,
        email="rina@example.org",
        texts={
            "register": "Daftar",
            "full_name": "Nama lengkap",
            "email": "Alamat email",
            "phone": "Telepon / WhatsApp",
            "occupation": "Pekerjaan",
            "password": "Kata sandi",
            "password_again": "Ulangi kata sandi",
            "create": "Buat akun",
            "subject": "Konfirmasi alamat email Anda untuk PST Konsultasi",
            "verified": "Alamat email Anda terverifikasi",
            "sign_in": "Masuk",
        },
    )


@pytest.mark.django_db(transaction=True)
def test_register_verify_and_sign_in_in_english_after_switching(new_page):
    page = new_page("id-ID")
    page.goto("/")
    page.get_by_test_id("language-menu").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    register_and_verify(
        page,
        email="rina.en@example.org",
        texts={
            "register": "Register",
            "full_name": "Full name",
            "email": "Email address",
            "phone": "Phone / WhatsApp",
            "occupation": "Occupation",
            "password": "Password",
            "password_again": "Password again",
            "create": "Create account",
            "subject": "Confirm your email address for PST Konsultasi",
            "verified": "Your email address is verified",
            "sign_in": "Sign in",
        },
    )


@pytest.mark.django_db(transaction=True)
def test_registration_errors_are_shown_next_to_the_fields(new_page):
    page = new_page("id-ID")
    page.goto("/accounts/register/")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator("#error_1_id_email")).to_contain_text("Bidang ini tidak boleh kosong")
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_home_page_fits_a_phone_screen(new_page, live_server):
    from django.core.management import call_command

    call_command("load_demo", "--no-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = new_page("id-ID")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("BPS Kota Tarakan")
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(_shots() / "home-phone.png"), full_page=True)


def _shots():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "test-results"
    path.mkdir(exist_ok=True)
    return path


def switch_language(page, name):
    page.get_by_test_id("language-menu").click()
    page.locator("form[data-language-switch] button", has_text=name).click()


@pytest.mark.django_db(transaction=True)
def test_switching_the_language_keeps_what_was_typed_in_registration_but_no_password(new_page):
    page = new_page("id-ID")
    page.goto("/accounts/register/")
    form = page.get_by_test_id("register-form")
    form.locator("#id_full_name").fill("Budi Santoso")
    form.locator("#id_email").fill("budi@example.net")
    form.locator("#id_phone").fill("0812 5555 0101")
    form.locator("#id_occupation").fill("Peneliti")
    form.locator("#id_password1").fill(PASSWORD)
    form.locator("#id_password2").fill(PASSWORD)
    form.locator("#id_privacy").check()
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    form = page.get_by_test_id("register-form")
    expect(form.locator("#id_full_name")).to_have_value("Budi Santoso")
    expect(form.locator("#id_email")).to_have_value("budi@example.net")
    expect(form.locator("#id_phone")).to_have_value("0812 5555 0101")
    expect(form.locator("#id_occupation")).to_have_value("Peneliti")
    expect(form.locator("#id_privacy")).to_be_checked()
    # Passwords are never kept, in the form or in the tab's storage.
    expect(form.locator("#id_password1")).to_have_value("")
    expect(form.locator("#id_password2")).to_have_value("")
    assert PASSWORD not in (page.evaluate("() => JSON.stringify(sessionStorage)") or "")


@pytest.mark.django_db(transaction=True)
def test_switching_the_language_keeps_the_address_typed_for_a_password_reset(new_page):
    page = new_page("id-ID")
    page.goto("/accounts/password/reset/")
    page.get_by_test_id("password-reset-form").locator("#id_email").fill("budi@example.net")
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    expect(page.get_by_test_id("password-reset-form").locator("#id_email")).to_have_value(
        "budi@example.net"
    )
