"""The personal-data access log in the admin (DESIGN §7, trial S1): an office's administrator
reads their office's rows, a superuser every office's and those of no office (an account
opened in the admin). Read only, for everyone: the portal writes the rows, and only the
retention purge (ACCESS_LOG_RETENTION_DAYS) deletes them. The office's supervisors review
the same log on /supervisor/access-log/, with its export."""

from __future__ import annotations

from django.contrib import admin

from pst.admin_base import ReadOnlyOfficeScopedAdmin
from pst.models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyOfficeScopedAdmin):
    list_display = [
        "at",
        "user",
        "kind",
        "subject",
        "period_start",
        "period_end",
        "row_count",
        "unmasked",
        "office",
    ]
    list_select_related = ["user", "office"]
    list_filter = ["kind", "unmasked", ("at", admin.DateFieldListFilter), "office"]
    date_hierarchy = "at"
    search_fields = ["subject", "user__full_name", "user__email"]
    # No "delete selected": a row is deleted by the retention purge alone.
    actions = None
