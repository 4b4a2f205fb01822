"""A requester deletes their account (pst.erasure sends `account_erased`; consultations.apps
connects this): what they still had open ends as if they had ended it themselves — a request
not answered yet cancelled, an answered or reopened one closed, their appointments still to
come cancelled with it — and their consultations keep what was asked and answered, for the
office's history and statistics, without who asked, and without their name, email and phone
where those were written in the texts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.lifecycle.requester import consultation_may_cancel, requester_ends
from consultations.lifecycle.rules import S, consultation_lock_to_end, event_of
from consultations.models import (
    Attachment,
    Consultation,
    ConsultationEvent,
    ConsultationRevision,
    EventKind,
    Message,
)
from pst.languages import written_in
from pst.models import User
from pst.personal_data import (
    PersonRedaction,
    personal_fields,
    personal_texts_redact,
    purged_fields_blank,
)

# Where the requester may still end it (lifecycle.requester); a draft was never sent.
ENDED = (S.CLOSED, S.CANCELLED, S.DRAFT)


@transaction.atomic
def consultations_texts_redact(*, user: User, redaction: PersonRedaction) -> int:
    """Take `user`'s name, email and phone (`redaction`, with the names and contacts written
    on their consultations) out of what was written on them, whoever wrote it — the question
    and answer, every message (their signature, the officer's "Yth. Ibu …"), the history's
    notes, the files' names; how many rows changed. Before they are unlinked (trial S5)."""
    theirs = Consultation.objects.filter(requester=user)
    redaction = redaction.adding_contacts_of(theirs)
    return personal_texts_redact(
        redaction,
        theirs,
        Message.objects.filter(consultation__in=theirs),
        ConsultationEvent.objects.filter(consultation__in=theirs),
        Attachment.objects.filter(message__consultation__in=theirs),
    ) + _revisions_redact(ConsultationRevision.objects.filter(consultation__in=theirs), redaction)


def _revisions_redact(revisions, redaction: PersonRedaction) -> int:
    """The corrections of a walk-in record keep the values before and after (trial T, T1:
    "Ibu Rina Wulandari minta IPM" stayed in the record's history): a correction of a
    contact field (the requester's name, email, phone) loses both values, as the field
    does; any other the person's name and contacts where they are written."""
    contacts = {name for name, spec in personal_fields(Consultation).items() if spec.contact}
    changed = []
    for revision in revisions.only("pk", "field", "old_value", "new_value").order_by("pk"):
        before = (revision.old_value, revision.new_value)
        if revision.field in contacts:
            revision.old_value = revision.new_value = ""
        else:
            revision.old_value = redaction.text(revision.old_value)
            revision.new_value = redaction.text(revision.new_value)
        if (revision.old_value, revision.new_value) != before:
            changed.append(revision)
    ConsultationRevision.objects.bulk_update(changed, ["old_value", "new_value"], batch_size=200)
    return len(changed)


@transaction.atomic
def consultations_erase_requester(*, user: User, now: dt.datetime) -> int:
    """End `user`'s open consultations, then blank the requester's fields the retention
    purge blanks (the personal-data declaration) on all of theirs and unlink them from the
    account; returns how many consultations. Every one sent carries the deletion in its
    history (EventKind.ACCOUNT_ERASED, or REQUESTER_ERASED for one that had ended before): a
    reply to its emails is then answered with what happened (consultations.mail.erased)."""
    ended_before = list(
        Consultation.objects.filter(requester=user, status__in=(S.CLOSED, S.CANCELLED))
    )
    ConsultationEvent.objects.bulk_create(
        event_of(consultation, EventKind.REQUESTER_ERASED, actor=user, at=now)
        for consultation in ended_before
    )
    for pk in (
        Consultation.objects.filter(requester=user)
        .exclude(status__in=ENDED)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        consultation_end_for_erasure(consultation=Consultation.objects.get(pk=pk), now=now)
    theirs = Consultation.objects.filter(requester=user)
    count = theirs.count()
    purged_fields_blank(theirs)
    # Unlinked, the officer's pages say "(anonymised)" where the requester's name was.
    theirs.update(requester=None)
    return count


@transaction.atomic
def consultation_end_for_erasure(*, consultation: Consultation, now: dt.datetime) -> Consultation:
    """End one consultation of a requester deleting their account: the history says why
    (EventKind.ACCOUNT_ERASED); whoever would have answered a cancelled request is told, as
    when a requester cancels one, and so is an appointment's officer. The requester is not:
    the confirmation of the deletion is the last email they get (trial S8), and a
    cancellation would carry a reply address and a link they can no longer use."""
    # Locked first (as requester_ends locks it again): whether it is cancelled or closed is
    # read from the row no other step can change meanwhile.
    consultation = consultation_lock_to_end(consultation, now)
    requester = consultation.requester
    cancel = consultation_may_cancel(consultation)
    with written_in():  # the office's language, as every email to its staff
        reason = _("The requester deleted their account.")
    ended = requester_ends(
        consultation, requester, to_status=S.CANCELLED if cancel else S.CLOSED,
        kind=EventKind.ACCOUNT_ERASED, now=now, appointment_reason=reason, tell_requester=False,
    )  # fmt: skip
    if cancel and not ended.is_repeat and not ended.appointments_ended:
        notifications.consultation_withdrawn(ended, reason=reason)
    return ended
