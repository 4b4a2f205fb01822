"""A file stored for a message that was never saved (its transaction rolled back) or whose row
was deleted is removed by `remove_orphan_files` once it is a day old; a file a row names is
never touched, nor one still young enough to belong to a request in flight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from consultations import lifecycle
from consultations.models import Attachment
from pst.stored_files import orphan_files_remove

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
A_DAY_LATER = dt.timedelta(days=1, hours=1)


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def reply_with_file(consultation, visitor, name="tabel.pdf"):
    return lifecycle.consultation_reply(
        consultation=consultation, requester=visitor, body="Lampiran",
        files=[SimpleUploadedFile(name, PDF)],
    )  # fmt: skip


def stored(media) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def test_the_file_of_a_rolled_back_message_is_removed_and_a_kept_one_stays(
    submitted, visitor, media
):
    reply_with_file(submitted, visitor)
    kept = Attachment.objects.get().file.name
    with pytest.raises(Rollback), transaction.atomic():
        reply_with_file(submitted, visitor, "dibatalkan.pdf")
        raise Rollback
    assert Attachment.objects.count() == 1
    assert len(stored(media)) == 2

    result = orphan_files_remove(now=timezone.now() + A_DAY_LATER)

    assert (result.removed, result.bytes_freed) == (1, len(PDF))
    assert stored(media) == {kept}
    assert default_storage.open(kept).read() == PDF


def test_a_file_younger_than_a_day_is_left_for_the_request_that_may_still_save_its_row(
    submitted, visitor, media
):
    with pytest.raises(Rollback), transaction.atomic():
        reply_with_file(submitted, visitor)
        raise Rollback

    assert orphan_files_remove(now=timezone.now()).removed == 0
    assert len(stored(media)) == 1


def test_the_file_of_a_deleted_attachment_is_removed(submitted, visitor, media):
    reply_with_file(submitted, visitor)
    Attachment.objects.all().delete()  # as the admin's delete action does

    orphan_files_remove(now=timezone.now() + A_DAY_LATER)

    assert stored(media) == set()


def test_files_outside_the_attachments_folder_are_not_touched(media):
    (media / "other").mkdir()
    (media / "other" / "logo.png").write_bytes(b"x")

    assert orphan_files_remove(now=timezone.now() + A_DAY_LATER).removed == 0
    assert stored(media) == {"other/logo.png"}


def test_the_command_runs_with_no_files_at_all_and_says_so_only_when_asked(db, capsys):
    call_command("remove_orphan_files")
    assert capsys.readouterr().out == ""  # cron mails whatever a command prints
    call_command("remove_orphan_files", "-v", "2")
    assert "orphan files removed: 0 (0 bytes)" in capsys.readouterr().out
