"""Priority checked by staff in a browser (product trial P, P7–P9), at 1280 and 375 px: the
console shows the claim at the desk and lets the front office change it; the guestbook shows
it, warns when an "elderly" claim meets a birth year under 60 and removes it with one button;
the day's figures show the priority groups. Nothing scrolls sideways; axe finds nothing
serious."""

import pytest
from playwright.sync_api import expect

from queueing import services as queue
from queueing.models import Ticket

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_front_office_removes_a_false_elderly_claim_in_the_guestbook(
    as_user, check_a11y, office, desks, services, front_office, supervisor, monday_morning,
    viewport,
):  # fmt: skip
    ticket = queue.ticket_issue(office=office, service=services["K"], priority="elderly")
    queue.ticket_issue(office=office, service=services["P"], priority="pregnant")
    queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
    fo = as_user(front_office, desk=desks[1], viewport=viewport)
    fo.goto("/desk/")
    expect(fo.get_by_test_id("current-priority")).to_have_text("Lansia")
    expect(fo.get_by_test_id("queue-priority")).to_have_text("Ibu hamil")
    expect(fo.get_by_test_id("priority-choice")).to_have_value("elderly")
    expect(fo.get_by_test_id("waiting-priority-form")).to_be_hidden()  # folded away
    assert page_width(fo) <= viewport["width"]
    check_a11y(fo, label=f"console with a priority claim at {viewport['width']}")

    fo.get_by_test_id("action-guestbook").click()
    expect(fo.get_by_test_id("guestbook-priority-claimed")).to_have_text("Lansia")
    fo.wait_for_load_state("load")  # htmx wires the form up once its script has run
    # The check is sent what it reads, not the rest of the form (review; DESIGN §7).
    sent = []
    fo.on(
        "request",
        lambda request: (
            sent.append(request.post_data or "") if "priority-check" in request.url else None
        ),
    )
    fo.locator("#id_name").fill("Budi Santoso")
    expect(fo.locator("#id_priority")).to_have_value("elderly")
    fo.locator("#id_birth_year").fill("1999")
    fo.locator("#id_birth_year").blur()
    warning = fo.get_by_test_id("priority-warning")
    expect(warning).to_contain_text("Lansia")
    expect(warning).to_contain_text("1999")
    assert page_width(fo) <= viewport["width"]
    check_a11y(fo, label=f"guestbook warning at {viewport['width']}")
    # The answer swaps a new priority field in; htmx wires it up when the swap settles, a
    # few milliseconds later — sooner than anyone changes it by hand, not than a test.
    fo.evaluate(
        "window.prioritySettled = false; document.body.addEventListener("
        "'htmx:afterSettle', () => { window.prioritySettled = true; })"
    )
    fo.get_by_test_id("priority-remove").click()
    expect(fo.get_by_test_id("priority-removed")).to_be_visible()
    fo.wait_for_function("() => window.prioritySettled")
    assert sent and not any("Budi" in body or "name=" in body for body in sent)
    expect(fo.locator("#id_priority")).to_have_value("regular")
    # Changing it back asks again: the warning returns for the claim.
    fo.locator("#id_priority").select_option("elderly")
    expect(fo.get_by_test_id("priority-warning")).to_be_visible()
    fo.locator("#id_priority").select_option("regular")
    expect(fo.get_by_test_id("priority-warning")).to_have_count(0)

    fo.locator("#id_name").fill("Budi Santoso")
    fo.locator("#id_email").fill("budi@example.org")
    fo.locator("#id_id_last4").fill("4321")
    fo.locator("#id_sex").select_option("male")
    fo.locator("#id_education").select_option("bachelor")
    fo.locator("#id_occupation").select_option("researcher")
    fo.locator("#id_institution_category").select_option("education")
    fo.locator("#id_purpose").select_option("research")
    fo.locator("#id_route_to").select_option(str(services["K"].pk))
    fo.locator("#id_privacy_acknowledged").check()
    fo.get_by_test_id("guestbook-save").click()
    expect(fo.get_by_test_id("console-desk")).to_be_visible()
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.priority, ticket.stage) == ("", "service")

    boss = as_user(supervisor, viewport=viewport)
    boss.goto("/desk/today/")
    expect(boss.get_by_test_id("glance-priority")).to_be_visible()
    expect(boss.get_by_test_id("glance-priority-checks")).to_be_visible()
    assert page_width(boss) <= viewport["width"]
    check_a11y(boss, label=f"today with priority groups at {viewport['width']}")


@pytest.mark.django_db(transaction=True)
def test_the_front_office_gives_priority_to_a_waiting_visitor_by_the_code_on_the_slip(
    as_user, office, desks, services, front_office, monday_morning
):
    queue.ticket_issue(office=office, service=services["K"])
    queue.ticket_issue(office=office, service=services["K"])
    fo = as_user(front_office, desk=desks[1], viewport=PHONE)
    fo.goto("/desk/")
    rows = fo.locator("[data-queue-code]")
    expect(rows.first).to_have_attribute("data-queue-code", "K-001")
    fo.get_by_test_id("waiting-priority").locator("summary").click()
    fo.get_by_test_id("waiting-priority-code").fill("k2")
    fo.get_by_test_id("waiting-priority-choice").select_option("elderly")
    fo.get_by_test_id("action-waiting-priority").click()
    expect(rows.first).to_have_attribute("data-queue-code", "K-002")
    expect(fo.get_by_test_id("queue-priority")).to_have_text("Lansia")
    assert page_width(fo) <= PHONE["width"]
