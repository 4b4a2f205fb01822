"""The holidays' admin: national days (the installation's, a superuser's) and each office's
own closures. A day recorded closed is announced (`day_closed`) to the apps that booked or
counted it (appointments cancelled, due dates moved later), and the list warns of a year
whose national holidays are not in the calendar (pst.calendar_gaps)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from pst.admin_base import OfficeScopedAdmin, signal_warnings_show
from pst.calendar_gaps import calendar_gap_message, calendar_gaps
from pst.forms import SafeModelForm
from pst.models import Holiday, HolidaySource
from pst.signals import day_closed


class HolidayAdminForm(SafeModelForm):
    class Meta:
        model = Holiday
        fields = ["office", "date", "name", "kind", "is_closed"]


@admin.register(Holiday)
class HolidayAdmin(OfficeScopedAdmin):
    form = HolidayAdminForm
    list_display = [
        "date",
        "name",
        "kind",
        "office",
        "is_closed",
        "source",
        "changed_by",
        "changed_at",
    ]
    list_filter = ["kind", "is_closed", "source", "office"]
    date_hierarchy = "date"
    search_fields = ["name"]
    readonly_fields = ["source", "created_at", "changed_at", "changed_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Holiday]:
        queryset = super(OfficeScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # An office's administrator sees the national days that apply to it, too.
        return queryset.filter(Q(office__isnull=True) | Q(office=request.user.office_id))

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET":
            # Before it bites (product trial O, O5): a year without national holidays counts
            # every weekday as a working day.
            for year, offices in calendar_gaps():
                if not request.user.is_superuser:
                    offices = [office for office in offices if office.pk == request.user.office_id]
                if offices:
                    messages.warning(request, calendar_gap_message(year, offices))
        return super().changelist_view(request, extra_context)

    def has_change_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        if obj is not None and obj.office_id is None and not request.user.is_superuser:
            return False  # national days are the installation's; override with an office row
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        # Synced days are revoked (untick "office closed") so a later sync keeps them open.
        if obj is not None and obj.source == HolidaySource.SYNC:
            return False
        return self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Holiday, form, change: bool) -> None:
        obj.source = HolidaySource.MANUAL
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
        if obj.is_closed:
            # What was booked on the day (appointments) or counted it as a working day (due
            # dates), handled and told by the apps that know: pst imports none of them.
            replies = day_closed.send(sender=Holiday, office=obj.office, date=obj.date)
            signal_warnings_show(self, request, replies)
