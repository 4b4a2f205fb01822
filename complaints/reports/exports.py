"""The ratings export's columns, CSV and XLSX alike (pst.exports writes them): the month's
answers, one row per rating — its channel and its nine scores, the raw data of the index.

Nothing else (trial J, J1): with the date, the service and the respondent's sex, education
and occupation beside the scores, joining the file with the guestbook export of the same
month named the walk-in respondent and their comment, which the rating page promises nobody
sees. The profile's counts and the comments are on the page, apart from the scores."""

from __future__ import annotations

from django.db.models import Model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from complaints.handling.codes import code_start
from complaints.handling.models import Complaint
from complaints.reports.selectors_complaints import SECONDS_A_DAY
from complaints.surveys.elements import ELEMENTS
from complaints.surveys.models import SurveyResponse
from consultations.models import Consultation
from pst.exports import Column, Kind, choice_label
from pst.models import Office, PersonalDataAccess
from queueing.models import Ticket


def _labels(field: str, model: type[Model] = SurveyResponse):
    return choice_label(model, field)


def _score(field: str):
    return lambda rating: getattr(rating, field)


def ratings_export_columns(office: Office) -> list[Column]:
    """`office` is unused since the date left the file; kept so every export builds its
    columns for an office."""
    return [
        Column(gettext_lazy("Channel"), _labels("channel"), width=18),
        *(
            Column(
                format_lazy("U{} {}", element.number, element.name),
                _score(element.field),
                Kind.NUMBER,
                width=14,
            )
            for element in ELEMENTS
        ),
    ]


# -- the service-level report's two exports ---------------------------------------------------
# Neither holds personal data (pst/personal_data/fields.py): a ticket's code, a queue, a desk,
# a consultation's number, channel, subject and times. So they are not logged.


def _local(field: str, office: Office):
    # The office's clock, as the page shows it; the export writes cells without a zone.
    zone = office.zoneinfo
    return lambda row: value.astimezone(zone) if (value := getattr(row, field)) else None


def _verdict(within: bool | None) -> str:
    if within is None:
        return ""
    return str(gettext_lazy("Yes") if within else gettext_lazy("No"))


def calls_export_columns(office: Office) -> list[Column]:
    """One row per call of the month (selectors_service_levels.month_calls)."""
    priority = _labels("priority", Ticket)
    return [
        Column(gettext_lazy("Ticket"), lambda call: call.ticket.code, width=10),
        Column(gettext_lazy("Service"), lambda call: str(call.service), width=32),
        Column(gettext_lazy("Desk"), lambda call: call.desk.name if call.desk else "", width=16),
        Column(gettext_lazy("Called at"), _local("at", office), Kind.DATETIME),
        Column(
            gettext_lazy("Counted wait (seconds)"),
            lambda call: call.sla_wait_seconds,
            Kind.NUMBER,
            width=16,
        ),
        Column(
            gettext_lazy("Whole wait (seconds)"),
            lambda call: call.total_wait_seconds,
            Kind.NUMBER,
            width=16,
        ),
        Column(
            gettext_lazy("Limit (minutes)"),
            lambda call: call.sla_limit_minutes,
            Kind.NUMBER,
            width=12,
        ),
        Column(gettext_lazy("Within the limit"), lambda call: _verdict(call.sla_met), width=12),
        # The visitor's group as the page counts it (last, so the columns before keep their
        # places): not personal data once apart from the name.
        Column(gettext_lazy("Priority"), lambda call: priority(call.ticket), width=20),
    ]


def _field(name: str):
    return lambda row: getattr(row, name)


def _yes_no(name: str):
    return lambda row: _verdict(bool(getattr(row, name)))


def _in_time(answered: str, due: str):
    def verdict(row) -> str:
        answered_at, due_at = getattr(row, answered), getattr(row, due)
        if answered_at is None or due_at is None:
            return ""
        return _verdict(answered_at <= due_at)

    return verdict


def consultations_export_columns(office: Office) -> list[Column]:
    """One row per consultation the month counts (selectors_online.month_consultations):
    enough to count every figure of the page again, and the last four columns say what
    each row adds to the page's answer and end-of-month figures, so that their sums are the
    page's (trial M3). A reopened one has two clocks: the first (accepted, due, answered
    before reopening) and the latest."""
    return [
        Column(gettext_lazy("Reference"), lambda row: row.reference, width=18),
        Column(gettext_lazy("Channel"), _labels("channel", Consultation), width=14),
        Column(
            gettext_lazy("Subject area"),
            lambda row: str(row.subject_area) if row.subject_area else "",
            width=32,
        ),
        Column(
            gettext_lazy("In the online SLA"),
            lambda row: _verdict(row.due_at is not None),
            width=12,
        ),
        # "Arrived", not the status word: in Indonesian both would read "Diterima" (trial K2),
        # and these are the two moments the online SLA is told apart by.
        Column(pgettext_lazy("arrived", "Received"), _local("created_at", office), Kind.DATETIME),
        Column(gettext_lazy("Accepted"), _local("accepted_at", office), Kind.DATETIME),
        Column(gettext_lazy("Due before reopening"), _local("first_due_at", office), Kind.DATETIME),
        Column(
            gettext_lazy("Answered before reopening"),
            _local("first_answered_at", office),
            Kind.DATETIME,
        ),
        Column(
            gettext_lazy("In time before reopening"),
            _in_time("first_answered_at", "first_due_at"),
            width=12,
        ),
        Column(gettext_lazy("Reopened"), _local("reopened_at", office), Kind.DATETIME),
        Column(
            gettext_lazy("Answer clock started"), _local("clock_started_at", office), Kind.DATETIME
        ),
        Column(gettext_lazy("Due"), _local("due_at", office), Kind.DATETIME),
        Column(gettext_lazy("Answered"), _local("answered_at", office), Kind.DATETIME),
        Column(gettext_lazy("In time"), _in_time("answered_at", "due_at"), width=10),
        # What the row adds to the page's figures (selectors_online.month_consultations).
        Column(gettext_lazy("Answers counted this month"), _field("answers_in_month"), Kind.NUMBER),
        Column(
            gettext_lazy("Late answers counted this month"), _field("late_in_month"), Kind.NUMBER
        ),
        Column(gettext_lazy("Open at the month's end"), _yes_no("open_at_end"), width=12),
        Column(
            gettext_lazy("Open and past due at the month's end"),
            _yes_no("past_due_at_end"),
            width=14,
        ),
    ]


# -- the complaint report's export --------------------------------------------------------------
# What the page counts, one row per complaint: no name, contact, description or answer. Nor the
# whole tracking code: it is the complainant's key to the tracking page (what was written, the
# office's answer), and a file travels. Its beginning is enough to find the complaint on
# /complaints/; the export is logged as personal data all the same.


def complaints_export_columns(office: Office) -> list[Column]:
    """One row per complaint the month counts (selectors_complaints.month_complaints)."""
    return [
        Column(gettext_lazy("Tracking code (start)"), lambda row: code_start(row.code), width=14),
        Column(gettext_lazy("Channel"), _labels("channel", Complaint), width=18),
        Column(gettext_lazy("Category"), lambda row: row.category.label, width=30),
        Column(gettext_lazy("Status"), _labels("status", Complaint), width=14),
        Column(gettext_lazy("Received"), _local("received_at", office), Kind.DATETIME),
        Column(gettext_lazy("Due"), _local("due_at", office), Kind.DATETIME),
        Column(gettext_lazy("Closed"), _local("resolved_at", office), Kind.DATETIME),
        # Judged when the file is made, as the status and the closing are: an open complaint
        # past due by then is late already, whatever the month's page said at its end.
        Column(
            gettext_lazy("In time (when exported)"), lambda row: _verdict(row.in_time), width=12
        ),
        # The category's allowance when it was received, not the time taken (trial M4: read
        # as "working days to settle", a complaint closed after 31 days said 5).
        Column(
            gettext_lazy("Working days allowed"),
            lambda row: row.working_days,
            Kind.NUMBER,
            width=12,
        ),
        # As the page's median time to close: calendar days, received → closed.
        Column(gettext_lazy("Days to close"), _days_to_close, Kind.NUMBER, width=10),
    ]


def _days_to_close(row: Complaint) -> float | None:
    if row.resolved_at is None:
        return None
    return round((row.resolved_at - row.received_at).total_seconds() / SECONDS_A_DAY, 1)


# -- the access log's review --------------------------------------------------------------------
# Who of the staff looked at or exported which personal data: the staff member's name and work
# address (two officers may share a name), never a visitor's data (a row's "what" names a
# record, not a person). The export is itself logged.


def access_log_export_columns(office: Office) -> list[Column]:
    """One row per look or export (pst.personal_data.personal_data_accesses), newest first."""
    return [
        Column(gettext_lazy("Time"), _local("at", office), Kind.DATETIME),
        Column(gettext_lazy("Staff member"), lambda row: row.user.full_name, width=28),
        Column(gettext_lazy("Email"), lambda row: row.user.email, width=30),
        Column(gettext_lazy("Kind"), _labels("kind", PersonalDataAccess), width=24),
        Column(gettext_lazy("What"), _field("subject"), width=36),
        Column(gettext_lazy("Period from"), _field("period_start"), Kind.DATE),
        Column(gettext_lazy("Period to"), _field("period_end"), Kind.DATE),
        Column(gettext_lazy("Rows"), _field("row_count"), Kind.NUMBER),
        Column(gettext_lazy("Contacts in clear"), _yes_no("unmasked"), width=12),
    ]
