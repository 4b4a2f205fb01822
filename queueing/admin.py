from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pst.admin_base import (
    OfficeScopedAdmin,
    OwnOfficeRelatedFilter,
    ReadOnlyOfficeScopedAdmin,
    administers_an_office,
)
from pst.forms import SafeModelForm
from queueing.errors import QueueError
from queueing.models import Desk, DeskSession, Service, Ticket, TicketEvent
from queueing.service_changes import desk_change_check, service_change_check


class ServiceAdminForm(SafeModelForm):
    class Meta:
        model = Service
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is not None and not self.errors:
            try:
                service_change_check(
                    self.instance,
                    active=bool(cleaned.get("is_active")),
                    prefix=cleaned.get("prefix") or self.instance.prefix,
                )
            except QueueError as error:
                self.add_error(
                    "prefix" if error.code == "prefix_in_use" else "is_active", error.message
                )
        return cleaned


@admin.register(Service)
class ServiceAdmin(OfficeScopedAdmin):
    form = ServiceAdminForm
    list_display = [
        "prefix",
        "name",
        "name_en",
        "office",
        "sla_minutes",
        "records_consultations",
        "sort_order",
        "is_active",
    ]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "name_en"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # services are deactivated so their tickets keep their history


class DeskAdminForm(SafeModelForm):
    class Meta:
        model = Desk
        fields = ["office", "name", "number", "kind", "services", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        office, chosen = cleaned.get("office"), cleaned.get("services")
        if office is not None and chosen and any(s.office_id != office.pk for s in chosen):
            self.add_error("services", _("Choose services of the desk's own office."))
        if self.instance.pk is not None and not self.errors:
            try:
                desk_change_check(
                    self.instance,
                    active=bool(cleaned.get("is_active")),
                    kind=cleaned.get("kind") or self.instance.kind,
                    services=chosen or (),
                )
            except QueueError as error:
                # A service taken off the desk is the services box's error.
                lost_a_service = error.code == "last_desk" and cleaned.get("is_active")
                self.add_error("services" if lost_a_service else "is_active", error.message)
        return cleaned


@admin.register(Desk)
class DeskAdmin(OfficeScopedAdmin):
    form = DeskAdminForm
    list_display = ["number", "name", "office", "kind", "is_active"]
    list_filter = ["office", "kind", "is_active"]
    # A handful of services: labelled checkboxes (Django's two-box filter fails axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        every_office = request.user.is_superuser
        if db_field.name == "services":
            kwargs["queryset"] = (
                Service.objects.select_related("office").order_by("office__code", "sort_order")
                if every_office
                else Service.objects.filter(office=request.user.office_id)
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "services" and every_office:
            # Every office names its services alike: its code tells them apart.
            field.label_from_instance = lambda service: f"{service} · {service.office.code}"
        return field

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # desks are deactivated so their calls keep their history


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    fields = [
        "local_time",
        "kind",
        "service",
        "stage",
        "desk",
        "officer",
        "to_service",
        "priority",
        "priority_before",
        "sla_wait_seconds",
        "total_wait_seconds",
        "without_guestbook",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .select_related("ticket", "office", "service", "desk", "officer", "to_service")
        )

    @admin.display(description=_("time"))
    def local_time(self, event: TicketEvent) -> str:
        # The office's clock, whoever reads it (a superuser may sit in another zone).
        return date_format(event.at.astimezone(event.office.zoneinfo), "DATETIME_FORMAT")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)


@admin.register(Ticket)
class TicketAdmin(ReadOnlyOfficeScopedAdmin):
    """Tickets and their history, to look up, never to edit: the desks change them through
    the console, and nothing is deleted."""

    list_display = [
        "code",
        "service_date",
        "service",
        "status",
        "priority",
        "origin",
        "issued_at",
        "desk",
        "sla_wait_seconds",
        "sla_met",
    ]
    list_filter = [
        "office",
        "service_date",
        "status",
        ("service", OwnOfficeRelatedFilter),
        "priority",
        "origin",
        "sla_met",
    ]
    search_fields = ["code"]
    date_hierarchy = "service_date"
    list_select_related = ["service", "desk"]
    inlines = [TicketEventInline]
    exclude = ["token", "client_request_id"]  # the token is the visitor's key to their page


@admin.register(DeskSession)
class DeskSessionAdmin(ReadOnlyOfficeScopedAdmin):
    """Who worked at which desk when, written by the console (the SLA clock of a desk's first
    call of the day starts when it was taken)."""

    office_lookup = "desk__office"
    list_display = ["desk", "officer", "started_at", "ended_at"]
    date_hierarchy = "started_at"
    list_select_related = ["desk", "officer"]
