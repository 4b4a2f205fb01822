from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PstConfig(AppConfig):
    name = "pst"
    verbose_name = _("PST portal")
