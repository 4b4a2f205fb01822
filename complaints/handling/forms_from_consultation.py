"""The confirmation form of a consultation recorded as a complaint: its category, what the
requester wrote (the officer may edit it), and which of the files they sent go with it as
evidence (complaints.handling.from_consultation)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaints.handling.forms import ComplaintAboutForm
from consultations.models import Attachment
from pst.models import Office


class ConsultationComplaintForm(ComplaintAboutForm):
    files = forms.MultipleChoiceField(
        label=_("Files the requester sent, kept as evidence"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, office: Office, attachments: list[Attachment], **kwargs: Any
    ) -> None:
        super().__init__(*args, office=office, **kwargs)
        self.fields["description"].label = _("The complaint")
        self.fields["description"].help_text = _(
            "What the requester wrote. Edit it if needed (a quoted earlier mail, a signature); "
            "do not write an ID card number."
        )
        if not attachments:
            del self.fields["files"]
            return
        field = self.fields["files"]
        field.choices = [
            (str(row.pk), f"{row.name} ({filesizeformat(row.size)})") for row in attachments
        ]
        field.help_text = _(
            "At most %(count)d; the others stay with the consultation. Leave out a file that "
            "is no evidence (an ID card, say)."
        ) % {"count": settings.COMPLAINT_EVIDENCE_FILES}

    def clean_files(self) -> list[int]:
        chosen = self.cleaned_data["files"]
        most = settings.COMPLAINT_EVIDENCE_FILES
        if len(chosen) > most:
            raise forms.ValidationError(
                ngettext("Choose at most %(count)d file.", "Choose at most %(count)d files.", most)
                % {"count": most},
                code="file_count",
            )
        # The choices are the ids as text: "٣" or " 3" is none of them.
        return [int(value) for value in chosen]
