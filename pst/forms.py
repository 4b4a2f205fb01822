from __future__ import annotations

import uuid
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
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pst import services
from pst.models import User, email_normalize
from pst.names import NAME_LINK_REFUSED, name_has_link_or_markup
from pst.personal_data import (
    IDENTITY_NUMBER_REFUSED,
    IDENTITY_NUMBER_REMOVED,
    ControlCharacterValidator,
    contains_identity_number,
    personal_text_fields,
    redact_identity_numbers,
)
from pst.phones import normalize_phone
from pst.selectors import email_taken
from pst.tasks import send_email


class _IdentityNumberValidator:
    def __init__(self, *, email: bool) -> None:
        self.email = email

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        if contains_identity_number(value):
            message = IDENTITY_NUMBER_REFUSED if self.email else IDENTITY_NUMBER_REMOVED
            raise forms.ValidationError(message, code="identity_number")


def version_input() -> forms.HiddenInput:
    """The hidden version of the record a form was loaded at (pst.revisions). A draft put
    back after signing in again (static/js/live.js) keeps it: a save by someone else
    meanwhile is then told, not overwritten by the older text."""
    return forms.HiddenInput(attrs={"data-in-draft": ""})


# Said when a hidden value the page carries comes back unreadable (SafeTextMixin).
FORM_CHANGED = _("This form expired or was changed on its way. Check it and send it again.")


class SafeTextMixin:
    """The one mechanism for text typed into any form of the portal (forms, ModelForms, the
    admin's forms):

    - every text field refuses control characters; a multi-line field (a Textarea) allows
      only tab, CR and LF;
    - the fields `pst.personal_data` declares as personal or consultation text of the form's
      model (`Meta.model`, or `personal_model` for a plain form) refuse identity numbers, and
      a refused number is never shown back: the redisplayed field keeps the text with the
      number replaced by "…" (an email address is emptied).

    The services apply the same rules again for every other path."""

    personal_model: str | None = None
    # A card number or phone typed in the wrong box must not come back in the page, whatever
    # error the field has (a control character is found before the number is).
    never_shown_back: tuple[str, ...] = ("id_last4", "phone")
    # Hidden values the page carries: a form's request id (minted when it is drawn), and
    # what a form adds to it. One that comes back unreadable was changed on the way (a proxy,
    # a browser extension) or by hand; its error would sit under a field nobody sees, and
    # the page would carry the same bad value back, so sending again failed the same way
    # forever (product trial G, G10). The form says so above its fields (code
    # "form_changed", `form_changed_message`) and draws the value afresh: a new request id,
    # any other value as the form first drew it.
    renewed_when_unreadable: tuple[str, ...] = ("request_id", "client_request_id")
    form_changed_message = FORM_CHANGED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not any(
                isinstance(validator, ControlCharacterValidator) for validator in field.validators
            ):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(ControlCharacterValidator(multiline=multiline))
        for name, spec in self._personal_text_fields().items():
            if name in self.fields:
                self.fields[name].validators.append(_IdentityNumberValidator(email=spec.email))

    def _personal_text_fields(self) -> dict:
        model = self.personal_model or getattr(getattr(self, "_meta", None), "model", None)
        return personal_text_fields(model) if model else {}

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, spec in self._personal_text_fields().items():
            if name in self.fields and self.has_error(name, "identity_number"):
                key = self.add_prefix(name)
                self.data = self.data.copy()
                raw = self.data.get(key, "")
                self.data[key] = "" if spec.email else redact_identity_numbers(raw)
        for name, field in self.fields.items():
            if self.has_error(name) and (
                name in self.never_shown_back or isinstance(field, PhoneField)
            ):
                self.data = self.data.copy()
                self.data[self.add_prefix(name)] = ""
        self._unreadable_hidden_renew()

    def _unreadable_hidden_renew(self) -> None:
        unreadable = [
            name
            for name in self.renewed_when_unreadable
            if name in self.fields and self.has_error(name)
        ]
        if not unreadable:
            return
        self.data = self.data.copy()
        for name in unreadable:
            del self._errors[name]
            field = self.fields[name]
            if isinstance(field, forms.UUIDField):
                fresh = str(uuid.uuid4())
            else:
                fresh = self.get_initial_for_field(field, name)
            self.data[self.add_prefix(name)] = "" if fresh is None else fresh
        self.add_error(None, forms.ValidationError(self.form_changed_message, code="form_changed"))


class SafeForm(SafeTextMixin, forms.Form):
    pass


class SafeModelForm(SafeTextMixin, forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                _model_bounds_on(field, self._meta.model, name)


def _model_bounds_on(field: forms.IntegerField, model: type, name: str) -> None:
    """The number field of a model form bounded as the model field is, with its messages: a
    positive field's form bound (0) otherwise speaks first, so −5 read "at least 0" and 0 "at
    least 1" (trial 2, item 12)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    lows = [v for v in model_field.validators if isinstance(v, MinValueValidator)]
    highs = [v for v in model_field.validators if isinstance(v, MaxValueValidator)]
    if not lows and not highs:
        return
    kept = [
        v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))
    ]
    if lows:
        low = max(lows, key=lambda v: v.limit_value)
        kept.append(low)
        field.min_value = low.limit_value
        field.widget.attrs["min"] = low.limit_value
    if highs:
        high = min(highs, key=lambda v: v.limit_value)
        kept.append(high)
        field.max_value = high.limit_value
        field.widget.attrs["max"] = high.limit_value
    field.validators = kept


PRIVACY_LABEL = _(
    "I have read the privacy notice and agree that my data is used to serve my request."
)


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


class LocalMinuteField(forms.DateTimeField):
    """A date and time to the minute, typed in the browser's date-time picker and read in the
    time zone the view activated (the office's). Only ASCII digits: Python's strptime reads
    any Unicode digit ("٢٠٢٦", "２０２６"), and a time must mean the same to every reader."""

    FORMAT = "%Y-%m-%dT%H:%M"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=self.FORMAT)
        )
        super().__init__(input_formats=[self.FORMAT], **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            raise forms.ValidationError(_("Enter a valid date and time."), code="invalid")
        return super().to_python(value)


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""


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


class ProfileForm(ProfileFieldsMixin):
    pass


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
