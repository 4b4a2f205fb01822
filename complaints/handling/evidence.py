"""The files a complainant sends with a complaint (DESIGN §4, "evidence"): at most
COMPLAINT_EVIDENCE_FILES, each checked by size and content as a consultation's attachments
are (consultations.conversation: the same kinds, the same refusals), stored with the
complaint and deleted with its personal data; with those emailed to it later
(complaints.handling.additions), COMPLAINT_EVIDENCE_FILES_TOTAL in all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling.models import Complaint, ComplaintEvidence
from consultations.conversation import attachments_check, clean_file_name, stored_file_values
from consultations.errors import ConsultationError
from pst.languages import in_every_language
from pst.stored_files import stored_files_delete_on_commit

Checked = list[tuple[UploadedFile, str]]


def evidence_check(files: Iterable[UploadedFile | None]) -> Checked:
    """The files with their kinds, or ComplaintError on the field "files" for the first one
    refused. Called before the complaint is saved, so a refused file files nothing."""
    try:
        return attachments_check(
            files,
            most=settings.COMPLAINT_EVIDENCE_FILES,
            too_many=_("Send at most %(count)d files with a complaint."),
        )
    except ConsultationError as error:
        raise ComplaintError(error.message, code=error.code, field="files") from error


def _over_total(upload: UploadedFile) -> str:
    most = settings.COMPLAINT_EVIDENCE_FILES_TOTAL
    return _(
        "“%(name)s”: a complaint keeps at most %(count)d files, and yours has that many now."
    ) % {"name": clean_file_name(upload.name or ""), "count": most}


def evidence_within_total(
    complaint: Complaint, files: Sequence[UploadedFile]
) -> tuple[list[UploadedFile], list[Promise]]:
    """Of `files` sent to `complaint` after it was filed, those its evidence still takes
    (COMPLAINT_EVIDENCE_FILES_TOTAL in all), and why each other one is not: stored in the
    office's language, emailed in the reader's (pst.languages.in_every_language). The caller
    holds the complaint's row lock: two emails at the same moment count each other's."""
    room = max(settings.COMPLAINT_EVIDENCE_FILES_TOTAL - complaint.evidence.count(), 0)
    refusals = [in_every_language(partial(_over_total, upload)) for upload in files[room:]]
    return list(files[:room]), refusals


def evidence_store(complaint: Complaint, checked: Checked) -> None:
    """Inside the filing's transaction, once the complaint is saved: a file written here and
    then rolled back is swept by `remove_orphan_files`."""
    for upload, kind in checked:
        ComplaintEvidence.objects.create(complaint=complaint, **stored_file_values(upload, kind))


def evidence_delete(complaints: QuerySet[Complaint]) -> int:
    """Delete the evidence of `complaints`, rows now and files once the caller's transaction
    commits; how many files."""
    rows = ComplaintEvidence.objects.filter(complaint__in=complaints)
    names = list(rows.values_list("file", flat=True))
    rows.delete()
    stored_files_delete_on_commit(names)
    return len(names)
