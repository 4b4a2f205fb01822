"""Emails of a complaint, plain text: to the complainant when they gave an address
(received, a response, the answer or the reason), in the complaint's language (the form's,
pst.languages), and to the office's supervisors when one arrives (or, without any, to the
office's address or its consultation officers), in the office's language. Internal notes
are never passed here. They leave through django-tasks, enqueued inside the action's
transaction (a refused action leaves no email)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.handling.codes import code_start
from complaints.handling.models import Complaint, ComplaintStatus
from consultations.mail.contents import refusals_section
from pst.emails import notification_enqueue
from pst.formatting import office_moment
from pst.languages import written_in
from pst.models import User
from pst.permissions import Role
from pst.workcalendar import DueDate


def _send(recipients: list[str], complaint: Complaint, context: dict, language: str = "") -> None:
    notification_enqueue(
        recipients,
        template="emails/complaint",
        language=language,
        context=lambda: {
            "complaint": complaint,
            "office": complaint.office,
            "code": complaint.display_code,
            "due": office_moment(complaint.due_at, complaint.office),
            **{key: str(value) for key, value in context.items()},
        },
    )


def _to_complainant(complaint: Complaint, *, to: str = "", **context: object) -> None:
    link = settings.SITE_URL + reverse("complaint_track")
    recipients = [to or complaint.complainant_email]
    _send(recipients, complaint, {"link": link, **context}, complaint.language)


def _to_staff(
    recipients: list[str], complaint: Complaint, *, headline: object, intro: object, link: str
) -> None:
    # The whole code is the complainant's key to the tracking page, and this email may go to
    # a shared mailbox or to the officer complained about: its start names the complaint,
    # the link opens it for those who handle it.
    context = {"headline": headline, "intro": intro, "link": settings.SITE_URL + link}
    _send(recipients, complaint, {**context, "staff": True, "code": code_start(complaint.code)})


def _detail(complaint: Complaint) -> str:
    return reverse("complaint_detail", args=[complaint.pk])


def complaint_received(complaint: Complaint, *, due: DueDate) -> None:
    with written_in(complaint.language):  # the explanation names weekdays
        explanation = due.explanation()
    _to_complainant(
        complaint,
        headline=_("We received your complaint"),
        intro=_("Keep the tracking code: with it you follow the complaint on our site."),
        explanation=explanation,
    )
    recipients, handled = _told_of_new(complaint)
    _to_staff(
        recipients,
        complaint,
        headline=_("A new complaint"),
        intro=_("A complaint waits to be verified.")
        if handled
        else _(
            "A complaint waits to be verified, and the office has no active supervisor "
            "to handle it: pass it on to the head of the office, or ask the administrator "
            "to give someone the supervisor's role."
        ),
        link=_detail(complaint),
    )


def _active_with_role(complaint: Complaint, role: str) -> list[str]:
    return list(
        User.objects.filter(
            office_id=complaint.office_id, is_active=True, groups__name=role
        ).values_list("email", flat=True)
    )


def _told_of_new(complaint: Complaint) -> tuple[list[str], bool]:
    """Who hears of a new complaint, and whether they are the ones who handle it: the office's
    active supervisors. An office without one (none named yet, the only one left) must not
    let a complaint wait unseen (trial attack-cmp, 14): its own address then, else its active
    consultation officers."""
    supervisors = _active_with_role(complaint, Role.SUPERVISOR)
    if supervisors:
        return supervisors, True
    if complaint.office.email:
        return [complaint.office.email], False
    return _active_with_role(complaint, Role.CONSULTATION_OFFICER), False


def complainant_wrote(complaint: Complaint) -> None:
    """The complainant sent more about their complaint (complaints.handling.additions): whoever
    hears of a new complaint hears of it, with only the code's start and the link (the text
    is on the complaint's page, as a new complaint's is)."""
    recipients, _handled = _told_of_new(complaint)
    _to_staff(
        recipients,
        complaint,
        headline=_("The complainant wrote again"),
        intro=_("The complainant sent more about their complaint: it is in its history.")
        if complaint.is_open
        else _(
            "The complainant wrote again about a complaint that is closed: read it in its "
            "history. They were told that it is closed and that they may file a new "
            "complaint if the matter is not settled."
        ),
        link=_detail(complaint),
    )


def complainant_addition_received(
    complaint: Complaint,
    *,
    refusals: Sequence[Promise | str] = (),
    cut: bool = False,
    to: str = "",
) -> None:
    """To the complainant: what they sent was added to their complaint (its code is in the
    subject and the first line), or, to a closed one, added and where to go now; the files
    that were not taken (`refusals`) and a text `cut` short, in their language. `to`: the
    address it came from, for a complainant who deleted their account (the complaint keeps
    none), who is told that the office no longer writes to them."""
    notes = []
    with written_in(complaint.language):
        if complaint.complainant_erased_at is not None:
            notes.append(
                gettext(
                    "Your account was deleted at your request, and your contacts with it: the "
                    "office does not write to you about this complaint. Follow it on the "
                    "tracking page with its code."
                )
            )
        if refusals:
            notes.append(refusals_section(refusals))
        if cut:
            notes.append(
                gettext(
                    "Your email was longer than a message of a complaint takes: the rest was "
                    "cut. Send it again in parts, or as a PDF file."
                )
            )
        if complaint.is_open:
            intro = gettext("The office reads it with your complaint.")
        else:
            intro = gettext(
                "Your complaint is already closed: its answer is on the tracking page. If the "
                "matter is not settled, file a new complaint: %(link)s"
            ) % {"link": settings.SITE_URL + reverse("complaint_new")}
    _to_complainant(
        complaint,
        to=to,
        headline=_("Your message was added to your complaint"),
        intro=intro,
        message="\n\n".join(notes),
    )


def complaint_responded(complaint: Complaint, body: str) -> None:
    _to_complainant(
        complaint,
        headline=_("A response to your complaint"),
        intro=_("The PST officer wrote to you about your complaint."),
        message=body,
    )


def complaint_closed(complaint: Complaint) -> None:
    resolved = complaint.status == ComplaintStatus.RESOLVED
    _to_complainant(
        complaint,
        headline=_("Your complaint is resolved") if resolved else _("Your complaint is rejected"),
        intro=_("The answer of the office:") if resolved else _("The reason:"),
        message=complaint.answer,
    )


def complaint_to_pass_on(complaint: Complaint, *, recipient: str) -> None:
    """To the officer who recorded a complaint no email reaches: the office answered it, and
    the answer waits to be passed on. No contact and only the code's start, as for a new
    complaint: the page it links to shows the rest to the office's staff."""
    _to_staff(
        [recipient],
        complaint,
        headline=_("An answer to pass on"),
        intro=_(
            "The office answered a complaint you recorded. The complainant has no email "
            "address: pass the answer on through the channel it came by, then record that "
            "it was passed on."
        ),
        link=reverse("complaints_to_pass_on"),
    )
