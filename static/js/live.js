/* PST Konsultasi — behaviour of the live pages (kiosk, display board, console, ticket status).
   Plain script, no build step: htmx does the polling, this file adds what htmx does not. */
(function () {
  "use strict";

  // -- conditional polling: send the fragment's last ETag, keep the screen on 304 ----------
  document.body.addEventListener("htmx:configRequest", function (event) {
    var etag = event.detail.elt.dataset && event.detail.elt.dataset.etag;
    if (etag) event.detail.headers["If-None-Match"] = etag;
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.elt;
    if (!xhr || !elt.dataset) return;
    // No answer, or the server could not answer (a 5xx while the database restarts):
    // keep the last screen with its "reconnecting" note; the next poll tries again.
    if (xhr.status === 0 || xhr.status >= 500) {
      setOffline(true);
      return;
    }
    setOffline(false);
    var etag = xhr.getResponseHeader("ETag");
    if (etag) elt.dataset.etag = etag;
  });
  // A dropped network: htmx keeps polling on its timer, so the page recovers by itself.
  document.body.addEventListener("htmx:sendError", function () { setOffline(true); });
  // The note is put into (and taken out of) a role=status region that is always there: a
  // region only shown by CSS is not reliably announced. The board also misses calls meanwhile.
  function setOffline(offline) {
    if (offline) boardGap = true;
    if (offline) probeUntilBack(); else probeStop();
    if (document.body.classList.contains("is-offline") === offline) return;
    document.body.classList.toggle("is-offline", offline);
    document.querySelectorAll("[data-offline-status]").forEach(function (region) {
      var template = region.querySelector("template");
      Array.prototype.forEach.call(region.children, function (child) {
        if (child !== template) region.removeChild(child);
      });
      if (offline && template) region.appendChild(template.content.cloneNode(true));
    });
    // The kiosk's and the phone page's service buttons: a tap now would be lost.
    document.querySelectorAll("fieldset[data-offline-disable]").forEach(function (set) {
      set.disabled = offline;
    });
  }
  // The device knows it has no network at all: no need to wait for a failed request.
  window.addEventListener("offline", function () { setOffline(true); });
  window.addEventListener("online", function () { probeNow(); });

  // -- a page of one tap (kiosk, phone page) finds out by itself when the server is back -------
  // Polls do it on the kiosk every 15 s; the phone page has none. data-probe (/healthz) is
  // asked with back-off (1 s, 2 s, 4 s, 8 s, then every 10 s) until it answers.
  var probing = false;
  var probeTimer = null;  // the next probe, while none is on its way
  var probeDelay = 1000;
  function probeUntilBack() {
    if (probing || !document.querySelector("form[data-tap-form][data-probe]")) return;
    probing = true;
    probeDelay = 1000;
    probeTimer = setTimeout(probe, probeDelay);
  }
  function probeStop() {
    probing = false;
    clearTimeout(probeTimer);
    probeTimer = null;
  }
  function probeNow() {  // the device says its network is back: no need to wait for the timer
    if (!probing || probeTimer === null) return;
    clearTimeout(probeTimer);
    probe();
  }
  function probe() {
    probeTimer = null;
    var form = document.querySelector("form[data-tap-form][data-probe]");
    if (!probing || !form) { probing = false; return; }
    fetch(form.dataset.probe, { cache: "no-store", credentials: "same-origin" })
      .then(function (answer) {
        if (!answer.ok) throw new Error("still down");
        setOffline(false);
      })
      .catch(function () {
        if (!probing) return;
        probeDelay = Math.min(probeDelay * 2, 10000);
        probeTimer = setTimeout(probe, probeDelay);
      });
  }

  // -- the "reconnecting" page (pst/reconnect.py): probe, then show the device's page again ---
  var reconnect = document.body.dataset.reconnect;
  if (reconnect) {
    var delay = Number(document.body.dataset.retryAfter || 5) * 1000 / 4;
    var probe = function () {
      fetch(document.body.dataset.probe, { cache: "no-store", credentials: "same-origin" })
        .then(function (answer) {
          if (answer.ok) { location.replace(reconnect); return; }  // a GET, never a re-post
          throw new Error("still down");
        })
        .catch(function () {
          delay = Math.min(delay * 2, 10000);  // 1.25 s, 2.5 s, 5 s, then every 10 s
          setTimeout(probe, delay * (0.8 + Math.random() * 0.4));
        });
    };
    setTimeout(probe, delay);
  }

  // -- clocks in the office's time zone ---------------------------------------------------
  var lang = document.documentElement.lang || "id";
  // Milliseconds to add to this device's clock to get the server's (read once per fragment).
  function serverOffset(el) {
    var holder = el.closest("[data-server-now]");
    if (!holder) return 0;
    if (!holder.dataset.offset) {
      holder.dataset.offset = String(Number(holder.dataset.serverNow) * 1000 - Date.now());
    }
    return Number(holder.dataset.offset);
  }
  function mmss(seconds) {  // 141 → "2:21", as pst.formatting.minutes_seconds
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var tail = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + (m < 10 ? "0" : "") + m + ":" + tail : m + ":" + tail;
  }
  function tick() {
    var now = new Date();
    // Clock times are written the Indonesian way in every language (07.30, 24 hours), as the
    // server writes them; English dates day first, as the server's "27 November 2026".
    document.querySelectorAll("[data-clock]").forEach(function (el) {
      var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: el.dataset.timeZone };
      if (el.hasAttribute("data-seconds")) options.second = "2-digit";
      el.textContent = new Intl.DateTimeFormat("id", options).formatToParts(now)
        .filter(function (part) { return part.type !== "literal"; })
        .map(function (part) { return part.value; }).join(".");
    });
    document.querySelectorAll("[data-date]").forEach(function (el) {
      el.textContent = new Intl.DateTimeFormat(lang.indexOf("en") === 0 ? "en-GB" : lang, {
        weekday: "long", day: "numeric", month: "long", year: "numeric",
        timeZone: el.dataset.timeZone,
      }).format(now);
    });
    // How long the visitor at the desk has been served (m:ss, on the server's clock).
    document.querySelectorAll("[data-elapsed-since]").forEach(function (el) {
      var seconds = Math.max(0, Math.floor((Date.now() + serverOffset(el)) / 1000 - Number(el.dataset.elapsedSince)));
      el.textContent = mmss(seconds);
    });
    // SLA clocks: the wait a ticket would record if called now (green, amber from 70 % of
    // the limit — 7 of 10 minutes — red past it). The server's clock is the reference.
    document.querySelectorAll(".sla-clock[data-sla-start]").forEach(function (el) {
      var over = el.parentNode.querySelector("[data-sla-over]");  // the same, in words
      if (!el.dataset.slaStart) {
        el.className = "badge sla-clock text-bg-light";
        if (over) over.hidden = true;
        return;
      }
      var seconds = Math.max(0, Math.floor((Date.now() + serverOffset(el)) / 1000 - Number(el.dataset.slaStart)));
      var limit = Number(el.dataset.slaLimit) * 60;
      el.textContent = mmss(seconds);
      if (over) over.hidden = seconds <= limit;
      var colour = seconds > limit ? "text-bg-danger" : seconds >= 0.7 * limit ? "text-bg-warning" : "text-bg-success";
      el.className = "badge sla-clock " + colour;
    });
  }
  tick();
  setInterval(tick, 1000);

  // -- sound: a two-tone chime, then the call spoken in Indonesian ----------------------------
  var audio = null;
  function chime(then) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [[880, 0], [660, 0.45]].forEach(function (tone) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.0001, audio.currentTime + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + tone[1] + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + tone[1] + 0.6);
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + tone[1]);
        osc.stop(audio.currentTime + tone[1] + 0.65);
      });
    } catch (e) { /* no audio device: the screen still shows the call */ }
    if (then) setTimeout(then, 1100);
  }
  function speak(text, done) {
    done = done || function () {};
    if (!("speechSynthesis" in window) || !text) { done(); return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "id-ID";
    utterance.rate = 0.9;
    var voice = window.speechSynthesis.getVoices().find(function (v) { return /^id/i.test(v.lang); });
    if (voice) utterance.voice = voice;
    // No voice installed, or the browser never ends the utterance: go on after a while.
    var timer = setTimeout(done, 8000);
    utterance.onend = utterance.onerror = function () { clearTimeout(timer); done(); };
    window.speechSynthesis.speak(utterance);
  }
  // What the board announced, newest last: the browser test reads it (speech has no DOM). A
  // call identical to one still waiting to be spoken is not added (checkBoard).
  window.pstAnnouncements = [];

  // Calls are spoken one after the other, each exactly once, however many arrive in one poll.
  var lastCall = null;
  var speaking = [];
  // The calls still waiting to be spoken: the browser tests read it too.
  window.pstSpeechWaiting = speaking;
  function sayNext() {
    if (!speaking.length || sayNext.busy) return;
    sayNext.busy = true;
    var text = speaking.shift();
    chime(function () {
      speak(text, function () { sayNext.busy = false; sayNext(); });
    });
  }
  // A gap: polls failed (network, server restart), or none came back for a while (a sleeping
  // screen, a throttled tab). The calls made meanwhile are mostly over: speaking them sends
  // visitors to desks that no longer wait for them, so only the current ones are spoken.
  var boardRoot = document.querySelector("[data-board-root]");
  var boardGap = false;
  var boardAnsweredAt = Date.now();
  var gapAfter = Math.max(15, 3 * Number((boardRoot && boardRoot.dataset.pollSeconds) || 5)) * 1000;
  // Before the answer is swapped in: checkBoard runs on the swap and reads the gap.
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (event.detail.elt !== boardRoot || !(status >= 200 && status < 400)) return;
    if (Date.now() - boardAnsweredAt > gapAfter) boardGap = true;
    boardAnsweredAt = Date.now();
    if (status === 304) boardGap = false;  // nothing changed: no call was made during the gap
  });
  function checkBoard() {
    var list = document.querySelector("[data-announcements]");
    if (!list) return;
    var calls = Array.prototype.map.call(list.querySelectorAll("[data-call]"), function (item) {
      return { id: Number(item.dataset.call), text: item.textContent, short: item.dataset.short,
               current: item.hasAttribute("data-current") };
    });
    var newest = calls.reduce(function (most, call) { return Math.max(most, call.id); }, 0);
    var afterGap = boardGap;
    boardGap = false;
    if (lastCall === null) { lastCall = newest; return; }  // calls made before the page opened
    var fresh = calls.filter(function (call) { return call.id > lastCall && (call.current || !afterGap); });
    lastCall = Math.max(lastCall, newest);
    if (!fresh.length) return;
    var now = document.querySelector("[data-testid=board-now]");
    if (now) { now.classList.remove("board-flash"); void now.offsetWidth; now.classList.add("board-flash"); }
    fresh.forEach(function (call) {
      // The same call still waiting its turn to be spoken says nothing new (trial N, N7: a
      // recall pressed again and again queued 20 s of one call, other desks' calls behind).
      if (speaking.indexOf(call.text) !== -1) return;
      window.pstAnnouncements.push(call.text);
      speaking.push(call.text);
    });
    // The fragment is replaced on every change: screen readers hear the persistent region.
    var said = document.querySelector("[data-board-said]");
    if (said) said.textContent = fresh.map(function (call) { return call.short; }).join("; ");
    sayNext();
  }
  var soundButton = document.querySelector("[data-enable-sound]");
  if (soundButton) {
    soundButton.addEventListener("click", function () {
      if (audio && audio.resume) audio.resume();
      chime(null);
      speak("");
      soundButton.hidden = true;
    });
    // A TV set up to play sound by itself (README: --autoplay-policy) needs no tap: its
    // audio starts "running", and the button would only sit on the screen all day.
    try {
      audio = new (window.AudioContext || window.webkitAudioContext)();
      var audible = function () { if (audio.state === "running") soundButton.hidden = true; };
      audible();
      audio.addEventListener("statechange", audible);
    } catch (e) { /* no audio at all: the button stays, a tap tries again */ }
  }

  // -- ticket status on the visitor's phone: buzz when called --------------------------------
  // Phones allow sound and vibration only after a tap on the page: "Notify me" is that tap.
  var lastTicketCall = null;
  var baseTitle = document.title;
  function checkTicket() {
    var ticket = document.querySelector("[data-ticket-status]");
    if (!ticket) return;
    var called = ticket.dataset.ticketStatus === "called" ? ticket.dataset.calledAt : "";
    document.title = called ? "\u25B6 " + ticket.dataset.calledTitle : baseTitle;
    if (lastTicketCall !== null && called && called !== lastTicketCall) {
      if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 400]);
      chime(null);
    }
    lastTicketCall = called;
    // A cancelled or finished ticket has nothing left to be notified about.
    var open = ["waiting", "called", "serving"].indexOf(ticket.dataset.ticketStatus) !== -1;
    document.querySelectorAll("[data-notify-block]").forEach(function (el) { el.hidden = !open; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-notify-me]");
    if (!button) return;
    chime(null);
    if (navigator.vibrate) navigator.vibrate(100);
    button.hidden = true;
    var note = document.querySelector("[data-notify-on]");
    if (note) note.hidden = false;
  });

  // -- officer console: the keyboard stays where the officer works -----------------------------
  // An action replaces the whole console, the button pressed with it: the focus goes to the
  // next main step (marked data-action-focus in _console.html) instead of falling to <body>,
  // ten navigation stops away. The waiting list is replaced by its poll: whatever had the
  // focus in it gets it back (same id), and a ticket that joined it is told politely.
  var queueFocus = null;
  var queueCodes = null;
  function codesIn(element) {
    return Array.prototype.map.call(element.querySelectorAll("[data-queue-code]"), function (row) {
      return row.dataset.queueCode;
    });
  }
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.hasAttribute("data-desk-queue") || !event.detail.shouldSwap) return;
    var active = document.activeElement;
    queueFocus = active && target.contains(active) ? (active.id || "") : null;
    queueCodes = codesIn(target);
  });
  // After the settle, when htmx has wired the new forms: an Enter on the focused button
  // then posts through htmx, not as a whole page.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id !== "console") return;
    var next = event.target.querySelector("[data-action-focus=confirm]") ||
      event.target.querySelector("[data-action-focus]") || event.target.querySelector("section .btn, section select");
    if (next) next.focus();
  });
  function afterQueueSwap(target) {
    if (!target.hasAttribute("data-desk-queue") || queueCodes === null) return;
    if (queueFocus !== null) {
      // Its ticket called meanwhile by another desk: the list itself keeps the focus.
      var again = (queueFocus && document.getElementById(queueFocus)) || target;
      again.focus({ preventScroll: true });
    }
    var before = queueCodes;
    var joined = codesIn(target).filter(function (code) { return before.indexOf(code) === -1; });
    var news = document.querySelector("[data-queue-news]");
    if (news && joined.length) news.textContent = news.dataset.queueNews + " " + joined.join(", ");
    queueFocus = queueCodes = null;
  }

  checkBoard();
  checkTicket();
  document.body.addEventListener("htmx:afterSwap", function (event) {
    checkBoard(); checkTicket(); tick();
    if (event.detail.target) afterQueueSwap(event.detail.target);
  });

  // -- forms ----------------------------------------------------------------------------
  // A file input with data-max-files / data-max-bytes says at once what the server would
  // refuse: too many files, or one too large (the sentences come translated from the page).
  function fileLimitError(input) {
    var files = Array.prototype.slice.call(input.files || []);
    if (files.length > Number(input.dataset.maxFiles)) return input.dataset.tooMany;
    var large = files.filter(function (file) { return file.size > Number(input.dataset.maxBytes); })[0];
    // A function, so that a "$&" in a file name is not read as a pattern.
    return large ? input.dataset.tooLarge.replace("{name}", function () { return large.name; }) : "";
  }
  function showFileLimit(input) {
    var message = fileLimitError(input);
    var box = input.parentNode.querySelector("[data-file-limit]");
    if (!box) {
      box = document.createElement("div");
      box.className = "invalid-feedback d-block";
      box.setAttribute("data-file-limit", "");
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    input.classList.toggle("is-invalid", Boolean(message));
    return message;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-files]")) {
      showFileLimit(event.target);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var refused = Array.prototype.filter.call(
      form.querySelectorAll("input[type=file][data-max-files]"), showFileLimit
    );
    if (refused.length) { event.preventDefault(); refused[0].focus(); return; }
    // The button pressed may ask first (an answer is emailed at once), or the form does.
    var question = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    if (form.hasAttribute("data-kiosk-form") || form.hasAttribute("data-submit-once")) {
      // One tap, one ticket: later taps on this screen are ignored (the server also returns
      // the same ticket for a repeated request id).
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    }
    // The service is the tapped button's name and value, which only SubmitEvent.submitter
    // tells (Chromium 81, Safari 15.4): an older kiosk or phone posts the form itself.
    if (form.hasAttribute("data-tap-form") && "submitter" in event) {
      event.preventDefault();
      sendTap(form, event.submitter);
    }
  });

  // -- a tap on the kiosk or the phone page -----------------------------------------------------
  // Sent by script, not by the browser: a plain POST that meets no server (the network down,
  // the application restarting) leaves the browser on its own error page, and an unattended
  // kiosk stays there for good (product trial, L2). Here the screen stays: the tap is said to
  // have failed, the buttons are switched off until the server answers again, and tapping
  // again sends the same request id, so a tap whose answer was lost on the way back gets the
  // ticket it already took, never a second one (queueing.views._take_number). A ticket is
  // then shown by going to its page (a GET); a refusal (closed, too fast, a service not
  // offered) replaces the page's content with the server's answer and its new request id.
  // Without script the form posts as before.
  var TAP_TIMEOUT_MS = 15000;
  function tapSaid(form, text) {
    var box = form.querySelector("[data-tap-error]");
    if (!box) return;
    box.textContent = "";
    if (!text) return;
    var note = document.createElement("p");
    note.className = "alert alert-danger";
    note.textContent = text;
    box.appendChild(note);
  }
  function tapFailed(form, choice) {
    delete form.dataset.sent;  // the same tap may be sent again
    form.dataset.failedChoice = choice;
    tapSaid(form, form.dataset.offlineMessage);
    setOffline(true);
  }
  // What a tap asks for (the service, the priority), without its request id.
  function tapChoice(data) {
    var parts = [];
    data.forEach(function (value, name) {
      if (name !== "request_id" && name !== "csrfmiddlewaretoken") parts.push(name + "=" + value);
    });
    return parts.sort().join("&");
  }
  // A version 4 UUID; crypto.getRandomValues, unlike randomUUID, works on a plain-http LAN.
  function freshRequestId() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function sendTap(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var choice = tapChoice(data);
    if (document.body.classList.contains("is-offline")) { tapFailed(form, choice); return; }
    // After a failed tap the request id is kept, so that the same tap whose answer was lost
    // gets the ticket it took. A tap for another service or priority is someone else's (the
    // first visitor walked away): it must not be given that ticket, so it gets a new id.
    var requestId = form.querySelector("input[name=request_id]");
    if (form.dataset.failedChoice && form.dataset.failedChoice !== choice && requestId) {
      requestId.value = freshRequestId();
      data.set("request_id", requestId.value);
    }
    tapSaid(form, "");
    form.setAttribute("aria-busy", "true");
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TAP_TIMEOUT_MS) : null;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(data),
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (answer) {
        // 502/504 from nginx, the 503 "reconnecting" page: no ticket was shown, try again.
        if (answer.status >= 500) throw new Error("unavailable");
        setOffline(false);
        if (answer.redirected) { location.assign(answer.url); return; }  // the ticket's page
        return answer.text().then(showAnswer);
      })
      .catch(function () { tapFailed(form, choice); })
      .then(function () { clearTimeout(timer); form.removeAttribute("aria-busy"); });
  }
  // The server's page in place of this one's content: <main> (its message, the form with the
  // request id to tap with again), the title, and a closed office's look again later.
  function showAnswer(html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var fresh = answer.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { goWhenBack(location.href); return; }  // this screen again
    document.title = answer.title;
    fresh = document.adoptNode(fresh);
    main.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    if (answer.body.dataset.reloadAfter && !document.body.dataset.reloadAfter) {
      document.body.dataset.reloadAfter = answer.body.dataset.reloadAfter;
      reloadLater();
    }
    tick();
    var alert = fresh.querySelector(".alert");
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
  }

  // -- going to another page only once the server answers --------------------------------------
  // The kiosk's own moves (back to the start after a ticket, to Indonesian after a minute, a
  // closed screen looking again) and its links: the page is asked for first, and the browser
  // goes there only on an answer (even a refusal). On no answer, or a 5xx, the screen stays
  // and says the connection is lost, and `failed` runs: a timer tries again, a link waits
  // for the next tap.
  function goSafely(url, replace, failed) {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (answer) {
        if (answer.status >= 500) throw new Error("unavailable");
        if (replace) location.replace(url); else location.assign(url);
      })
      .catch(function () {
        setOffline(true);
        if (failed) failed();
      });
  }
  function goWhenBack(url) {  // a move nobody asked for: tried again every 5 s
    goSafely(url, true, function () { setTimeout(function () { goWhenBack(url); }, 5000); });
  }
  if (document.body.hasAttribute("data-device-page")) {
    // Capturing: before the link's own handler (a[data-replace]) navigates.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey ||
          event.metaKey || event.shiftKey || event.altKey || link.target ||
          link.hasAttribute("download") || link.origin !== location.origin ||
          link.getAttribute("href").charAt(0) === "#") return;
      event.preventDefault();
      goSafely(link.href, link.hasAttribute("data-replace"), function () {
        var form = document.querySelector("form[data-tap-form]");
        if (form) tapSaid(form, form.dataset.offlineMessage);
      });
    }, true);
  }

  // -- what was typed when the session had ended, or the language was switched --------------
  // Signed out meanwhile (another tab, an expired session), a form is answered with the
  // sign-in page and the typed text would be lost; switching the language reloads the page
  // and loses it too. A form marked data-keep-draft keeps its fields in this tab's
  // sessionStorage while it is sent, or while the language switch is. After the sign-in
  // page (or the switch) they are put back into the same form, of the same account (the key
  // names the user), on the first page that has it within half an hour: the walk-in record
  // is reached again only after choosing the desk. A draft of a form sent normally (sent, or
  // refused and shown again by the server with what was typed) is dropped on the next page;
  // any draft is dropped on signing out, after half an hour, and on a page of another account.
  // Never in a draft: passwords, files, and a field marked data-no-draft (the identity card's
  // digits); hidden values neither, but for one marked data-in-draft (the version the text
  // was written on: a colleague's save meanwhile is then told, not overwritten).
  var DRAFT = "pst-draft";
  var DRAFT_MINUTES = 30;
  var SKIPPED = /^(file|hidden|password|submit|button)$/;
  function drafted(el) {
    if (!el.name || el.hasAttribute("data-no-draft")) return false;
    return !SKIPPED.test(el.type) || (el.type === "hidden" && el.hasAttribute("data-in-draft"));
  }
  function readDraft() {
    try { return JSON.parse(sessionStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }
  function writeDraft(draft) {
    try { sessionStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (e) { /* full or off */ }
  }
  function draftOf(form, restore) {
    var fields = {};
    var typed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!drafted(el)) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value !== el.defaultValue && el.tagName !== "SELECT" && el.type !== "hidden") typed = true;
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return { key: form.dataset.keepDraft, fields: fields, restore: restore, typed: typed, at: Date.now() };
  }
  function draftUser(draft) {
    return String(draft.key || "").split(":").pop();
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) return;
    if (form.hasAttribute("data-sign-out")) {
      sessionStorage.removeItem(DRAFT);  // nothing of this account stays in the tab
    } else if (form.dataset.keepDraft) {
      writeDraft(draftOf(form, false));
    } else if (form.hasAttribute("data-language-switch")) {
      var typed = typedDraft("language");
      if (typed) writeDraft(typed);
    }
  });
  // The draft of the page's first kept form with something typed in it.
  function typedDraft(restore) {
    return Array.prototype.map.call(
      document.querySelectorAll("form[data-keep-draft]"),
      function (other) { return draftOf(other, restore); }
    ).filter(function (draft) { return draft.typed; })[0];
  }
  // An htmx request answered "the session has ended" (pst.middleware): htmx then takes the
  // whole tab to the sign-in page. What was typed goes along, as when the form is sent (the
  // guestbook's returning-visitor lookup runs on leaving the email field). A request that
  // only shows something beside the form (the article's live preview, marked
  // data-session-ended-note) keeps the page instead: the officer is typing, and pressing
  // nothing must not take the text away. Its target says the session ended; the form's own
  // button then leads to the sign-in page with the draft.
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.getResponseHeader("X-Session-Ended") !== "true") return;
    var elt = event.detail.elt;
    var quiet = elt.closest("[data-session-ended-note]");
    if (quiet) {
      event.preventDefault();
      var note = document.createElement("p");
      note.className = "text-body-secondary small mb-0";
      note.setAttribute("data-testid", "session-ended-note");
      note.textContent = quiet.dataset.sessionEndedNote;
      (event.detail.target || elt).replaceChildren(note);
      return;
    }
    var form = elt.closest("form[data-keep-draft]");
    var typed = form ? draftOf(form, false) : typedDraft(false);
    if (typed && typed.typed) writeDraft(typed);
  });
  var draft = readDraft();
  var signedIn = document.body.dataset.user || "";
  if (draft && (Date.now() - draft.at > DRAFT_MINUTES * 60000 ||
                (signedIn && signedIn !== draftUser(draft)))) {
    // Too old, or another account signed in on this tab: its text is not kept for it.
    sessionStorage.removeItem(DRAFT);
    draft = null;
  }
  // The sign-in page, or a form refused as expired (the 403 CSRF page, pst/csrf_failure.py:
  // the cookies were cleared, most often the session's with them): the draft waits there
  // for the same form, whose page says why it is put back ("sign-in", or "kept" when the
  // session is alive).
  var keptHere = document.querySelector("[data-draft-kept]");
  if (draft && (keptHere || document.querySelector("form[data-sign-in]"))) {
    draft.restore = draft.restore || (keptHere ? keptHere.dataset.draftKept : "sign-in");
    writeDraft(draft);
    var waiting = document.querySelector("[data-draft-waiting]");
    if (waiting) waiting.hidden = false;
    document.querySelectorAll("[data-draft-none]").forEach(function (el) { el.hidden = true; });
  } else if (draft) {
    var target = draft.restore && Array.prototype.find.call(
      document.querySelectorAll("form[data-keep-draft]"),
      function (form) { return form.dataset.keepDraft === draft.key; });
    if (!draft.restore || target) sessionStorage.removeItem(DRAFT);
    if (target) {
      Array.prototype.forEach.call(target.elements, function (el) {
        var values = draft.fields[el.name];
        if (!values || !drafted(el)) return;
        if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
        else el.value = values[0];
      });
      // A form folded away (a <details>) is opened: the text put back is seen.
      var fold = target.closest("details");
      if (fold) fold.open = true;
      // What follows the fields (the article's preview) is told, once htmx is ready.
      window.addEventListener("load", function () {
        target.dispatchEvent(new CustomEvent("pst-draft-restored", { bubbles: true }));
      });
      var note = document.createElement("p");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.setAttribute("data-testid", "draft-restored");
      // "What you typed before signing in again…" only after signing in; a form without
      // that note (registration) says the text is still there.
      var notes = [target.dataset.draftNote, target.dataset.draftLanguageNote];
      if (draft.restore !== "sign-in") notes.reverse();
      note.textContent = notes[0] || notes[1] || "";
      target.parentNode.insertBefore(note, target);
    }
  }

  // A form sent back with errors: its first field to correct gets the focus, so a keyboard or
  // screen-reader user lands on it and hears its error (the page reloaded at the top).
  var invalid = document.querySelector(
    "form input[aria-invalid='true'], form select[aria-invalid='true'], form textarea[aria-invalid='true'], " +
    "form input.is-invalid, form select.is-invalid, form textarea.is-invalid");
  if (invalid && !document.querySelector("[autofocus]")) invalid.focus();

  // -- the printed ticket ------------------------------------------------------------------
  document.querySelectorAll("a[data-replace]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.defaultPrevented) return;  // a device page's own handler took it (goSafely)
      event.preventDefault();
      location.replace(link.href);
    });
  });
  // The kiosk's ticket goes back to the start by itself, without a history entry, so the
  // next visitor cannot swipe back to it.
  var body = document.body;
  if (body.dataset.returnTo) {
    setTimeout(function () { goWhenBack(body.dataset.returnTo); },
      Math.max(1, Number(body.dataset.returnAfter || 13)) * 1000 - 200);
  }
  // A kiosk left in another language goes back to the office's after a while untouched.
  if (body.dataset.idleReturnTo) {
    var idleTimer = null;
    var idleRestart = function () {
      clearTimeout(idleTimer);
      // Not answered: tried again after another untouched while (a visitor may come).
      idleTimer = setTimeout(function () { goSafely(body.dataset.idleReturnTo, true, idleRestart); },
        Math.max(1, Number(body.dataset.idleReturnAfter || 60)) * 1000);
    };
    ["pointerdown", "keydown", "input"].forEach(function (type) {
      document.addEventListener(type, idleRestart, true);
    });
    idleRestart();
  }
  // A closed kiosk or phone page looks again now and then whether the office has opened.
  function reloadLater() {
    setTimeout(function () { goWhenBack(location.href); },
      Number(document.body.dataset.reloadAfter) * 1000);
  }
  if (body.dataset.reloadAfter) reloadLater();
  // A page brought back by the Back button keeps its "sent" mark: let it be tapped again
  // (the server answers a repeated request id with the ticket it already gave).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  if (document.querySelector("[data-autoprint]")) {
    window.addEventListener("load", function () { setTimeout(function () { window.print(); }, 300); });
  }
})();
