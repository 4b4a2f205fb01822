"""Consultations of every channel: one record per consultation, walk-in or online (DESIGN §4),
with its append-only history of transitions (ConsultationEvent) and its conversation
(Message, public or internal, with Attachments)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consultations.choices import (
    Channel,
    ConsultationStatus,
    Dismissal,
    EventKind,
    MessageKind,
    Outcome,
    Topic,
)
from pst.fields import optional_link
from pst.models import Office
from pst.revisions import Revision
from pst.stored_files import StoredFile, stored_file_path
from queueing.models import GuestbookEntry, Service, Ticket


class SubjectArea(models.Model):
    """A BPS subject (population, labour, prices, …), kept in admin for every office."""

    name = models.CharField(_("name (Indonesian)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Consultation(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("office")
    )
    # Its number within the office (consultations.numbering), given as it is saved: the
    # reference people quote. Those saved before it was kept were given their row id.
    number = models.PositiveIntegerField(_("number"), blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    requester = optional_link(
        settings.AUTH_USER_MODEL, related_name="consultations", verbose_name=_("requester")
    )
    # Someone who wrote, called or sent a WhatsApp message without an account (an officer opens
    # the consultation on their behalf, or an email arrives from an unknown address): who they
    # are and how to reach them. Empty when `requester` (an account) or the guestbook entry
    # says it. An account registered later with the same email takes the consultation over.
    requester_name = models.CharField(_("requester's name"), max_length=150, blank=True)
    requester_email = models.EmailField(_("requester's email"), blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=20, blank=True)
    guestbook_entry = optional_link(
        GuestbookEntry, related_name="consultations", verbose_name=_("guestbook entry")
    )
    ticket = optional_link(
        Ticket, one_to_one=True, related_name="consultation", verbose_name=_("ticket")
    )
    # Unknown until an officer reads a request that came by email: chosen when accepting it.
    subject_area = optional_link(SubjectArea, related_name="+", verbose_name=_("subject area"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("information given"), blank=True)
    links = models.TextField(
        _("links to publications or tables"), blank=True, help_text=_("One address per line.")
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.SUBMITTED,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    referred_to = optional_link(Service, related_name="+", verbose_name=_("referred to"))
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    officer = optional_link(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("officer"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # What an online request asks for besides the question (the form's "data needed").
    data_region = models.CharField(_("region"), max_length=200, blank=True)
    data_period = models.CharField(_("period"), max_length=200, blank=True)
    data_detail = models.CharField(_("level of detail"), max_length=200, blank=True)
    intended_use = models.TextField(_("intended use"), blank=True)
    # The SLA clock: it runs from acceptance (or the reopening) to the answer; it does not run
    # while the officer waits for the requester's clarification.
    clock_started_at = models.DateTimeField(_("SLA clock started"), null=True, blank=True)
    clarification_requested_at = models.DateTimeField(
        _("clarification asked"), null=True, blank=True
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    sla_met = models.BooleanField(_("answered in time"), null=True, blank=True)
    # The office's closed days (ISO dates) from the clock's start to the due day that the due
    # date already counts with: known when it was set, or moved for since. A day closed later
    # moves it later once (lifecycle.due_moves); one of these never again.
    closed_days_counted = models.JSONField(
        _("closed days counted"), default=list, blank=True, editable=False
    )
    # The answer before a reopening (once at most; it starts a new clock): the month that saw
    # the first answer keeps counting it, against its own due time.
    first_due_at = models.DateTimeField(_("due before reopening"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("answered before reopening"), null=True, blank=True)
    # Closed by an officer without an answer (cancelled): why, and for a repeat, the
    # consultation that goes on. Kept apart from the answered ones in the reports.
    dismissal = models.CharField(
        _("closed without an answer"), max_length=20, choices=Dismissal.choices, blank=True
    )
    duplicate_of = optional_link(
        "self", related_name="+", verbose_name=_("repeat of"), editable=False
    )
    # What the SLA sweep has already done for the current due date (sent once, never twice).
    due_soon_notified_at = models.DateTimeField(
        _("due-soon reminder sent"), null=True, blank=True, editable=False
    )
    overdue_notified_at = models.DateTimeField(
        _("overdue notice sent"), null=True, blank=True, editable=False
    )
    # A request waits for an officer's review (accept, or ask to clarify) from its creation,
    # or from the requester's reply to a clarification (set then). The review reminders of
    # the sweep are stamped per wait: a request back for review is reminded of again.
    returned_to_review_at = models.DateTimeField(
        _("back for review"), null=True, blank=True, editable=False
    )
    review_late_notified_at = models.DateTimeField(
        _("review reminder sent"), null=True, blank=True, editable=False
    )
    review_escalated_at = models.DateTimeField(
        _("late review reported"), null=True, blank=True, editable=False
    )
    # The same form sent twice (double click, reload) opens one consultation.
    client_request_id = models.UUIDField(
        _("form submission"), null=True, blank=True, unique=True, editable=False
    )

    # Not stored: set when the form that opened it came again (a double click, Back and send
    # again), so that the page does not say it was sent, or emailed, again.
    is_repeat = False
    # Not stored: how many appointments still to come the step that just ended it cancelled
    # (their officer was told then).
    appointments_ended = 0

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                name="consultation_number_per_office",
                violation_error_message=_(
                    "This office already has a consultation with this number."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="referred") | Q(referred_to__isnull=False),
                name="consultation_referral_names_a_service",
            ),
            models.CheckConstraint(
                condition=~Q(channel="walk_in") | Q(ticket__isnull=False),
                name="consultation_walk_in_has_a_ticket",
            ),
            # Only a request not yet accepted may lack its subject (an email just arrived).
            models.CheckConstraint(
                condition=Q(subject_area__isnull=False)
                | Q(status__in=["submitted", "needs_clarification", "cancelled"]),
                name="consultation_accepted_has_a_subject",
            ),
            models.CheckConstraint(
                condition=Q(dismissal="") | Q(status="cancelled"),
                name="consultation_dismissed_is_cancelled",
            ),
            models.CheckConstraint(
                condition=Q(dismissal="duplicate", duplicate_of__isnull=False)
                | (~Q(dismissal="duplicate") & Q(duplicate_of__isnull=True)),
                name="consultation_repeat_names_the_other",
            ),
            # A consultation that came by WhatsApp, email or phone can always be answered
            # while it goes on; once it ended, the retention purge may blank its contacts.
            models.CheckConstraint(
                condition=Q(channel__in=["walk_in", "web"])
                | Q(requester__isnull=False)
                | ~Q(requester_email="")
                | ~Q(requester_phone="")
                | Q(status__in=["closed", "cancelled"]),
                name="consultation_remote_requester_reachable",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"], name="consultation_office_status"),
            models.Index(fields=["office", "status", "due_at"], name="consultation_office_due"),
            # The inbox's order (due time, NULLS LAST being btree's default for ASC, then the
            # oldest), so that a page reads 25 rows instead of sorting every match: over all
            # statuses (?show=all: 140,000 consultations sorted for one page before), and over
            # the open ones only (the default list; with the first index alone the planner
            # walked 40,000 closed ones to find them). benchmarks/README.md, issue 10.
            models.Index(
                fields=["office", "due_at", "created_at", "id"], name="consultation_inbox_order"
            ),
            models.Index(
                fields=["office", "due_at", "created_at", "id"],
                condition=Q(status__in=["submitted", "needs_clarification", "accepted"]),
                name="consultation_open_order",
            ),
            models.Index(fields=["requester", "created_at"], name="consultation_requester"),
            # The supervisor's month reads a range of each, not every consultation of every
            # office and year (six seq scans a page before: benchmarks/README.md).
            models.Index(fields=["office", "created_at"], name="consultation_office_created"),
            models.Index(fields=["office", "accepted_at"], name="consultation_office_accepted"),
            models.Index(fields=["office", "answered_at"], name="consultation_office_answered"),
            models.Index(
                fields=["office", "reopened_at"],
                condition=Q(reopened_at__isnull=False),
                name="consultation_office_reopened",
            ),
            models.Index(
                fields=["office", "first_answered_at"],
                condition=Q(first_answered_at__isnull=False),
                name="consultation_first_answer",
            ),
            # An account registered with this address takes over its consultations.
            models.Index(
                fields=["requester_email"],
                condition=Q(requester__isnull=True) & ~Q(requester_email=""),
                name="consultation_guest_email",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()} {self.subject_area or ''}".rstrip()

    @property
    def reference(self) -> str:
        """What the requester and the officers call it (emails, WhatsApp): KS-<office>-<number>."""
        return f"KS-{self.office.code}-{self.number:06d}"

    @property
    def requester_anonymised(self) -> bool:
        """A remote requester without an account whose contacts the retention purge blanked
        (such a request always has an email or a phone until then)."""
        return (
            self.requester_id is None
            and self.channel != Channel.WALK_IN
            and not (self.requester_name or self.requester_email or self.requester_phone)
        )


# What a correction of a saved consultation may change: what was asked and given, never the
# ticket, office, channel, outcome or dates.
CONSULTATION_CORRECTABLE_FIELDS = ("subject_area", "topic", "question", "answer", "links")


class ConsultationRevision(Revision):
    """The history of a consultation record's corrections; a subject area is kept by its
    name."""

    record_field = "consultation"

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("consultation"),
    )

    class Meta(Revision.Meta):
        verbose_name = _("consultation correction")
        verbose_name_plural = _("consultation corrections")


class ConsultationEvent(models.Model):
    """One transition or assignment of a consultation: who, when, from which status to which.
    Append-only; the page shows it as the consultation's history. `actor` is empty for what
    the SLA sweep did."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("consultation"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=30, choices=ConsultationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=30, choices=ConsultationStatus.choices)
    actor = optional_link(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("by"))
    officer = optional_link(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("assigned officer")
    )
    at = models.DateTimeField(_("at"))
    # Why, in the words of whoever acted, when they gave a reason (a requester who cancels):
    # shown to the office's staff in the history.
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """One message of a consultation's conversation. An internal note is for the office's
    staff only: never shown to the requester, never in an email to them, an export or an
    article."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("consultation"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.PUBLIC
    )
    author = optional_link(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("author"))
    from_staff = models.BooleanField(_("from the office"), default=False)
    # How it reached the conversation: typed on the portal, arrived by email, or an officer's
    # summary of a WhatsApp or phone exchange (then `happened_at` is when the exchange was).
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    happened_at = models.DateTimeField(_("exchange time"), null=True, blank=True)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"))
    # The Message-ID of the email it came in (the same mail delivered twice is stored once).
    email_message_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )
    client_request_id = models.UUIDField(
        _("form submission"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["consultation", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.INTERNAL


# Named by migration 0004: new files take their path from StoredFile.
attachment_path = stored_file_path


class Attachment(StoredFile):
    """A file sent with a message (pst.stored_files.StoredFile): checked for size and, by its
    content, for type; downloaded only by the people who may see its message."""

    STORED_FILES_ROOT = "consultations"

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def stored_month(self) -> dt.datetime:
        return self.message.created_at


# The knowledge base's models belong to this app (DESIGN §3): imported here so Django sees them.
from consultations.appointments.models import Appointment, AppointmentOffer  # noqa: E402, F401
from consultations.knowledge.models import Article, SearchLog  # noqa: E402, F401
