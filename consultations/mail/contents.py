"""What a mail adds to a conversation (consultations.mail.services) or to a complaint
(complaints.handling.additions): its files through the upload checks one by one — a refused
file does not lose the mail, and why it was refused is written in every language, stored in
the office's and emailed in the reader's (pst.languages.in_every_language) — and its text
with the files not taken, cut to the length a message takes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.conversation import MESSAGE_MAX_LENGTH, attachments_check
from consultations.errors import ConsultationError
from consultations.mail.parse import IncomingMail
from consultations.models import Message
from pst.languages import in_every_language


def _refusal(upload: SimpleUploadedFile) -> str:
    """Why `upload` is not taken, in the active language; "" when it is."""
    try:
        attachments_check([upload])
    except ConsultationError as refused:
        return str(refused.message)
    return ""


def _too_many(upload: SimpleUploadedFile, most: int) -> str:
    return _("“%(name)s”: at most %(count)d files are taken from one message.") % {
        "name": upload.name,
        "count": most,
    }


def mail_files_checked(
    mail: IncomingMail, *, most: int | None = None
) -> tuple[list[SimpleUploadedFile], list[Promise]]:
    """The files taken (the upload checks, at most `most`: ATTACHMENTS_PER_MESSAGE), and why
    each other one was not: stored in the office's language, emailed in the reader's
    (pst.languages.in_every_language)."""
    most = settings.ATTACHMENTS_PER_MESSAGE if most is None else most
    accepted, refusals = [], []
    for upload in mail.files:
        if len(accepted) >= most:
            refusals.append(in_every_language(partial(_too_many, upload, most)))
        elif _refusal(upload):
            refusals.append(in_every_language(partial(_refusal, upload)))
        else:
            accepted.append(upload)
    return accepted, refusals


def refusals_section(refusals: Sequence[Promise | str]) -> str:
    """The files of an email that were not taken, under a heading, in the active language."""
    return _("Files of this email that were not taken:") + "".join(
        f"\n- {refusal}" for refusal in refusals
    )


def mail_body(mail: IncomingMail) -> str:
    """What the mail says, or that it said nothing (a mail of files alone)."""
    return mail.text or _("(The email had no text.)")


def mail_text(
    mail: IncomingMail,
    refusals: Sequence[Promise | str],
    *,
    intro: str = "",
    limit: int = MESSAGE_MAX_LENGTH,
) -> str:
    """The message as stored: the mail's text, the files that were not taken, and a note
    when the text was longer than `limit`, cut there."""
    return text_with_refusals(mail_body(mail), refusals, intro=intro, limit=limit)


def text_with_refusals(
    text: str,
    refusals: Sequence[Promise | str],
    *,
    intro: str = "",
    limit: int = MESSAGE_MAX_LENGTH,
) -> str:
    """`text` (after `intro`) with the files that were not taken, cut at `limit` (marked:
    `mail_was_cut`)."""
    parts = [intro] if intro else []
    parts.append(text)
    if refusals:
        parts.append(refusals_section(refusals))
    text = "\n\n".join(parts)
    if len(text) > limit:
        cut = _cut_mark()
        text = text[: limit - len(cut)].rstrip() + cut
    return text


def _cut_mark() -> str:
    return "\n\n" + _("[The email was longer: the rest was cut.]")


def mail_was_cut(text: str) -> bool:
    """`text` (mail_text's) lost the end of the mail."""
    return text.endswith(_cut_mark())


def mail_cut_tell(message: Message, mail: IncomingMail) -> None:
    # The rest is kept nowhere (a piped mail is not stored whole): its writer is told at once
    # how to send it (trial H, H8) — when the portal may write to them at all (mail_answered).
    if mail_answered(mail) and mail_was_cut(message.body):
        notifications.mail_cut(message.consultation)


def mail_answered(mail: IncomingMail) -> bool:
    """Whether the portal may write to the sender of a stored mail about it (its refused
    files here, a complaint's acknowledgement in complaints.handling.additions). An automatic
    mail (a list's, to a reply address) is never answered: two robots would write to each
    other. Nor is a From the office's server did not vouch for: it may be someone else's
    address (review; trial R, R2). The mail itself is kept either way."""
    return not mail.automatic and mail.sender_vouched is not False


def refusals_told(mail: IncomingMail, refusals: list[Promise]) -> list[Promise]:
    """The refused files its sender is emailed about (none when it is not `mail_answered`).
    Only a requester's stored mail gets here (a stranger's is not stored, an officer's is a
    note); its Message-ID is stored with it, so a redelivery is a duplicate and tells nothing
    again."""
    return refusals if mail_answered(mail) else []


def refusals_tell(mail: IncomingMail, message: Message, refusals: list[Promise]) -> None:
    told = refusals_told(mail, refusals)
    if told:
        notifications.mail_files_refused(message.consultation, told)
