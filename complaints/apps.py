from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Ratings and complaints")

    def ready(self) -> None:
        from complaints.handling.additions import mail_to_recorded_complaint
        from complaints.handling.erasure import (
            complaints_erase_complainant,
            complaints_texts_redact,
        )
        from complaints.handling.retention import complaint_contacts_purge
        from complaints.my_data import account_complaint_data
        from complaints.surveys.retention import survey_comments_purge
        from consultations import signals as consultation_signals
        from pst.signals import (
            account_erased,
            account_texts_redact,
            personal_data_held,
            retention_ended,
        )

        def purge_comments(sender, office, before, **kwargs) -> int:
            return survey_comments_purge(office=office, before=before)

        def purge_complaints(sender, office, before, **kwargs) -> int:
            return complaint_contacts_purge(office=office, before=before)

        retention_ended.connect(purge_comments, dispatch_uid="survey_comments_purge", weak=False)
        retention_ended.connect(
            purge_complaints, dispatch_uid="complaint_contacts_purge", weak=False
        )
        # A requester's email to a consultation recorded as a complaint reaches the complaint.
        consultation_signals.mail_to_recorded_complaint.connect(
            mail_to_recorded_complaint, dispatch_uid="complaint_mail_in", weak=False
        )

        def complaint_data_of(sender, user, full, **kwargs) -> list:
            return account_complaint_data(user, full=full)

        personal_data_held.connect(
            complaint_data_of, dispatch_uid="account_complaint_data", weak=False
        )

        def erase_complainant(sender, user, now, **kwargs) -> None:
            complaints_erase_complainant(user=user, now=now)

        account_erased.connect(
            erase_complainant, dispatch_uid="complaints_erase_complainant", weak=False
        )

        def redact_complainant(sender, user, redaction, **kwargs) -> int:
            return complaints_texts_redact(user=user, redaction=redaction)

        account_texts_redact.connect(
            redact_complainant, dispatch_uid="complaints_texts_redact", weak=False
        )
