from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pst.models import Office


class Service(models.Model):
    """A PST service with its own queue in an office (K Konsultasi, P Perpustakaan, …)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="services", verbose_name=_("office")
    )
    prefix = models.CharField(
        _("letter"),
        max_length=1,
        validators=[RegexValidator(r"^[A-Z]$", _("One capital letter, e.g. K."))],
        help_text=_("Printed before the ticket number: K-007."),
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=200, blank=True)
    sla_minutes = models.PositiveSmallIntegerField(
        _("waiting limit (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("A visitor is called at most this long after the previous one finished."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office", "sort_order", "prefix"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["office", "prefix"], name="service_prefix_per_office"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class DeskKind(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Front office")
    SERVICE = "service", _("Service desk")


class Desk(models.Model):
    """A counter (loket/meja) where officers call visitors. A front-office desk serves every
    service of its office."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="desks", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("As announced: Meja 2."))
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Spoken in the call: “silakan ke meja dua”.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DeskKind.choices, default=DeskKind.SERVICE
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="desks", verbose_name=_("services")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office", "number"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="desk_number_per_office"),
            models.UniqueConstraint(fields=["office", "name"], name="desk_name_per_office"),
        ]

    def __str__(self) -> str:
        return self.name
