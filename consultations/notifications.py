"""Emails of the consultation lifecycle: each tells the other side what happened, in
Indonesian (the office's language, whoever's action sent it), as plain text and HTML, with a
link straight to the consultation. They leave through django-tasks; each service notifies
as its last step, once every check has passed.

Internal notes are never passed here: only public messages reach the requester.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import Consultation, Message
from pst.models import User
from pst.permissions import Role
from pst.tasks import send_email


def consultation_link(consultation: Consultation) -> str:
    return settings.SITE_URL + reverse("consultation_detail", args=[consultation.pk])


def _send(recipients: list[str], consultation: Consultation, **context: object) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "consultation": consultation,
            "reference": consultation.reference,
            "office": consultation.office,
            "link": consultation_link(consultation),
            **{
                key: str(value) if isinstance(value, str) else value
                for key, value in context.items()
            },
        }
        subject = " ".join(render_to_string("emails/consultation_subject.txt", context).split())
        body = render_to_string("emails/consultation_body.txt", context)
        html_body = render_to_string("emails/consultation_body.html", context)
    # Enqueued inside the action's transaction: the database task backend stores the task in
    # it (a refused action leaves no email behind), the immediate one sends at once.
    send_email.enqueue(to=recipients, subject=subject, body=body, html_body=html_body)


def _requester(consultation: Consultation) -> list[str]:
    requester = consultation.requester
    return [requester.email] if requester is not None and requester.is_active else []


def _officers(consultation: Consultation) -> list[str]:
    """The assigned officer; before anyone took it, every consultation officer of the office."""
    if consultation.officer_id is not None:
        return [consultation.officer.email] if consultation.officer.is_active else []
    return list(
        User.objects.filter(
            office_id=consultation.office_id,
            is_active=True,
            groups__name=Role.CONSULTATION_OFFICER,
        ).values_list("email", flat=True)
    )


def _supervisors(consultation: Consultation) -> list[str]:
    return list(
        User.objects.filter(
            office_id=consultation.office_id, is_active=True, groups__name=Role.SUPERVISOR
        ).values_list("email", flat=True)
    )


def consultation_submitted(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _requester(consultation),
            consultation,
            headline=_("We received your consultation"),
            intro=_(
                "An officer will read it and either accept it or ask you to clarify it. The "
                "answer time starts when your request is clear and complete."
            ),
        )
        _send(
            _officers(consultation),
            consultation,
            headline=_("A new online consultation"),
            intro=_("A new consultation waits in the inbox."),
        )


def consultation_accepted(consultation: Consultation) -> None:
    from consultations.lifecycle import consultation_due

    due = consultation_due(consultation)
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _requester(consultation),
            consultation,
            headline=_("Your consultation is accepted"),
            intro=_("Your request is clear and complete; an officer is working on the answer."),
            due=due.explanation() if due else "",
        )


def consultation_assigned(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            [consultation.officer.email] if consultation.officer else [],
            consultation,
            headline=_("A consultation was assigned to you"),
            intro=_("Your supervisor assigned this consultation to you."),
        )


def consultation_reopened(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _officers(consultation),
            consultation,
            headline=_("A consultation was reopened"),
            intro=_("The requester reopened the consultation: the answer time starts again."),
        )


def message_to_requester(
    consultation: Consultation,
    message: Message,
    *,
    clarification: bool = False,
    answered: bool = False,
) -> None:
    if message.is_internal:  # never: an internal note stays in the office
        return
    with translation.override(settings.LANGUAGE_CODE):
        if clarification:
            headline = _("Please clarify your consultation")
            intro = _(
                "The officer needs more information before the answer time can start. Reply "
                "on the consultation page within 14 days, or the request is cancelled."
            )
        elif answered:
            headline = _("Your consultation is answered")
            intro = _(
                "Read the answer on the consultation page and close the consultation if it "
                "answers your question, or reopen it within 7 days if it does not."
            )
        else:
            headline = _("A new message on your consultation")
            intro = _("The officer wrote to you.")
        _send(
            _requester(consultation),
            consultation,
            headline=headline,
            intro=intro,
            message=message.body,
            attachments=[a.name for a in message.attachments.all()],
        )


def message_to_staff(consultation: Consultation, message: Message) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _officers(consultation),
            consultation,
            headline=_("The requester wrote"),
            intro=_("A new message from the requester."),
            message=message.body,
            attachments=[a.name for a in message.attachments.all()],
        )


def due_soon(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _officers(consultation) if consultation.officer_id else [],
            consultation,
            headline=_("A consultation is due within one working day"),
            intro=_("Answer it before its due time."),
        )


def overdue(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _supervisors(consultation),
            consultation,
            headline=_("A consultation is overdue"),
            intro=_("It was not answered by its due time."),
        )


def clarification_expired(consultation: Consultation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _requester(consultation),
            consultation,
            headline=_("Your consultation is cancelled"),
            intro=_(
                "We asked for a clarification 14 days ago and received no reply, so the "
                "request is cancelled. You are welcome to open a new consultation."
            ),
        )
