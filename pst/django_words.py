"""Sentences of Django's admin and auth that our pages show, translated again in our catalogue.

Django's Indonesian catalogue says "sandi" (and has typos such as "autentifikasu") where we
say "kata sandi", and one of its sentences says the opposite of Django's. Our catalogue
(LOCALE_PATHS) is read before Django's, so the same msgid translated there wins. They are
marked here, never called, so that `make messages` keeps them."""

from django.utils.translation import gettext_noop

DJANGO_SENTENCES = [
    # Django's catalogue says "Rubah" (a fox) for "Ubah" in the admin's table headers.
    gettext_noop("Change or view list link"),
    # Django's catalogue says "… tidak ada" ("does not exist"): for any unique constraint
    # without a message of its own.
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("Set password"),
    gettext_noop("Change password: %s"),
    gettext_noop("Set password: %s"),
    gettext_noop("Enter a new password for the user <strong>%(username)s</strong>."),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Password changed successfully."),
    gettext_noop("Password change"),
    gettext_noop("password"),
    gettext_noop("No password set."),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that "
        "both fields may be case-sensitive."
    ),
]
