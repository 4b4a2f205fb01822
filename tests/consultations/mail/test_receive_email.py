"""`manage.py receive_email`: one mail on standard input, with every kind of real `.eml`
file, into the conversation or a new consultation; what creates nothing; what fails."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from consultations import lifecycle, notices
from consultations.lifecycle.remote import consultation_open_remote
from consultations.mail import services as mail_services
from consultations.mail.token import reply_address
from consultations.models import Channel, Consultation, ConsultationStatus, Message, MessageKind
from consultations.notifications import consultation_link
from pst.permissions import Role
from tests.factories import UserFactory

S = ConsultationStatus


def receive(raw: bytes) -> str:
    """Runs the command with `raw` on standard input; its output."""
    stdin, out = sys.stdin, io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("receive_email", stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue()


def refused(raw: bytes) -> CommandError:
    with pytest.raises(CommandError) as caught:
        receive(raw)
    return caught.value


def last_message(consultation) -> Message:
    return consultation.messages.order_by("pk").last()


# -- replies of the requester ---------------------------------------------------------------


def test_a_reply_loses_its_quoted_history_and_signature(consultation, eml):
    out = receive(eml("reply_quoted", consultation))

    message = last_message(consultation)
    assert out.startswith("reply")
    assert message.body == (
        "Yang saya perlukan adalah data tahun 2023 menurut kecamatan, dalam format Excel."
    )
    assert message.channel == Channel.EMAIL
    assert message.email_message_id == "<CAK7reply2Xq@mail.example.org>"
    assert message.kind == MessageKind.PUBLIC
    assert message.author == consultation.requester
    assert not message.from_staff


def test_an_outlook_reply_loses_the_original_below_it_and_the_closing(consultation, eml):
    receive(eml("reply_outlook", consultation))

    assert last_message(consultation).body == (
        "Thank you, one more question: is the 2024 figure final or preliminary?"
    )


def test_a_reply_to_a_clarification_request_returns_the_consultation_to_review(
    consultation, consultation_officer, eml
):
    lifecycle.consultation_request_clarification(
        consultation=consultation, officer=consultation_officer, body="Tahun berapa?"
    )
    mail.outbox.clear()

    receive(eml("reply_quoted", consultation))

    consultation.refresh_from_db()
    assert consultation.status == S.SUBMITTED
    # The officers hear of it, by an email whose reply comes back here too.
    assert [m.to for m in mail.outbox] == [[consultation_officer.email]]
    assert mail.outbox[0].reply_to == [reply_address(consultation)]


def test_files_pass_the_upload_checks_and_a_refused_one_is_noted_not_lost(consultation, eml):
    receive(eml("attachments", consultation))

    message = last_message(consultation)
    names = sorted(message.attachments.values_list("name", flat=True))
    assert names == ["surat pengantar.pdf", "tabel.csv"]
    # The program called jadwal.pdf is not taken; the message says so, for both sides.
    assert message.body.startswith("Terlampir tabel yang saya maksud")
    assert "jadwal.pdf" in message.body
    assert "Berkas email ini yang tidak diterima" in message.body


def test_more_files_than_a_message_takes_are_noted(consultation, eml, settings):
    settings.ATTACHMENTS_PER_MESSAGE = 1

    receive(eml("attachments", consultation))

    message = last_message(consultation)
    assert list(message.attachments.values_list("name", flat=True)) == ["surat pengantar.pdf"]
    assert "tabel.csv" in message.body and "jadwal.pdf" in message.body


def test_a_requester_without_an_account_replies_from_the_address_the_consultation_has(
    office, consultation_officer, eml, clock
):
    receive(eml("plain"))
    opened = Consultation.objects.get()
    raw = eml("reply_outlook", opened).replace(b"pengguna@example.org", b"budi.santoso@example.net")

    out = receive(raw)

    message = last_message(opened)
    assert out.startswith("reply")
    assert message.author is None and not message.from_staff
    assert message.body.startswith("Thank you, one more question")


# -- mail without a token: a new consultation -----------------------------------------------


def test_a_mail_without_token_opens_a_consultation_on_channel_email(
    office, consultation_officer, eml, clock
):
    out = receive(eml("plain"))

    consultation = Consultation.objects.get()
    assert out.startswith("opened")
    assert consultation.office == office
    assert consultation.channel == Channel.EMAIL
    assert consultation.status == S.SUBMITTED
    assert consultation.requester is None
    assert consultation.requester_name == "Budi Santoso"
    assert consultation.requester_email == "budi.santoso@example.net"
    question = consultation.messages.get()
    assert question.body.startswith("Permintaan data PDRB Kota Tarakan 2024\n\nSelamat pagi")
    assert question.body.endswith("Apakah data tersebut tersedia dalam format Excel?")
    assert question.channel == Channel.EMAIL
    # The writer gets the follow link; the officers hear of a new request. Both can reply.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == ["budi.santoso@example.net", consultation_officer.email]
    assert all(m.reply_to == [reply_address(consultation)] for m in mail.outbox)


def test_a_mail_from_a_verified_account_without_token_is_that_accounts(office, visitor, eml, clock):
    raw = eml("plain").replace(b"budi.santoso@example.net", visitor.email.encode())

    receive(raw)

    consultation = Consultation.objects.get()
    assert consultation.requester == visitor
    assert consultation.requester_email == ""


VOUCHED = (
    "mx.example.go.id; dkim=pass header.i=@example.org; spf=pass (sender ok) "
    "smtp.mailfrom=example.org; dmarc=pass (p=NONE (none)) header.from=example.org"
)


@pytest.mark.parametrize(
    "headers, linked",
    [
        ([VOUCHED], True),
        ([VOUCHED.replace("dmarc=pass", "dmarc=fail")], False),
        ([VOUCHED.replace("header.from=example.org", "header.from=example.net")], False),
        # One header per filter (OpenDKIM, then OpenDMARC), spaces and quotes (review, R8).
        (
            [
                "mx.example.go.id; dkim=pass header.d=example.org",
                'mx.example.go.id 1; dmarc = pass header.from = "example.org"',
            ],
            True,
        ),
        # Another server's header (or one the sender wrote naming another) counts for nothing.
        ([VOUCHED.replace("mx.example.go.id", "mx.elsewhere.example")], False),
        ([], False),
        # An absurd header is not read (its comments took seconds to strip: review, R5).
        ([VOUCHED + " (" * 20000 + ")" * 20000], False),
    ],
)
def test_a_mail_without_token_joins_an_account_only_when_the_office_server_vouched(
    office, visitor, eml, clock, settings, headers, linked
):
    # Trial H, H3: anyone can write someone else's address in From.
    settings.MAIL_IN_AUTHSERV_ID = "MX.example.go.id"
    added = "".join(f"Authentication-Results: {header}\n" for header in headers)
    raw = added.encode() + eml("plain").replace(b"budi.santoso@example.net", visitor.email.encode())

    receive(raw)

    consultation = Consultation.objects.get()
    assert (consultation.requester == visitor) is linked
    assert consultation.requester_email == ("" if linked else visitor.email)


def test_an_html_only_mail_is_turned_into_text(office, eml, clock):
    receive(eml("html_only"))

    body = Consultation.objects.get().messages.get().body
    assert "Indeks Pembangunan Manusia tersedia per kecamatan" in body
    assert "* tahun 2022\n* tahun 2023" in body
    assert "Café & data" in body
    assert "<" not in body and "alert" not in body
    assert "Bappeda" not in body  # the signature after "-- "


def test_a_forwarded_mail_keeps_what_it_forwards(office, eml, clock):
    receive(eml("forwarded"))

    consultation = Consultation.objects.get()
    body = consultation.messages.get().body
    assert consultation.requester_email == "sekretariat@example.go.id"
    assert "berapa persentase penduduk miskin Kota Tarakan tahun 2025" in body
    assert "From: Andi Pratama" in body


def test_a_mail_forwarded_as_an_attachment_brings_its_text(office, eml, clock):
    receive(eml("forwarded_as_attachment"))

    body = Consultation.objects.get().messages.get().body
    assert body.startswith("Permintaan warga untuk PST\n\nMohon ditindaklanjuti")
    assert "From: Dewi Lestari <dewi.l@example.net>" in body
    assert "data jumlah penduduk per kelurahan di Kota Tarakan tahun 2025" in body


def test_the_office_a_mail_was_sent_to_takes_it(office, other_office, eml, clock, settings):
    other_office.email = "pst6501@example.go.id"
    other_office.save()

    receive(eml("plain").replace(b"pst6571@example.go.id", b"PST6501@example.go.id"))

    assert Consultation.objects.get().office == other_office


def test_without_an_office_for_the_mailbox_the_mail_is_refused(eml, db, settings):
    settings.MAIL_IN_OFFICE = ""

    error = refused(eml("plain"))

    assert error.returncode == 65
    assert "MAIL_IN_OFFICE" in str(error)


@pytest.mark.parametrize(
    "address",
    [
        "pst+{pk}-0000000000000000@example.go.id",  # forged tag
        "pst+{pk}@example.go.id",  # no tag
        "pst+999999-{tag}@example.go.id",  # another consultation's tag
        "pst+99999999999999999999-{tag}@example.go.id",  # an absurdly long number
        "pst+٣-{tag}@example.go.id",  # non-ASCII digits
        "pst+{pk}-{tag}\x00@example.go.id",  # a NUL byte
    ],
)
def test_a_forged_or_damaged_token_opens_a_new_consultation_never_writes_into_one(
    consultation, eml, address
):
    pk, tag = reply_address(consultation).split("+")[1].split("@")[0].split("-")
    raw = eml("reply_outlook", to=address.format(pk=pk, tag=tag))

    receive(raw)

    assert consultation.messages.count() == 1
    assert Consultation.objects.count() == 2


# -- who may write into a consultation -------------------------------------------------------


def test_a_reply_from_the_offices_officer_is_an_internal_note_never_mailed(
    consultation, consultation_officer, eml
):
    mail.outbox.clear()
    raw = eml("reply_outlook", consultation).replace(
        b"pengguna@example.org", consultation_officer.email.upper().encode()
    )

    out = receive(raw)

    note = last_message(consultation)
    assert out.startswith("note")
    assert note.kind == MessageKind.INTERNAL
    assert note.author == consultation_officer
    assert note.channel == Channel.EMAIL
    # Only the officer hears of it: that the requester did not (trial H, H1).
    (told,) = mail.outbox
    assert told.to == [consultation_officer.email]
    assert "catatan internal" in told.subject.lower() + told.body.lower()
    assert note.body not in told.body


@pytest.mark.parametrize("who", ["stranger", "other_office_officer", "front_office"])
def test_anyone_else_writing_to_a_reply_address_adds_nothing(
    consultation, eml, who, other_office, office
):
    address = {
        "stranger": "orang.lain@example.net",
        "other_office_officer": UserFactory(
            email="k-malinau@example.org", office=other_office, roles=[Role.CONSULTATION_OFFICER]
        ).email,
        "front_office": UserFactory(
            email="fo2@example.org", office=office, roles=[Role.FRONT_OFFICE]
        ).email,
    }[who]
    raw = eml("reply_outlook", consultation).replace(b"pengguna@example.org", address.encode())

    error = refused(raw)

    # Bounced with the reason, not dropped without a trace (trial H, H5).
    assert error.returncode == 65
    assert "alamat penanya" in str(error).lower()
    assert consultation.messages.count() == 1
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize("ending", ["closed", "cancelled"])
def test_a_reply_after_the_end_opens_a_new_consultation_that_names_the_old_one(
    consultation, consultation_officer, visitor, eml, ending
):
    if ending == "closed":
        lifecycle.consultation_accept(consultation=consultation, officer=consultation_officer)
        lifecycle.consultation_answer(
            consultation=consultation, officer=consultation_officer, body="Ada di BRS."
        )
        lifecycle.consultation_close(consultation=consultation, requester=visitor)
    else:
        lifecycle.consultation_cancel(consultation=consultation, requester=visitor)
    before = consultation.messages.count()

    out = receive(eml("reply_outlook", consultation))

    assert out.startswith("opened")
    assert consultation.messages.count() == before
    follow_up = Consultation.objects.exclude(pk=consultation.pk).get()
    assert follow_up.requester == visitor
    assert follow_up.channel == Channel.EMAIL
    body = follow_up.messages.get().body
    assert body.startswith(f"Lanjutan dari {consultation.reference}")
    assert "final or preliminary" in body


def test_a_mail_without_token_naming_its_senders_consultation_starts_with_that_reference(
    consultation, eml
):
    # The reply address was lost (a new message, a forward): the subject still names it.
    raw = eml("reply_outlook").replace(
        b"Subject: RE: Jawaban konsultasi Anda",
        f"Subject: RE: Konsultasi Anda dijawab \xb7 {consultation.reference.lower()}".encode(
            "latin-1"
        ),
    )

    out = receive(raw)

    # Nothing shows its requester sent it: a consultation of its own (trial H, H9) ...
    assert out.startswith("opened")
    assert consultation.messages.count() == 1
    follow_up = Consultation.objects.exclude(pk=consultation.pk).get()
    # ... that points the officers at the earlier one.
    assert follow_up.messages.get().body.startswith(
        f"Lanjutan dari {consultation.reference} (diajukan):\nRE: Konsultasi Anda dijawab"
    )


@pytest.mark.parametrize("sender", ["someone_else", "other_office"])
def test_a_reference_named_by_someone_else_or_of_another_office_is_not_repeated(
    consultation, eml, other_office, sender
):
    reference = consultation.reference
    address = b"pengguna@example.org"
    if sender == "someone_else":
        address = b"orang.lain@example.net"
    else:
        reference = reference.replace(consultation.office.code, other_office.code)
    raw = (
        eml("reply_outlook")
        .replace(b"Subject: RE: Jawaban konsultasi Anda", f"Subject: Tentang {reference}".encode())
        .replace(b"pengguna@example.org", address)
    )

    receive(raw)

    follow_up = Consultation.objects.exclude(pk=consultation.pk).get()
    assert follow_up.messages.get().body.startswith(f"Tentang {reference}\n\nThank you")


# -- what creates nothing --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["auto_reply", "bounce"])
def test_auto_replies_and_bounces_create_nothing(consultation, eml, name):
    mail.outbox.clear()

    out = receive(eml(name, consultation))

    assert out.startswith("ignored")
    assert consultation.messages.count() == 1
    assert Consultation.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Auto-Submitted", "auto-generated"),
        ("X-Autoreply", "yes"),
        ("X-Autorespond", "Out of office"),
        ("Precedence", "bulk"),
        ("Precedence", "junk"),
        ("Precedence", "list"),
        ("Subject", "Out of Office: Re: konsultasi"),
        ("Subject", "Balasan otomatis: konsultasi"),
    ],
)
def test_every_mark_of_an_automatic_reply_is_recognised(consultation, eml, header, value):
    raw = eml("reply_outlook", consultation).replace(
        b"Subject: RE: Jawaban konsultasi Anda\n", f"{header}: {value}\n".encode()
    )

    assert receive(raw).startswith("ignored (auto_reply)")
    assert consultation.messages.count() == 1


def test_the_portals_own_mail_coming_back_creates_nothing(consultation, eml):
    raw = eml("reply_outlook", consultation).replace(
        b"Siti Pengguna <pengguna@example.org>", b"PST <pst6571@example.go.id>"
    )

    assert receive(raw).startswith("ignored (own_mail)")


def test_the_same_mail_delivered_twice_is_stored_once(consultation, eml):
    raw = eml("reply_quoted", consultation)

    receive(raw)
    mail.outbox.clear()
    second = receive(raw)

    assert second.startswith("duplicate")
    assert consultation.messages.count() == 2
    assert mail.outbox == []


def test_a_mail_without_message_id_delivered_twice_is_stored_once(office, eml, clock):
    raw = eml("plain").replace(b"Message-ID: <CAF9k2mQ8x1plain@mail.example.net>\n", b"")

    receive(raw)
    receive(raw)

    message = Message.objects.get()
    assert message.email_message_id.startswith("sha256:")


def test_a_delivery_racing_another_is_answered_as_a_duplicate(consultation, eml, monkeypatch):
    raw = eml("reply_quoted", consultation)
    receive(raw)
    looked = []
    real_lookup = mail_services.mail_received_before

    def stored_by_the_other_delivery_after_this_one_looked(message_id):
        looked.append(message_id)
        return None if len(looked) == 1 else real_lookup(message_id)

    monkeypatch.setattr(
        mail_services, "mail_received_before", stored_by_the_other_delivery_after_this_one_looked
    )

    assert receive(raw).startswith("duplicate")
    assert len(looked) == 2  # the database's unique Message-ID refused the second row
    assert consultation.messages.count() == 2


@pytest.mark.parametrize("header", ["List-Id: <promo.shop.example>", "List-Unsubscribe: <x>"])
def test_a_newsletter_opens_no_consultation_and_gets_no_answer(office, eml, header):
    # Trial H, H4: twenty promotions opened twenty consultations and forty emails.
    mail.outbox.clear()
    raw = eml("plain").replace(b"MIME-Version:", f"{header}\nMIME-Version:".encode(), 1)

    assert receive(raw).startswith("ignored (bulk)")
    assert not Consultation.objects.exists()
    assert mail.outbox == []


def test_a_reply_through_a_mailing_list_still_reaches_its_consultation(consultation, eml):
    raw = eml("reply_outlook", consultation).replace(
        b"MIME-Version:", b"List-Id: <staf.example.org>\nMIME-Version:", 1
    )

    assert receive(raw).startswith("reply")
    # Read whole, not as an automatic mail's empty shell ("the email had no text").
    assert "is the 2024 figure final or preliminary?" in last_message(consultation).body


@pytest.mark.parametrize(
    "mark",
    [
        "Auto-Submitted: auto-replied",
        "X-Autoreply: yes",
        "Precedence: auto_reply",
        "Subject: Out of Office: Re: konsultasi",
    ],
)
def test_an_automatic_reply_a_mailing_list_relays_is_no_reply_of_the_requester(
    consultation, eml, mark
):
    # Review: classed "bulk" by its list's header, it was stored as the requester's reply.
    raw = eml("reply_outlook", consultation).replace(
        b"Subject: RE: Jawaban konsultasi Anda\n", f"List-Id: <staf.example.org>\n{mark}\n".encode()
    )

    assert receive(raw).startswith("ignored (auto_reply)")
    assert consultation.messages.count() == 1


def test_one_address_flooding_the_mailbox_is_stopped(office, eml, clock, settings):
    settings.MAIL_IN_PER_SENDER_PER_HOUR = 2
    outs = [receive(eml("plain").replace(b"x1plain", f"flood{n}".encode())) for n in range(2)]
    # The third is bounced with the reason (trial H, H5: it was dropped without a trace).
    third = refused(eml("plain").replace(b"x1plain", b"flood2"))

    assert [out.split(":")[0] for out in outs] == ["opened", "opened"]
    assert third.returncode == 65  # bounced with the reason: a retry would let a loop in
    assert Consultation.objects.count() == 2
    clock.shift(3601)
    assert receive(eml("plain").replace(b"x1plain", b"later")).startswith("opened")


# -- what is cleaned, what fails -------------------------------------------------------------


def test_nul_and_control_characters_and_identity_numbers_are_stored_cleaned(office, eml, clock):
    raw = (
        eml("plain")
        .replace(b"Budi Santoso <", "Budi\u202e Santoso <".encode())
        .replace(b"Selamat pagi", b"Selamat\x00 pagi\x0b NIK 6571012345678901")
    )

    receive(raw)

    consultation = Consultation.objects.get()
    body = consultation.messages.get().body
    assert consultation.requester_name == "Budi Santoso"
    assert "Selamat pagi" in body
    assert "\x00" not in body and "\x0b" not in body
    assert "6571012345678901" not in body


def test_a_mail_longer_than_a_message_is_cut_with_a_note(consultation, eml):
    raw = eml("reply_outlook", consultation).replace(
        b"Thank you, one more", b"Data " * 5000 + b"\n\nThank you, one more"
    )

    mail.outbox.clear()
    receive(raw)

    body = last_message(consultation).body
    assert len(body) <= 10_000
    assert body.endswith("[Email lebih panjang: sisanya dipotong.]")
    # Its writer is told how to send the rest (trial H, H8); the officers hear of the reply.
    cut = [m for m in mail.outbox if "terlalu panjang" in m.subject.lower()]
    assert [m.to for m in cut] == [[consultation.requester.email]]


def test_a_cut_mail_from_an_address_the_server_did_not_vouch_for_is_cut_but_not_answered(
    office, eml, clock, settings
):
    # As its refused files are not (mail_answered): the From may be someone else's address.
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    raw = eml("plain").replace(b"Selamat pagi", b"Data " * 5000 + b"\n\nSelamat pagi")

    mail.outbox.clear()
    receive(raw)

    body = Consultation.objects.get().messages.get().body
    assert body.endswith("[Email lebih panjang: sisanya dipotong.]")
    assert not [m for m in mail.outbox if "terlalu panjang" in m.subject.lower()]


def test_a_mail_larger_than_the_mailbox_takes_is_refused_with_exit_65(consultation, eml, settings):
    settings.MAIL_IN_MAX_BYTES = 1000

    error = refused(eml("attachments", consultation))

    assert error.returncode == 65
    assert consultation.messages.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not a mail at all",
        b"From: \x00\r\n\r\nhello",
        b"From: <bad address>\r\nSubject: x\r\n\r\nhello",
        b"From: " + b"9" * 5000 + b"@example.org\r\n\r\nhello",
    ],
)
def test_a_mail_without_a_usable_sender_is_refused_with_exit_65(raw, office):
    error = refused(raw)

    assert error.returncode == 65
    assert Consultation.objects.count() == 0


def test_a_failure_outside_the_mail_asks_the_mail_server_to_try_again(
    consultation, eml, monkeypatch
):
    def database_down(**kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(
        "consultations.management.commands.receive_email.mail_receive", database_down
    )

    error = refused(eml("reply_quoted", consultation))

    assert error.returncode == 75


def test_nul_bytes_in_every_header_and_file_name_never_reach_the_database(consultation, eml):
    raw = (
        eml("attachments", consultation)
        .replace(b"<CAK7attach5Rt@", b"<CAK7\x00attach@")
        .replace(b"Subject: Re:", b"Subject: \x00Re:")
        .replace(b'filename="tabel.csv"', b'filename="ta\x00bel\x07.csv"')
        .replace(b"Siti Pengguna <", b"Siti\x00 Pengguna <")
    )

    assert receive(raw).startswith("reply")

    message = last_message(consultation)
    assert message.email_message_id.startswith("sha256:")
    assert sorted(message.attachments.values_list("name", flat=True)) == [
        "surat pengantar.pdf",
        "tabel.csv",
    ]


@pytest.mark.parametrize(
    ("name", "returncode", "stream", "says"),
    [
        ("auto_reply", 0, "stdout", "ignored (auto_reply)"),
        ("no_sender", 65, "stderr", "The email has no valid sender address."),
    ],
)
def test_a_mail_server_piping_to_the_program_reads_its_exit_code(
    eml, name, returncode, stream, says
):
    # A real process with the mail on its standard input, as Postfix runs it. Both mails are
    # decided before the database is asked, so the process needs none of the test's.
    raw = eml("auto_reply") if name == "auto_reply" else b"Subject: who?\r\n\r\nhello\r\n"
    done = subprocess.run(
        [sys.executable, "manage.py", "receive_email"],
        input=raw,
        capture_output=True,
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "DEBUG": "on", "LANGUAGE_CODE": "en"},
        timeout=60,
        check=False,
    )

    assert done.returncode == returncode
    assert says in getattr(done, stream).decode()


def test_mail_to_the_reply_address_of_spam_an_officer_closed_opens_nothing(
    office, consultation_officer, eml, clock
):
    receive(eml("plain"))
    spam = Consultation.objects.get()
    lifecycle.consultation_dismiss(
        consultation=spam, officer=consultation_officer, reason="not_a_consultation"
    )
    raw = (
        eml("plain")
        .replace(b"Message-ID: <", b"Message-ID: <again-")
        .replace(b"<pst6571@example.go.id>\nSubject", f"<{reply_address(spam)}>\nSubject".encode())
    )

    out = receive(raw)

    assert out.startswith("ignored (dismissed)")
    assert Consultation.objects.count() == 1 and spam.messages.count() == 1


def test_a_reply_with_its_token_after_the_end_stays_the_accounts_whatever_dmarc_says(
    consultation, visitor, eml, settings
):
    # Review R4: the token shows who it answers; DMARC "none" is the domain's choice.
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    lifecycle.consultation_cancel(consultation=consultation, requester=visitor)

    receive(eml("reply_outlook", consultation))

    follow_up = Consultation.objects.exclude(pk=consultation.pk).get()
    assert follow_up.requester == visitor


def test_a_reply_to_a_repeat_reaches_the_consultation_it_repeats(
    consultation, consultation_officer, visitor, eml
):
    repeat = consultation_open_remote(
        office=consultation.office, channel=Channel.EMAIL, requester_name="Siti",
        requester_email=visitor.email, question="Jadi, tahun 2024 final?",
    )  # fmt: skip
    lifecycle.consultation_dismiss(
        consultation=repeat, officer=consultation_officer, reason="duplicate",
        repeat_of=consultation.reference,
    )  # fmt: skip

    out = receive(eml("reply_outlook", repeat))

    # Review R6: it opened a third one, "Lanjutan dari … (dibatalkan)".
    assert out.startswith("reply")
    assert Consultation.objects.count() == 2
    assert "final or preliminary" in last_message(consultation).body


def test_a_sender_nobody_vouched_for_gets_no_pointer_and_keeps_the_subject(
    consultation, eml, settings
):
    # Review R9: a forged From named someone's consultation in the new one.
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    raw = eml("reply_outlook").replace(
        b"Subject: RE: Jawaban konsultasi Anda",
        f"Subject: Tentang {consultation.reference}".encode(),
    )

    receive(raw)

    follow_up = Consultation.objects.exclude(pk=consultation.pk).get()
    assert follow_up.messages.get().body.startswith(f"Tentang {consultation.reference}\n\n")


# -- photos, and files refused: their sender is told by email (product trial M, M2) ----------


def refusal_emails() -> list:
    with translation.override(django_settings.LANGUAGE_CODE):
        headline = str(notices.FILES_REFUSED.headline)
    return [m for m in mail.outbox if m.subject.startswith(headline)]


def test_a_heic_photo_is_kept_and_the_requester_told_once_of_the_fake_one(consultation, eml):
    raw = eml("photo_heic", consultation)
    mail.outbox.clear()

    assert receive(raw).startswith("reply")

    message = last_message(consultation)
    photo = message.attachments.get()
    assert (photo.name, photo.content_type) == ("IMG_0001.HEIC", "image/heic")
    assert "IMG_0002.HEIC" in message.body
    (told,) = refusal_emails()
    assert told.to == [consultation.requester.email]
    assert "IMG_0002.HEIC" in told.body and "IMG_0001.HEIC" not in told.body
    assert consultation_link(consultation) in told.body
    assert told.reply_to == [reply_address(consultation)]
    assert told.extra_headers["Auto-Submitted"] == "auto-generated"
    # The same mail delivered again is a duplicate: nothing stored, nobody told again.
    assert receive(raw).startswith("duplicate")
    assert len(refusal_emails()) == 1


def emails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_a_guest_is_told_with_the_follow_link_also_for_the_mail_that_opened_it(office, eml, clock):
    raw = eml("photo_heic").replace(b"pengguna@example.org", b"tamu@example.net")

    assert receive(raw).startswith("opened")

    opened = Consultation.objects.get()
    assert opened.requester is None
    assert list(opened.messages.get().attachments.values_list("name", flat=True)) == [
        "IMG_0001.HEIC"
    ]
    # In the one email that it is open, not a second at the same moment (review).
    (told,) = emails_to("tamu@example.net")
    with translation.override(django_settings.LANGUAGE_CODE):
        assert told.subject.startswith(str(notices.OPENED_REMOTE.headline))
    assert "IMG_0002.HEIC" in told.body and "IMG_0001.HEIC" not in told.body
    assert "/consultations/follow/" in told.body
    assert refusal_emails() == []


def test_a_sender_nobody_vouched_for_is_not_told_of_refused_files(consultation, eml, settings):
    # Review: the From may be someone else's address; the message itself names the files.
    settings.MAIL_IN_AUTHSERV_ID = "mx.example.go.id"
    mail.outbox.clear()

    assert receive(eml("photo_heic", consultation)).startswith("reply")
    assert receive(eml("photo_heic").replace(b"photo-heic@", b"photo-heic-2@")).startswith("opened")

    opened = Consultation.objects.exclude(pk=consultation.pk).get()
    assert "IMG_0002.HEIC" in opened.messages.get().body
    assert refusal_emails() == []
    (told,) = emails_to("pengguna@example.org")  # only that it is open
    assert "IMG_0002.HEIC" not in told.body


def test_an_officers_mail_keeps_the_photo_in_the_note_and_tells_nobody_of_the_fake(
    consultation, consultation_officer, eml
):
    raw = eml("photo_heic", consultation).replace(
        b"pengguna@example.org", consultation_officer.email.encode()
    )
    mail.outbox.clear()

    assert receive(raw).startswith("note")

    note = last_message(consultation)
    assert list(note.attachments.values_list("name", flat=True)) == ["IMG_0001.HEIC"]
    assert refusal_emails() == []
    assert [m.to for m in mail.outbox] == [[consultation_officer.email]]  # the note kept


@pytest.mark.parametrize(
    ("header", "outcome"),
    [("Auto-Submitted: auto-replied", "ignored"), ("List-Id: <staf.example.org>", "reply")],
)
def test_an_automatic_mail_gets_no_answer_about_its_files(consultation, eml, header, outcome):
    raw = eml("photo_heic", consultation).replace(
        b"MIME-Version:", f"{header}\nMIME-Version:".encode(), 1
    )
    mail.outbox.clear()

    assert receive(raw).startswith(outcome)

    assert refusal_emails() == []
