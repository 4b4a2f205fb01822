"""The files a complainant sends with a complaint (DESIGN §4, "evidence"): at most
COMPLAINT_EVIDENCE_FILES, each checked by size and content as a consultation's attachments
are (consultations.conversation: the same kinds, the same refusals), stored with the
complaint and deleted with its personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling.models import Complaint, ComplaintEvidence
from consultations.conversation import attachments_check, stored_file_values
from consultations.errors import ConsultationError
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
