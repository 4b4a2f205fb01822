from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from pst import (
    admin_access_log,  # noqa: F401  (registers the access log's admin)
    admin_holidays,  # noqa: F401  (registers the holidays' admin)
    calendar_services,
    services,
)
from pst.account_forms import OurAdminPasswordChangeForm
from pst.admin_base import (
    LabelledInlineFormSet,
    OfficeScopedAdmin,
    ReadingLoggedAdmin,
    administers_an_office,
    signal_warnings_show,
)
from pst.forms import SafeModelForm, SafeTextMixin
from pst.guards import parse_id
from pst.models import (
    OFFICE_CONTACT_FIELDS,
    Office,
    OpeningHours,
    User,
)
from pst.permissions import Role
from pst.personal_data import mask_email
from pst.phones import normalize_phone
from pst.selectors import email_taken
from pst.signals import hours_changed, staff_changed


class OpeningHoursFormSet(LabelledInlineFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        # Django's names the field ("Perbaiki data ganda untuk weekday."; trial G, G8).
        return _("Each day has one row of opening hours: two rows name the same day.")


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    form = SafeModelForm
    extra = 0
    max_num = 7

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_an_office(request)


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_lookup = "pk"
    # Addresses typed without a scheme (s.bps.go.id/AduanPST6571) are https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["code", "name", "province", "time_zone", "is_active"]
    list_filter = ["time_zone", "is_active"]
    search_fields = ["code", "name"]
    inlines = [OpeningHoursInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "province", "time_zone", "is_active"]}),
        (
            _("Contacts"),
            {"fields": list(OFFICE_CONTACT_FIELDS)},
        ),
        (
            _("Service standard"),
            {
                "fields": [
                    "sk_number",
                    "requirements_walk_in",
                    "requirements_online",
                    "online_sla_working_days",
                ]
            },
        ),
        (
            _("Waiting room"),
            {"fields": ["display_message", "allow_phone_tickets", "screen_addresses"]},
        ),
    ]
    readonly_fields = ["screen_addresses"]

    def get_readonly_fields(self, request: HttpRequest, obj: Office | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        # The installation's decisions, not an office's (trial G, G3, G13): the code is in
        # every kiosk's, board's and poster's address and every KS- reference; switching the
        # office off takes those pages down; its time zone moves every time of the day (the
        # kiosk closes mid-queue, the day's times shift).
        return [*fields, "code", "time_zone", "is_active"]

    @admin.display(description=_("screens"))
    def screen_addresses(self, office: Office) -> str:
        if office.pk is None:
            return "–"
        links = [
            (reverse("kiosk", args=[office.code]), _("kiosk")),
            (reverse("kiosk_setup", args=[office.code]), _("set up a kiosk screen")),
            (reverse("display", args=[office.code]), _("display board")),
            (reverse("phone_ticket", args=[office.code]), _("number on the phone")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # offices are deactivated: their history stays

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            calendar_services.office_opening_hours_ensure(office=form.instance)
        elif "time_zone" in form.changed_data or any(f.has_changed() for f in formsets):
            # What was booked at hours the office no longer opens (new hours, or the same
            # hours in another time zone), handled and told by the apps that know (review of
            # trial E, M3: only a closure did that).
            replies = hours_changed.send(sender=OpeningHours, office=form.instance)
            signal_warnings_show(self, request, replies)


class _UserContactMixin:
    """The admin stores a phone exactly as registration and the profile do (E.164), and
    refuses what they refuse (a card number typed in the phone box, text, …); an address
    another account has, in any case, is refused once, under the field."""

    def clean_phone(self) -> str:
        raw = (self.cleaned_data.get("phone") or "").strip()
        return normalize_phone(raw) if raw else ""

    def clean_email(self) -> str:
        # Said here, the field's own unique check and the case-insensitive constraint are
        # skipped for it: each said "already exists", once above the form (trial F, F11).
        email = self.cleaned_data.get("email") or ""
        if email_taken(email, besides=self.instance):
            raise forms.ValidationError(
                _("An account with this email address already exists."), code="duplicate_email"
            )
        return email


class PortalUserCreationForm(SafeTextMixin, _UserContactMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class PortalUserChangeForm(SafeTextMixin, _UserContactMixin, UserChangeForm):
    acting_user: User | None = None  # set by UserAdmin.get_form: who is changing the account

    class Meta:
        model = User
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.acting_user is None:
            return cleaned
        user = self.instance
        # A field the form does not show keeps the account's value.
        roles = (
            {group.name for group in cleaned["groups"]}
            if "groups" in cleaned
            else set(user.groups.values_list("name", flat=True))
        )
        try:
            services.own_account_change_check(
                actor=self.acting_user,
                user=user,
                roles=roles,
                is_active=cleaned.get("is_active", user.is_active),
            )
        except services.PortalError as error:
            self.add_error(error.field, error.message)
        return cleaned


class RoleListFilter(admin.SimpleListFilter):
    """Roles by their names, not the groups' internal ones (front_office, …)."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return list(Role.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value()).distinct()
        return queryset


def _role_label(group: Group) -> str:
    return str(Role(group.name).label)


@dataclass(frozen=True)
class _Row:
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


# The account fields whose change signs the person out everywhere.
SIGNS_OUT = frozenset({"office", "groups", "is_active", "is_staff", "is_superuser"})


@admin.register(User)
class UserAdmin(ReadingLoggedAdmin, OfficeScopedAdmin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["address", "full_name", "office", "is_staff", "is_active", "email_verified_at"]
    list_filter = ["office", RoleListFilter, "is_staff", "is_active"]
    change_password_form = OurAdminPasswordChangeForm
    # A requester's address (masked in the list) only whole: no guessing it letter by letter.
    # Staff addresses, shown in the list, also by a part (get_search_results; trial M6).
    search_fields = ["=email", "full_name"]  # the hint: templates/admin/pst/user/change_list.html
    # Admin access follows the roles (services.user_admin_access_keep): shown, never ticked.
    readonly_fields = ["is_staff", "last_login", "date_joined", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "institution", "occupation"]}),
        (_("Office and roles"), {"fields": ["office", "groups", "is_active", "is_staff"]}),
        (_("Installation"), {"fields": ["is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "email_verified_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "office",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    # Four roles: plain labelled checkboxes, not Django's two-box filter (its icons carry
    # ARIA attributes that axe refuses).
    filter_horizontal = []
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def get_form(self, request: HttpRequest, obj: User | None = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user  # a class made for this request (modelform_factory)
        if "is_superuser" in form.base_fields:
            # Django's words ("all permissions without explicitly assigning them") say nothing
            # of what the switch means here.
            form.base_fields["is_superuser"].help_text = _(
                "The installation's administrator: every office, the national holidays and "
                "every account, with admin access always. An office's administrator is given "
                "the Administrator role instead."
            )
        return form

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [fs for fs in fieldsets if fs[0] != _("Installation")]

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
            kwargs["label"] = _("Roles")
            kwargs["help_text"] = _(
                "What this person may do at their office. Front-office officers take "
                "visitors and fill the guestbook; consultation officers also answer "
                "consultations; supervisors also read reports and complaints; "
                "administrators keep the office, its services, desks, calendar and staff "
                "in this administration site: the role alone gives admin access."
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "groups":
            field.label_from_instance = _role_label
        return field

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return request.user.is_superuser  # office administrators deactivate accounts instead

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            results |= queryset.filter(office__isnull=False, email__icontains=term)
        return results, may_have_duplicates

    @admin.display(description=_("email address"), ordering="email")
    def address(self, user: User) -> str:
        # Staff addresses are the office's business; a registered requester's (no office) is
        # personal data, masked in lists like everywhere else. Search still finds it whole.
        return user.email if user.office_id else mask_email(user.email)

    def action_checkbox(self, user: User) -> str:
        # Its label (for screen readers) names the row: the name and the address as shown.
        return super().action_checkbox(_Row(user.pk, f"{user.full_name} {self.address(user)}"))

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if parse_id(id) == request.user.pk:
            # One's own password is changed on the portal's page, which asks for the current
            # one and offers no "sign in with a password: not allowed" (review R1: an office
            # administrator locked themselves out through it).
            return redirect("password_change")
        # Its heading names the account by its address (found by the review).
        response = super().user_change_password(request, id, form_url)
        self.log_reading(request, response, "original")
        return response

    def reading_logged(self, request: HttpRequest, user: User) -> tuple[str, Office | None] | None:
        if user.pk == request.user.pk:
            return None  # one's own account
        return f"account {user.pk} (admin)", user.office

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        if change and "email" in form.changed_data:
            obj.email_verified_at = None  # a new address is verified anew
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # the roles are saved here
        user = services.user_admin_access_keep(user=form.instance)
        if change:
            # What the change leaves behind (a visitor at their desk, consultations they
            # held), told by the apps that know: pst imports none of them.
            if SIGNS_OUT.intersection(form.changed_data):
                # A session keeps what it was signed in with (the staff session's end,
                # STAFF_SESSION_HOURS, is set at sign-in): a changed role or office starts
                # again from the sign-in page (review-2711d R8). One's own change keeps one's
                # own session.
                user = services.user_sessions_end(user=user)
                if user.pk == request.user.pk:
                    update_session_auth_hash(request, user)
            signal_warnings_show(self, request, staff_changed.send(sender=User, user=user))


admin.site.unregister(Group)
