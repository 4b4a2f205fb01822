"""`manage.py fetch_mail` against a real IMAP server (Dovecot, started by
scripts/ensure-dovecot): every `.eml` kind, read marks, a second run, a bad mail among good
ones, a mail too large to download."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from consultations.mail import imap
from consultations.models import Channel, Consultation, MessageKind

SEEN, FLAGGED = r"\Seen", r"\Flagged"


def fetch() -> str:
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue().strip()


def test_every_kind_of_mail_is_read_once_and_marked_read(
    mailbox, consultation, consultation_officer, eml
):
    for name in ("reply_quoted", "attachments", "auto_reply", "bounce", "reply_outlook"):
        mailbox.append(eml(name, consultation))
    for name in ("plain", "html_only", "forwarded", "forwarded_as_attachment"):
        mailbox.append(eml(name))
    officer_note = eml("reply_outlook", consultation).replace(
        b"pengguna@example.org", consultation_officer.email.encode()
    )
    mailbox.append(officer_note.replace(b"outlook@", b"note@"))

    report = fetch()

    assert report == "stored: 8, duplicates: 0, ignored: 2, left for a person: 0"
    messages = consultation.messages.order_by("pk")
    assert [(m.kind, m.channel) for m in messages] == [
        (MessageKind.PUBLIC, Channel.WEB),  # the question
        (MessageKind.PUBLIC, Channel.EMAIL),
        (MessageKind.PUBLIC, Channel.EMAIL),
        (MessageKind.PUBLIC, Channel.EMAIL),
        (MessageKind.INTERNAL, Channel.EMAIL),
    ]
    assert messages[2].attachments.count() == 2
    opened = Consultation.objects.exclude(pk=consultation.pk)
    assert sorted(opened.values_list("requester_email", flat=True)) == [
        "budi.santoso@example.net",
        "humas@example.go.id",
        "rina@example.com",
        "sekretariat@example.go.id",
    ]
    assert mailbox.flags() == [{SEEN}] * 10
    # Nothing new: the second run reads nothing.
    assert fetch() == ""  # nothing read: nothing said (cron mails what a command prints)
    assert Consultation.objects.count() == 5


def test_a_mail_delivered_twice_to_the_mailbox_is_stored_once(mailbox, consultation, eml):
    mailbox.append(eml("reply_quoted", consultation))
    mailbox.append(eml("reply_quoted", consultation))

    assert fetch() == "stored: 1, duplicates: 1, ignored: 0, left for a person: 0"
    assert consultation.messages.count() == 2


def test_a_phone_photo_is_kept_and_its_sender_told_once_of_the_file_refused(
    mailbox, consultation, eml
):
    # Product trial M, M2: an iPhone's HEIC photo was refused, and its sender never heard.
    raw = eml("photo_heic", consultation)
    mailbox.append(raw)
    mailbox.append(raw)  # the same mail twice in the folder (a redelivery)
    mail.outbox.clear()

    assert fetch() == "stored: 1, duplicates: 1, ignored: 0, left for a person: 0"
    assert fetch() == ""  # nothing read: nothing said (cron mails what a command prints)

    reply = consultation.messages.order_by("pk").last()
    assert list(reply.attachments.values_list("name", flat=True)) == ["IMG_0001.HEIC"]
    (told,) = [m for m in mail.outbox if m.to == [consultation.requester.email]]
    assert "IMG_0002.HEIC" in told.body
    assert mailbox.flags() == [{SEEN}] * 2


def test_a_bad_mail_is_flagged_for_a_person_and_the_others_are_read(mailbox, consultation, eml):
    mailbox.append(b"Subject: no sender\r\n\r\nwho wrote this?\r\n")
    mailbox.append(eml("reply_quoted", consultation))

    assert fetch() == "stored: 1, duplicates: 0, ignored: 0, left for a person: 1"
    assert mailbox.flags() == [{SEEN, FLAGGED}, {SEEN}]
    assert fetch() == ""  # nothing read: nothing said (cron mails what a command prints)


def test_a_mail_larger_than_the_mailbox_takes_is_left_for_a_person(
    mailbox, consultation, eml, settings
):
    settings.MAIL_IN_MAX_BYTES = 1200
    mailbox.append(eml("attachments", consultation))
    mailbox.append(eml("reply_outlook", consultation))

    assert fetch() == "stored: 1, duplicates: 0, ignored: 0, left for a person: 1"
    assert mailbox.flags() == [{SEEN, FLAGGED}, {SEEN}]


def test_an_unread_mail_marked_by_a_person_is_read_again_only_when_unread(
    mailbox, consultation, eml
):
    mailbox.append(eml("reply_quoted", consultation))
    fetch()
    mailbox.connection.select(mailbox.folder)
    mailbox.connection.store("1", "-FLAGS", SEEN)  # a person marks it unread again

    assert fetch() == "stored: 0, duplicates: 1, ignored: 0, left for a person: 0"
    assert consultation.messages.count() == 2


def test_a_missing_folder_or_wrong_password_is_a_clear_failure(mailbox, settings, db):
    settings.MAIL_IN_FOLDER = "no-such-folder"
    with pytest.raises(CommandError, match="no-such-folder"):
        fetch()

    settings.MAIL_IN_FOLDER = mailbox.folder
    settings.MAIL_IN_PASSWORD = "wrong"
    with pytest.raises(CommandError, match=r"Mailbox pst@127\.0\.0\.1"):
        fetch()


def test_without_mailbox_settings_fetch_mail_says_what_to_set(settings, db):
    settings.MAIL_IN_HOST = ""

    with pytest.raises(CommandError, match="MAIL_IN_HOST"):
        fetch()


def test_a_stranger_writing_to_a_reply_address_is_flagged_for_a_person(mailbox, consultation, eml):
    mailbox.append(
        eml("reply_outlook", consultation).replace(b"pengguna@example.org", b"lain@example.net")
    )
    mailbox.append(eml("auto_reply", consultation))

    assert fetch() == "stored: 0, duplicates: 0, ignored: 2, left for a person: 0"
    assert mailbox.flags() == [{SEEN, FLAGGED}, {SEEN}]
    assert consultation.messages.count() == 1


def test_a_failure_that_is_not_the_mails_leaves_it_unread_for_the_next_run(
    mailbox, consultation, eml, monkeypatch
):
    mailbox.append(eml("reply_quoted", consultation))
    mailbox.append(eml("reply_outlook", consultation))
    real_receive = imap.mail_receive

    def database_down_for_the_first(*, raw):
        if b"CAK7reply2Xq" in raw:
            raise RuntimeError("connection refused")
        return real_receive(raw=raw)

    monkeypatch.setattr(imap, "mail_receive", database_down_for_the_first)

    assert fetch() == "stored: 1, duplicates: 0, ignored: 0, left for a person: 1"
    assert mailbox.flags() == [{FLAGGED}, {SEEN}]

    monkeypatch.setattr(imap, "mail_receive", real_receive)
    assert fetch() == "stored: 1, duplicates: 0, ignored: 0, left for a person: 0"
    assert mailbox.flags() == [{SEEN}, {SEEN}]
    assert consultation.messages.count() == 3
