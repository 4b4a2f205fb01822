"""Saved guestbook entries: read them, correct them (issue 8, item 12). Every look and every
correction is logged as an access to personal data (DESIGN §7)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from pst.models import AccessKind, Office
from pst.permissions import Action, office_where_user_can, user_can
from pst.personal_data import mask_email, mask_phone
from pst.phones import format_phone
from pst.services import personal_data_access_log
from queueing import services
from queueing.forms import GuestbookCorrectionForm
from queueing.models import GUESTBOOK_CORRECTABLE_FIELDS, GuestbookEntry, GuestbookRevision
from queueing.services import QueueError

# Contacts are masked on the page (and in its history) for anyone who would get them masked
# in an export too.
MASKED_FIELDS = {"email": mask_email, "phone": mask_phone}


def _entry_for_staff(request: HttpRequest, pk: int) -> tuple[GuestbookEntry, Office]:
    """The office's entry `pk` for its staff (403 for anyone else, 404 for another office's)."""
    office = office_where_user_can(request.user, Action.VIEW_GUESTBOOK)
    if office is None:
        raise PermissionDenied(_("Only staff of this office can use its guestbook."))
    entry = (
        GuestbookEntry.objects.select_related("office", "ticket", "service", "created_by")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=GuestbookRevision.objects.select_related("changed_by"),
            )
        )
        .filter(pk=pk, office=office)
        .first()
    )
    if entry is None:
        raise Http404(_("No such guestbook entry."))
    return entry, office


def _shown(value: str, field: str, unmasked: bool) -> str:
    """A stored value as people read it: choices by their label, contacts masked unless
    `unmasked`."""
    if field in MASKED_FIELDS and not unmasked:
        return MASKED_FIELDS[field](value)
    model_field = GuestbookEntry._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if model_field.get_internal_type() == "BooleanField":
        return _("yes") if value == "1" else _("no")
    return value


@login_required
@require_safe
@never_cache
def guestbook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry, office = _entry_for_staff(request, pk)
    may_correct = services.guestbook_may_correct(entry=entry, user=request.user, now=timezone.now())
    # Whoever may correct the entry sees what they correct; others as in the list.
    unmasked = may_correct or user_can(request.user, Action.EXPORT_UNMASKED, office)
    history = list(entry.revisions.all())
    for revision in history:
        revision.old_shown = _shown(revision.old_value, revision.field, unmasked)
        revision.new_shown = _shown(revision.new_value, revision.field, unmasked)
    personal_data_access_log(
        user=request.user,
        office=office,
        kind=AccessKind.VIEW_DETAIL,
        subject=f"guestbook entry {entry.pk}",
        unmasked=unmasked,
    )
    return render(
        request,
        "queueing/guestbook_detail.html",
        {
            "office": office,
            "entry": entry,
            "email": _shown(entry.email, "email", unmasked),
            "phone": format_phone(entry.phone) if unmasked else mask_phone(entry.phone),
            "history": history,
            "may_correct": may_correct,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@never_cache
def guestbook_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry, office = _entry_for_staff(request, pk)
    if not services.guestbook_may_correct(entry=entry, user=request.user, now=timezone.now()):
        raise PermissionDenied(
            _("Only the officer who wrote this entry, on the same day, or a supervisor can "
              "correct it.")
        )  # fmt: skip
    if request.method == "POST":
        form = GuestbookCorrectionForm(request.POST, office=office)
        if form.is_valid():
            try:
                revisions = services.guestbook_correct(
                    entry=entry,
                    officer=request.user,
                    data=form.cleaned_data,
                    version=form.cleaned_data["version"],
                )
            except QueueError as error:
                if error.code == "changed_meanwhile":
                    messages.warning(request, error.message)
                    return redirect("guestbook_correct", pk=entry.pk)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                personal_data_access_log(
                    user=request.user,
                    office=office,
                    kind=AccessKind.VIEW_DETAIL,
                    subject=f"guestbook entry {entry.pk} corrected ({len(revisions)} fields)",
                    unmasked=True,
                )
                if revisions:
                    messages.success(request, _("The correction is saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("guestbook_detail", pk=entry.pk)
    else:
        initial = {field: getattr(entry, field) for field in GUESTBOOK_CORRECTABLE_FIELDS}
        initial["phone"] = format_phone(entry.phone)
        initial["version"] = len(entry.revisions.all())  # prefetched: no extra query
        form = GuestbookCorrectionForm(initial=initial, office=office)
        personal_data_access_log(
            user=request.user,
            office=office,
            kind=AccessKind.VIEW_DETAIL,
            subject=f"guestbook entry {entry.pk} (correction form)",
            unmasked=True,
        )
    return render(
        request, "queueing/guestbook_correct.html", {"office": office, "entry": entry, "form": form}
    )
