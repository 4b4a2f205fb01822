"""A reply to a consultation whose requester deleted their account (pst.erasure; trial S,
S3). The reply address's token still names the consultation, but nothing names its sender
any more: the account is gone, and its address with it. What such a mail is told is what
happened — the account was deleted at its owner's request and the consultation ended with
it; how to ask again — not "write from the address it was opened with", which they did.

A mail about a consultation recorded as a complaint still open is the complaint's
(complaints.handling.additions): the office must still answer it. Only a mail the office's
server vouched for (consultations.mail.contents.mail_answered) goes there, since its sender
can no longer be matched to the account; another is refused with the same truthful text,
which names no tracking code."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.models import Consultation, ConsultationEvent, Dismissal, EventKind
from pst.languages import written_in

# What consultations.erasure writes in the history of each consultation of the account.
ERASURE_KINDS = (EventKind.ACCOUNT_ERASED, EventKind.REQUESTER_ERASED)


def consultation_erasure(consultation: Consultation) -> ConsultationEvent | None:
    """The event of `consultation`'s history that says its requester deleted their account
    (its actor: the account deleted, whose language is kept), or None."""
    if consultation.requester_id is not None:
        return None
    events = consultation.events.filter(kind__in=ERASURE_KINDS).select_related("actor")
    return events.order_by("pk").first()


def erasure_language(erasure: ConsultationEvent) -> str:
    """The language the deleted account read (pst.languages: not personal data, kept)."""
    return erasure.actor.language if erasure.actor is not None else ""


def erased_reply_refusal(consultation: Consultation, erasure: ConsultationEvent) -> str:
    """What the sender of a mail to `consultation`'s reply address is told when it is not
    taken, in the deleted account's language."""
    office = consultation.office
    with written_in(erasure_language(erasure)):
        day = date_format(erasure.at.astimezone(office.zoneinfo), "j F Y")
        parts = [
            _(
                "The account that asked consultation %(reference)s was deleted at its owner's "
                "request on %(day)s, and the consultation was closed with it: this email was "
                "not added to it."
            )
            % {"reference": consultation.reference, "day": day}
        ]
        if consultation.dismissal == Dismissal.COMPLAINT:
            parts.append(
                _(
                    "The complaint recorded from it is still followed on the tracking page, "
                    "with the code that was sent with it: %(link)s"
                )
                % {"link": settings.SITE_URL + reverse("complaint_track")}
            )
        ask = _("To ask again, open a new consultation: %(link)s") % {
            "link": settings.SITE_URL + reverse("consultation_new")
        }
        if office.email:
            ask += " " + _("(or email your question to %(email)s).") % {"email": office.email}
        parts.append(ask)
    return "\n\n".join(parts)
