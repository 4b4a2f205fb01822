from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# Third-party apps shown in the admin under our own (translated) names; only superusers see
# them: an office administrator has no use for task results or sign-in lockout records.
THIRD_PARTY_APPS = {
    "django_tasks_database": _("Background tasks"),
    "axes": _("Sign-in lockout"),
}
THIRD_PARTY_MODELS = {
    ("django_tasks_database", "dbtaskresult"): (_("task result"), _("task results")),
}


class PstConfig(AppConfig):
    name = "pst"
    verbose_name = _("PST portal")

    def ready(self) -> None:
        for label, name in THIRD_PARTY_APPS.items():
            apps.get_app_config(label).verbose_name = name
        for (label, model_name), (singular, plural) in THIRD_PARTY_MODELS.items():
            meta = apps.get_model(label, model_name)._meta
            meta.verbose_name, meta.verbose_name_plural = singular, plural
        _third_party_admin_for_superusers_only()
        from django.contrib.auth.signals import user_logged_in
        from django_tasks.signals import task_finished

        from pst import checks  # noqa: F401  (registers the deploy and calendar checks)
        from pst.mail_queue import mail_task_finished
        from pst.receivers import staff_session_limit

        user_logged_in.connect(staff_session_limit, dispatch_uid="pst-staff-session")
        # A failed email: tried again later, or given up and logged (pst.mail_queue).
        task_finished.connect(mail_task_finished, dispatch_uid="pst-mail-task-finished")


def _third_party_admin_for_superusers_only() -> None:
    # Their admin modules register on import; import them now (autodiscover comes later and
    # finds them imported) so that their registrations can be replaced here.
    import axes.admin  # noqa: F401
    import django_tasks_db.admin  # noqa: F401
    from django.contrib import admin

    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label not in THIRD_PARTY_APPS:
            continue
        base = type(model_admin)
        admin.site.unregister(model)
        admin.site.register(
            model, type(f"SuperuserOnly{base.__name__}", (_SuperuserOnly, base), {})
        )


class _SuperuserOnly:
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_superuser
            and super().has_view_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_superuser
            and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_superuser
            and super().has_delete_permission(request, obj)
        )
