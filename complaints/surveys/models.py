"""A rating of the service (models of the `complaints` app)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints.surveys.elements import ELEMENT_FIELDS, ELEMENTS, SCORES
from consultations.models import Channel, Consultation
from pst.fields import optional_link
from pst.models import Office
from pst.profile import Education, Occupation, Sex
from queueing.models import Service, Ticket

COMMENT_MAX_LENGTH = 2000


def score_field(number: int) -> models.PositiveSmallIntegerField:
    """The answer to element `number` (1–9), from 1 (worst) to 4 (best)."""
    element = ELEMENTS[number - 1]
    # Lazy, as every verbose name: an f-string froze the name in the language active at
    # import, and the migration differed between machines.
    return models.PositiveSmallIntegerField(
        format_lazy("U{} {}", element.number, element.name),
        choices=[(s, str(s)) for s in SCORES],
    )


class SurveyResponseQuerySet(models.QuerySet["SurveyResponse"]):
    def of_office(self, office: Office) -> SurveyResponseQuerySet:
        return self.filter(office=office)

    def submitted_between(self, start, end) -> SurveyResponseQuerySet:
        """Rated at or after `start` and before `end` (aware datetimes)."""
        return self.filter(submitted_at__gte=start, submitted_at__lt=end)


class SurveyResponse(models.Model):
    """One served ticket or one answered consultation, rated once (the one-to-one links are
    the single use of the rating link). The respondent is not named: the supervisor reads
    the index, the profile counts and the comments, never who gave them."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    ticket = optional_link(Ticket, one_to_one=True, related_name="rating", verbose_name=_("ticket"))
    consultation = optional_link(
        Consultation, one_to_one=True, related_name="rating", verbose_name=_("consultation")
    )
    # Kept as they were when the service was given, for the reports' split by channel and
    # by service (a ticket's service is the one that finished it).
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    service = optional_link(Service, related_name="+", verbose_name=_("service"))
    served_at = models.DateTimeField(_("served"))
    submitted_at = models.DateTimeField(_("rated"))

    requirements = score_field(1)
    procedure = score_field(2)
    turnaround = score_field(3)
    cost = score_field(4)
    product = score_field(5)
    competence = score_field(6)
    conduct = score_field(7)
    complaint_handling = score_field(8)
    facilities = score_field(9)

    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices)
    comment = models.TextField(
        _("suggestions and feedback"), max_length=COMMENT_MAX_LENGTH, blank=True
    )

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket__isnull=True) ^ Q(consultation__isnull=True),
                name="rating_of_one_ticket_or_consultation",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                    name=f"rating_{name}_from_1_to_4",
                )
                for name in ELEMENT_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["office", "submitted_at"], name="rating_office_time")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.submitted_at:%Y-%m-%d} #{self.pk}"

    def scores(self) -> list[int]:
        return [getattr(self, name) for name in ELEMENT_FIELDS]
