"""What a complainant sends about their complaint after it was filed. Today one path brings
it: an email answering the consultation an officer recorded as the complaint (trial: such a
reply opened a new consultation, "Follow-up of KS-… (cancelled)", which the complaint's
handlers never saw). Consultations' mail-in hands it over through the signal
consultations.signals.mail_to_recorded_complaint (complaints.apps connects
`mail_to_recorded_complaint`): only a mail of the consultation's requester comes here;
anyone else's goes the way it goes for any consultation (an officer's note, a stranger's
left for a person).

It joins the complaint's history ("Message from the complainant", listed on the tracking
page without its text), its files become evidence (the upload checks one by one, at most
COMPLAINT_EVIDENCE_FILES from one email and COMPLAINT_EVIDENCE_FILES_TOTAL in all: a refused
file does not lose the mail, it is named in it), the complaint's handlers are told as of a
new complaint, and the complainant is told that it was added (as the consultations' mail-in,
never an automatic mail nor a From the office's server did not vouch for:
consultations.mail.contents.mail_answered). A closed complaint takes it too — the office must
not lose what the person wrote, and nothing reopens a closed complaint — and the complainant
is told that it is closed and that a new complaint is how to take the matter further.

When the complainant deleted their account (trial S, S3), the consultation's mail-in brings
a vouched mail about a complaint still open only (consultations.mail.erased); the complaint
keeps no address, so the sender's vouched From is acknowledged, and told that the office no
longer writes to them: the tracking page, with the code the email gives, is where they
follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling import notifications
from complaints.handling.evidence import evidence_check, evidence_store, evidence_within_total
from complaints.handling.models import (
    ANSWER_MAX_LENGTH,
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
)
from consultations.mail.contents import (
    mail_answered,
    mail_body,
    mail_files_checked,
    mail_was_cut,
    text_with_refusals,
)
from consultations.mail.parse import IncomingMail
from consultations.mail.services import MailOutcome
from consultations.models import Consultation
from pst.service_checks import personal_text_refuse


@transaction.atomic
def complaint_add_from_complainant(
    *,
    complaint: Complaint,
    body: str,
    files: Sequence[UploadedFile] = (),
    email_message_id: str = "",
    refusals: Sequence[Promise | str] = (),
    acknowledge: bool = True,
    acknowledge_to: str = "",
    now: dt.datetime | None = None,
) -> ComplaintEvent:
    """Add what the complainant wrote (`body`) to the history of `complaint`, open or closed,
    with the files they sent that were not taken — `refusals`, and those beyond what its
    evidence still takes (evidence_within_total) — cut at ANSWER_MAX_LENGTH; the other
    `files` as evidence. Its handlers are told, and, with `acknowledge` (not to an automatic
    mail), the complainant, with the files not taken — at `acknowledge_to` when the complaint
    keeps no address (its complainant deleted their account). The same email (`email_message_id`)
    twice is added once: the second time the event added comes back with `is_repeat` set and
    nobody is told again. The complaint's row lock makes a delivery at the same moment wait
    and find the first, and count the files it added."""
    now = now or timezone.now()
    locked = Complaint.objects.select_for_update().select_related("office").get(pk=complaint.pk)
    if email_message_id:
        existing = locked.events.filter(email_message_id=email_message_id).first()
        if existing is not None:
            existing.is_repeat = True
            return existing
    if not str(body or "").strip():
        raise ComplaintError(_("Write a message."), code="required", field="body")
    files, over_total = evidence_within_total(locked, files)
    refusals = [*refusals, *over_total]
    text = text_with_refusals(str(body).strip(), refusals, limit=ANSWER_MAX_LENGTH)
    personal_text_refuse(ComplaintEvent, {"body": text}, error=ComplaintError)
    evidence = evidence_check(files)
    event = ComplaintEvent.objects.create(
        complaint=locked, kind=ComplaintEventKind.FROM_COMPLAINANT, from_status=locked.status,
        to_status=locked.status, body=text, is_public=True, actor=None, at=now,
        email_message_id=email_message_id or None,
    )  # fmt: skip
    evidence_store(locked, evidence)
    notifications.complainant_wrote(locked)
    if acknowledge:
        notifications.complainant_addition_received(
            locked, refusals=refusals, cut=mail_was_cut(text), to=acknowledge_to
        )
    return event


def mail_to_recorded_complaint(
    sender: object, *, consultation: Consultation, mail: IncomingMail, now: dt.datetime,
    erased: bool = False, **kwargs: object,
) -> MailOutcome | None:  # fmt: skip
    """The receiver of consultations.signals.mail_to_recorded_complaint: the mail of
    `consultation`'s requester added to the complaint it was recorded as; None when no
    complaint holds it any more (its link purged): the mail then goes as to any ended
    consultation. `erased`: the requester deleted their account, and the mail is vouched
    for: added only to a complaint still open, acknowledged at its From."""
    complaint = Complaint.objects.filter(source_consultation=consultation).first()
    if complaint is None or (erased and not complaint.is_open):
        return None
    files, refusals = mail_files_checked(mail, most=settings.COMPLAINT_EVIDENCE_FILES)
    event = complaint_add_from_complainant(
        complaint=complaint, body=mail_body(mail), files=files,
        email_message_id=mail.message_id, refusals=refusals,
        # Kept, and its handlers told, but not answered as the consultations' mail is not:
        # an automatic mail (robots would converse), an unvouched From (someone else's?).
        acknowledge=mail_answered(mail), acknowledge_to=mail.from_address if erased else "",
        now=now,
    )  # fmt: skip
    return MailOutcome(
        "duplicate" if event.is_repeat else "complaint",
        consultation_id=consultation.pk,
        complaint_id=complaint.pk,
    )
