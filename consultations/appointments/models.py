"""Follow-ups of a consultation at a set time (issue 11): an appointment at the office, which
the requester checks in to with its code, or a Zoom meeting. Their models belong to the
consultations app (imported at the bottom of consultations.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation, ConsultationStatus
from pst.fields import optional_link
from pst.models import Office
from queueing.models import Ticket


class AppointmentKind(models.TextChoices):
    IN_PERSON = "in_person", _("At the office")
    ZOOM = "zoom", _("Zoom meeting")


class AppointmentStatus(models.TextChoices):
    OFFERED = "offered", _("Times offered")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    DONE = "done", _("Held")
    DECLINED = "declined", _("Another time asked")
    CANCELLED = "cancelled", _("Cancelled")
    # Its day passed and the requester never came (or was never served): for the officer to
    # follow up, and for the reports' no-show count. Set by the SLA sweep.
    MISSED = "missed", _("Not attended")
    # The requester came and checked in, and the office did not serve them that day (trial H,
    # H2: it read "Cancelled", as if they had withdrawn). Set by the SLA sweep.
    NOT_SERVED = "not_served", _("Came, not served")


# An appointment still to happen: a consultation has at most one of these at a time.
ACTIVE_STATUSES = (
    AppointmentStatus.OFFERED,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.CHECKED_IN,
)
# What an appointment continues: a consultation not closed or cancelled (an answered one may
# still need a visit or a meeting).
OPEN_FOR_FOLLOW_UP = (
    ConsultationStatus.SUBMITTED,
    ConsultationStatus.NEEDS_CLARIFICATION,
    ConsultationStatus.ACCEPTED,
    ConsultationStatus.ANSWERED,
)
# What takes a place at the office's desks in its slot.
HOLDS_A_SLOT = (AppointmentStatus.CONFIRMED, AppointmentStatus.CHECKED_IN, AppointmentStatus.DONE)


class Appointment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("consultation"),
    )
    # The consultation's office, kept here so that slots and check-ins are read per office.
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AppointmentKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AppointmentStatus.choices)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    # Typed at the kiosk: given when the time is confirmed. NULL until then, so that the
    # uniqueness constraint ignores the appointments without one.
    code = models.CharField(  # noqa: DJ001
        _("appointment code"), max_length=8, null=True, blank=True
    )
    zoom_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    zoom_passcode = models.CharField(_("passcode"), max_length=40, blank=True)
    ticket = optional_link(
        Ticket, one_to_one=True, related_name="appointment", verbose_name=_("ticket")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    created_at = models.DateTimeField(_("created"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    ended_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    # Cancelled because its office closed that day after it was made (a closure or holiday
    # recorded later): the day and the closure's name say why on the consultation page.
    closed_on = models.DateField(_("office closed on"), null=True, blank=True, editable=False)
    closed_reason = models.CharField(_("closure"), max_length=120, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="appointment_code_unique"),
            # Offering twice (a double click, two officers) leaves one appointment to answer.
            models.UniqueConstraint(
                fields=["consultation"],
                condition=Q(status__in=["offered", "confirmed", "checked_in"]),
                name="appointment_one_active_per_consultation",
            ),
            # Offered times withdrawn (the office closed on one of them) end cancelled with
            # no time of their own.
            models.CheckConstraint(
                condition=Q(status__in=["offered", "declined", "cancelled"])
                | Q(starts_at__isnull=False),
                name="appointment_confirmed_has_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "starts_at"], name="appointment_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.kind} {self.status}"

    @property
    def is_zoom(self) -> bool:
        return self.kind == AppointmentKind.ZOOM


class AppointmentOffer(models.Model):
    """One of the 1–3 times an officer offered; the requester accepts one."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="offers", verbose_name=_("appointment")
    )
    starts_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "starts_at"], name="appointment_offer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} {self.starts_at:%Y-%m-%d %H:%M}"
