"""A complaint that came in as a consultation (trial P, P1). The office's email address, which
the service standard names for complaints, and its WhatsApp, phone and web portal bring
complaints into the consultation inbox too. An officer who reads one there records it as a
complaint: filed as every complaint is (complaints.handling.filing: the checks, the tracking
code, the due date, the acknowledgement to the complainant, the news to the supervisors), by
the channel it came by, received when it came in (its due date counts from then), in the
requester's name and contact, with the files they sent as its evidence. The consultation is
closed with it (recorded as a complaint: not a consultation in the reports) and each names
the other. One complaint per consultation: its row lock and a unique link."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling.evidence import evidence_check, evidence_store
from complaints.handling.filing import complaint_acknowledge, complaint_checked, complaint_saved
from complaints.handling.models import (
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
)
from complaints.handling.selectors import may_record_from_consultation
from consultations.errors import ConsultationError
from consultations.lifecycle import BEFORE_ANSWER, consultation_close_as_complaint
from consultations.lifecycle.rules import consultation_lock_to_end
from consultations.models import Attachment, Channel, Consultation
from consultations.requester_contact import requester_language
from consultations.selectors import request_sent_at, requester_attachments
from pst.models import User

# The complaint's channel for each consultation channel it can come from. A walk-in visitor
# complaining at the desk is recorded on /complaints/record/: a walk-in record is no inbox mail.
CHANNELS = {
    Channel.WEB: ComplaintChannel.WEB,
    Channel.EMAIL: ComplaintChannel.EMAIL,
    Channel.WHATSAPP: ComplaintChannel.WHATSAPP,
    Channel.PHONE: ComplaintChannel.PHONE,
}


def complaint_from_consultation_check(consultation: Consultation) -> None:
    """Refuses a consultation that cannot become a complaint: one answered or ended (an answer
    was given, or it was closed: the requester was told what became of it), or one recorded
    at the desk."""
    if consultation.channel not in CHANNELS:
        raise ComplaintError(
            _("A complaint made at the desk is recorded on the complaint form for officers."),
            code="channel",
        )
    if consultation.status not in BEFORE_ANSWER:
        raise ComplaintError(
            _("This consultation is %(status)s: only one not answered yet can be recorded as a "
              "complaint.") % {"status": consultation.get_status_display().lower()},
            code="state",
        )  # fmt: skip


def requester_contact(consultation: Consultation) -> dict[str, Any]:
    """The complainant's name and contact: the requester's account, else what the consultation
    keeps of them (an email's sender, a WhatsApp number)."""
    account = consultation.requester
    if account is not None:
        # A deactivated account is not written to (as its consultation's mail: trial E, F6);
        # without an address the answers wait to be passed on by phone (review).
        email = account.email if account.is_active else ""
        name, phone = account.full_name, account.phone
    else:
        email, phone = consultation.requester_email, consultation.requester_phone
        name = consultation.requester_name
    return {
        "is_anonymous": False,
        "complainant_name": name or email.partition("@")[0] or phone,
        "complainant_email": email,
        "complainant_phone": phone,
    }


def complaint_received_at(consultation: Consultation) -> dt.datetime:
    """When the complaint came in: when the requester sent it (consultations'
    request_sent_at: for one an officer typed in later, when it reached the office)."""
    return request_sent_at(consultation, list(consultation.messages.all()[:1]))


def _chosen_files(consultation: Consultation, chosen: Iterable[int]) -> list[Attachment]:
    """The requester's files `chosen` by id (requester_attachments), in their order."""
    wanted = set(chosen)
    files = [row for row in requester_attachments(consultation) if row.pk in wanted]
    if len(files) != len(wanted):
        raise ComplaintError(
            _("Choose among the files the requester sent."), code="files", field="files"
        )
    return files


def _uploads(files: list[Attachment], stack: contextlib.ExitStack) -> list[UploadedFile]:
    """Each stored file opened to be checked and stored again as evidence (the complaint's
    copy is deleted with the complainant's data, the consultation's with its own)."""
    uploads = []
    for row in files:
        try:
            handle = stack.enter_context(row.file.open("rb"))
        except FileNotFoundError as error:
            raise ComplaintError(
                _("“%(name)s” is no longer stored: leave it out.") % {"name": row.name},
                code="file_missing",
                field="files",
            ) from error
        uploads.append(
            UploadedFile(handle, name=row.name, content_type=row.content_type, size=row.size)
        )
    return uploads


@transaction.atomic
def complaint_from_consultation(
    *,
    consultation: Consultation,
    officer: User,
    data: Mapping[str, Any],
    files: Iterable[int] = (),
    client_request_id: Any = None,
    now: dt.datetime | None = None,
) -> tuple[Complaint, bool]:
    """Record the consultation as a complaint: `data` gives its category and description
    (the question, as the officer edited it), `files` the ids of the requester's files to
    keep as its evidence (at most COMPLAINT_EVIDENCE_FILES). Closes the consultation with it.
    A second attempt (a double submission, two officers at once: they queue on the
    consultation's row) gets the complaint recorded, with `is_repeat` set. Returns the
    complaint and whether it is new."""
    now = now or timezone.now()
    locked = consultation_lock_to_end(consultation, now)
    existing = Complaint.objects.filter(source_consultation=locked).first()
    if existing is not None:
        existing.is_repeat = True
        return existing, False
    office = locked.office
    if not may_record_from_consultation(officer, office):
        raise ComplaintError(
            _("Only the office's consultation officers and supervisors record its "
              "consultations as complaints."),
            code="not_allowed",
        )  # fmt: skip
    complaint_from_consultation_check(locked)
    if not office.is_active:
        raise ComplaintError(_("This office does not take complaints here."), code="office")
    received_at = complaint_received_at(locked)
    data = {**data, **requester_contact(locked), "related_reference": ""}
    complaint, due = complaint_checked(
        office=office, data=data, complainant=locked.requester, now=received_at,
        channel=CHANNELS[locked.channel], language=requester_language(locked),
    )  # fmt: skip
    complaint.source_consultation = locked
    with contextlib.ExitStack() as stack:
        evidence = evidence_check(_uploads(_chosen_files(locked, files), stack))
        try:
            consultation_close_as_complaint(consultation=locked, officer=officer, now=now)
        except ConsultationError as error:
            raise ComplaintError(error.message, code=error.code) from error
        saved = complaint_saved(
            complaint, client_request_id=client_request_id, office=office, data=data
        )
        if saved is not complaint:
            # The form's request id names another complaint: this one is not recorded.
            raise ComplaintError(
                _("This form was already used. Open the complaint form again."),
                code="request_used",
            )
        evidence_store(complaint, evidence)
    complaint_acknowledge(complaint, due=due, actor=officer)
    ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEventKind.FROM_CONSULTATION, from_status="",
        to_status=complaint.status, body=locked.reference, is_public=False, actor=officer,
        at=now,
    )  # fmt: skip
    return complaint, True
