"""Every public and staff page, as the persona who uses it, checked with axe-core: any
serious or critical violation fails. Also: nothing scrolls sideways at 375 px."""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from queueing import services as queue
from queueing.models import Ticket
from tests.conftest import MONDAY_9, WITA
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 740}


def visit(page, check_a11y, path, *, status=200, phone=False):
    response = page.goto(path)
    assert response.status == status, (path, response.status)
    check_a11y(page, label=path)
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)


@pytest.mark.django_db(transaction=True)
def test_public_pages_pass_axe(new_page, check_a11y, office, desks, services, front_office):
    with time_machine.travel(MONDAY_9, tick=True):
        waiting = queue.ticket_issue(office=office, service=services["K"])
        called = queue.ticket_issue(office=office, service=services["P"])
        queue.ticket_call(ticket=called, desk=desks[1], officer=front_office)
        cancelled = queue.ticket_issue(office=office, service=services["J"])
        queue.ticket_cancel(ticket=cancelled)

        for viewport in ({"width": 1280, "height": 900}, PHONE):
            page = new_page()
            page.set_viewport_size(viewport)
            phone = viewport is PHONE
            for path in (
                "/",
                "/office/6571/",
                "/office/6571/privacy/",
                "/q/6571/",
                f"/t/{waiting.token}/",
                f"/t/{called.token}/",
                f"/t/{cancelled.token}/",
                "/accounts/login/",
                "/accounts/register/",
                "/accounts/password/reset/",
                "/accounts/password/reset/sent/",
            ):
                visit(page, check_a11y, path, phone=phone)
            visit(page, check_a11y, "/office/9999/", status=404, phone=phone)
            visit(page, check_a11y, "/t/no-such-ticket/", status=404, phone=phone)

        kiosk = new_page()
        kiosk.set_viewport_size({"width": 1080, "height": 1920})
        visit(kiosk, check_a11y, "/kiosk/6571/?print=0")
        kiosk.get_by_test_id("service-K").click()
        kiosk.get_by_test_id("printed-ticket").wait_for()
        check_a11y(kiosk, label="kiosk ticket")

        board = new_page()
        board.set_viewport_size({"width": 1600, "height": 900})
        visit(board, check_a11y, "/display/6571/")


@pytest.mark.django_db(transaction=True)
def test_closed_kiosk_and_phone_page_pass_axe(new_page, check_a11y, office, desks, services):
    with time_machine.travel(dt.datetime(2026, 11, 27, 18, 0, tzinfo=WITA), tick=True):
        page = new_page()
        visit(page, check_a11y, "/kiosk/6571/")
        page.set_viewport_size(PHONE)
        visit(page, check_a11y, "/q/6571/", phone=True)


@pytest.mark.django_db(transaction=True)
def test_visitor_pages_pass_axe(as_user, check_a11y, visitor, live_server):
    page = as_user(visitor)
    for path in ("/accounts/profile/", "/accounts/password/change/"):
        visit(page, check_a11y, path)
    uid = urlsafe_base64_encode(force_bytes(visitor.pk))
    token = default_token_generator.make_token(visitor)
    visit(page, check_a11y, reverse("password_reset_confirm", args=[uid, token]))


@pytest.mark.django_db(transaction=True)
def test_officer_pages_pass_axe_on_a_desktop_and_a_phone(
    as_user, check_a11y, office, desks, services, front_office, consultation_officer,
    monday_morning, subject_areas,
):  # fmt: skip
    services["K"].records_consultations = True
    services["K"].save()
    for _ in range(3):
        queue.ticket_issue(office=office, service=services["K"])
    queue.ticket_issue(office=office, service=services["P"], priority="elderly")

    for viewport in ({"width": 1280, "height": 900}, PHONE):
        phone = viewport is PHONE
        choosing = as_user(front_office, viewport=viewport)
        visit(choosing, check_a11y, "/desk/", phone=phone)  # no desk chosen yet
        fo = as_user(front_office, desk=desks[1], viewport=viewport)
        visit(fo, check_a11y, "/desk/", phone=phone)  # waiting table, nobody at the desk
        for path in ("/desk/today/", "/guestbook/", "/guestbook/new/", "/complaints/record/"):
            visit(fo, check_a11y, path, phone=phone)

    fo = as_user(front_office, desk=desks[1])
    fo.goto("/desk/")
    fo.get_by_test_id("action-call-next").click()
    fo.get_by_test_id("current-code").wait_for()
    check_a11y(fo, label="console with a visitor")
    fo.get_by_test_id("action-guestbook").click()
    fo.get_by_test_id("guestbook-ticket").wait_for()
    check_a11y(fo, label="guestbook form for a ticket")

    # The front office routes that visitor on to the consultation desk.
    at_front = Ticket.objects.get(desk=desks[1])
    queue.ticket_transfer(
        ticket=at_front,
        desk=desks[1],
        officer=front_office,
        to_service=services["K"],
        without_guestbook=True,
    )
    ticket = queue.ticket_call_next(desk=desks[2], officer=consultation_officer)
    queue.ticket_start(ticket=ticket, desk=desks[2], officer=consultation_officer)
    desk2 = as_user(consultation_officer, desk=desks[2])
    visit(desk2, check_a11y, "/desk/")
    visit(desk2, check_a11y, reverse("consultation_walk_in", args=[ticket.pk]))


@pytest.mark.django_db(transaction=True)
def test_supervisor_pages_pass_axe(as_user, check_a11y, office, desks, services, supervisor):
    with time_machine.travel(MONDAY_9, tick=True):
        queue.ticket_issue(office=office, service=services["K"])
        page = as_user(supervisor)
        for path in ("/desk/today/", "/guestbook/", "/supervisor/", "/accounts/profile/"):
            visit(page, check_a11y, path)


@pytest.mark.django_db(transaction=True)
def test_admin_pages_of_our_models_pass_axe(
    as_user, check_a11y, office, desks, services, front_office, administrator
):
    with time_machine.travel(MONDAY_9, tick=True):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call(ticket=ticket, desk=desks[1], officer=front_office)
        root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)

        page = as_user(administrator)
        visit(page, check_a11y, "/admin/")
        superuser = as_user(root)
        visit(superuser, check_a11y, "/admin/")
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in ("pst", "queueing", "consultations", "complaints"):
                continue
            app, name = model._meta.app_label, model._meta.model_name
            visit(superuser, check_a11y, reverse(f"admin:{app}_{name}_changelist"))
            first = model._default_manager.first()
            if first is not None:
                visit(superuser, check_a11y, reverse(f"admin:{app}_{name}_change", args=[first.pk]))
            if model_admin.has_add_permission(_FakeRequest(root)):
                visit(superuser, check_a11y, reverse(f"admin:{app}_{name}_add"))


class _FakeRequest:
    def __init__(self, user):
        self.user = user
        self.method = "GET"
        self.GET = {}


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_back_with_errors_puts_the_focus_on_the_first_field_to_correct(
    as_user, office, visitor
):
    page = as_user(visitor, viewport=PHONE)
    page.goto("/consultations/new/?q=data&ask=1")
    question = page.locator("textarea[name=question]")
    question.evaluate("el => el.removeAttribute('required')")  # as with a question of spaces
    question.fill("   ")
    question.press("Tab")
    page.locator("form[enctype] button[type=submit]").last.click()
    page.wait_for_load_state()
    focused = page.evaluate("document.activeElement.getAttribute('aria-invalid')")
    assert focused == "true"


FOCUS_RING = """el => {
  const channel = c => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = rgb => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  // The colour around the control: the nearest ancestor with a background of its own.
  let around = el.parentElement, background = "rgb(255, 255, 255)";
  for (; around; around = around.parentElement) {
    const colour = getComputedStyle(around).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
  }
  const style = getComputedStyle(el);
  const [a, b] = [luminance(style.outlineColor), luminance(background)].sort((x, y) => y - x);
  return {focusVisible: el.matches(":focus-visible"), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), contrast: (a + 0.05) / (b + 0.05)};
}"""


def tab_to(page, selector, presses=40):
    """Press Tab until `selector` has the focus, as a keyboard user would reach it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return page.locator(selector)
    raise AssertionError(f"{selector} never got the focus")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path, selector",
    [
        ("/q/6571/", "nav .nav-link[href='/']"),  # on the dark navbar
        ("/q/6571/", "nav a.btn-light"),  # the navbar's "Register" button
        ("/q/6571/", "#phone-priority-none"),  # a radio button on white
        ("/q/6571/", "[data-testid=service-K]"),  # a service button on white
        ("/display/6571/", "[data-testid=enable-sound]"),  # on the dark board
    ],
)
def test_the_keyboard_focus_ring_is_solid_and_contrasts_with_its_surroundings(
    new_page, office, desks, services, monday_morning, path, selector
):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)
    ring = tab_to(page, selector).evaluate(FOCUS_RING)
    assert ring["focusVisible"]
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert ring["contrast"] >= 3, ring
