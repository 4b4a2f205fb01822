"""Complaint categories (national ones kept by superusers, an office's own and overrides by
its administrator) and complaints to look up (handled on the supervisors' pages; contacts
masked here, every look logged)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from complaints.handling.codes import code_normalize
from complaints.handling.models import Complaint, ComplaintCategory, ComplaintEvidence
from pst.admin_base import OfficeScopedAdmin, ReadingLoggedAdmin, ReadOnlyOfficeScopedAdmin
from pst.personal_data import personal_value_shown


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(OfficeScopedAdmin):
    """An office's administrator reads the national categories and overrides one for the
    office by adding a category with its key (other working days, another name, or not
    active); superusers keep the national list."""

    list_display = ["name", "key", "working_days", "office", "sort_order", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name", "key"]
    fields = ["office", "key", "name", "name_en", "working_days", "sort_order", "is_active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintCategory]:
        queryset = super(OfficeScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(Q(office__isnull=True) | Q(office=request.user.office_id))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.office_id is None and not request.user.is_superuser:
            return False  # the installation's list: override it with an office row
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.complaints.exists():
            return False  # complaints keep their category: make it not active instead
        return self.has_change_permission(request, obj)


def _masked(name: str, description: Any):
    @admin.display(description=description)
    def column(model_admin: admin.ModelAdmin, complaint: Complaint) -> str:
        return personal_value_shown(Complaint, name, getattr(complaint, name), unmasked=False)

    column.__name__ = f"{name}_masked"
    return column


class EvidenceInline(admin.TabularInline):
    """What was sent with the complaint, by name: the files themselves are downloaded (and
    the download logged) on the complaint's page."""

    model = ComplaintEvidence
    fields = readonly_fields = ["name", "content_type", "size"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadingLoggedAdmin, ReadOnlyOfficeScopedAdmin):
    """To look complaints up; the office's supervisors handle them on /complaints/."""

    inlines = [EvidenceInline]
    email_masked = _masked("complainant_email", _("email"))
    phone_masked = _masked("complainant_phone", _("phone / WhatsApp"))
    reply_to_masked = _masked("complainant_reply_to", _("where to reply"))
    list_display = ["display_code", "received_at", "category", "status", "due_at", "email_masked"]
    list_filter = ["office", "status", "channel", "category"]
    list_select_related = ["category", "office"]
    date_hierarchy = "received_at"
    # The rating a comment came from names the day it was given, which leads to the visit
    # (trial J1): the channel "survey" says enough.
    exclude = [
        "complainant_email", "complainant_phone", "complainant_reply_to", "complainant",
        "client_request_id", "rating", "repeat_key",
    ]  # fmt: skip
    search_fields = ["code"]

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        # The code is stored without its dashes and read forgivingly, as on /complaints/track/.
        code = code_normalize(search_term.strip())
        if search_term.strip() and code is None:
            return queryset.none(), False
        return super().get_search_results(request, queryset, code or "")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            *super().get_readonly_fields(request, obj),
            "email_masked",
            "phone_masked",
            "reply_to_masked",
        ]

    @admin.display(description=_("tracking code"), ordering="code")
    def display_code(self, complaint: Complaint) -> str:
        return complaint.display_code

    def reading_logged(self, request: HttpRequest, complaint: Complaint):
        return f"complaint {complaint.pk} (admin)", complaint.office
