from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "queueing"
    verbose_name = _("Walk-in queue")

    def ready(self) -> None:
        from queueing import signals  # noqa: F401  (connects its receivers)
