"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server. No browser is downloaded: the executable is the system one."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Live pages poll every second in these tests; CI machines can be slow.
    expect.set_options(timeout=10_000)
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run scripts/ensure-chromium")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous all the same, so Django's async-safety guard is lifted for browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def watch_csp(page, violations: list[str]) -> None:
    """Collect what the Content-Security-Policy blocks: Chromium says so on the console.
    (Under the policy, `page.wait_for_function` takes a function, "() => …": a bare
    expression is evaluated with eval(), which the policy refuses.)"""

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture
def new_page(browser, live_server):
    """Pages in a fresh context (own cookies); `locale` sets the browser's language."""
    contexts = []
    csp_violations = []

    def make(locale="id-ID"):
        context = browser.new_context(locale=locale, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch_csp(page, csp_violations)
        return page

    yield make
    for context in contexts:
        context.close()
    if csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(csp_violations))
