"""The guestbook's forms: a new entry (from the console or on its own), a correction, the
list's filter, and the note of an entry's erasure."""

from __future__ import annotations

import copy
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pst.forms import SafeForm, SafeModelForm, version_input
from pst.models import Office, email_normalize
from pst.personal_data import LINE
from pst.phones import normalize_phone
from pst.profile import InstitutionCategory
from queueing.forms import StaffPriorityField
from queueing.guestbook.erasure import NOTE_MAX_LENGTH
from queueing.guestbook.models import GUESTBOOK_FIELDS, GuestbookEntry, IdType, id_last4_read
from queueing.models import Priority, Service

# The browser's date picker sends and shows ISO dates, whatever the page's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def birth_year_range() -> tuple[int, int]:
    """The birth years the guestbook takes: a visitor of 10 to 100 this year."""
    this_year = timezone.localdate().year
    return this_year - 100, this_year - 10


def birth_year_plausible(year: int) -> bool:
    first, last = birth_year_range()
    return first <= year <= last


# A change of the priority or the birth year asks whether an "elderly" claim fits the year
# (views_priority.guestbook_priority_check); the answer lands beside the priority.
_PRIORITY_CHECK = {
    "hx-post": reverse_lazy("guestbook_priority_check"),
    "hx-trigger": "change",
    "hx-target": "#priority-warning",
    "hx-include": "#id_priority, #id_birth_year",
    # htmx would send the whole enclosing form (name, card digits, contacts): only what the
    # check reads, and the CSRF token (review; DESIGN §7, collect only what is needed).
    "hx-params": "priority,birth_year,csrfmiddlewaretoken",
}


class PriorityCheckForm(SafeForm):
    """The guestbook's priority and birth year, read on their own to warn about an "elderly"
    claim that the birth year does not fit (trial P, P7)."""

    priority = StaffPriorityField(
        label=_("Priority after checking"),
        help_text=_(
            "Check it against the card or what you see: keep a claim to confirm it, choose "
            "Regular to remove it, or give priority to a visitor who is elderly, has a "
            "disability or is pregnant. The next queue calls in this order."
        ),
        widget=forms.Select(attrs=_PRIORITY_CHECK),
    )
    birth_year = forms.IntegerField(required=False, min_value=1, max_value=9999)

    def clean_birth_year(self) -> int | None:
        # A year the guestbook itself refuses gets its own message there, not an age here
        # (attack: "berusia -7973 tahun").
        year = self.cleaned_data["birth_year"]
        return year if year is not None and birth_year_plausible(year) else None


class GuestbookForm(SafeModelForm):
    """The buku tamu. Only the last four digits of the identity card are asked for; a longer
    number typed there is refused and not shown back on the page. A number typed in a free
    text box is taken out of it (SafeTextMixin), the rest of the text stays."""

    id_last4 = forms.CharField(
        label=_("Last 4 digits of the card number"),
        max_length=40,
        help_text=_("Look at the card; type only its last four digits."),
        # Seen on the card, never kept: not in the draft a form keeps while the session
        # is renewed (static/js/live.js) either.
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "data-no-draft": ""}
        ),
    )
    phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=30, required=False)
    birth_year = forms.IntegerField(label=_("Birth year"))
    route_to = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label=_("Send the visitor to"),
        help_text=_("The queue the visitor joins next (their ticket keeps its number)."),
    )

    class Meta:
        model = GuestbookEntry
        fields = list(GUESTBOOK_FIELDS)
        widgets = {
            "data_needed": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(
        self,
        *args,
        office: Office,
        with_ticket: bool,
        must_route: bool | None = None,
        priority: str | None = None,
        **kwargs,
    ) -> None:
        """`priority`: the ticket's (None without a ticket). Staff check it here (a field
        `priority`, except for an appointment's), and a disability claim ticks the box."""
        super().__init__(*args, **kwargs)
        if priority is not None and priority != Priority.APPOINTMENT:
            self.fields["priority"] = copy.deepcopy(PriorityCheckForm.base_fields["priority"])
            self.fields["priority"].initial = priority
            # Also once drawn: a returning visitor's year comes in with the lookup.
            when = {"hx-trigger": "change, load"}
            self.fields["birth_year"].widget.attrs.update(_PRIORITY_CHECK | when)
        if priority == Priority.DISABLED:
            self.fields["has_disability"].initial = True
        self.fields["route_to"].queryset = Service.objects.filter(office=office, is_active=True)
        # At the front office the visitor is always sent on; at a service desk they may stay.
        self.fields["route_to"].required = with_ticket if must_route is None else must_route
        if not with_ticket:
            # No ticket, no queue to join (found by the product trial: "send the visitor to"
            # left a visitor waiting for a call that never came).
            self.fields["route_to"].label = _("Service of the visit")
            self.fields["route_to"].help_text = _(
                "Recorded with the visit only: the visitor joins no queue. To have them called, "
                "give them a number from the kiosk."
            )
        self.fields["id_type"].initial = IdType.KTP  # by far the most common card
        self.fields["privacy_acknowledged"].required = True
        self.fields["privacy_acknowledged"].label = _(
            "The visitor has read the privacy notice and agrees that these details are kept."
        )
        self.fields["institution_name"].required = False

    def clean_id_last4(self) -> str:
        raw = id_last4_read(self.cleaned_data["id_last4"])
        if re.fullmatch(r"[0-9]{4}", raw):  # ASCII only: the database check accepts no other
            return raw
        # Never echoed back into the page: SafeTextMixin.never_shown_back.
        if re.fullmatch(r"[0-9]{5,}", raw):
            raise forms.ValidationError(
                _("Type only the last 4 digits, not the full card number."), code="full_number"
            )
        raise forms.ValidationError(_("Type the last 4 digits of the card."), code="invalid")

    def clean_email(self) -> str:
        return email_normalize(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        # A number that does not parse may be a card number typed in the wrong box: it is
        # not shown back (SafeTextMixin.never_shown_back).
        return normalize_phone(raw) if raw else ""

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        if not birth_year_plausible(year):
            first, last = birth_year_range()
            raise forms.ValidationError(
                _("Enter a birth year between %(first)s and %(last)s.")
                % {"first": first, "last": last},
                code="out_of_range",
            )
        return year

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("has_disability") and not cleaned.get("disability_kind", "").strip():
            self.add_error("disability_kind", _("Say which disability, so we can assist."))
        if not cleaned.get("has_disability"):
            cleaned["disability_kind"] = ""
        return cleaned

    def _post_clean(self) -> None:
        # The model's own validation runs in the service (guestbook_record), which is the
        # one path every entry takes.
        pass


class GuestbookFilterForm(SafeForm):
    """The list's filter. A refused value is said under its field and stays in it, as in the
    consultation inbox; the view shows no period other than the one asked (period_refused)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, label=_("Service")
    )
    institution_category = forms.ChoiceField(
        choices=[("", _("All")), *InstitutionCategory.choices],
        required=False,
        label=_("Institution category"),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=120)

    MAX_DAYS = 366

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(office=office)
        self.fields["service"].empty_label = _("All")
        for name in ("service", "institution_category"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("date_from", "date_to", "name"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # drawn in red; the message is under it (list.html)
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def period_refused(self) -> bool:
        """Whether the period asked was refused (a date that does not exist, an end before
        the start, more than a year): the list then shows no visits rather than another
        period's, which would pass for the one asked (product trial G, G9)."""
        return any(self.has_error(name) for name in ("date_from", "date_to", NON_FIELD_ERRORS))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        # Without an end date the period runs to today: the limit holds for it too.
        if start and ((end or timezone.localdate()) - start).days >= self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return cleaned


class GuestbookCorrectionForm(GuestbookForm):
    """A correction of a saved entry: the same fields and checks as the first save, without
    the routing (the visit has happened) and the privacy acknowledgement (already given)."""

    # The entry's version when the form was loaded (Revision.version_of): a correction saved
    # by someone else meanwhile is not overwritten.
    version = forms.IntegerField(min_value=0, widget=version_input())

    def __init__(self, *args, office: Office, **kwargs) -> None:
        super().__init__(*args, office=office, with_ticket=False, must_route=False, **kwargs)
        del self.fields["route_to"]
        del self.fields["privacy_acknowledged"]


class GuestbookErasureForm(SafeForm):
    """The note of an entry's erasure at the visitor's request (guestbook.erasure): who asked
    and how. No model declares it, so the form names its text rules itself."""

    personal_text = {"note": LINE}

    note = forms.CharField(
        label=_("Who asked, and how"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX_LENGTH, "autocomplete": "off"}),
        help_text=_(
            "For example: “The visitor asked at the counter” or “Asked by email on 3 March”. "
            "Not the visitor's name or contacts: they are what is erased."
        ),
    )
