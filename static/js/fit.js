/* PST Konsultasi — a word too long for its button is set smaller, never broken at a letter.
   Elements marked data-fit-words (the kiosk's buttons) wrap between words only; when one word
   is still wider than the element ("Recommendation" on a 375 px phone, any long word at twice
   the text), the element's font shrinks until it fits. Browsers hyphenate only with a
   dictionary, which Chromium on Linux lacks, so hyphens: auto would leave the word to
   overflow-wrap, which cuts it anywhere. Without this script (or when even the smallest size
   does not fit) the CSS breaks the word rather than let it spill out of its button.
   Plain script, no build step. Runs again when the page's width or text size changes and when
   htmx swaps in new buttons. */
(function () {
  "use strict";

  var SMALLEST_PX = 12;  // never smaller than this, nor than 40 % of the element's own size
  var STEP = 0.92;

  function fits(element) {
    return element.scrollWidth <= element.clientWidth + 1;
  }

  function fit(element) {
    element.style.removeProperty("font-size");
    element.style.overflowWrap = "normal";
    if (fits(element)) return;
    var size = parseFloat(getComputedStyle(element).fontSize);
    var smallest = Math.max(SMALLEST_PX, size * 0.4);
    while (!fits(element) && size > smallest) {
      size = Math.max(smallest, size * STEP);
      // Important: Bootstrap's size classes (fs-3) are, and an element's own style wins then.
      element.style.setProperty("font-size", size + "px", "important");
    }
    if (!fits(element)) element.style.overflowWrap = "";  // the CSS's: broken, not cut off
  }

  function fitAll() {
    var elements = document.querySelectorAll("[data-fit-words]");
    for (var i = 0; i < elements.length; i++) fit(elements[i]);
  }

  // A probe as wide as the window and one line of the root's text high changes size with the
  // window's width and with the text size, never with what is fitted here: observing it
  // fits again when either changes (and once at the start), without a resize loop.
  var probe = document.createElement("div");
  probe.className = "fit-probe";
  probe.setAttribute("aria-hidden", "true");
  document.body.appendChild(probe);
  if (window.ResizeObserver) {
    new ResizeObserver(fitAll).observe(probe);
  } else {
    fitAll();
    window.addEventListener("resize", fitAll);
  }
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fitAll);
  document.body.addEventListener("htmx:afterSwap", fitAll);
})();
