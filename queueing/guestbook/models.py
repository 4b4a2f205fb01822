"""The guestbook's (buku tamu) models. They belong to the `queueing` app (queueing/models.py
imports them), so their tables and migrations stay where they were."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pst.fields import optional_link
from pst.keyboards import ascii_folded
from pst.languages import language_field
from pst.models import Office
from pst.profile import Education, InstitutionCategory, Occupation, Sex
from pst.revisions import Revision


class IdType(models.TextChoices):
    KTP = "ktp", _("KTP (identity card)")
    SIM = "sim", _("SIM (driving licence)")
    PASSPORT = "passport", _("Passport")
    STUDENT = "student", _("Student card")
    OTHER = "other", _("Other identity card")


class VisitPurpose(models.TextChoices):
    SCHOOLWORK = "schoolwork", _("School or university assignment")
    THESIS = "thesis", _("Thesis or dissertation")
    RESEARCH = "research", _("Research")
    GOVERNMENT = "government", _("Government planning or evaluation")
    BUSINESS = "business", _("Business")
    JOURNALISM = "journalism", _("Journalism")
    OTHER = "other", _("Other")


# What the front office writes for a visit (everything else is set by the system).
GUESTBOOK_FIELDS = (
    "name",
    "id_type",
    "id_last4",
    "email",
    "phone",
    "sex",
    "birth_year",
    "education",
    "occupation",
    "institution_category",
    "institution_name",
    "purpose",
    "data_needed",
    "has_disability",
    "disability_kind",
    "privacy_acknowledged",
)


def id_last4_read(typed: str) -> str:
    """The card digits as the front office typed them, read the way every path (form,
    service) reads them: the separators people put between digit groups (spaces, dots,
    dashes, slashes) dropped, and digits of another keyboard read as ASCII, so "１２３４" and
    "١٢٣٤" are "1234", as the birth year and the phone already accept them (product trial G,
    G12). A full card number stays long, in whatever digits, and the field refuses it."""
    return re.sub(r"[\s.\-/]", "", ascii_folded(typed))


# The history row that records an erasure at the visitor's request: its field is the moment
# the entry was anonymised, its value after the officer's note (queueing.guestbook.erasure).
ERASURE_FIELD = "anonymised_at"


class GuestbookQuerySet(models.QuerySet["GuestbookEntry"]):
    def identified(self) -> GuestbookQuerySet:
        """Entries still holding personal data (not anonymised by the retention purge, nor at
        the visitor's request)."""
        return self.filter(anonymised_at__isnull=True)


class GuestbookEntry(models.Model):
    """One visit written in the buku tamu by the front office (DESIGN §4, §7). Only the last
    four digits of the identity card are kept: the card is seen, not stored. After the
    retention period the personal fields are blanked; the categories stay for statistics."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="guestbook", verbose_name=_("office")
    )
    visit_date = models.DateField(_("visit date"))
    ticket = optional_link(
        "queueing.Ticket", one_to_one=True, related_name="guestbook_entry", verbose_name=_("ticket")
    )
    service = optional_link("queueing.Service", related_name="+", verbose_name=_("service needed"))
    name = models.CharField(_("name"), max_length=120)
    id_type = models.CharField(_("identity card"), max_length=20, choices=IdType.choices)
    id_last4 = models.CharField(
        _("last 4 digits of the card number"),
        max_length=4,
        validators=[RegexValidator(r"^[0-9]{4}\Z", _("Type only the last 4 digits."))],
    )
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices)
    institution_category = models.CharField(
        _("institution category"), max_length=20, choices=InstitutionCategory.choices
    )
    institution_name = models.CharField(_("institution"), max_length=160, blank=True)
    purpose = models.CharField(
        _("purpose of the visit"), max_length=20, choices=VisitPurpose.choices
    )
    data_needed = models.TextField(_("data needed"), blank=True)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability_kind = models.CharField(_("kind of disability"), max_length=120, blank=True)
    privacy_acknowledged = models.BooleanField(_("privacy notice acknowledged"), default=False)
    # The language of the visitor's ticket (pst.languages): the rating invitation and a
    # walk-in consultation's emails are written in it. Empty: the office's.
    language = language_field()
    created_by = models.ForeignKey(
        "pst.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Minted when the form is drawn: a double click or two parallel submissions of one form
    # meet at this unique index and give one entry (as a ticket's request id does).
    client_request_id = models.UUIDField(
        _("form submission"), null=True, blank=True, unique=True, editable=False
    )

    objects = GuestbookQuerySet.as_manager()

    # Set by guestbook_record when a repeated request id returned this existing entry.
    is_repeat = False
    # Set by guestbook_record when another form (a second tab, Back and save again) wrote the
    # same visit again meanwhile: this existing entry is returned, nothing saved twice.
    is_same_visit = False

    class Meta:
        ordering = ["-visit_date", "-created_at"]
        verbose_name = _("guestbook entry")
        verbose_name_plural = _("guestbook")
        constraints = [
            # Whatever path a row takes (form, admin, import, shell), a full identity number
            # cannot be stored: four digits, or nothing once anonymised.
            models.CheckConstraint(
                condition=Q(id_last4__regex=r"^[0-9]{4}$")
                | Q(anonymised_at__isnull=False, id_last4=""),
                name="guestbook_id_last4_only",
            ),
            models.CheckConstraint(
                condition=Q(privacy_acknowledged=True), name="guestbook_privacy_acknowledged"
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="guestbook_birth_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "visit_date"], name="guestbook_office_day"),
            models.Index(fields=["office", "email"], name="guestbook_office_email"),
            models.Index(fields=["office", "phone"], name="guestbook_office_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.visit_date} {self.name or '—'}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def erasure(self) -> GuestbookRevision | None:
        """The history row of the erasure the visitor asked for (queueing.guestbook.erasure):
        who, when, and the note as its value after; None when the entry is not anonymised or
        the retention purge did it. Read from the history as loaded (the entry's page
        prefetches it)."""
        if not self.is_anonymised:
            return None
        return next((row for row in self.revisions.all() if row.field == ERASURE_FIELD), None)


# -- corrections of saved guestbook entries (issue 8, item 12) ------------------------------

# What a correction may change: the person and the visit, never the ticket, office or date.
GUESTBOOK_CORRECTABLE_FIELDS = tuple(f for f in GUESTBOOK_FIELDS if f != "privacy_acknowledged")


class GuestbookRevision(Revision):
    """The history of a guestbook entry's corrections; the retention purge blanks the values
    of the fields it blanks in the entry (pst.personal_data declares them)."""

    record_field = "entry"

    entry = models.ForeignKey(
        GuestbookEntry,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("guestbook entry"),
    )

    class Meta(Revision.Meta):
        verbose_name = _("guestbook correction")
        verbose_name_plural = _("guestbook corrections")
