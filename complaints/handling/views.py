"""Complaint pages: filing (anyone, signed in or not), following one by its tracking code,
and the supervisors' queue and complaint page. Every action is a POST handled by one
service; every look at a complainant's data by staff is logged (DESIGN §7)."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from complaints.errors import ComplaintError
from complaints.handling import selectors, services
from complaints.handling.forms import (
    ComplaintForm,
    ComplaintRecordForm,
    ComplaintTextForm,
    QueueFilterForm,
    TrackForm,
)
from complaints.handling.models import Complaint, ComplaintChannel
from complaints.handling.presentation import (
    complaint_rows,
    contacts_masked,
    due_explained,
    pass_on_box,
)
from complaints.handling.views_pass_on import say_how_it_reaches
from complaints.reports.selectors import supervised_office_for_user
from pst.actions import post_action
from pst.auth import client_ip
from pst.errors import add_message, add_to_form
from pst.models import AccessKind, Office, User
from pst.permissions import user_roles
from pst.personal_data import (
    mask_email,
    personal_data_access_log,
    personal_data_page_log,
)
from pst.selectors import get_office_by_code, office_for_home, office_list
from pst.throttle import count_given_back, counted_over

FILED_SESSION_KEY = "complaints_filed"
SENDER_SESSION_KEY = "complaint_sender"
# How long the acknowledgement can be opened again (a reload, the back button) in the browser
# that filed the complaint.
FILED_PAGE_SECONDS = 10 * 60


def _public_office(request: HttpRequest) -> Office | None:
    """The office a complaint goes to: the one the address names (?office=6571), else the
    home page's (DEFAULT_OFFICE, or the only office), else a staff member's own."""
    code = request.GET.get("office", "")
    if code:
        return get_office_by_code(code[:10])
    return office_for_home(with_page_details=False) or (
        request.user.office if getattr(request.user, "office_id", None) else None
    )


def _sender(request: HttpRequest) -> str:
    """A random token of this browser's session: the same complaint sent again from it (Back,
    a second tab) is the one filed; another browser behind the same address is someone else."""
    return request.session.setdefault(SENDER_SESSION_KEY, secrets.token_hex(16))


def _complainant(request: HttpRequest) -> User | None:
    """The account a complaint filed here belongs to: a visitor's own. Staff filing on this
    form write for someone else (a visitor at the desk): neither their name nor their
    account goes on it (trial attack-cmp, 7)."""
    user = request.user
    if not user.is_authenticated or user.is_superuser or user_roles(user):
        return None
    return user


def _complainant_initial(request: HttpRequest) -> dict:
    user = _complainant(request)
    if user is None:
        return {}
    return {
        "complainant_name": user.full_name,
        "complainant_email": user.email,
        "complainant_phone": user.phone,
    }


def _acknowledged(
    request: HttpRequest, form: ComplaintForm, file: Callable[[dict], Complaint]
) -> HttpResponse | None:
    """The complaint `form` describes, filed by `file`: the way to its acknowledgement (this
    browser's session names it), or None to show the form again with what was refused."""
    if not form.is_valid():
        return None
    try:
        complaint = file(form.cleaned_data)
    except ComplaintError as error:
        add_to_form(form, error)
        return None
    # A repeat (the same complaint sent again) is acknowledged as such: not filed twice.
    request.session[FILED_SESSION_KEY] = [complaint.pk, time.time(), complaint.is_repeat]
    return redirect("complaint_filed")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_new(request: HttpRequest) -> HttpResponse:
    office = _public_office(request)
    if office is None:
        return render(request, "complaints/choose_office.html", {"offices": office_list()})
    timezone.activate(office.zoneinfo)
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, office=office)
        filed = _acknowledged(
            request,
            form,
            lambda data: services.complaint_file(
                office=office,
                data=data,
                complainant=_complainant(request),
                files=data["files"],
                client_request_id=data["request_id"],
                client_address=client_ip(request),
                sender=_sender(request),
            ),
        )
        if filed is not None:
            return filed
    else:
        form = ComplaintForm(
            initial={"request_id": uuid.uuid4(), **_complainant_initial(request)},
            office=office,
        )
    return render(request, "complaints/new.html", {"office": office, "form": form})


@require_safe
@never_cache
def complaint_filed(request: HttpRequest) -> HttpResponse:
    """The acknowledgement: the tracking code and the due date. The code never goes into an
    address (it would sit in the history and in server logs): this browser's session names
    the complaint it just filed."""
    filed = request.session.get(FILED_SESSION_KEY)
    try:
        pk, filed_at, *repeat = filed
        fresh = time.time() - float(filed_at) < FILED_PAGE_SECONDS
    except (TypeError, ValueError):
        fresh = False
    if not fresh:
        # A browser in the lobby or an internet café: the next person must not find the
        # previous complainant's code (trial attack-cmp, 1).
        request.session.pop(FILED_SESSION_KEY, None)
        return redirect("complaint_new")
    complaint = Complaint.objects.select_related("office", "category").filter(pk=pk).first()
    if complaint is None:
        return redirect("complaint_new")
    timezone.activate(complaint.office.zoneinfo)
    return render(
        request,
        "complaints/filed.html",
        {
            "complaint": complaint,
            "office": complaint.office,
            "due": due_explained(complaint),
            "masked_email": mask_email(complaint.complainant_email),
            "recorded": complaint.channel != ComplaintChannel.WEB,
            "evidence_count": complaint.evidence.count(),
            "repeat": bool(repeat and repeat[0]),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_record(request: HttpRequest) -> HttpResponse:
    """An officer records a complaint that came in by phone, WhatsApp, email, social media or
    LAPOR!; the acknowledgement page then shows the code to pass on."""
    office = selectors.recording_office_for_user(request.user, request.GET.get("office", ""))
    timezone.activate(office.zoneinfo)
    if request.method == "POST":
        form = ComplaintRecordForm(request.POST, request.FILES, office=office)
        recorded = _acknowledged(
            request,
            form,
            lambda data: services.complaint_record(
                office=office,
                officer=request.user,
                channel=data["channel"],
                received_at=data["received_at"],
                data=data,
                files=data["files"],
                client_request_id=data["request_id"],
            ),
        )
        if recorded is not None:
            return recorded
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = ComplaintRecordForm(
            initial={"request_id": uuid.uuid4(), "received_at": now}, office=office
        )
    return render(request, "complaints/record.html", {"office": office, "form": form})


def _track_tries_key(request: HttpRequest) -> str:
    return f"complaints:track:{client_ip(request)}"


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def complaint_track(request: HttpRequest) -> HttpResponse:
    """Type the tracking code (a POST: the code stays out of addresses and logs) and read
    the status, the due date, the office's responses and the history — nothing internal,
    no officer's name. Codes that name nothing are counted per client address
    (COMPLAINT_TRACK_MISSES_PER_HOUR): a code cannot be found by trying."""
    complaint = None
    status = 200
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _track_tries_key(request)
        if counted_over(key, limit=settings.COMPLAINT_TRACK_MISSES_PER_HOUR, window=3600):
            form.add_error(
                None,
                _("Too many codes that name no complaint were typed from here. Try again in an "
                  "hour, or ask the office."),
            )  # fmt: skip
            status = 429
        else:
            complaint = selectors.complaint_by_code(form.cleaned_data["code"])
            if complaint is None:
                form.add_error(
                    "code",
                    _("No complaint has this code. Check it against the email or the page you "
                      "got when you filed it."),
                )  # fmt: skip
            else:
                count_given_back(key)
    context = {"form": form, "mine": selectors.complaints_of_user(request.user)}
    if complaint is not None:
        timezone.activate(complaint.office.zoneinfo)
        context |= {
            "complaint": complaint,
            "office": complaint.office,
            "events": selectors.complaint_history(complaint, public_only=True),
            "evidence": selectors.complaint_evidence(complaint),
            "due": due_explained(complaint),
            "masked_contacts": contacts_masked(complaint),
        }
    return render(request, "complaints/track.html", context, status=status)


# -- the supervisors' pages ---------------------------------------------------------------------


@login_required
@require_safe
@never_cache
def complaint_list(request: HttpRequest) -> HttpResponse:
    office = supervised_office_for_user(request.user, request.GET.get("office", ""))
    timezone.activate(office.zoneinfo)
    form = QueueFilterForm(request.GET or None)
    show = form.cleaned_data.get("show") if form.is_valid() else ""
    rows = selectors.complaint_queue(office, show or selectors.SHOW_OPEN)
    page = Paginator(rows, selectors.QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    personal_data_page_log(user=request.user, office=office, page=page, subject="complaints")
    return render(
        request,
        "complaints/list.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "rows": complaint_rows(page.object_list, now=timezone.now()),
        },
    )


def _detail(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: tuple[str, ComplaintTextForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    timezone.activate(complaint.office.zoneinfo)
    personal_data_access_log(
        user=request.user, office=complaint.office, kind=AccessKind.VIEW_DETAIL,
        subject=f"complaint {complaint.pk}", unmasked=True,
    )  # fmt: skip
    forms = {action: ComplaintTextForm(prefix=action) for action in services.TEXT_ACTIONS}
    if bound is not None:
        forms[bound[0]] = bound[1]
    events = selectors.complaint_history(complaint, public_only=False)
    context = {
        "complaint": complaint,
        "office": complaint.office,
        "events": events,
        "pass_on": pass_on_box(complaint, events),
        "evidence": selectors.complaint_evidence(complaint),
        "due": due_explained(complaint),
        "forms": forms,
        "actions": services.actions_allowed(complaint),
        "overdue": complaint.is_open and complaint.due_at < timezone.now(),
    }
    return render(request, "complaints/detail.html", context, status=status)


@login_required
@require_safe
@never_cache
def complaint_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _detail(request, selectors.get_complaint_for_user(request.user, pk))


@login_required
@require_safe
def complaint_evidence(request: HttpRequest, pk: str, evidence_id: str) -> FileResponse:
    """A file the complainant sent, as a download (never shown inline: a picture or a PDF
    from the public is not rendered in the portal's origin); each download is logged."""
    evidence = selectors.get_evidence_for_user(request.user, pk, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such file.")) from error
    personal_data_access_log(
        user=request.user, office=evidence.complaint.office, kind=AccessKind.VIEW_DETAIL,
        subject=f"evidence {evidence.pk} of complaint {evidence.complaint_id}", unmasked=True,
    )  # fmt: skip
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _acted_on(request: HttpRequest, pk: str, action: str) -> Complaint:
    """The complaint an action's address names, for whoever may handle it (403/404 else)."""
    complaint = selectors.get_complaint_for_user(request.user, pk)
    if action not in services.ACTIONS:
        raise Http404(_("No such action."))
    return complaint


@login_required
@post_action("complaint_detail", of=_acted_on)
def complaint_act(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    complaint = _acted_on(request, pk, action)
    form = None
    if action in services.TEXT_ACTIONS:
        form = ComplaintTextForm(request.POST, prefix=action)
        if not form.is_valid():
            return _detail(request, complaint, bound=(action, form), status=400)
    try:
        done = services.complaint_act(
            action, complaint=complaint, user=request.user,
            text=form.cleaned_data["body"] if form is not None else "",
        )  # fmt: skip
    except ComplaintError as error:
        if form is not None and error.field:
            add_to_form(form, error)
            return _detail(request, complaint, bound=(action, form), status=400)
        add_message(request, error)
    else:
        _say_done(request, action, done)
    return redirect(reverse("complaint_detail", args=[complaint.pk]))


def _say_done(request: HttpRequest, action: str, complaint: Complaint) -> None:
    """What the supervisor is told once a step went through: only what happened now (a
    response sent twice was not stored or emailed the second time, trial attack-cmp, 4)."""
    if complaint.is_repeat:
        messages.info(
            request,
            _("This response was already sent a moment ago: it was not saved or emailed again."),
        )
        return
    done = str(services.ACTIONS[action])
    if action not in services.EMAILED_ACTIONS:
        messages.success(request, done)
    elif complaint.complainant_email:
        emailed = _("It was emailed to the complainant.")
        messages.success(request, f"{done} {emailed}")
    else:
        say_how_it_reaches(request, done, complaint)
