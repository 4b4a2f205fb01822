"""The guestbook export's columns, CSV and XLSX alike (pst.exports writes them). Personal
fields are shown as pst.personal_data declares them: the contacts masked unless the reader
exports them in clear."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pst.exports import Column, Kind, choice_label
from pst.personal_data import personal_value_shown
from queueing.guestbook.models import GuestbookEntry


def guestbook_export_columns(*, unmasked: bool) -> list[Column]:
    """The guestbook export, CSV and XLSX alike. The fields pst.personal_data declares masked
    (the contacts) are masked unless `unmasked`."""

    def personal(field):
        return lambda e: personal_value_shown(e, field, getattr(e, field), unmasked=unmasked)

    def label(field):
        return choice_label(GuestbookEntry, field)

    return [
        Column(gettext_lazy("Visit date"), lambda e: e.visit_date, Kind.DATE),
        Column(gettext_lazy("Ticket"), lambda e: e.ticket.code if e.ticket else "", width=9),
        # Its name in the export's language, as the headers and the choices (trial P, P6: an
        # English export kept the Indonesian names); the Indonesian one when no English is given.
        Column(gettext_lazy("Service"), lambda e: e.service.label if e.service else "", width=28),
        Column(gettext_lazy("Name"), personal("name"), width=28),
        Column(gettext_lazy("Identity card"), label("id_type"), width=14),
        Column(gettext_lazy("Card (last 4)"), personal("id_last4"), width=9),
        Column(gettext_lazy("Email"), personal("email"), width=30),
        Column(gettext_lazy("Phone"), personal("phone"), Kind.PHONE),
        Column(gettext_lazy("Sex"), label("sex"), width=12),
        Column(gettext_lazy("Birth year"), lambda e: e.birth_year, Kind.NUMBER),
        Column(gettext_lazy("Education"), label("education"), width=16),
        Column(gettext_lazy("Occupation"), label("occupation")),
        Column(gettext_lazy("Institution category"), label("institution_category")),
        Column(gettext_lazy("Institution"), personal("institution_name"), width=30),
        Column(gettext_lazy("Purpose"), label("purpose")),
        Column(gettext_lazy("Data needed"), personal("data_needed"), width=50),
        Column(
            gettext_lazy("Disability"),
            lambda e: _("yes") if e.has_disability else _("no"),
            width=10,
        ),
        Column(gettext_lazy("Kind of disability"), personal("disability_kind")),
        Column(gettext_lazy("Written by"), lambda e: e.created_by.email, width=28),
    ]
