"""The choices of a complaint: how it came in, how an answer was passed on, its status and
the kinds of its history (complaints.handling.models re-exports them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social media message")
    LAPOR = "lapor", _("LAPOR!")
    # The office's own complaint form outside the portal (the service standard's "Form
    # Pengaduan", Office.complaint_form_url): its answers are typed in by the office.
    EXTERNAL_FORM = "external_form", _("External complaint form")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person at the office")
    SURVEY = "survey", _("Satisfaction survey")


# The channels whose reply path is neither an email address nor a phone number: the account
# or handle a social media message came from, the number of the LAPOR! report.
REPLY_TO_CHANNELS = (ComplaintChannel.SOCIAL.value, ComplaintChannel.LAPOR.value)
REPLY_TO_MAX_LENGTH = 120


class PassOnVia(models.TextChoices):
    """How an answer was passed on to a complainant no email reaches."""

    PHONE = "phone", _("By phone")
    WHATSAPP = "whatsapp", _("By WhatsApp")
    SMS = "sms", _("By text message (SMS)")
    SOCIAL = "social", _("By social media message")
    LAPOR = "lapor", _("On LAPOR!")
    LETTER = "letter", _("By letter")
    IN_PERSON = "in_person", _("In person at the office")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.VERIFIED, ComplaintStatus.IN_PROGRESS)
CLOSED_STATUSES = (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED)


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    STARTED = "started", _("Follow-up started")
    RESPONDED = "responded", _("Response to the complainant")
    NOTED = "noted", _("Internal note")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    PASSED_ON = "passed_on", _("Answer passed on to the complainant")
    # When an officer recorded a complaint that had come in as a consultation (received
    # then: the consultation's arrival).
    FROM_CONSULTATION = "from_consultation", _("Recorded from a consultation")
    # What the complainant sent about it later: an email answering the consultation it was
    # recorded from (complaints.handling.additions).
    FROM_COMPLAINANT = "from_complainant", _("Message from the complainant")
    # Their contacts went with their account (complaints.handling.erasure).
    COMPLAINANT_ERASED = "complainant_erased", _("The complainant deleted their account")
