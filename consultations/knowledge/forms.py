from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from consultations.knowledge.models import Article
from consultations.models import SubjectArea
from pst.forms import SafeForm, SafeModelForm, version_input
from pst.links import web_links_clean
from pst.models import Office
from pst.personal_data import (
    IDENTITY_NUMBER_REMOVED,
    contains_identity_number,
    redact_identity_numbers,
)


class SearchForm(SafeForm):
    # No length limit: a whole question typed in the box is searched by its beginning
    # (search_log.search_query_normalize) and the page says so (trial N4: refused before).
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("e.g. inflasi, jumlah penduduk, KBLI"),
            }
        ),
    )


class _NoIdentityNumber:
    """The identity-number rule on an article's text; the redisplayed field has the
    number replaced (ArticleForm.full_clean), so it never comes back in the page."""

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and contains_identity_number(value):
            raise forms.ValidationError(IDENTITY_NUMBER_REMOVED, code="identity_number")


# What the keywords field takes as typed; stored with ", " between them, which the model's
# length leaves room for.
KEYWORDS_TYPED_MAX = 300

ARTICLE_TEXT_FIELDS = ("title", "body", "links", "keywords")


class ArticleForm(SafeModelForm):
    """An article as officers write it. `version` is the article's version when the form was
    loaded; `client_request_id` makes a form sent twice create one article."""

    version = forms.IntegerField(min_value=1, widget=version_input(), required=False)
    client_request_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=_("Office"),
        empty_label=_("National (every office shows it)"),
    )

    class Meta:
        model = Article
        fields = ["title", "slug", "subject_area", "body", "links", "keywords", "is_published"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "links": forms.Textarea(
                attrs={"rows": 3, "placeholder": "https://tarakankota.bps.go.id/…"}
            ),
        }

    def __init__(self, *args: Any, choose_office: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_area"].queryset = SubjectArea.objects.filter(is_active=True)
        self.fields["keywords"].widget.attrs["maxlength"] = str(KEYWORDS_TYPED_MAX)
        self.fields["keywords"].validators.append(MaxLengthValidator(KEYWORDS_TYPED_MAX))
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Leave empty to make it from the title. Letters, digits and hyphens."
        )
        for name in ARTICLE_TEXT_FIELDS:
            self.fields[name].validators.append(_NoIdentityNumber())
        if choose_office:
            self.fields["office"].queryset = Office.objects.active().order_by("code")
        else:
            del self.fields["office"]
        if not self.is_bound and not self.initial.get("client_request_id"):
            self.initial["client_request_id"] = uuid.uuid4()

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name in ARTICLE_TEXT_FIELDS:
            if self.has_error(name, "identity_number"):
                key = self.add_prefix(name)
                self.data = self.data.copy()
                self.data[key] = redact_identity_numbers(self.data.get(key, ""))

    def clean_links(self) -> str:
        return web_links_clean(self.cleaned_data["links"])

    def _post_clean(self) -> None:
        pass  # the service validates the article (one path for the portal and the admin)


class PreviewForm(SafeForm):
    body = forms.CharField(required=False, widget=forms.Textarea, max_length=100_000)
