"""An email answering a consultation an officer recorded as a complaint reaches the complaint
(complaints.handling.additions), never a new consultation: before, it opened "Follow-up of
KS-… (cancelled)", which the complaint's handlers never saw. In its history, its files as
evidence, the handlers told, its sender answered in their language with the tracking code;
a closed complaint takes it too and its sender is pointed to a new complaint; the same mail
twice is added once; anyone but the requester is treated as for any consultation."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core import mail
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from complaints.handling import services
from complaints.handling.codes import code_start
from complaints.handling.from_consultation import complaint_from_consultation
from complaints.handling.retention import complaint_contacts_purge
from complaints.models import Complaint, ComplaintCategory
from consultations.mail.services import mail_receive
from consultations.mail.token import reply_address
from consultations.models import Consultation, Dismissal
from tests.concurrency import run_in_parallel
from tests.consultations.mail.test_fetch_mail import SEEN, fetch
from tests.consultations.mail.test_receive_email import receive

ADDED = "Your message was added to your complaint"
CLOSED = "Your complaint is already closed"
CLOSED_TO_STAFF = (
    "The complainant wrote again about a complaint that is closed: read it in its history. "
    "They were told that it is closed and that they may file a new complaint if the matter "
    "is not settled."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def recorded(consultation, consultation_officer, supervisor, visitor):
    """The visitor's web consultation, recorded as a complaint by the officer (it closes
    with the reason "recorded as a complaint"); the office's supervisor handles it."""

    def record(language: str = "") -> Complaint:
        visitor.language = language
        visitor.save(update_fields=["language"])
        complaint, _created = complaint_from_consultation(
            consultation=consultation, officer=consultation_officer,
            data={"category": ComplaintCategory.objects.get(office=None, key="waiting"),
                  "description": consultation.question},
            client_request_id=uuid.uuid4(),
        )  # fmt: skip
        consultation.refresh_from_db()
        assert consultation.dismissal == Dismissal.COMPLAINT
        mail.outbox.clear()
        return complaint

    return record


def emails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def added_events(complaint: Complaint) -> list:
    return list(complaint.events.filter(kind="from_complainant"))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_requesters_reply_reaches_the_complaint_and_opens_no_consultation(
    recorded, consultation, visitor, supervisor, eml, language
):
    complaint = recorded(language)

    out = receive(eml("reply_outlook", consultation))

    assert out.strip() == f"complaint: complaint {complaint.pk}"
    assert Consultation.objects.count() == 1  # no "Follow-up of KS-… (cancelled)"
    (event,) = added_events(complaint)
    assert "is the 2024 figure final or preliminary?" in event.body
    assert "Sent: Wednesday" not in event.body  # the quoted history cut, as in a reply
    assert (event.is_public, event.actor, event.email_message_id) == (
        True, None, "<DB9PR01MB1234outlook@eurprd01.prod.example.outlook.com>",
    )  # fmt: skip
    assert event.to_status == event.from_status == "received"
    # The handlers, as of a new complaint: the code's start and the link, not the text.
    (to_supervisor,) = emails_to(supervisor.email)
    assert in_language("id", "The complainant wrote again") in to_supervisor.subject
    assert code_start(complaint.code) in to_supervisor.body
    assert complaint.display_code not in to_supervisor.body
    assert f"/complaints/{complaint.pk}/" in to_supervisor.body
    # The sender, in their language, with the tracking code.
    (to_sender,) = emails_to(visitor.email)
    assert to_sender.subject == f"{in_language(language, ADDED)} · {complaint.display_code}"
    assert complaint.display_code in to_sender.body
    assert in_language(language, "The office reads it with your complaint.") in to_sender.body
    other = "en" if language == "id" else "id"
    assert in_language(other, ADDED) not in to_sender.body
    assert len(mail.outbox) == 2


def test_the_files_become_evidence_and_a_refused_one_is_named(recorded, consultation, visitor, eml):
    complaint = recorded("en")

    assert receive(eml("photo_heic", consultation)).startswith("complaint")

    assert list(complaint.evidence.values_list("name", flat=True)) == ["IMG_0001.HEIC"]
    (event,) = added_events(complaint)
    # Stored in the office's language, told in the complainant's.
    assert "“IMG_0002.HEIC” bukan jenis berkas yang kami terima" in event.body
    (to_sender,) = emails_to(visitor.email)
    assert "“IMG_0002.HEIC” is not a file type we accept" in to_sender.body
    assert "bukan jenis berkas" not in to_sender.body


def test_the_same_mail_delivered_twice_is_added_once(recorded, consultation, eml):
    complaint = recorded()
    raw = eml("photo_heic", consultation)

    assert receive(raw).startswith("complaint")
    told = len(mail.outbox)
    assert receive(raw).strip() == f"duplicate: complaint {complaint.pk}"

    assert len(added_events(complaint)) == 1
    assert complaint.evidence.count() == 1
    assert len(mail.outbox) == told  # nobody told again
    assert Consultation.objects.count() == 1


def test_a_mail_fetched_twice_from_the_mailbox_is_added_once(recorded, consultation, eml, mailbox):
    complaint = recorded()
    mailbox.append(eml("reply_quoted", consultation))
    mailbox.append(eml("reply_quoted", consultation))

    assert fetch() == "stored: 1, duplicates: 1, ignored: 0, left for a person: 0"
    mailbox.connection.select(mailbox.folder)
    mailbox.connection.store("1:*", "-FLAGS", SEEN)  # a person marks them unread again
    assert fetch() == "stored: 0, duplicates: 2, ignored: 0, left for a person: 0"

    assert len(added_events(complaint)) == 1
    assert Consultation.objects.count() == 1


def test_someone_else_writing_to_the_reply_address_adds_nothing(recorded, consultation, eml):
    complaint = recorded()
    raw = eml("reply_outlook", consultation).replace(b"pengguna@example.org", b"lain@example.net")

    # As for any consultation's reply address: bounced with the reason (flagged by fetch_mail).
    with pytest.raises(CommandError) as refused:
        receive(raw)

    assert refused.value.returncode == 65
    assert added_events(complaint) == []
    assert Consultation.objects.count() == 1
    assert mail.outbox == []


def test_a_closed_complaint_keeps_the_mail_and_its_sender_is_pointed_to_a_new_one(
    recorded, consultation, visitor, supervisor, eml
):
    complaint = recorded("en")
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah ditegur.")
    mail.outbox.clear()

    assert receive(eml("reply_outlook", consultation)).startswith("complaint")

    complaint.refresh_from_db()
    assert complaint.status == "resolved"  # nothing reopens a closed complaint
    (event,) = added_events(complaint)
    assert event.from_status == event.to_status == "resolved"
    (to_sender,) = emails_to(visitor.email)
    assert in_language("en", CLOSED) in to_sender.body
    assert "/complaints/new/" in to_sender.body
    (to_supervisor,) = emails_to(supervisor.email)
    assert in_language("id", CLOSED_TO_STAFF) in to_supervisor.body
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_answer_about_a_closed_complaint_gives_its_status_and_no_due_date(
    recorded, consultation, visitor, supervisor, eml, language
):
    # Trial R, R8: "Tenggat: Kamis 3 Desember 2026" under "your complaint is already closed".
    complaint = recorded(language)
    due = in_language(language, "Due:")
    assert receive(eml("reply_quoted", consultation)).startswith("complaint")
    (while_open,) = emails_to(visitor.email)
    assert due in while_open.body  # an open complaint's answer keeps it
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah ditegur.")
    mail.outbox.clear()

    assert receive(eml("reply_outlook", consultation)).startswith("complaint")

    (to_sender,) = emails_to(visitor.email)
    complaint.refresh_from_db()
    with translation.override(language):
        resolved = f"{gettext('Status:')} {complaint.get_status_display()}"
    assert resolved in to_sender.body
    assert due not in to_sender.body
    (to_supervisor,) = emails_to(supervisor.email)
    assert in_language("id", "Due:") not in to_supervisor.body


def test_a_mailing_list_relaying_the_reply_gets_no_answer(recorded, consultation, visitor, eml):
    complaint = recorded()
    raw = eml("reply_outlook", consultation).replace(
        b"MIME-Version:", b"List-Id: <staf.example.org>\nMIME-Version:", 1
    )

    assert receive(raw).startswith("complaint")

    assert len(added_events(complaint)) == 1
    assert emails_to(visitor.email) == []  # two robots would write to each other


def test_once_the_complaint_is_unlinked_by_the_purge_a_reply_goes_as_to_an_ended_consultation(
    recorded, consultation, supervisor, office, eml
):
    complaint = recorded()
    assert receive(eml("reply_outlook", consultation)).startswith("complaint")
    services.complaint_verify(complaint=complaint, user=supervisor)
    services.complaint_resolve(complaint=complaint, user=supervisor, answer="Sudah ditegur.")

    complaint_contacts_purge(office=office, before=dt.date(2026, 11, 24))

    (event,) = added_events(complaint)
    assert event.body == ""  # what the complainant wrote goes with their account of it
    out = receive(eml("reply_quoted", consultation))
    assert out.startswith("opened")
    assert Consultation.objects.count() == 2


@pytest.mark.parametrize(
    ("header", "answered"),
    [
        (b"", False),  # the office's server said nothing of the From
        (b"Authentication-Results: mx.example.go.id; dmarc=fail header.from=example.org\n", False),
        (b"Authentication-Results: mx.example.go.id; dmarc=pass header.from=example.org\n", True),
    ],
)
def test_a_sender_nobody_vouched_for_is_not_answered_but_the_complaint_keeps_the_mail(
    recorded, consultation, visitor, supervisor, eml, settings, header, answered
):
    # Trial R, R2: the From may be someone else's address, who would get the tracking code
    # and the refused files; the consultations' mail-in answers nobody unvouched either.
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    complaint = recorded("en")

    assert receive(header + eml("photo_heic", consultation)).startswith("complaint")

    # Kept as the consultation path keeps it: the text, the refusal named, the file, the
    # handlers told.
    (event,) = added_events(complaint)
    assert "Berikut foto surat" in event.body and "IMG_0002.HEIC" in event.body
    assert list(complaint.evidence.values_list("name", flat=True)) == ["IMG_0001.HEIC"]
    assert len(emails_to(supervisor.email)) == 1
    assert len(emails_to(visitor.email)) == (1 if answered else 0)


# -- the evidence a complaint keeps in all (trial R, R4) --------------------------------------

PDF = base64.b64decode(
    "JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZy9QYWdlcyAyIDAgUj4+ZW5kb2JqCjIgMCBvYmo8PC9UeXBl"
    "L1BhZ2VzL0tpZHNbXS9Db3VudCAwPj5lbmRvYmoKdHJhaWxlcjw8L1Jvb3QgMSAwIFI+PgolJUVPRgo="
)


OVER_TOTAL = "“%(name)s”: a complaint keeps at most %(count)d files, and yours has that many now."


def over_total(name: str, language: str) -> str:
    return in_language(language, OVER_TOTAL) % {"name": name, "count": 4}


def with_pdfs(consultation, names: list[str], *, text: str = "Tambahan bukti.") -> bytes:
    """The requester's email to the consultation's reply address, one PDF per name."""
    message = EmailMessage()
    message["From"] = "Siti Pengguna <pengguna@example.org>"
    message["To"] = reply_address(consultation)
    message["Subject"] = "Re: pengaduan"
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(text)
    for name in names:
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


def test_two_emails_give_a_complaint_no_more_files_than_it_keeps_in_all(
    recorded, consultation, visitor, supervisor, eml, settings
):
    settings.COMPLAINT_EVIDENCE_FILES_TOTAL = 4
    complaint = recorded("en")

    assert receive(with_pdfs(consultation, ["a1.pdf", "a2.pdf", "a3.pdf"])).startswith("complaint")
    mail.outbox.clear()
    raw = with_pdfs(consultation, ["b1.pdf", "b2.pdf", "b3.pdf"], text="Masih belum beres.")
    assert receive(raw).startswith("complaint")

    # Before: each email took its 3, whatever the complaint held already.
    names = list(complaint.evidence.order_by("pk").values_list("name", flat=True))
    assert names == ["a1.pdf", "a2.pdf", "a3.pdf", "b1.pdf"]
    # The text is added all the same, and the files left out are named in it, in the office's
    # language, and to their sender in theirs.
    second = complaint.events.filter(kind="from_complainant").order_by("pk").last()
    assert second.body.startswith("Masih belum beres.")
    for name in ("b2.pdf", "b3.pdf"):
        assert over_total(name, "id") in second.body
    assert "b1.pdf" not in second.body
    (to_sender,) = emails_to(visitor.email)
    assert over_total("b2.pdf", "en") in to_sender.body
    assert over_total("b3.pdf", "en") in to_sender.body
    assert len(emails_to(supervisor.email)) == 1

    # Full: a third email keeps none of its files, and still its text.
    assert receive(with_pdfs(consultation, ["c1.pdf"], text="Satu lagi.")).startswith("complaint")
    assert complaint.evidence.count() == 4
    assert "c1.pdf" in complaint.events.order_by("pk").last().body


def test_by_default_a_complaint_keeps_twice_what_the_form_takes(settings):
    assert settings.COMPLAINT_EVIDENCE_FILES_TOTAL == 2 * settings.COMPLAINT_EVIDENCE_FILES


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_emails_delivered_at_once_count_each_others_files(recorded, consultation, settings):
    settings.COMPLAINT_EVIDENCE_FILES_TOTAL = 4
    complaint = recorded()
    mails = [with_pdfs(consultation, [f"{i}-{n}.pdf" for n in range(3)]) for i in range(2)]

    results, errors = run_in_parallel(2, lambda i: mail_receive(raw=mails[i]))

    assert errors == []
    assert [outcome.kind for outcome in results] == ["complaint", "complaint"]
    assert complaint.evidence.count() == 4
    bodies = "".join(event.body for event in added_events(complaint))
    assert sum(over_total(f"{i}-{n}.pdf", "id") in bodies for i in range(2) for n in range(3)) == 2
