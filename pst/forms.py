from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from pst.guards import parse_id
from pst.personal_data import (
    IDENTITY_NUMBER_REFUSED,
    IDENTITY_NUMBER_REMOVED,
    ControlCharacterValidator,
    TextField,
    contains_identity_number,
    personal_text_fields,
    redact_identity_numbers,
)
from pst.phones import normalize_phone


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
    # A plain form's own text about a person that no model declares (the note of a guestbook
    # entry's erasure): the same rules and the same redisplay as declared personal text.
    personal_text: Mapping[str, TextField] = {}
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
        return (personal_text_fields(model) if model else {}) | dict(self.personal_text)

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


class IdChoiceField(forms.ModelChoiceField):
    """A choice of a row by its id: only ASCII digits of a sane length ("٣" or "３" is no id,
    though int() reads them as 3; a hundred digits overflow the database's integer)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""
