"""Emails of the consultation lifecycle: each tells the other side what happened — the
requester in their language (requester_contact.requester_language: trial P, P5), the office's
staff in the office's (Indonesian), whoever's action or background job sent it — as plain
text and HTML, with a link straight to the consultation. They leave through django-tasks;
each service notifies as its last step, once every check has passed.

Internal notes are never passed here: only public messages reach the requester.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext

from consultations.guest_access import follow_link
from consultations.mail.token import reply_address
from consultations.models import Consultation, Dismissal, Message
from consultations.notices import (
    ACCEPTED,
    ANSWERED,
    ASSIGNED,
    CLARIFICATION,
    CLARIFICATION_EXPIRED,
    DUE_SOON,
    FILES_REFUSED,
    FILES_REFUSED_ON_OPENING,
    MAIL_CUT,
    MESSAGE_TO_REQUESTER,
    MESSAGE_TO_STAFF,
    NEW_LINK,
    NO_REASON,
    NOTE_KEPT,
    OPENED_REMOTE,
    OVERDUE,
    REOPENED,
    REPEAT_CLOSED,
    REVIEW_ESCALATED,
    REVIEW_LATE,
    SUBMITTED_TO_OFFICERS,
    SUBMITTED_TO_REQUESTER,
    WALK_IN_FOLLOW_UP,
    WITHDRAWN,
    WITHDRAWN_BY_REQUESTER,
    Notice,
)
from consultations.requester_contact import requester_addresses, requester_language
from consultations.selectors import consultation_held, consultation_served_at
from pst.emails import notification_enqueue
from pst.formatting import office_moment
from pst.languages import written_in
from pst.models import Office, User
from pst.permissions import Role
from pst.rating_links import rating_url
from pst.workcalendar import DueDate, KeptDueDate


def consultation_link(consultation: Consultation) -> str:
    return settings.SITE_URL + reverse("consultation_detail", args=[consultation.pk])


def consultation_email_send(
    recipients: list[str],
    consultation: Consultation,
    *,
    headline: Promise | str,
    intro: Promise | str,
    message: str = "",
    attachment_names: Sequence[str] = (),
    due: str = "",
    guest: bool = False,
    files: Sequence[dict] = (),
    details: Promise | str = "",
    rating_link: str = "",
    language: str = "",
) -> None:
    """One email about `consultation` (the lifecycle's notices and the appointments' alike):
    rendered in `language` (the requester's; empty for staff: the office's), with the link
    to the consultation — for a `guest` (no account) the signed follow link, fresh so that
    each email renews it, and the invitation to register — the reply address carrying its
    token, and `files` attached (pst.tasks.send_email's format)."""
    notification_enqueue(
        recipients,
        template="emails/consultation",
        html=True,
        context=lambda: {
            "consultation": consultation,
            "reference": consultation.reference,
            "office": consultation.office,
            "link": follow_link(consultation) if guest else consultation_link(consultation),
            "register_link": settings.SITE_URL + reverse("register") if guest else "",
            "link_days": settings.CONSULTATION_LINK_DAYS,
            "headline": str(headline),
            "intro": str(intro),
            "due": due,
            "message": message,
            # What the system says of an appointment (times, place, code): not a message
            # someone wrote (trial H, H6: it stood under "Message:").
            "details": details,
            "attachments": list(attachment_names),
            # The answer asks the requester to rate the service (the IKM survey).
            "rating_link": rating_link,
            "survey_days": settings.SURVEY_DAYS,
        },
        # A reply lands in the conversation (consultations.mail).
        reply_to=reply_address(consultation),
        attachments=files,
        language=language,
    )


def _send(
    recipients: list[str],
    consultation: Consultation,
    notice: Notice,
    *,
    message: Message | None = None,
    due: str = "",
    guest: bool = False,
    rating_link: str = "",
    details: Promise | str = "",
    language: str = "",
) -> None:
    if message is not None and message.is_internal:
        return
    consultation_email_send(
        recipients, consultation, headline=notice.headline, intro=notice.intro,
        message=message.body if message is not None else "",
        attachment_names=[a.name for a in message.attachments.all()] if message else [],
        due=due, guest=guest, rating_link=rating_link, details=details, language=language,
    )  # fmt: skip


def _to_requester(consultation: Consultation, notice: Notice, **context) -> None:
    guest = consultation.requester_id is None
    _send(
        requester_addresses(consultation), consultation, notice, guest=guest,
        language=requester_language(consultation), **context,
    )  # fmt: skip


def _staff(consultation: Consultation, role: Role) -> list[str]:
    return _office_staff(consultation.office_id, role)


def _office_staff(office_id: int, role: Role) -> list[str]:
    return list(
        User.objects.filter(office_id=office_id, is_active=True, groups__name=role).values_list(
            "email", flat=True
        )
    )


def holder_or_officers(consultation: Consultation) -> list[str]:
    """The assigned officer while they may still answer it; before anyone took it, or once
    its officer cannot (role removed, deactivated, moved to another office: it waits as
    unassigned), every consultation officer of the office — never the one who left."""
    if consultation_held(consultation):
        return [consultation.officer.email]
    return _staff(consultation, Role.CONSULTATION_OFFICER)


def _new_request_recipients(consultation: Consultation) -> list[str]:
    """Who hears of a new request: its officer when one holds it already; else the office's
    consultation officers who want an email for each new request (their profile; trial N,
    N9). The choice is only about this email: mail about what they hold always comes."""
    if consultation_held(consultation):
        return [consultation.officer.email]
    return list(
        User.objects.filter(
            office_id=consultation.office_id, is_active=True,
            groups__name=Role.CONSULTATION_OFFICER, new_request_email=True,
        ).values_list("email", flat=True)
    )  # fmt: skip


def consultation_submitted(consultation: Consultation) -> None:
    # The standard's promise in the receipt (trial P, P10): it had only "the answer time".
    with written_in(requester_language(consultation)):
        days = consultation.office.online_sla_working_days
        promise = ngettext(
            "We answer within %(days)d working day once your request is clear and complete.",
            "We answer within %(days)d working days once your request is clear and complete.",
            days,
        ) % {"days": days}
    _to_requester(consultation, SUBMITTED_TO_REQUESTER, due=promise)
    _send(_new_request_recipients(consultation), consultation, SUBMITTED_TO_OFFICERS)


def _explained(due: DueDate | KeptDueDate | None, consultation: Consultation) -> str:
    """The due date explained to the requester, in their language (it names weekdays)."""
    with written_in(requester_language(consultation)):
        return due.explanation() if due is not None else ""


def consultation_accepted(consultation: Consultation, *, due: DueDate | KeptDueDate | None) -> None:
    _to_requester(consultation, ACCEPTED, due=_explained(due, consultation))


def consultation_assigned(consultation: Consultation) -> None:
    _send(holder_or_officers(consultation), consultation, ASSIGNED)


def consultation_reopened(consultation: Consultation) -> None:
    _send(holder_or_officers(consultation), consultation, REOPENED)


def message_to_requester(
    consultation: Consultation,
    message: Message,
    *,
    clarification: bool = False,
    answered: bool = False,
) -> None:
    notice = CLARIFICATION if clarification else ANSWERED if answered else MESSAGE_TO_REQUESTER
    rated = answered and consultation_served_at(consultation) is not None
    link = rating_url("consultation", consultation.pk) if rated else ""
    _to_requester(consultation, notice, message=message, rating_link=link)


def message_to_staff(consultation: Consultation, message: Message) -> None:
    _send(holder_or_officers(consultation), consultation, MESSAGE_TO_STAFF, message=message)


def consultation_withdrawn(consultation: Consultation, *, reason: str) -> None:
    """The requester cancelled it: whoever would have answered hears it, and why."""
    consultation_email_send(
        holder_or_officers(consultation), consultation,
        headline=WITHDRAWN_BY_REQUESTER.headline, intro=WITHDRAWN_BY_REQUESTER.intro,
        message=reason, details="" if reason else NO_REASON,
    )  # fmt: skip


def consultations_handed_over(
    consultations: Sequence[Consultation],
    *,
    office: Office,
    holder: User,
    to: User | None,
    appointments: Sequence = (),
) -> None:
    """One email for a supervisor's hand-over (lifecycle.handover), not one per
    consultation: to the new holder, or, when they went back to the inbox, to the office's
    other consultation officers, with every consultation's reference, due time and link,
    and the `appointments` still to come (whoever takes them over meets the requester)."""
    if to is not None:
        recipients = [to.email]
    else:
        recipients = [
            email
            for email in _office_staff(office.pk, Role.CONSULTATION_OFFICER)
            if email != holder.email
        ]

    def context() -> dict:
        count = len(consultations)
        values = {"count": count, "holder": holder.full_name or holder.email}
        if to is not None:
            headline = ngettext(
                "%(count)d consultation of %(holder)s was handed over to you",
                "%(count)d consultations of %(holder)s were handed over to you",
                count,
            )
        else:
            headline = ngettext(
                "%(count)d consultation of %(holder)s is back in the inbox",
                "%(count)d consultations of %(holder)s are back in the inbox",
                count,
            )
        return {
            "headline": headline % values,
            "intro": gettext(
                "A supervisor handed over the open and answered consultations of %(holder)s "
                "(a requester may still reopen an answered one, or write on it). Read each one "
                "through its link; the due times are the ones the requesters were told."
            )
            % values,
            "office": office,
            "rows": [
                {
                    "reference": consultation.reference,
                    "status": consultation.get_status_display(),
                    "due": office_moment(consultation.due_at, office)
                    if consultation.due_at and consultation.status == "accepted"
                    else "",
                    "link": consultation_link(consultation),
                }
                for consultation in consultations
            ],
            "appointments": [
                {
                    "reference": appointment.consultation.reference,
                    "kind": appointment.get_kind_display(),
                    "status": appointment.get_status_display(),
                    "times": ", ".join(
                        office_moment(time, office)
                        for time in (
                            [offer.starts_at for offer in appointment.offers_ahead]
                            if appointment.status == "offered"
                            else [appointment.starts_at]
                        )
                    ),
                }
                for appointment in appointments
            ],
        }

    notification_enqueue(recipients, template="emails/handover", html=True, context=context)


def due_soon(consultation: Consultation) -> None:
    _send(holder_or_officers(consultation), consultation, DUE_SOON)


def overdue(consultation: Consultation) -> None:
    _send(_staff(consultation, Role.SUPERVISOR), consultation, OVERDUE)


def review_late(consultation: Consultation) -> None:
    """Past the review time: its officer, or unclaimed every consultation officer of the
    office (whatever their choice of new-request email: this one asks for action)."""
    _send(holder_or_officers(consultation), consultation, REVIEW_LATE)


def review_escalated(consultation: Consultation) -> None:
    _send(_staff(consultation, Role.SUPERVISOR), consultation, REVIEW_ESCALATED)


def clarification_expired(consultation: Consultation) -> None:
    _to_requester(consultation, CLARIFICATION_EXPIRED)


def consultation_opened_remote(
    consultation: Consultation, *, by_officer: bool, refusals: Sequence[Promise | str] = ()
) -> None:
    """A request that came by WhatsApp, email or phone is now a consultation: the requester
    gets its link, and `refusals`, the files of their email that were not taken, in the same
    email; the officers hear of it unless one of them opened it."""
    details = format_lazy("{}\n{}", FILES_REFUSED_ON_OPENING, _listed(refusals)) if refusals else ""
    _to_requester(consultation, OPENED_REMOTE, details=details)
    if not by_officer:
        _send(_new_request_recipients(consultation), consultation, SUBMITTED_TO_OFFICERS)


def note_by_email_kept(consultation: Consultation, officer: User) -> None:
    """An officer's email to a consultation's reply address became an internal note: they
    are told at once that the requester did not get it (trial H, H1: an answer written as a
    reply to a notification was lost to the requester, the clock running)."""
    _send([officer.email], consultation, NOTE_KEPT)


def mail_cut(consultation: Consultation) -> None:
    _to_requester(consultation, MAIL_CUT)


def mail_files_refused(consultation: Consultation, refusals: Sequence[Promise | str]) -> None:
    """Files of the requester's email were not taken: they are told which and why, by email,
    the channel they chose (product trial M, M2: the note in the conversation reached only
    those who read the portal)."""
    consultation_email_send(
        requester_addresses(consultation), consultation,
        headline=FILES_REFUSED.headline, intro=FILES_REFUSED.intro,
        details=_listed(refusals),
        guest=consultation.requester_id is None, language=requester_language(consultation),
    )  # fmt: skip


def _listed(refusals: Sequence[Promise | str]) -> Promise:
    """One line per refusal, each written in the language the email is rendered in (a
    refusal is a lazy text: consultations.mail), not in the one active here (the office's,
    where the mail was read)."""
    return format_lazy("\n".join(["- {}"] * len(refusals)), *refusals)


def follow_link_sent(consultation: Consultation) -> None:
    _to_requester(consultation, NEW_LINK)


def walk_in_follow_up(consultation: Consultation, *, due: DueDate | None) -> None:
    """The visitor left the desk with the rest of the answer to come online: the link to
    follow it, and by when (product trial E, F10: they heard nothing until the answer)."""
    _to_requester(consultation, WALK_IN_FOLLOW_UP, due=_explained(due, consultation))


def consultation_dismissed(consultation: Consultation) -> None:
    """Closed by an officer without an answer (lifecycle.dismissal): a repeat's requester is
    led to the consultation that goes on, one who withdrew by phone is told it is done. Mail
    that was not a consultation (spam) gets no answer: an answer would confirm the address."""
    if consultation.dismissal == Dismissal.DUPLICATE:
        _to_requester(consultation.duplicate_of, REPEAT_CLOSED)
    elif consultation.dismissal == Dismissal.WITHDRAWN:
        _to_requester(consultation, WITHDRAWN)
