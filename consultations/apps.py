from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations.lifecycle.remote import consultations_attach_to_account
        from pst.signals import email_verified

        def attach(sender, user, **kwargs) -> None:
            consultations_attach_to_account(user=user)

        email_verified.connect(attach, dispatch_uid="consultations_attach_to_account", weak=False)
