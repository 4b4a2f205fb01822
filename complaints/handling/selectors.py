"""Reads of complaints: the categories an office offers, the supervisors' queue, one
complaint for its handler or by its tracking code, a signed-in complainant's own, and the
rating whose comment a supervisor passes on as a complaint."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from complaints.handling.codes import code_normalize
from complaints.handling.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintEvidence,
)
from complaints.reports.selectors import NOT_A_SUPERVISOR
from complaints.surveys.models import SurveyResponse
from consultations.models import Consultation
from consultations.selectors import get_consultation_for_user, is_consultation_staff
from pst.guards import parse_id
from pst.models import Office, User
from pst.permissions import Action, office_where_user_can, user_can
from pst.selectors import get_office_by_code

QUEUE_PAGE_SIZE = 25
# The texts a complainant reads: a response, the answer, the reason for rejecting.
ANSWER_EVENT_KINDS = (
    ComplaintEventKind.RESPONDED,
    ComplaintEventKind.RESOLVED,
    ComplaintEventKind.REJECTED,
)
MINE_LIMIT = 20

# The status filter of the queue: the open ones and those whose answer waits to be passed
# on (default), only the latter, every one, or one status.
SHOW_OPEN = "open"
SHOW_TO_PASS_ON = "to_pass_on"  # noqa: S105 (a filter's value, no password)
SHOW_ALL = "all"


def categories_for_office(office: Office) -> list[ComplaintCategory]:
    """The active categories a complainant of `office` chooses from: the national ones, each
    replaced by the office's row of the same key where it has one, and the office's own."""
    national: dict[str, ComplaintCategory] = {}
    local: dict[str, ComplaintCategory] = {}
    for row in ComplaintCategory.objects.filter(Q(office__isnull=True) | Q(office=office)):
        (national if row.office_id is None else local)[row.key] = row
    chosen = [row for row in (national | local).values() if row.is_active]
    return sorted(chosen, key=lambda row: (row.sort_order, row.label))


def complaint_queue(office: Office, show: str = SHOW_OPEN) -> QuerySet[Complaint]:
    """The office's complaints for its supervisors: those whose answer waits to be passed on
    first (closed ones too: the complainant has not heard it yet), then the open ones by due
    date (so the overdue lead), then the rest."""
    complaints = Complaint.objects.of_office(office).select_related("category")
    if show == SHOW_OPEN:
        complaints = complaints.filter(Q(status__in=OPEN_STATUSES) | Q(pass_on_since__isnull=False))
    elif show == SHOW_TO_PASS_ON:
        complaints = complaints.to_pass_on()
    elif show != SHOW_ALL:
        complaints = complaints.filter(status=show)
    rank = Case(
        When(pass_on_since__isnull=False, then=Value(0)),
        When(status__in=OPEN_STATUSES, then=Value(1)),
        default=Value(2),
    )
    return complaints.annotate(closed_rank=rank).order_by("closed_rank", "due_at", "pk")


def complaints_to_pass_on(office: Office) -> QuerySet[Complaint]:
    """The office's complaints whose answer waits to be passed on, the longest waiting first,
    each with its answers and passings on (`answer_events`): two queries a page."""
    events = ComplaintEvent.objects.filter(
        kind__in=[*ANSWER_EVENT_KINDS, ComplaintEventKind.PASSED_ON]
    ).order_by("at", "pk")
    return (
        Complaint.objects.of_office(office)
        .to_pass_on()
        .select_related("office", "category")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="answer_events"))
        .order_by("pass_on_since", "pk")
    )


def handler_office(user: User) -> Office | None:
    """The office whose complaints `user` handles (its supervisors), None for anyone else."""
    return office_where_user_can(user, Action.SUPERVISE)


def may_record_complaints(user: User, office: Office) -> bool:
    """Whoever serves the office's visitors takes complaints by phone, WhatsApp, email, social
    media or LAPOR! and records them: the front office, the consultation officers, the
    supervisors."""
    return user_can(user, Action.FILL_GUESTBOOK, office) or user_can(user, Action.SUPERVISE, office)


def may_pass_on_ratings(user: User, office: Office) -> bool:
    """Who reads the office's rating comments (its supervisors, on /supervisor/) records one
    as a complaint. The front office and the consultation officers record complaints too,
    but the survey shows its comments to the supervisors only."""
    return user_can(user, Action.SUPERVISE, office) and may_record_complaints(user, office)


def may_record_from_consultation(user: User, office: Office) -> bool:
    """Who records a consultation of the office as a complaint (one that came in as a
    consultation): whoever records its complaints and reads its consultations — the
    consultation officers and the supervisors (the front office reads no consultation)."""
    return may_record_complaints(user, office) and is_consultation_staff(user, office)


def get_consultation_to_record(user: User, pk: object) -> Consultation:
    """The consultation `pk` that `user` may record as a complaint. Whoever may not read it
    gets 404 (consultations' get_consultation_for_user: nobody learns that it exists); one
    who reads it without recording complaints (its requester) 403."""
    consultation = get_consultation_for_user(user, pk)
    if not may_record_from_consultation(user, consultation.office):
        raise PermissionDenied(
            _("Only the office's consultation officers and supervisors record its "
              "consultations as complaints.")
        )  # fmt: skip
    return consultation


def get_rating_for_user(user: User, pk: object) -> SurveyResponse:
    """The rating `pk` whose comment `user` may pass on as a complaint, with its office and
    the complaint already taken from it. Whoever supervises no office is refused (403); a
    rating of another office, one without a comment (none written, or blanked by the
    retention purge) or none at all is a 404 (its number says nothing)."""
    if not user.is_superuser and handler_office(user) is None:
        raise PermissionDenied(NOT_A_SUPERVISOR)
    rating_id = parse_id(pk)
    rating = (
        SurveyResponse.objects.select_related("office", "complaint")
        .exclude(comment="")
        .filter(pk=rating_id)
        .first()
        if rating_id is not None
        else None
    )
    if rating is None or not may_pass_on_ratings(user, rating.office):
        raise Http404(_("No such rating comment."))
    return rating


def recording_office_for_user(user: User, code: str = "") -> Office:
    """The office whose complaints `user` records: a staff member's own (front office,
    consultation officer, supervisor); a superuser's the one `code` (?office=) names, else
    their own. 403 for everyone else."""
    if user.is_active and user.is_superuser and code:
        return get_office_by_code(code[:10])
    office = user.office if user.office_id else None
    if office is None or not may_record_complaints(user, office):
        raise PermissionDenied(_("Only the office's staff who serve visitors record complaints."))
    return office


def get_complaint_for_user(user: User, pk: object) -> Complaint:
    """The complaint `pk` for its handler, read once with what its page shows. Whoever
    supervises no office is refused (403); a supervisor asking for another office's
    complaint, or one that does not exist, gets 404 (its number says nothing)."""
    if not user.is_superuser and handler_office(user) is None:
        raise PermissionDenied(_("Only the supervisors of an office handle its complaints."))
    complaint_id = parse_id(pk)
    complaint = (
        Complaint.objects.for_pages().filter(pk=complaint_id).first()
        if complaint_id is not None
        else None
    )
    if complaint is None or not user_can(user, Action.SUPERVISE, complaint.office):
        raise Http404(_("No such complaint."))
    return complaint


def get_complaint_to_pass_on_for_user(user: User, pk: object) -> Complaint:
    """The complaint `pk` whose answer `user` may record as passed on: the office's staff who
    serve visitors (recording_office_for_user: 403 for anyone else); another office's, or
    none, is a 404."""
    if not user.is_superuser:
        recording_office_for_user(user)
    complaint_id = parse_id(pk)
    complaint = (
        Complaint.objects.for_pages().filter(pk=complaint_id).first()
        if complaint_id is not None
        else None
    )
    if complaint is None or not may_record_complaints(user, complaint.office):
        raise Http404(_("No such complaint."))
    return complaint


def get_evidence_for_user(user: User, pk: object, evidence_pk: object) -> ComplaintEvidence:
    """A file of complaint `pk` for its handler (get_complaint_for_user decides who); 404 for
    a file of another complaint, or none."""
    complaint = get_complaint_for_user(user, pk)
    evidence_id = parse_id(evidence_pk)
    evidence = (
        complaint.evidence.filter(pk=evidence_id).first() if evidence_id is not None else None
    )
    if evidence is None:
        raise Http404(_("No such file."))
    evidence.complaint = complaint
    return evidence


def complaint_evidence(complaint: Complaint) -> list[ComplaintEvidence]:
    return list(complaint.evidence.all())


def complaint_by_code(typed: str) -> Complaint | None:
    """The complaint a tracking code names, however it was typed; None for anything else."""
    code = code_normalize(typed)
    if code is None:
        return None
    return Complaint.objects.select_related("office", "category").filter(code=code).first()


def complaint_history(complaint: Complaint, *, public_only: bool) -> list[ComplaintEvent]:
    events = complaint.events.select_related("actor")
    if public_only:
        events = events.filter(is_public=True)
    return list(events)


def complaints_of_user(user: User) -> list[Complaint]:
    """A signed-in complainant's latest complaints (filed while signed in)."""
    if not user.is_authenticated:
        return []
    return list(
        Complaint.objects.filter(complainant=user).select_related("office", "category")[:MINE_LIMIT]
    )
