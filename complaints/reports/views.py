"""/supervisor/: the satisfaction index (IKM) of a month for the office's supervisors, its
comments, and its export. The comments are personal data (pst.personal_data): every page that
shows some and every export is written to the access log.

/supervisor/service-levels/: the month's service levels at the desks and online, and the
exports of its calls and consultations (no personal data in either: not logged).

/supervisor/complaints/: the month's complaint figures, the late ones, and the export of the
month's complaints (no name, contact or text; logged all the same, see exports.py).

/supervisor/access-log/: the review of the office's personal-data access log (who of the staff
looked at or exported what, DESIGN §7) by month, staff member and kind, and its export, itself
logged: an auditor's export is audited too. Read only: nothing here changes a row."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from complaints.handling.selectors import may_pass_on_ratings
from complaints.reports import exports, selectors, selectors_online
from complaints.reports import selectors_complaints as complaint_figures
from complaints.reports import selectors_service_levels as service_levels
from complaints.reports.forms import AccessLogForm, MonthForm, PeriodForm
from complaints.reports.periods import Month
from pst.exports import EXPORT_CHUNK_ROWS, EXPORT_FORMATS, Column, export_response
from pst.models import Office, PersonalDataAccess
from pst.permissions import Action
from pst.personal_data import (
    personal_data_accesses,
    personal_data_export_log,
    personal_data_page_log,
)
from queueing.selectors import office_today

COMMENTS_PER_PAGE = 25
BREACHES_PER_PAGE = 25
PAST_DUE_PER_PAGE = 25
ACCESSES_PER_PAGE = 50


def _office_and_form(
    request: HttpRequest,
    form_class: type[MonthForm] = PeriodForm,
    action: Action = Action.SUPERVISE,
) -> tuple[Office, MonthForm, str]:
    """The office read (403/404 as supervised_office_for_user says for `action`), the period
    form bound to the query string, and the office's code when the address named it (a
    superuser's choice, which every link of the page keeps)."""
    code = request.GET.get("office", "")
    office = selectors.supervised_office_for_user(request.user, code, action)
    timezone.activate(office.zoneinfo)  # a superuser reads another zone's office too
    today = office_today(office)
    data = request.GET.copy()
    if not data.get("month"):  # the month box shows the month the page shows
        data["month"] = Month.of(today).key
    form = form_class.for_office(data, office=office, today=today)
    return office, form, office.code if code else ""


def _query(office_code: str, month: Month | None, **filters: str) -> str:
    """The query string of a link of the page: the same office and `filters` (a channel, a
    staff member…; empty ones left out), `month`."""
    query = QueryDict(mutable=True)
    if office_code:
        query["office"] = office_code
    if month is not None:
        query["month"] = month.key
    for name, value in filters.items():
        if value:
            query[name] = value
    return query.urlencode()


@login_required
@require_safe
@never_cache
def supervisor_dashboard(request: HttpRequest) -> HttpResponse:
    office, form, office_code = _office_and_form(request)
    month, channel = form.month_chosen(), form.channel_chosen()
    context = _context(office, form, office_code, month)
    if month is not None:
        comments = Paginator(selectors.rating_comments(office, month, channel), COMMENTS_PER_PAGE)
        page = comments.get_page(request.GET.get("page"))
        if page.object_list:
            personal_data_page_log(
                user=request.user, office=office, page=page, subject="rating comments",
                period_start=month.first_day, period_end=month.last_day,
            )  # fmt: skip
        context |= {
            "report": selectors.ratings_report(office, month, channel),
            "comments": page,
            "may_pass_on": may_pass_on_ratings(request.user, office),
            **_month_links(office_code, month, form.today, channel=channel),
        }
    return render(request, "complaints/reports/dashboard.html", context)


def _context(office: Office, form: MonthForm, office_code: str, month: Month | None) -> dict:
    """What both report pages show above their figures: the office, the period form, the
    tabs between the reports (same month, same office)."""
    return {
        "office": office,
        "form": form,
        "office_code": office_code,
        "month": month,
        "tab_query": _query(office_code, month),
    }


def _month_links(office_code: str, month: Month, today: dt.date, **filters: str) -> dict:
    """The query strings of the page's month (its exports, its pages) and of the months
    beside it, with the same `filters`. No link into months that have not begun: nothing
    happened there yet."""
    following = month.next if month.first_day < Month.of(today).first_day else None
    return {
        "query": _query(office_code, month, **filters),
        "previous_query": month.previous and _query(office_code, month.previous, **filters),
        "next_query": following and _query(office_code, following, **filters),
    }


@login_required
@require_safe
def supervisor_ratings_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("No such format."))
    # Not exported with a refused value (the file would hold more, or another month, than
    # was asked), nor for a month not begun (trial K5): the page says why.
    chosen = _month_exported(request, "supervisor_dashboard", PeriodForm)
    if isinstance(chosen, HttpResponse):
        return chosen
    office, form, month = chosen
    channel = form.channel_chosen()
    return _logged_export(
        request,
        fmt,
        office,
        month,
        columns=exports.ratings_export_columns(office),
        rows=selectors.ratings_for_export(office, month, channel),
        filename="-".join(filter(None, ["ikm", office.code, month.key, channel])),
        sheet_title=_("Ratings"),
        subject=f"ratings {fmt}" + (f" {channel}" if channel else ""),
    )


def _logged_export(
    request: HttpRequest,
    fmt: str,
    office: Office,
    month: Month,
    *,
    columns: list[Column],
    rows: QuerySet,
    filename: str,
    sheet_title: str,
    subject: str,
) -> HttpResponse:
    """The month's `rows` of `office` as a file of `columns`, written to the personal-data
    access log as `subject` once the whole file was produced (DESIGN §7)."""
    return export_response(
        fmt,
        columns=columns,
        rows=rows.iterator(chunk_size=EXPORT_CHUNK_ROWS),
        filename=filename,
        sheet_title=sheet_title,
        on_done=personal_data_export_log(
            user=request.user,
            office=office,
            subject=subject,
            period_start=month.first_day,
            period_end=month.last_day,
        ),
    )


@login_required
@require_safe
@never_cache
def supervisor_service_levels(request: HttpRequest) -> HttpResponse:
    office, month, context = _month_page(request)
    if month is not None:
        breaches = Paginator(service_levels.month_breaches(office, month), BREACHES_PER_PAGE)
        context |= {
            "report": service_levels.service_level_report(office, month),
            "breaches": breaches.get_page(request.GET.get("page")),
        }
    return render(request, "complaints/reports/service_levels.html", context)


def _month_page(request: HttpRequest) -> tuple[Office, Month | None, dict]:
    """What a page of a month's figures (service levels, complaints) starts from: the
    office, the month to count — None when the one asked was refused or has not begun — and
    the context above its figures."""
    office, form, office_code = _office_and_form(request, MonthForm)
    month = form.month_chosen()
    context = _context(office, form, office_code, month)
    if month is None:
        return office, None, context
    context |= _month_links(office_code, month, form.today)
    # A month that has not begun has nothing to count, and its "open at the end" would be
    # today's open consultations or complaints passed off as a future month's.
    return office, month if month.first_day <= form.today else None, context


SERVICE_LEVEL_EXPORTS = {
    # ?what → the rows, their columns, the file's name and its sheet's title
    "calls": (
        service_levels.month_calls,
        exports.calls_export_columns,
        "calls",
        gettext_lazy("Calls"),
    ),
    "consultations": (
        selectors_online.month_consultations,
        exports.consultations_export_columns,
        "consultations",
        gettext_lazy("Consultations"),
    ),
}


def _month_exported(
    request: HttpRequest,
    page: str,
    form_class: type[MonthForm] = MonthForm,
    action: Action = Action.SUPERVISE,
) -> tuple[Office, MonthForm, Month] | HttpResponse:
    """The office, the bound form and the month an export of the page `page` (a URL name)
    covers; or, for a period refused or a month not begun, the way back to the page, which
    says why: it shows no figures for either, and a file of them would hold what nobody was
    shown (nor log an export of nothing)."""
    office, form, _code = _office_and_form(request, form_class, action)
    month = form.month_chosen() if form.is_valid() else None
    if month is None or month.first_day > form.today:
        messages.error(request, _("Nothing was exported: correct the period first."))
        return redirect(f"{reverse(page)}?{request.GET.urlencode()}")
    return office, form, month


@login_required
@require_safe
def supervisor_service_levels_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS or what not in SERVICE_LEVEL_EXPORTS:
        raise Http404(_("No such format."))
    chosen = _month_exported(request, "supervisor_service_levels")
    if isinstance(chosen, HttpResponse):
        return chosen
    office, _form, month = chosen
    rows, columns, name, title = SERVICE_LEVEL_EXPORTS[what]
    return export_response(
        fmt,
        columns=columns(office),
        rows=rows(office, month).iterator(chunk_size=EXPORT_CHUNK_ROWS),
        filename=f"{name}-{office.code}-{month.key}",
        sheet_title=str(title),
    )


@login_required
@require_safe
@never_cache
def supervisor_complaints(request: HttpRequest) -> HttpResponse:
    office, month, context = _month_page(request)
    if month is not None:
        now = timezone.now()  # one moment for the figures and the list
        late = complaint_figures.month_past_due(office, month, now)
        context |= {
            "report": complaint_figures.complaint_report(office, month, now),
            "past_due": Paginator(late, PAST_DUE_PER_PAGE).get_page(request.GET.get("page")),
            "list_query": _query(context["office_code"], None),
        }
    return render(request, "complaints/reports/complaints.html", context)


@login_required
@require_safe
def supervisor_complaints_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    # `what` keeps the address of the exports alike on both pages (…/<what>.<fmt>).
    if fmt not in EXPORT_FORMATS or what != "complaints":
        raise Http404(_("No such format."))
    chosen = _month_exported(request, "supervisor_complaints")
    if isinstance(chosen, HttpResponse):
        return chosen
    office, _form, month = chosen
    return _logged_export(
        request,
        fmt,
        office,
        month,
        columns=exports.complaints_export_columns(office),
        rows=complaint_figures.month_complaints(office, month),
        filename=f"complaints-{office.code}-{month.key}",
        sheet_title=_("Complaints"),
        subject=f"complaints {fmt}",
    )


def _accesses(office: Office, form: AccessLogForm, month: Month) -> QuerySet[PersonalDataAccess]:
    """The office's log the valid review form asks for: the month in office time, the staff
    member and the kind chosen."""
    zone = office.zoneinfo
    return personal_data_accesses(
        office=office,
        start=month.start(zone),
        end=month.end(zone),
        user=form.cleaned_data["reader"],
        kind=form.cleaned_data["kind"],
    )


def _review_filters(form: AccessLogForm) -> dict[str, str]:
    """The staff member and kind the review's links keep (the form is valid)."""
    reader = form.cleaned_data["reader"]
    return {"reader": str(reader.pk) if reader else "", "kind": form.cleaned_data["kind"]}


@login_required
@require_safe
@never_cache
def supervisor_access_log(request: HttpRequest) -> HttpResponse:
    office, form, office_code = _office_and_form(request, AccessLogForm, Action.REVIEW_ACCESS_LOG)
    month = form.month_chosen()
    context = _context(office, form, office_code, month) | {
        "retention_days": settings.ACCESS_LOG_RETENTION_DAYS
    }
    # Any refused value shows no rows: everyone's would pass for the staff member asked.
    if month is not None and form.is_valid():
        accesses = Paginator(_accesses(office, form, month), ACCESSES_PER_PAGE)
        context |= {
            "accesses": accesses.get_page(request.GET.get("page")),
            "filtered": any(_review_filters(form).values()),
            "begun": month.first_day <= form.today,  # a month to come has nothing to export
            **_month_links(office_code, month, form.today, **_review_filters(form)),
        }
    return render(request, "complaints/reports/access_log.html", context)


@login_required
@require_safe
def supervisor_access_log_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    # `what` keeps the address alike the other reports' exports (…/<what>.<fmt>).
    if fmt not in EXPORT_FORMATS or what != "access-log":
        raise Http404(_("No such format."))
    chosen = _month_exported(
        request, "supervisor_access_log", AccessLogForm, Action.REVIEW_ACCESS_LOG
    )
    if isinstance(chosen, HttpResponse):
        return chosen
    office, form, month = chosen
    filters = " ".join(f"{name} {value}" for name, value in _review_filters(form).items() if value)
    # The review of who read personal data is itself such a reading (DESIGN §7).
    return _logged_export(
        request,
        fmt,
        office,
        month,
        columns=exports.access_log_export_columns(office),
        rows=_accesses(office, form, month),
        filename=f"access-log-{office.code}-{month.key}",
        sheet_title=_("Access log"),
        subject=f"access log {fmt}" + (f" {filters}" if filters else ""),
    )
