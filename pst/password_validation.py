"""Django's password validators with our own words: Django's Indonesian catalogue says "Sandi
anda …" in some texts and "Kata sandi Anda …" in others; every password text of the portal
comes from our catalogue instead, so it always says "kata sandi" and "Anda"."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %d character.",
            "This password is too short: use at least %d characters.",
            self.min_length,
        ) % (self.min_length,)

    def get_help_text(self) -> str:
        return ngettext(
            "Your password has at least %(min_length)d character.",
            "Your password has at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("The password is too similar to your %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Your password is not similar to your name, email or other details.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is too common.")

    def get_help_text(self) -> str:
        return _("Your password is not a commonly used one.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password has only digits.")

    def get_help_text(self) -> str:
        return _("Your password is not made of digits only.")
