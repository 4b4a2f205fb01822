"""The consultations app's choices: channels, topics, statuses, outcomes, how a request is
closed without an answer, history and message kinds. Read through consultations.models too."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    WEB = "web", _("Web portal")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class Topic(models.TextChoices):
    DATA = "data", _("Data")
    METADATA = "metadata", _("Metadata")
    CLASSIFICATION = "classification", _("Classification")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")
    ACCEPTED = "accepted", _("Accepted")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    REFERRED = "referred", _("Referred to another PST service")
    ONLINE_FOLLOW_UP = "online_follow_up", _("Needs online follow-up")
    APPOINTMENT = "appointment", _("Needs an appointment")


class Dismissal(models.TextChoices):
    """Why an officer closed a request without an answer (consultation_dismiss), or that it
    was a complaint (consultation_close_as_complaint)."""

    NOT_A_CONSULTATION = (
        "not_a_consultation",
        _("Not a consultation (spam, advertising, mail sent to the wrong address)"),
    )
    DUPLICATE = "duplicate", _("A repeat of another consultation of the same requester")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester (by phone, WhatsApp or email)")
    # A complaint that came in as a consultation (an email to the office's address, say):
    # closed by recording it as one (complaints.handling.from_consultation), never chosen
    # among the reasons above; not counted as a consultation in the reports.
    COMPLAINT = "complaint", _("Recorded as a complaint")


# The reasons an officer chooses from when closing a request without an answer.
DISMISS_REASONS = [
    (value, label) for value, label in Dismissal.choices if value != Dismissal.COMPLAINT
]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLAIMED = "claimed", _("Claimed")
    ASSIGNED = "assigned", _("Assigned")
    # A supervisor's hand-over to nobody: back among the unassigned, for any officer to take.
    UNASSIGNED = "unassigned", _("Returned to the inbox")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification asked")
    CLARIFIED = "clarified", _("Clarification given")
    ACCEPTED = "accepted", _("Accepted as clear and complete")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Reopened")
    RECORDED = "recorded", _("Recorded at the desk")
    DISMISSED = "dismissed", _("Closed without an answer")
    RECORDED_AS_COMPLAINT = "to_complaint", _("Recorded as a complaint")
    APPOINTMENT_OFFICE_CLOSED = (
        "appointment_office_closed",
        _("Appointment cancelled: the office is closed that day"),
    )
    DUE_MOVED = "due_moved", _("Due date moved later: the office closed a day of the answer time")
    # pst.erasure: cancelled, or closed when it was answered (consultations.erasure).
    ACCOUNT_ERASED = "account_erased", _("Ended: the requester deleted their account")
    # The same deletion on one that had ended before: its history says why a reply to its
    # emails is refused (consultations.mail.erased).
    REQUESTER_ERASED = "requester_erased", _("The requester deleted their account")


class MessageKind(models.TextChoices):
    PUBLIC = "public", _("Message")
    INTERNAL = "internal", _("Internal note")
