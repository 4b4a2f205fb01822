"""The rating form: the nine questions, who answers (three categories), a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.surveys.elements import ELEMENTS, SCORES
from complaints.surveys.models import COMMENT_MAX_LENGTH
from pst.forms import SafeForm
from pst.profile import Education, Occupation, Sex

ANSWER_REQUIRED = _("Choose one of the four answers.")


class RatingForm(SafeForm):
    personal_model = "complaints.SurveyResponse"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The questions come first, in the regulation's order, each with its own answers.
        questions = {
            element.field: forms.TypedChoiceField(
                label=f"{element.number}. {element.question}",
                choices=list(zip(SCORES, element.answers, strict=True)),
                coerce=int,
                # Drawn as four buttons (Bootstrap's btn-check): big enough for a thumb.
                widget=forms.RadioSelect(attrs={"class": "btn-check", "required": True}),
                error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
            )
            for element in ELEMENTS
        }
        self.fields = {**questions, **self.fields}

    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Education.choices])
    occupation = forms.ChoiceField(label=_("Occupation"), choices=[("", "—"), *Occupation.choices])
    comment = forms.CharField(
        label=_("Suggestions and feedback"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Optional. To file a complaint that the office must answer, use the "
                    "complaint channels below."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def question_fields(self) -> list[forms.BoundField]:
        return [self[element.field] for element in ELEMENTS]

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, name) of each field with an error, in the page's order, for the list above
        the form: a question by its number and element ("4. Biaya/tarif"), not by its wording,
        which starts alike for all nine (trial J, J9)."""
        names = {element.field: f"{element.number}. {element.name}" for element in ELEMENTS}
        return [
            (
                f"{self[name].auto_id}-group" if name in names else f"div_{self[name].auto_id}",
                names.get(name, str(self[name].label)),
            )
            for name in self.fields
            if name in self.errors
        ]
