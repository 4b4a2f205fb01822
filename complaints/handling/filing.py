"""Filing a complaint, by any path (the public form; officers recording one received by phone,
WhatsApp or another channel; a supervisor passing on a rating's comment): the checks, the
tracking code, the due date in the category's working days, the reference resolved within
the office, the acknowledgement (a complaint that came in as a consultation:
complaints.handling.from_consultation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.errors import ComplaintError
from complaints.handling import notifications
from complaints.handling.codes import code_new
from complaints.handling.contacts import complaint_contact
from complaints.handling.evidence import evidence_check, evidence_store
from complaints.handling.models import (
    DESCRIPTION_MAX_LENGTH,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
)
from complaints.handling.repeats import (
    complaint_filed_before,
    complaint_received_again,
    complaints_flooding,
)
from complaints.handling.selectors import (
    categories_for_office,
    may_pass_on_ratings,
    may_record_complaints,
)
from complaints.surveys.models import SurveyResponse
from consultations.models import Consultation
from pst.languages import language_kept
from pst.models import Office, User
from pst.service_checks import full_clean_refuse, personal_text_refuse, recent_moment_refuse
from pst.workcalendar import CalendarError, DueDate, add_working_days
from queueing.codes import ticket_code_read
from queueing.models import Ticket

S = ComplaintStatus
K = ComplaintEventKind

# A fresh code colliding with a stored one is a 1 in 2^55 event; a few draws always do.
CODE_ATTEMPTS = 5
# A ticket code names a visit of the last days (codes start again every day).
TICKET_LOOKBACK_DAYS = 60

# KS-6571-000123, KS6571123, 6571-123: a consultation of that office by its number.
_CONSULTATION_REFERENCE = re.compile(r"(?:KS)?-?([0-9]{4})-?([0-9]{1,9})")


def complaint_due(*, office: Office, start: dt.datetime, days: int) -> DueDate:
    """When a complaint received at `start` must be settled: `days` working days later in the
    office's calendar (pst.workcalendar), explained. An office whose hours are not set yet
    still receives it, counted Monday to Friday: the complainant is not the one to fix it."""
    try:
        return add_working_days(
            office=office, start=start, days=days, standard_week_without_hours=True
        )
    except CalendarError as error:  # a closure of months: bad data an administrator mends
        raise ComplaintError(
            _("The office calendar has no working day ahead: an administrator must mend it."),
            code="calendar",
        ) from error


def related_resolve(
    *, office: Office, reference: str, now: dt.datetime
) -> tuple[Ticket | None, Consultation | None]:
    """The ticket or consultation of `office` that `reference` names, if any. A reference that
    names nothing of this office is no error: it is kept as typed."""
    typed = "".join(reference.split()).upper()
    if not typed.isascii():
        return None, None
    match = _CONSULTATION_REFERENCE.fullmatch(typed)
    if match and match[1] == office.code:
        consultation = Consultation.objects.filter(office=office, number=int(match[2])).first()
        return None, consultation
    code = ticket_code_read(typed)
    if code is not None:
        ticket = (
            Ticket.objects.filter(
                office=office,
                code=code,
                issued_at__lte=now,
                issued_at__gte=now - dt.timedelta(days=TICKET_LOOKBACK_DAYS),
            )
            .order_by("-issued_at")
            .first()
        )
        return ticket, None
    return None, None


def complaint_checked(
    *,
    office: Office,
    data: Mapping[str, Any],
    complainant: User | None,
    now: dt.datetime,
    channel: str = ComplaintChannel.WEB,
    language: str = "",
) -> tuple[Complaint, DueDate]:
    """The complaint `data` describes, received at `now` by `channel`, checked, not saved
    (every path files what this returns: complaint_saved, then complaint_acknowledge). Its
    emails are in `language` (the form's), else the one of the visit's ticket it names, else
    the office's (pst.languages)."""
    category = data.get("category")
    if not isinstance(category, ComplaintCategory) or category.pk not in {
        row.pk for row in categories_for_office(office)
    }:
        raise ComplaintError(_("Choose a category."), code="category", field="category")
    description = str(data.get("description") or "").strip()
    if not description:
        raise ComplaintError(_("Describe your complaint."), code="required", field="description")
    if len(description) > DESCRIPTION_MAX_LENGTH:  # a TextField's length is no model check
        raise ComplaintError(
            _("Write at most %(count)d characters.") % {"count": DESCRIPTION_MAX_LENGTH},
            code="max_length",
            field="description",
        )
    contact = complaint_contact(data, channel=channel)
    anonymous = bool(data.get("is_anonymous"))
    reference = str(data.get("related_reference") or "").strip()
    ticket, consultation = related_resolve(office=office, reference=reference, now=now)
    due = complaint_due(office=office, start=now, days=category.working_days)
    complaint = Complaint(
        office=office,
        code=code_new(office.code),
        channel=channel,
        complainant=None if anonymous else complainant,
        is_anonymous=anonymous,
        **contact,
        related_reference=reference,
        related_ticket=ticket,
        related_consultation=consultation,
        language=language_kept(language) or (ticket.language if ticket else ""),
        category=category,
        working_days=category.working_days,
        description=description,
        status=S.RECEIVED,
        received_at=now,
        due_at=due.due_at,
    )
    personal_text_refuse(Complaint, {"description": description, **contact}, error=ComplaintError)
    full_clean_refuse(complaint, error=ComplaintError)
    return complaint, due


@transaction.atomic
def complaint_file(
    *,
    office: Office,
    data: Mapping[str, Any],
    complainant: User | None = None,
    files: Iterable[UploadedFile | None] = (),
    client_request_id: Any = None,
    client_address: str | None = None,
    sender: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """Receive a complaint with its evidence `files`: a tracking code, a due date in the
    category's working days, the acknowledgement emailed when an address was given. The
    same form sent again (double click, reload, two at once) files one complaint, and so
    does the same complaint from the same `sender` (a random token of the browser's
    session; empty: none known, no such check) within SAME_COMPLAINT_MINUTES (Back and
    send again; complaints.handling.repeats): the one filed comes back with `is_repeat`
    set, and nothing is emailed again. At most COMPLAINTS_PER_ADDRESS_PER_HOUR from one
    client address and COMPLAINTS_PER_EMAIL_PER_HOUR for one email address. `language`: the
    form's, kept for the complainant's emails (pst.languages)."""
    now = now or timezone.now()
    existing = complaint_filed_before(client_request_id, office=office, data=data)
    if existing is not None:
        return existing
    if not office.is_active:
        raise ComplaintError(_("This office does not take complaints here."), code="office")
    complaint, due = complaint_checked(
        office=office, data=data, complainant=complainant, now=now, language=language
    )
    existing = complaint_received_again(complaint, sender=f"browser:{sender}") if sender else None
    if existing is not None:
        return existing
    evidence = evidence_check(files)
    saved = complaint_saved(
        complaint, client_request_id=client_request_id, office=office, data=data
    )
    if saved is not complaint:
        return saved  # the same form, sent at that moment
    # Counted only for complaints filed: a refused form or a repeat costs nothing, and the
    # refusal below undoes the save.
    if complaints_flooding(client_address=client_address, email=complaint.complainant_email):
        raise ComplaintError(
            _("Several complaints were sent from here in the last hour. Please wait before "
              "sending another, or call the office."),
            code="throttled",
        )  # fmt: skip
    evidence_store(complaint, evidence)
    complaint_acknowledge(complaint, due=due, actor=None)
    return complaint


def complaint_saved(
    complaint: Complaint, *, client_request_id: Any, office: Office, data: Mapping[str, Any]
) -> Complaint:
    """`complaint` saved with a fresh code, or the one the same form saved a moment ago."""
    complaint.client_request_id = client_request_id
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                complaint.save()
            return complaint
        except IntegrityError:
            # The same form, sent at that moment; or a request id another form already used.
            existing = complaint_filed_before(client_request_id, office=office, data=data)
            if existing is not None:
                return existing
            if Complaint.objects.filter(client_request_id=client_request_id).exists():
                raise ComplaintError(
                    _("This form was already used. Open the complaint form again."),
                    code="request_used",
                ) from None
            complaint.pk = None
            complaint.code = code_new(office.code)
    raise ComplaintError(_("The complaint could not be saved. Send it again."), code="code")


def complaint_acknowledge(complaint: Complaint, *, due: DueDate, actor: User | None) -> None:
    """A complaint just saved: "received" in its history (by `actor`, at its arrival), the
    acknowledgement to the complainant and the news to the office's supervisors."""
    ComplaintEvent.objects.create(
        complaint=complaint, kind=K.RECEIVED, from_status="", to_status=S.RECEIVED,
        at=complaint.received_at, actor=actor,
    )  # fmt: skip
    notifications.complaint_received(complaint, due=due)


# The channels an officer records a complaint from: the web form files its own, and a
# complaint written in a rating's comment is the survey's to pass on (complaint_from_rating).
RECORDED_CHANNELS = (
    ComplaintChannel.PHONE,
    ComplaintChannel.WHATSAPP,
    ComplaintChannel.EMAIL,
    ComplaintChannel.SOCIAL,
    ComplaintChannel.LAPOR,
    ComplaintChannel.EXTERNAL_FORM,
    ComplaintChannel.LETTER,
    ComplaintChannel.IN_PERSON,
)
# How late an officer may record a complaint that came in earlier (a typo in the year must not
# be stored, nor a due date long past made up).
RECORDED_MAX_AGE = dt.timedelta(days=31)


@transaction.atomic
def complaint_record(
    *,
    office: Office,
    officer: User,
    channel: str,
    received_at: dt.datetime,
    data: Mapping[str, Any],
    files: Iterable[UploadedFile | None] = (),
    client_request_id: Any = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """A complaint that reached the office by `channel` at `received_at`, recorded by an
    officer on the complainant's behalf: the same checks, code and due date (counted from
    when it came in) as one filed on the form; the complainant is emailed the code when they
    gave an address. No account is linked and no flood limit applies (staff type it). `files`:
    what the complainant sent (a photo, a screenshot of the chat). The same complaint
    received again (complaint_file) comes back as the one filed, with `is_repeat` set."""
    now = now or timezone.now()
    if not may_record_complaints(officer, office):
        raise ComplaintError(
            _("Only the office's staff who serve visitors record its complaints."),
            code="not_allowed",
        )
    if channel not in RECORDED_CHANNELS:
        raise ComplaintError(
            _("Choose how the complaint came in."), code="channel", field="channel"
        )
    if not isinstance(received_at, dt.datetime) or timezone.is_naive(received_at):
        raise ComplaintError(_("Give the date and time."), code="received_at", field="received_at")
    recent_moment_refuse(
        received_at, now=now, max_age=RECORDED_MAX_AGE, field="received_at",
        future=_("The time it came in cannot be in the future."),
        too_old=_("The time is more than a month ago: check the date."), error=ComplaintError,
    )  # fmt: skip
    existing = complaint_filed_before(client_request_id, office=office, data=data)
    if existing is not None:
        return existing
    if not office.is_active:
        raise ComplaintError(_("This office does not take complaints here."), code="office")
    complaint, due = complaint_checked(
        office=office, data=data, complainant=None, now=received_at, channel=channel
    )
    existing = complaint_received_again(complaint, sender=f"officer:{officer.pk}")
    if existing is not None:
        return existing
    evidence = evidence_check(files)
    saved = complaint_saved(
        complaint, client_request_id=client_request_id, office=office, data=data
    )
    if saved is complaint:
        evidence_store(complaint, evidence)
        complaint_acknowledge(complaint, due=due, actor=officer)
    return saved


def rating_pass_on_check(response: SurveyResponse) -> None:
    """Refuses a rating whose comment cannot become a complaint: none written, or blanked by
    the retention purge (the form page is not even reached for one: get_rating_for_user)."""
    if not response.comment.strip():
        raise ComplaintError(_("This rating has no comment to pass on."), code="no_comment")


@transaction.atomic
def complaint_from_rating(
    *,
    response: SurveyResponse,
    officer: User,
    data: Mapping[str, Any],
    client_request_id: Any = None,
    now: dt.datetime | None = None,
) -> tuple[Complaint, bool]:
    """The comment of `response`, as a supervisor edited it, recorded as a complaint (channel
    "survey"), the supervisor in its history. As anonymous as the rating: the list of comments
    hides the day and the visit (trial J, J1), so the complaint names neither the visit or
    consultation rated nor when the rating was given — it is received now, when the office
    took it up, and due counted from now. One complaint per rating: a second attempt (a double
    submission, two supervisors at once) gets the one recorded. Returns the complaint and
    whether it is new."""
    now = now or timezone.now()
    # Two attempts for one rating queue on its row: the second finds the first's complaint.
    response = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=response.pk)
    )
    office = response.office
    if not may_pass_on_ratings(officer, office):
        raise ComplaintError(
            _("Only the office's supervisors record a rating's comment as a complaint."),
            code="not_allowed",
        )
    existing = Complaint.objects.filter(rating=response).first()
    if existing is not None:
        return existing, False
    rating_pass_on_check(response)
    if not office.is_active:
        raise ComplaintError(_("This office does not take complaints here."), code="office")
    data = {**data, "is_anonymous": True, "related_reference": ""}
    complaint, due = complaint_checked(
        office=office, data=data, complainant=None, now=now, channel=ComplaintChannel.SURVEY
    )
    complaint.rating = response
    saved = complaint_saved(
        complaint, client_request_id=client_request_id, office=office, data=data
    )
    if saved is not complaint and saved.rating_id != response.pk:
        # The form's request id names a complaint taken from another rating: this one is not
        # recorded, and that one is not this one (trial attack-ev, F4).
        raise ComplaintError(
            _("This form was already used. Open the complaint form again."), code="request_used"
        )
    if saved is complaint:
        complaint_acknowledge(complaint, due=due, actor=officer)
    return saved, saved is complaint
