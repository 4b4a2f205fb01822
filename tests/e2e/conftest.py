"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server. No browser is downloaded: the executable is the system one."""

import os
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from tests.conftest import MONDAY_9

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
        if "Content Security Policy" not in message.text:
            return
        if getattr(page, AXE_RAN, False) and "inline style" in message.text:
            return  # axe-core's own probes, injected by check_a11y: not the page's
        violations.append(f"{page.url}: {message.text}")

    def on_navigation(frame):
        if frame == page.main_frame:
            setattr(page, AXE_RAN, False)

    page.on("console", on_console)
    page.on("framenavigated", on_navigation)


# Set on a page while axe-core (injected by check_a11y) is loaded in it.
AXE_RAN = "_pst_axe_ran"


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request, settings):
    """Every email links to SITE_URL, the portal's one address: in browser tests the portal is
    the live server, so a link taken from an email opens there."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


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


@pytest.fixture
def as_user(new_page, live_server):
    """A browser page signed in as `user` (the session made by Django's test client), seated
    at `desk` when given."""

    def make(user, desk=None, viewport=None):
        client = Client()
        client.force_login(user)
        if desk is not None:
            session = client.session
            session[DESK_SESSION_KEY] = desk.pk
            session.save()
        page = new_page()
        if viewport:
            page.set_viewport_size(viewport)
        page.context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.session.session_key,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return make


# -- accessibility: axe-core (npm, devDependencies) on any page ------------------------------

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing: run `make assets` (npm ci)")
    return AXE_SOURCE.read_text()


@pytest.fixture
def check_a11y(axe_source):
    """`check_a11y(page)` runs axe-core on what the page shows now and fails on any serious
    or critical violation. The script goes in through the DevTools protocol (page.evaluate),
    which the page's Content-Security-Policy does not block, as a <script> tag would be."""

    def check(page, label: str = ""):
        page.wait_for_load_state("load")
        if not page.evaluate("typeof window.axe === 'object'"):
            setattr(page, AXE_RAN, True)
            page.evaluate(axe_source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
        )
        failing = [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS]
        where = label or page.url
        assert not failing, f"axe on {where}:\n" + "\n".join(
            f"  {v['impact']} {v['id']}: {v['help']} — {v['nodes']}" for v in failing
        )
        return violations

    return check


@pytest.fixture
def monday_morning():
    # tick=True: the live server's clock runs on from Monday 09:00 WITA (office open).
    with time_machine.travel(MONDAY_9, tick=True):
        yield


def walk_in_at_desk(*, office, services, desks, front_office, officer, desk: int, language=""):
    """A K ticket (taken in `language`) sent on by the front office without a guestbook
    entry, called and started at desk `desk` by `officer`: a walk-in record to write (K
    records consultations). Run inside the caller's clock."""
    services["K"].records_consultations = True
    services["K"].save()
    ticket = queue.ticket_issue(office=office, service=services["K"], language=language)
    ticket = queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    queue.ticket_transfer(
        ticket=ticket, desk=desks[1], officer=front_office, to_service=services["K"],
        without_guestbook=True,
    )  # fmt: skip
    ticket = queue.ticket_call_next(desk=desks[desk], officer=officer)
    return queue.ticket_start(ticket=ticket, desk=desks[desk], officer=officer)
