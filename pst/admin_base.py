"""The admin's shared machinery: office scoping (each office's administrator sees and
changes only their office's rows), reading logged as access to personal data, moments in
the row's office zone, and tables of forms whose fields are named for screen readers. The
apps' admin modules build on it; pst.admin registers the core models."""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pst.formatting import moment_short
from pst.forms import SafeModelForm
from pst.guards import parse_id
from pst.models import TIME_ZONE_ABBREVIATIONS, AccessKind, Office
from pst.permissions import admin_access_due
from pst.personal_data import personal_data_access_log, personal_fields


def administers_an_office(request: HttpRequest) -> bool:
    # The admin's own login page asks this of the anonymous visitor too, who has no office.
    return request.user.is_authenticated and admin_access_due(request.user)


def signal_warnings_show(model_admin: admin.ModelAdmin, request: HttpRequest, replies) -> None:
    """Show the administrator the warnings the apps' receivers of a pst signal returned."""
    for _receiver, warnings in replies:
        for warning in warnings or ():
            model_admin.message_user(request, warning, level=messages.WARNING)


class OwnOfficeRelatedFilter(admin.RelatedFieldListFilter):
    """A filter on a related model that belongs to an office (services, desks): an office's
    administrator chooses among their own office's rows, not every office's ("K Konsultasi
    Statistik" once per office, indistinguishable)."""

    def field_choices(self, field, request: HttpRequest, model_admin):
        if request.user.is_superuser:
            # Every office's rows, each named with its office's code.
            rows = field.related_model._default_manager.select_related("office")
            return [
                (row.pk, f"{row} · {row.office.code}")
                for row in rows.order_by("office__code", "pk")
            ]
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to={"office": request.user.office_id},
        )


class ReadingLoggedAdmin(admin.ModelAdmin):
    """An admin whose change page shows someone's personal data: each look at one is logged
    as on the portal's own pages (DESIGN §7) — its change and history pages, and any other
    page of one row that calls `log_reading`. `reading_logged` names what was read and the
    office it belongs to, or None when this row is not someone's data."""

    def reading_logged(self, request: HttpRequest, obj: Any) -> tuple[str, Office | None] | None:
        raise NotImplementedError

    def log_reading(self, request: HttpRequest, response: HttpResponse, key: str) -> None:
        """Log the row the page shows under context `key`, if it answered with it."""
        obj = (getattr(response, "context_data", None) or {}).get(key)
        reading = self.reading_logged(request, obj) if obj is not None else None
        if response.status_code == 200 and reading is not None:
            subject, office = reading
            personal_data_access_log(
                user=request.user, office=office, kind=AccessKind.VIEW_DETAIL, subject=subject
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self.log_reading(request, response, "original")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self.log_reading(request, response, "object")
        return response


def _row_office(obj: Any, lookup: str) -> Office | None:
    for step in lookup.split("__"):
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return obj


def office_moment_column(model: type[models.Model], name: str, office_lookup: str):
    """A date-time column written in its row's office zone with the zone's name: a
    superuser's list mixes offices, and 09.30 WIT is 07.30 WIB."""
    field = model._meta.get_field(name)

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj: Any) -> str | None:
        value = getattr(obj, name)
        if value is None:
            return None
        office = _row_office(obj, office_lookup)
        if office is not None:
            return moment_short(value, office.zoneinfo, office.time_zone_abbreviation)
        zone = timezone.get_current_timezone_name()  # a national row: the reader's zone
        return moment_short(
            value, timezone.get_current_timezone(), TIME_ZONE_ABBREVIATIONS.get(zone, zone)
        )

    column.__name__ = name
    return column


def _field_is(model: type[models.Model], name: Any, kind: type[models.Field]) -> bool:
    """Whether a list_display entry names a field of `kind` on the model itself."""
    if not isinstance(name, str):
        return False
    try:
        return isinstance(model._meta.get_field(name), kind)
    except FieldDoesNotExist:
        return False


class OfficeScopedAdmin(admin.ModelAdmin):
    """Administrators see and edit only their own office's rows; superusers everything.
    Permissions come from the role, not per-model permission rows."""

    office_lookup = "office"
    # Control characters refused in every text field, identity numbers in personal ones.
    form = SafeModelForm

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Django lets an address filter on any field of the model: ?email__startswith=s, a
        # letter at a time, reads a masked address back (trial attack-ev, F2). A personal
        # field is filtered on only where the admin offers it (a category, say), and a field
        # the admin hides not at all.
        field = lookup.split(LOOKUP_SEP, 1)[0]
        with suppress(FieldDoesNotExist):  # rating_id is the rating, complainant_id the person
            field = self.model._meta.get_field(field).name
        hidden = field in (self.exclude or ())
        if hidden or (field in personal_fields(self.model) and field not in self.list_filter):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.office_lookup: request.user.office_id})

    def get_list_display(self, request: HttpRequest):
        return [
            office_moment_column(self.model, name, self.office_lookup)
            if _field_is(self.model, name, models.DateTimeField)
            else name
            for name in super().get_list_display(request)
        ]

    def get_list_select_related(self, request: HttpRequest):
        related = super().get_list_select_related(request)
        if related is True or not any(
            _field_is(self.model, name, models.DateTimeField) for name in self.list_display
        ):
            return related
        # The date-time columns read each row's office.
        if related is False:
            related = [
                name for name in self.list_display if _field_is(self.model, name, models.ForeignKey)
            ]
        return [*related, self.office_lookup]

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        # An administrator's list holds one office: a filter by office only shows the others.
        return [f for f in filters if f != "office"]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "office" and not request.user.is_superuser:
            kwargs["queryset"] = Office.objects.filter(pk=request.user.office_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "office" in form.base_fields:
            # An administrator's rows always carry their office: a row without one (a
            # national holiday, staff without an office) would leave their sight.
            form.base_fields["office"].required = True
            form.base_fields["office"].empty_label = None
        return form

    def _office_zone(self, object_id: str) -> str | None:
        lookup = "" if self.office_lookup == "pk" else f"{self.office_lookup}__"
        pk = parse_id(object_id)
        if pk is None:
            return None
        return (
            self.model._default_manager.filter(pk=pk)
            .values_list(f"{lookup}time_zone", flat=True)
            .first()
        )

    def _in_office_zone(self, view, request: HttpRequest, object_id: str, *args, **kwargs):
        # A row's moments read and typed in its office's zone, as its list column and the
        # portal show them (trial G, G4: a superuser in WITA read Jayapura's ticket at 8.43,
        # its history beside it at 9.43; review R7: its history and delete pages too).
        zone = self._office_zone(object_id)
        if not zone:
            return view(request, object_id, *args, **kwargs)
        with timezone.override(ZoneInfo(zone)):
            response = view(request, object_id, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        return self._in_office_zone(super().change_view, request, object_id, *args, **kwargs)

    def history_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        return self._in_office_zone(super().history_view, request, object_id, *args, **kwargs)

    def delete_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        return self._in_office_zone(super().delete_view, request, object_id, *args, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers_an_office(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return administers_an_office(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)


def label_row_fields(form: forms.Form, index: int | None) -> None:
    """Tables of forms (tabular inlines, editable lists) name their columns only in the table
    head: screen readers need a name on each field of each row ("Order: Pertanian")."""
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is not None:
        row = f": {instance}"
    else:
        row = "" if index is None else f" {index + 1}"
    for name, field in form.fields.items():
        label = _("Delete") if name == "DELETE" else field.label or name
        field.widget.attrs.setdefault("aria-label", f"{label}{row}")


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        label_row_fields(form, index)


class LabelledModelFormSet(BaseModelFormSet):
    """For `list_editable` changelists (ModelAdmin.get_changelist_formset)."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        label_row_fields(form, index)


class ReadOnlyOfficeScopedAdmin(OfficeScopedAdmin):
    """Records to look up, never to edit here: they are written by the portal's own pages,
    and nothing is deleted."""

    exclude: list[str] = []

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
