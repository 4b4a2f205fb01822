"""Consultations of every channel: one record per consultation, walk-in or online (DESIGN §4).
This issue builds the walk-in side; the online side adds messages, attachments and the inbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pst.models import Office, Revision
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


class Consultation(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("office")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("requester"),
    )
    guestbook_entry = models.ForeignKey(
        GuestbookEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("guestbook entry"),
    )
    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("ticket"),
    )
    subject_area = models.ForeignKey(
        SubjectArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject area")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
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
    referred_to = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred to"),
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="referred") | Q(referred_to__isnull=False),
                name="consultation_referral_names_a_service",
            ),
            models.CheckConstraint(
                condition=~Q(channel="walk_in") | Q(ticket__isnull=False),
                name="consultation_walk_in_has_a_ticket",
            ),
        ]
        indexes = [models.Index(fields=["office", "status"], name="consultation_office_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()} {self.subject_area}"

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


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


# The knowledge base's models belong to this app (DESIGN §3): imported here so Django sees them.
from consultations.knowledge.models import Article, SearchLog  # noqa: E402, F401
