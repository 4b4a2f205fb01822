"""An email that reached the office's mailbox, into the conversation (issue 11 item 5).

- To a consultation's reply address (consultations.mail.token) from its requester: their
  reply, through the lifecycle (`consultation_reply`, channel email). After the consultation
  was closed or cancelled, a new consultation that names the old one (a closed request is
  never written into again; the officers see both).
- From a consultation officer of its office: an internal note (a reply to a notification is
  for colleagues; the requester is written to from the portal), and the officer is emailed
  that the requester did not get it.
- To the reply address of a consultation an officer closed as not a consultation (spam):
  nothing.
- From its requester to the reply address of a consultation an officer recorded as a
  complaint: the complaint's (the signal consultations.signals.mail_to_recorded_complaint;
  complaints.handling.additions takes it), never a new consultation.
- From anyone else to a reply address: nothing (logged; `receive_email` bounces it with the
  reason, `fetch_mail` leaves it flagged for a person). When the consultation's requester
  deleted their account, the reason is that (consultations.mail.erased), and a vouched mail
  about it recorded as a complaint still open is the complaint's.
- Without a genuine token: a new consultation on channel email at the mailbox's office
  (`consultation_open_remote`, linked to the account with that verified address — when
  MAIL_IN_AUTHSERV_ID is set, only if that server vouched for the From); when its
  subject names an earlier consultation of its sender, it starts with that reference.
- Automatic replies, bounces, our own mail and a flood from one address create nothing; the
  same Message-ID twice is stored once.

Files go through the upload checks one by one: a refused file does not lose the mail, the
message says which file was not taken and why (the requester reads it too, and can send it
another way), and the requester who sent it is emailed that list once, with how to send the
files instead — in the email that the consultation is open, for a mail that opens one (never
an officer, whose mail is a note, an automatic mail, nor a From the office's server did not
vouch for)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.errors import ConsultationError
from consultations.guest_access import Guest, guest_address
from consultations.lifecycle import consultation_reply, consultation_write
from consultations.lifecycle.remote import consultation_open_remote
from consultations.mail.contents import (
    mail_answered,
    mail_cut_tell,
    mail_files_checked,
    mail_text,
    refusals_tell,
    refusals_told,
)
from consultations.mail.erased import consultation_erasure, erased_reply_refusal
from consultations.mail.parse import IncomingMail, mail_parse
from consultations.mail.token import token_consultation_id
from consultations.models import Channel, Consultation, ConsultationStatus, Dismissal, Message
from consultations.references import references_named
from consultations.signals import mail_to_recorded_complaint
from pst.models import Office, User, email_normalize
from pst.permissions import Action, user_can
from pst.personal_data import mask_email
from pst.throttle import counted_over

# Logs name a sender masked (DESIGN §7); the Message-ID finds the mail in the mailbox.
logger = logging.getLogger("consultations.mail")

OPEN_STATUSES = (
    ConsultationStatus.SUBMITTED,
    ConsultationStatus.NEEDS_CLARIFICATION,
    ConsultationStatus.ACCEPTED,
    ConsultationStatus.ANSWERED,
)
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class MailOutcome:
    """What became of one mail. `kind`: reply, note, opened (a new consultation), complaint
    (added to the complaint `complaint_id` its consultation was recorded as), duplicate,
    ignored (`reason`: auto_reply, bulk, bounce, own_mail, flood, stranger, dismissed,
    erased — `told`: what its sender is told, in their language)."""

    kind: str
    reason: str = ""
    consultation_id: int | None = None
    message_id: int | None = None
    complaint_id: int | None = None
    told: str = ""

    @property
    def stored(self) -> bool:
        return self.kind in ("reply", "note", "opened", "complaint")

    @property
    def where(self) -> str:
        """What it went to, for a log or a command's output."""
        if self.complaint_id is not None:
            return f"complaint {self.complaint_id}"
        return f"consultation {self.consultation_id}"

    @property
    def for_a_person(self) -> bool:
        """Not stored, but a person may want to read it: someone else writing to a reply
        address (a colleague of the requester?), an address sending too much, a list's mail
        (the office's address may itself be a list: left flagged in the mailbox, not lost)."""
        return self.kind == "ignored" and self.reason in ("stranger", "flood", "bulk", "erased")


def mailbox_office(recipients: list[str]) -> Office:
    """The office a mail without a token is for: the one whose address it was sent to,
    else MAIL_IN_OFFICE, else DEFAULT_OFFICE, else the only active office."""
    offices = Office.objects.filter(is_active=True)
    for address in recipients:
        office = offices.filter(email__iexact=address).first()
        if office is not None:
            return office
    for code in (settings.MAIL_IN_OFFICE, settings.DEFAULT_OFFICE):
        office = offices.filter(code=code).first() if code else None
        if office is not None:
            return office
    only = list(offices[:2])
    if len(only) == 1:
        return only[0]
    raise ConsultationError(
        _("No office takes this mailbox's mail: set MAIL_IN_OFFICE."), code="office"
    )


def _own_addresses() -> set[str]:
    return {parseaddr(address)[1].lower() for address in (settings.DEFAULT_FROM_EMAIL,)}


def _flooding(address: str) -> bool:
    # Counted per hour for every new mail of the address, stored or not: a loop with a
    # mailer that does not say it is automatic stops here.
    return counted_over(
        f"consultations:mail-in:{address}",
        limit=settings.MAIL_IN_PER_SENDER_PER_HOUR,
        window=3600,
    )


def _sender_name(mail: IncomingMail) -> str:
    return (mail.from_name or mail.from_address.partition("@")[0])[:NAME_MAX_LENGTH]


def _requester_of(consultation: Consultation, address: str) -> User | Guest | None:
    if consultation.requester_id is not None:
        requester = consultation.requester
        return requester if requester.email.lower() == address else None
    if guest_address(consultation).lower() == address:
        return Guest(consultation_id=consultation.pk)
    return None


def _staff_of(consultation: Consultation, address: str) -> User | None:
    user = User.objects.filter(email__iexact=email_normalize(address), is_active=True).first()
    if user is not None and user_can(user, Action.ANSWER_CONSULTATIONS, consultation.office):
        return user
    return None


def _open(
    mail: IncomingMail,
    office: Office,
    now: dt.datetime,
    *,
    earlier: Consultation | None = None,
    token: bool = False,
) -> Message:
    """A new consultation from `mail`; `earlier`, the one it follows up (named first);
    `token`: it came to a reply address, whose token shows who it answers."""
    files, refusals = mail_files_checked(mail)
    intro = "\n".join(part for part in (earlier and _follow_up_of(earlier), mail.subject) if part)
    question = mail_text(mail, refusals, intro=intro)
    consultation = consultation_open_remote(
        office=office, channel=Channel.EMAIL, requester_name=_sender_name(mail),
        requester_email=mail.from_address, question=question, files=files,
        email_message_id=mail.message_id, officer=None, now=now,
        # Not into an account's list on a From the office's server did not vouch for: it
        # stays the address's (its follow link goes there), trial H, H3.
        to_account=token or mail.sender_vouched is not False,
        # In the email that it is open: two at the same moment read as spam (review).
        refusals=refusals_told(mail, refusals),
    )  # fmt: skip
    message = consultation.messages.get(email_message_id=mail.message_id)
    mail_cut_tell(message, mail)
    return message


def _to_consultation(
    mail: IncomingMail, consultation: Consultation, now: dt.datetime
) -> tuple[str | None, Message | None]:
    original = consultation.duplicate_of
    if original is not None and original.status in OPEN_STATUSES:
        # Closed as a repeat: its requester was told to follow the one it repeats, which a
        # reply to either reaches (review of trial I's fixes, R6).
        consultation = original
    requester = _requester_of(consultation, mail.from_address)
    if requester is not None and consultation.status not in OPEN_STATUSES:
        return "opened", _open(mail, consultation.office, now, earlier=consultation, token=True)
    if requester is not None:
        files, refusals = mail_files_checked(mail)
        reply = consultation_reply(
            consultation=consultation, requester=requester, body=mail_text(mail, refusals),
            files=files, channel=Channel.EMAIL, email_message_id=mail.message_id, now=now,
        )  # fmt: skip
        mail_cut_tell(reply, mail)
        refusals_tell(mail, reply, refusals)
        return "reply", reply
    officer = _staff_of(consultation, mail.from_address)
    if officer is not None:
        files, refusals = mail_files_checked(mail)
        note = consultation_write(
            consultation=consultation, officer=officer, body=mail_text(mail, refusals),
            internal=True, files=files, channel=Channel.EMAIL,
            email_message_id=mail.message_id, now=now,
        )  # fmt: skip
        notifications.note_by_email_kept(consultation, officer)
        return "note", note
    return None, None


def _follow_up_of(consultation: Consultation) -> str:
    return _("Follow-up of %(reference)s (%(status)s):") % {
        "reference": consultation.reference,
        "status": consultation.get_status_display().lower(),
    }


def _to_recorded_complaint(
    mail: IncomingMail, consultation: Consultation, now: dt.datetime
) -> MailOutcome | None:
    """Its requester's mail to a consultation an officer recorded as a complaint: the
    complaint's (closed or not: it came in answer to what the complaint grew from), never a
    new consultation. None when someone else wrote (an officer's note, a stranger: as for any
    consultation) or no complaint holds the consultation any more (its data purged)."""
    if _requester_of(consultation, mail.from_address) is None:
        return None
    for _receiver, outcome in mail_to_recorded_complaint.send(
        Consultation, consultation=consultation, mail=mail, now=now
    ):
        if outcome is not None:
            return outcome
    return None


def _to_erased_requester(
    mail: IncomingMail, consultation: Consultation, now: dt.datetime
) -> MailOutcome | None:
    """A mail to `consultation`, whose requester deleted their account, from neither them
    (nothing names them now) nor its office's staff: a vouched one about a complaint still
    open is the complaint's (consultations.mail.erased); any other is refused with what
    happened. None for a consultation whose requester did not delete their account."""
    erasure = consultation_erasure(consultation)
    if erasure is None:
        return None
    if consultation.dismissal == Dismissal.COMPLAINT and mail_answered(mail):
        for _receiver, outcome in mail_to_recorded_complaint.send(
            Consultation, consultation=consultation, mail=mail, now=now, erased=True
        ):
            if outcome is not None:
                return outcome
    told = erased_reply_refusal(consultation, erasure)
    return MailOutcome("ignored", reason="erased", consultation_id=consultation.pk, told=told)


def _named_by_its_requester(mail: IncomingMail, office: Office) -> Consultation | None:
    """The consultation of `office` whose reference the subject names ("Re: … · KS-6571-
    000002" with the reply address lost: a new message, a forward, another mail program),
    when the sender is its requester. The mail still opens a consultation of its own: without
    the reply address's token nothing shows that its requester sent it (trial H, H9); the
    officers are pointed at the earlier one."""
    numbers = references_named(mail.subject, office)[:5]
    named = Consultation.objects.select_related("office", "requester", "guestbook_entry")
    for consultation in named.filter(office=office, number__in=numbers).order_by("-number"):
        if _requester_of(consultation, mail.from_address) is not None:
            return consultation
    return None


def _open_new(mail: IncomingMail, now: dt.datetime) -> Message:
    office = mailbox_office(mail.recipients)
    # A From the office's server did not vouch for says nothing of whose it is.
    earlier = _named_by_its_requester(mail, office) if mail.sender_vouched is not False else None
    return _open(mail, office, now, earlier=earlier)


def mail_received_before(message_id: str) -> MailOutcome | None:
    """The outcome for a mail whose Message-ID is stored already (a redelivery): "duplicate",
    naming where it went; None for a new one."""
    message = Message.objects.filter(email_message_id=message_id).first()
    if message is None:
        return None
    return MailOutcome("duplicate", consultation_id=message.consultation_id, message_id=message.pk)


def mail_receive(*, raw: bytes, now: dt.datetime | None = None) -> MailOutcome:
    """Store one mail (its RFC 822 bytes) where it belongs, or say why not. Raises
    ConsultationError for a mail that must be left for a person (too large, no sender,
    refused by the lifecycle)."""
    now = now or timezone.now()
    if len(raw) > settings.MAIL_IN_MAX_BYTES:
        raise ConsultationError(
            _("The email is larger than the mailbox takes (MAIL_IN_MAX_BYTES)."),
            code="too_large",
        )
    mail = mail_parse(raw)
    sender = mask_email(mail.from_address)
    # A list's header does not make a reply to a consultation's address bulk (a requester
    # writing through their organisation's list: review of trial H's fixes).
    if mail.automatic and not (
        mail.automatic == "bulk" and token_consultation_id(mail.recipients) is not None
    ):
        logger.info("Mail %s from %s ignored: %s", mail.message_id, sender, mail.automatic)
        return MailOutcome("ignored", reason=mail.automatic)
    if mail.from_address in _own_addresses():
        logger.info("Mail %s is the portal's own: ignored", mail.message_id)
        return MailOutcome("ignored", reason="own_mail")
    duplicate = mail_received_before(mail.message_id)
    if duplicate is not None:
        return duplicate
    if _flooding(mail.from_address):
        limit = settings.MAIL_IN_PER_SENDER_PER_HOUR
        logger.warning("Mail %s from %s ignored: more than %d this hour", mail.message_id,
                       sender, limit)  # fmt: skip
        return MailOutcome("ignored", reason="flood")
    pk = token_consultation_id(mail.recipients)
    consultation = (
        Consultation.objects.select_related(
            "office",
            "requester",
            "guestbook_entry",
            "duplicate_of__office",
            "duplicate_of__requester",
            "duplicate_of__guestbook_entry",
        )
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if consultation is not None and consultation.dismissal == Dismissal.NOT_A_CONSULTATION:
        # An officer closed it as spam: what its sender writes to it opens nothing more.
        logger.info("Mail %s from %s to consultation %s, closed as not a consultation: "
                    "ignored", mail.message_id, sender, pk)  # fmt: skip
        return MailOutcome("ignored", reason="dismissed", consultation_id=pk)
    try:
        # What the mail adds is stored in the office's language (notes on refused files).
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            if consultation is not None and consultation.dismissal == Dismissal.COMPLAINT:
                elsewhere = _to_recorded_complaint(mail, consultation, now)
                if elsewhere is not None:
                    logger.info("Mail %s from %s: %s, %s", mail.message_id, sender,
                                elsewhere.kind, elsewhere.where)  # fmt: skip
                    return elsewhere
            if consultation is None:
                kind, message = "opened", _open_new(mail, now)
            else:
                kind, message = _to_consultation(mail, consultation, now)
                erased = None if message else _to_erased_requester(mail, consultation, now)
                if erased is not None:
                    logger.info("Mail %s from %s to consultation %s: %s (%s)", mail.message_id,
                                sender, pk, erased.kind, erased.reason or erased.where)  # fmt: skip
                    return erased
    except ConsultationError as error:
        # Delivered twice at the same moment: the other delivery stored it.
        duplicate = mail_received_before(mail.message_id) if error.code == "request_id" else None
        if duplicate is not None:
            return duplicate
        raise
    if message is None:
        logger.warning(
            "Mail %s from %s to consultation %s: not its requester nor its office's staff, "
            "not added", mail.message_id, sender, pk,
        )  # fmt: skip
        return MailOutcome("ignored", reason="stranger", consultation_id=pk)
    logger.info("Mail %s from %s: %s, consultation %s", mail.message_id, sender, kind,
                message.consultation_id)  # fmt: skip
    return MailOutcome(kind, consultation_id=message.consultation_id, message_id=message.pk)
