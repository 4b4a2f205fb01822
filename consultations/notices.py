"""What each consultation email says (consultations.notifications sends them): a headline
and an opening sentence, translated when the email is rendered: in the requester's language
for the requester, in the office's for its staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Notice:
    headline: Promise
    intro: Promise


# What each email says; rendered in its reader's language when it is sent.
SUBMITTED_TO_REQUESTER = Notice(
    _("We received your consultation"),
    _("An officer will read it and either accept it or ask you to clarify it. The answer time "
      "starts when your request is clear and complete."),
)  # fmt: skip
SUBMITTED_TO_OFFICERS = Notice(
    _("A new online consultation"), _("A new consultation waits in the inbox.")
)
ACCEPTED = Notice(
    _("Your consultation is accepted"),
    _("Your request is clear and complete; an officer is working on the answer."),
)
ASSIGNED = Notice(
    _("A consultation was assigned to you"),
    _("Your supervisor assigned this consultation to you."),
)
REOPENED = Notice(
    _("A consultation was reopened"),
    _("The requester reopened the consultation: the answer time starts again."),
)
CLARIFICATION = Notice(
    _("Please clarify your consultation"),
    _("The officer needs more information before the answer time can start. Reply on the "
      "consultation page within 14 days, or the request is cancelled."),
)  # fmt: skip
ANSWERED = Notice(
    _("Your consultation is answered"),
    _("Read the answer on the consultation page and close the consultation if it answers your "
      "question, or reopen it within 7 days if it does not."),
)  # fmt: skip
MESSAGE_TO_REQUESTER = Notice(
    _("A new message on your consultation"), _("The officer wrote to you.")
)
MESSAGE_TO_STAFF = Notice(_("The requester wrote"), _("A new message from the requester."))
DUE_SOON = Notice(
    _("A consultation is due within one working day"), _("Answer it before its due time.")
)
OVERDUE = Notice(_("A consultation is overdue"), _("It was not answered by its due time."))
REVIEW_LATE = Notice(
    _("A request waits for review"),
    _("Nobody has accepted it or asked the requester to clarify it within the review time: "
      "its answer time has not started. Accept it or ask for a clarification."),
)  # fmt: skip
REVIEW_ESCALATED = Notice(
    _("A request has long waited for review"),
    _("It is well past the review time, still neither accepted nor asked to clarify: its "
      "answer time has not started. See that an officer reviews it."),
)  # fmt: skip
CLARIFICATION_EXPIRED = Notice(
    _("Your consultation is cancelled"),
    _("We asked for a clarification 14 days ago and received no reply, so the request is "
      "cancelled. You are welcome to open a new consultation."),
)  # fmt: skip


OPENED_REMOTE = Notice(
    _("Your consultation is registered"),
    _("We recorded the request you sent us and will answer it here. Follow the conversation "
      "and reply through the link below."),
)  # fmt: skip
WALK_IN_FOLLOW_UP = Notice(
    _("Your consultation continues online"),
    _("The officer you met at the office will send the rest of the answer here. Follow the "
      "conversation and reply through the link below."),
)  # fmt: skip
NOTE_KEPT = Notice(
    _("Your email was kept as an internal note"),
    _("It was not sent to the requester: only this office's officers read it. To answer the "
      "requester, write on the consultation page."),
)  # fmt: skip
MAIL_CUT = Notice(
    _("Your email was too long to keep whole"),
    _("Only its beginning was kept in the consultation. Send the rest as a PDF or Word "
      "attachment, or write it on the consultation page."),
)  # fmt: skip
FILES_REFUSED = Notice(
    _("Some files of your email were not received"),
    _("Your email reached the consultation, but the files below were not taken. Send them "
      "again as PDF, JPG or PNG (a photo), Excel or Word: reply to this email with them, or "
      "upload them on the consultation page through the link below."),
)  # fmt: skip
# Said in the email that opened a consultation, before the files of the mail that opened it
# that were not taken: one email, not a second one at the same moment.
FILES_REFUSED_ON_OPENING = _(
    "These files of your email were not taken. Send them again as PDF, JPG or PNG (a photo), "
    "Excel or Word: reply to this email with them, or upload them on the consultation page "
    "through the link below."
)
REPEAT_CLOSED = Notice(
    _("Your request continues in this consultation"),
    _("An officer found that a request you sent again repeats this consultation: it is "
      "answered here, and the repeat is closed. Follow and reply to this one."),
)  # fmt: skip
WITHDRAWN = Notice(
    _("Your consultation is cancelled, as you asked"),
    _("An officer cancelled it for you. You are welcome to open a new consultation."),
)  # fmt: skip
WITHDRAWN_BY_REQUESTER = Notice(
    _("The requester cancelled a consultation"),
    _("The requester withdrew the request: nothing more is needed on it. Their reason, if "
      "they gave one, is below and in the consultation's history."),
)  # fmt: skip
# Rendered with the email, in the office's language.
NO_REASON = _("They gave no reason.")
NEW_LINK = Notice(
    _("A new link to your consultation"),
    _("You asked for a new link: the one below follows your consultation."),
)
DUE_MOVED = Notice(
    _("Your consultation is due later"),
    _("The office is closed on a day of your consultation's answer time (a holiday, cuti "
      "bersama or closure recorded after the due date was set). The answer time counts "
      "working days, so the due date moved later; the officer is still working on the answer."),
)  # fmt: skip
