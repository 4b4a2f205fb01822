"""The account forms: sign in, register, the profile, changing the email address or the
password, and the password reset (the shared bases are pst.forms')."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pst import services
from pst.forms import PRIVACY_LABEL, PhoneField, SafeForm, SafeTextMixin
from pst.languages import language_kept
from pst.models import User, email_normalize
from pst.names import NAME_LINK_REFUSED, name_has_link_or_markup
from pst.selectors import email_taken
from pst.tasks import send_email


class EmailAuthenticationForm(SafeTextMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The email address or the password is wrong."),
        # Said only to someone who typed the right password (the backend lets a disabled
        # account's password be checked, pst.auth.PortalModelBackend): it tells a stranger
        # nothing, and tells the owner why signing in fails and what to do.
        "inactive": _("This account is disabled. Contact the PST office to have it enabled again."),
    }


class ProfileFieldsMixin(SafeForm):
    personal_model = "pst.User"

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = PhoneField(
        label=_("Phone / WhatsApp"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=150,
        required=False,
        help_text=_("Leave empty if you ask as an individual."),
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=100)

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Write your full name."), code="short_name")
        if name_has_link_or_markup(name):
            raise forms.ValidationError(NAME_LINK_REFUSED, code="name_link")
        return name


class RegistrationForm(ProfileFieldsMixin):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("An active address: we send a link to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy = forms.BooleanField(
        label=PRIVACY_LABEL,
        # Django's "this field is required" under a checkbox tells nobody what to do.
        error_messages={"required": _("Tick the box to accept the privacy notice.")},
    )

    field_order = [
        "full_name",
        "email",
        "phone",
        "institution",
        "occupation",
        "password1",
        "password2",
        "privacy",
    ]

    def clean_email(self) -> str:
        email = email_normalize(self.cleaned_data["email"])
        if email_taken(email):
            raise forms.ValidationError(
                _(
                    "An account with this email address already exists. Sign in, or reset your "
                    "password if you forgot it."
                ),
                code="duplicate_email",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class KeptLanguageField(forms.ChoiceField):
    """A code of settings.LANGUAGES; anything else (a forged post, none at all) is not refused
    but ignored: "" (the account keeps its language, pst.languages)."""

    def clean(self, value: Any) -> str:
        return language_kept(value)


class ProfileForm(ProfileFieldsMixin):
    language = KeptLanguageField(
        label=_("Language"),
        choices=(),  # settings.LANGUAGES, each in its own words (as the language menu)
        help_text=_("The language of these pages and of the emails we send you."),
    )
    new_request_email = forms.BooleanField(
        label=_("Email me each new request"),
        required=False,
        help_text=_(
            "An email for every new consultation request to your office. Off, you find them in "
            "the inbox; mail about the consultations you hold comes either way."
        ),
    )

    def __init__(self, *args, consultation_officer: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, capfirst(translation.get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
        # Only a consultation officer is sent new requests (trial N, N9): for anyone else
        # the choice is neither shown nor taken from a post.
        if not consultation_officer:
            del self.fields["new_request_email"]


class EmailChangeForm(SafeForm):
    """A new address for one's own account, confirmed with the password (pst.email_change)."""

    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("We send a link there: the account takes the address once it is opened."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AccountDeleteForm(SafeForm):
    """Deleting one's own account, confirmed with the password (pst.erasure)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class QueuedPasswordResetForm(SafeTextMixin, PasswordResetForm):
    """Django's reset form, with the email leaving the request through the task queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The portal's one address (SITE_URL), not the Host header the request came with.
        context = {**context, "site_url": settings.SITE_URL}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.enqueue(to=[to_email], subject=subject, body=body)


class _OurPasswordWords:
    """Labels and messages from our catalogue ("kata sandi"), not Django's ("sandi")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two passwords differ."),
            "password_incorrect": _("Your current password is wrong. Please enter it again."),
        }
        labels = {
            "old_password": _("Current password"),
            "new_password1": _("New password"),
            "new_password2": _("New password again"),
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        if "new_password2" in self.fields:
            self.fields["new_password2"].help_text = _("Type the new password once more.")
        if "new_password1" in self.fields:
            self.fields[
                "new_password1"
            ].help_text = password_validation.password_validators_help_text_html()


class OurSetPasswordForm(SafeTextMixin, _OurPasswordWords, SetPasswordForm):
    """The reset link's form: saving goes through the service (lockout lifted, owner told)."""

    def save(self, commit: bool = True) -> User:
        return services.user_password_reset(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class OurPasswordChangeForm(SafeTextMixin, _OurPasswordWords, PasswordChangeForm):
    def clean_new_password1(self) -> str:
        password = self.cleaned_data["new_password1"]
        # The service refuses it too; here it is said on the field.
        if password and self.user.check_password(password):
            raise forms.ValidationError(
                _("The new password is the same as your current one. Choose another."),
                code="password_unchanged",
            )
        return password

    def save(self, commit: bool = True) -> User:
        return services.user_password_change(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class OurAdminPasswordChangeForm(SafeTextMixin, AdminPasswordChangeForm):
    """The admin's "set this person's password" form in our words: Django's template names
    the fields password1/password2/usable_password, so these keep their names and take our
    labels and help texts (Django's catalogue says "sandi" and lacks one sentence)."""

    usable_password_help_text = _(
        "Whether this person can sign in with a password. If disabled, the current "
        "password of this person is lost."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two passwords differ."),
        }
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")
        self.fields["password2"].help_text = _("Type the new password once more.")
        if "usable_password" in self.fields:
            field = self.fields["usable_password"]
            field.label = _("Sign in with a password")
            field.help_text = self.usable_password_help_text
            # Django's catalogue says "Diadakan"/"Ditiadakan".
            field.choices = [
                ("true", pgettext_lazy("password sign-in", "Allowed")),
                ("false", pgettext_lazy("password sign-in", "Not allowed")),
            ]
