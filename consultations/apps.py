from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations.lifecycle.remote import consultations_attach_to_account
        from consultations.selectors import consultations_left_by
        from pst.signals import email_verified, staff_changed

        def attach(sender, user, **kwargs) -> None:
            consultations_attach_to_account(user=user)

        email_verified.connect(attach, dispatch_uid="consultations_attach_to_account", weak=False)

        def tell_consultations_left(sender, user, **kwargs) -> list[str]:
            return consultations_left_by(user)

        staff_changed.connect(
            tell_consultations_left, dispatch_uid="consultations_left_by", weak=False
        )
