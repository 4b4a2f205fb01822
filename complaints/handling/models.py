"""Complaints (*pengaduan*): what a person reports about the service, acknowledged with a
tracking code and a due date on receipt and followed to its answer (DESIGN §2, §4).

Models of the `complaints` app (complaints/models.py re-exports them)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.handling.choices import (  # re-exported: the app's models and choices
    CLOSED_STATUSES,
    OPEN_STATUSES,
    REPLY_TO_CHANNELS,
    REPLY_TO_MAX_LENGTH,
    ComplaintChannel,
    ComplaintEventKind,
    ComplaintStatus,
    PassOnVia,
)
from complaints.surveys.models import SurveyResponse
from consultations.models import Consultation
from pst.fields import optional_link, unique_nationally_and_per_office
from pst.languages import language_field
from pst.models import Office
from pst.stored_files import StoredFile
from queueing.models import Ticket

DESCRIPTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 4000
# The random part of a tracking code: 11 characters of Crockford's base32 (no I, L, O, U),
# 55 bits — the only key an anonymous complainant holds, so it must not be guessed.
CODE_RANDOM_LENGTH = 11
MAX_WORKING_DAYS = 60


class ComplaintCategoryQuerySet(models.QuerySet["ComplaintCategory"]):
    def national(self) -> ComplaintCategoryQuerySet:
        return self.filter(office__isnull=True)


class ComplaintCategory(models.Model):
    """What a complaint is about, and how many working days the office has to settle it. The
    national rows (no office) hold for every office; an office's row with the same key
    replaces the national one there (other days, another name, or switched off), and an
    office may add categories of its own."""

    office = optional_link(
        Office,
        on_delete=models.CASCADE,
        related_name="complaint_categories",
        verbose_name=_("office"),
        help_text=_("Empty: a national category, for every office."),
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("An office's category with the key of a national one replaces it there."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days to settle"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS)],
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ComplaintCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        constraints = [
            *unique_nationally_and_per_office(
                "key",
                per_office=(
                    "complaint_category_key_per_office",
                    _("This office already has a category with this key."),
                ),
                national=(
                    "complaint_category_key_national",
                    _("A national category with this key exists."),
                ),
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=MAX_WORKING_DAYS),
                name="complaint_category_working_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (Indonesian unless an English one is given)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


def past_due(moment) -> Q:
    """Whose due time had passed at `moment`. Strictly before: a complaint is not late at
    the very instant it is due, so one closed at that instant was closed in time (the
    supervisor's report judges a closing by the same rule)."""
    return Q(due_at__lt=moment)


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def of_office(self, office: Office) -> ComplaintQuerySet:
        return self.filter(office=office)

    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now) -> ComplaintQuerySet:
        return self.open().filter(past_due(now))

    def to_pass_on(self) -> ComplaintQuerySet:
        return self.filter(pass_on_since__isnull=False)

    def for_pages(self) -> ComplaintQuerySet:
        return self.select_related(
            "office", "category", "handled_by", "rating", "source_consultation__office"
        )


class Complaint(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("office")
    )
    # Stored without separators, upper case: the office code then the random part
    # (complaints.handling.codes writes and reads it as 6571-K7M2-Q9XH-4TB).
    code = models.CharField(_("tracking code"), max_length=20, unique=True, editable=False)
    channel = models.CharField(
        _("channel"), max_length=20, choices=ComplaintChannel.choices, default="web"
    )
    complainant = optional_link(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("account of the complainant"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("name"), max_length=150, blank=True)
    complainant_email = models.EmailField(_("email"), blank=True)
    complainant_phone = models.CharField(_("phone / WhatsApp"), max_length=30, blank=True)
    # Where a complaint of a REPLY_TO_CHANNELS channel is answered: the account or handle it
    # came from, or the LAPOR! report's number.
    complainant_reply_to = models.CharField(
        _("where to reply"), max_length=REPLY_TO_MAX_LENGTH, blank=True
    )
    # The language of the public form it was filed on, or of the visit's ticket it names
    # (pst.languages): the complainant's emails are written in it. Empty: the office's.
    language = language_field()
    # What the complainant typed (a ticket code, a consultation number), kept whatever it
    # names; the links are set only when it names a record of the same office.
    related_reference = models.CharField(_("ticket or consultation"), max_length=40, blank=True)
    related_ticket = optional_link(
        Ticket, on_delete=models.SET_NULL, related_name="complaints", verbose_name=_("ticket")
    )
    related_consultation = optional_link(
        Consultation,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("consultation"),
    )
    # The rating whose comment a supervisor passed on as this complaint (channel "survey"):
    # one complaint per rating, whatever the path (a double submission, two supervisors).
    rating = optional_link(
        SurveyResponse,
        on_delete=models.SET_NULL,
        one_to_one=True,
        related_name="complaint",
        verbose_name=_("rating"),
    )
    # The consultation it came in as (a complaint emailed to the office's address opens one):
    # recorded from it by an officer, who closed it with it. One complaint per consultation,
    # whatever the path (a double submission, two officers at once).
    source_consultation = optional_link(
        Consultation,
        on_delete=models.SET_NULL,
        one_to_one=True,
        related_name="recorded_complaint",
        verbose_name=_("came in as consultation"),
    )
    category = models.ForeignKey(
        ComplaintCategory,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("category"),
    )
    # The category's days when it was received: the due date said then stands.
    working_days = models.PositiveSmallIntegerField(_("working days to settle"))
    description = models.TextField(_("complaint"), max_length=DESCRIPTION_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default="received"
    )
    # The answer of a resolved complaint, or why it was rejected: the complainant reads it.
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("due"))
    resolved_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Since when a response or the answer waits to be passed on to a complainant no email
    # reaches (complaints.handling.passing_on); empty when nothing waits.
    pass_on_since = models.DateTimeField(_("answer to pass on since"), null=True, blank=True)
    # When the complainant deleted their account (complaints.handling.erasure): why its
    # contacts are empty, and why nothing waits to be passed on.
    complainant_erased_at = models.DateTimeField(
        _("complainant's account deleted"), null=True, blank=True, editable=False
    )
    handled_by = optional_link(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    client_request_id = models.UUIDField(
        _("form submission"), null=True, blank=True, unique=True, editable=False
    )
    # What makes a complaint received again the same one (repeats._repeat_key): its
    # office, category, text and sender, as a keyed digest (it covers a client address).
    repeat_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ComplaintQuerySet.as_manager()

    # Not stored: set by a step that found itself already done (the same response sent twice),
    # so that the page does not say it was done, or emailed, again.
    is_repeat = False

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(
                    complainant_name="",
                    complainant_email="",
                    complainant_phone="",
                    complainant_reply_to="",
                ),
                name="complaint_anonymous_without_contact",
            ),
            models.CheckConstraint(
                condition=Q(complainant_reply_to="") | Q(channel__in=REPLY_TO_CHANNELS),
                name="complaint_reply_to_of_its_channel",
            ),
            # An email carries the answer itself; an anonymous complainant reads it by code,
            # as does one who deleted their account.
            models.CheckConstraint(
                condition=Q(pass_on_since__isnull=True)
                | Q(is_anonymous=False, complainant_email="", complainant_erased_at=None),
                name="complaint_pass_on_without_email",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CLOSED_STATUSES) | ~Q(answer=""),
                name="complaint_closed_with_answer",
            ),
            # A rating names nobody, so neither does the complaint taken from its comment.
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(channel=ComplaintChannel.SURVEY, is_anonymous=True),
                name="complaint_from_rating_anonymous_survey",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "due_at"], name="complaint_queue"),
            models.Index(fields=["repeat_key", "received_at"], name="complaint_repeat"),
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        from complaints.handling.codes import code_display

        return code_display(self.code)

    @property
    def display_start(self) -> str:
        """The code's start (6571-K7M2-…): names the complaint to staff who do not handle it,
        without opening its tracking page."""
        from complaints.handling.codes import code_start

        return code_start(self.code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ComplaintEvent(models.Model):
    """The history of a complaint: every status change, response and note, who and when.
    `is_public` rows are what the complainant reads on the tracking page."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintEventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    body = models.TextField(_("text"), max_length=ANSWER_MAX_LENGTH, blank=True)
    is_public = models.BooleanField(_("seen by the complainant"), default=True)
    # How the answer was passed on (kind "passed_on" only).
    via = models.CharField(_("how"), max_length=20, choices=PassOnVia.choices, blank=True)
    actor = optional_link(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    # The Message-ID of the email it came in: the same mail delivered twice is added once.
    email_message_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )

    is_repeat = False  # not stored: set when it was the same email again

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint history")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ComplaintEvidence(StoredFile):
    """A file sent with a complaint (a photo, a screenshot of a chat, a letter), checked as a
    consultation's attachments are (pst.stored_files.StoredFile); downloaded only by the
    office's supervisors; deleted by the retention purge with the complainant's contact."""

    STORED_FILES_ROOT = "complaints"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("complaint")
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence")

    def stored_month(self) -> dt.datetime:
        return self.complaint.received_at
