/* The printed ticket on the lobby kiosk: back to the start by itself, without a history
   entry, so the next visitor cannot swipe back to this ticket. A static file (not an inline
   script) so the Content-Security-Policy can forbid inline scripts everywhere. */
(function () {
  "use strict";
  var ticket = document.querySelector("[data-return-url]");
  if (!ticket) return;
  var seconds = Number(ticket.dataset.returnSeconds) || 15;
  setTimeout(function () { location.replace(ticket.dataset.returnUrl); }, seconds * 1000 - 200);
})();
