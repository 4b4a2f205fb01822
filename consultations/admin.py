from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from consultations.appointments.models import Appointment
from consultations.models import Consultation, SubjectArea
from pst.admin_base import (
    LabelledModelFormSet,
    ReadingLoggedAdmin,
    ReadOnlyOfficeScopedAdmin,
    administers_an_office,
)
from pst.forms import SafeModelForm


@admin.register(SubjectArea)
class SubjectAreaAdmin(admin.ModelAdmin):
    """One BPS list for every office: superusers keep it, office administrators read it."""

    form = SafeModelForm
    list_display = ["name", "name_en", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "name_en"]

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any):
        return super().get_changelist_formset(request, formset=LabelledModelFormSet, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers_an_office(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: consultations keep their subject


@admin.register(Consultation)
class ConsultationAdmin(ReadingLoggedAdmin, ReadOnlyOfficeScopedAdmin):
    """To look records up; officers write them at the desk."""

    list_display = [
        "reference",
        "created_at",
        "channel",
        "subject_area",
        "topic",
        "status",
        "outcome",
    ]
    list_filter = ["office", "channel", "status", "outcome", "dismissal", "topic", "subject_area"]

    def get_list_display(self, request: HttpRequest):
        # A superuser's list holds every office's consultations.
        columns = super().get_list_display(request)
        return [*columns[:1], "office", *columns[1:]] if request.user.is_superuser else columns

    date_hierarchy = "created_at"
    list_select_related = ["subject_area", "office"]
    exclude = ["guestbook_entry", "requester"]  # personal data stays in the guestbook

    @admin.display(description=_("consultation"), ordering="number")
    def reference(self, consultation: Consultation) -> str:
        return consultation.reference

    def reading_logged(self, request: HttpRequest, consultation: Consultation):
        # A visitor's question and the answer they got can name them and their business.
        return f"consultation {consultation.pk} (admin)", consultation.office


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyOfficeScopedAdmin):
    """To look appointments and meetings up; officers offer and record them on the
    consultation's page (the services check hours, capacity and codes there)."""

    list_display = ["pk", "reference", "kind", "status", "starts_at", "code"]
    list_filter = ["office", "kind", "status"]
    date_hierarchy = "starts_at"
    list_select_related = ["consultation__office"]
    exclude = ["ticket"]

    @admin.display(description=_("consultation"))
    def reference(self, appointment: Appointment) -> str:
        return appointment.consultation.reference


# The knowledge base's admin pages (its models belong to this app).
import consultations.knowledge.admin  # noqa: E402, F401
