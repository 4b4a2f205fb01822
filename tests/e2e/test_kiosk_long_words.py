"""The kiosk's buttons on a narrow screen, in Indonesian and in English, at the normal text
size and at twice it (WCAG 1.4.4, 1.4.10): words wrap between words, and a word too long for
its button is set smaller rather than broken at an arbitrary letter ("Recommendati" / "on"
on a 375 px phone in English, trial P) — and nothing spills out of its button."""

import pytest
import time_machine

from pst.management.commands.load_demo import PST_SERVICES
from tests.conftest import MONDAY_9

# Every button of the page: a word over two lines (its letters' boxes on two rows), a button
# whose content is wider than the button.
PROBLEMS = """() => {
  const problems = [];
  for (const button of document.querySelectorAll("main .btn")) {
    if (!button.getClientRects().length) continue;  // not shown
    const label = button.textContent.trim().replace(/\\s+/g, " ");
    if (button.scrollWidth > button.clientWidth + 1)
      problems.push(`spills out: ${label} (${button.scrollWidth} > ${button.clientWidth})`);
    const texts = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const rows = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (rows.size > 1) problems.push(`broken: ${word[0]} in ${label}`);
      }
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth)
    problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
  return problems;
}"""

# Twice the text (as tests/e2e/test_large_text.py), then two frames for the page to settle.
DOUBLE_TEXT = """() => new Promise(done => {
  document.documentElement.style.fontSize = "32px";
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""


@pytest.fixture
def named(services):
    """The services with their English names, as load_demo gives them."""
    english = {prefix: name_en for prefix, _name, name_en, _description in PST_SERVICES}
    for prefix, service in services.items():
        service.name_en = english[prefix]
        service.save()
    return services


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "id"])
def test_no_word_of_the_kiosk_is_broken_nor_spills_out_on_a_narrow_screen(
    new_page, check_a11y, office, desks, named, language
):
    path = "/kiosk/6571/?print=0" + ("&lang=en" if language == "en" else "")
    found = {}
    with time_machine.travel(MONDAY_9, tick=True):
        page = new_page()
        for width in (320, 360, 375):
            for double in (False, True):
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(path)
                page.wait_for_load_state("load")
                page.evaluate("() => document.fonts.ready")
                if double:
                    page.evaluate(DOUBLE_TEXT)
                problems = page.evaluate(PROBLEMS)
                if problems:
                    found[f"{width} px{' at 200 %' if double else ''}"] = problems
        check_a11y(page, label=f"kiosk at 375 px, twice the text, {language}")
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())


@pytest.mark.django_db(transaction=True)
def test_a_service_named_in_another_language_says_which(new_page, office, desks, named):
    # The library has no English name: on the English kiosk it reads in Indonesian, and says
    # so (a screen reader pronounces it as Indonesian).
    named["P"].name_en = ""
    named["P"].save()
    with time_machine.travel(MONDAY_9, tick=True):
        page = new_page()
        page.goto("/kiosk/6571/?print=0&lang=en")
        assert page.locator("html").get_attribute("lang") == "en"
        library = page.get_by_test_id("service-P").get_by_text("Perpustakaan")
        assert library.get_attribute("lang") == "id"
        consultation = page.get_by_test_id("service-K").get_by_text("Statistical Consultation")
        assert consultation.get_attribute("lang") == "en"
