"""Erasing a guestbook entry at the visitor's request (guestbook.erasure): a confirm page that
says what goes and asks who asked, then the entry's page showing it anonymised."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pst.errors import add_to_form
from pst.models import AccessKind
from pst.personal_data import fields_purged, personal_fields
from queueing.guestbook import erasure, selectors
from queueing.guestbook.forms import GuestbookErasureForm
from queueing.guestbook.models import GuestbookEntry
from queueing.guestbook.services import GuestbookError
from queueing.guestbook.views import entry_seen


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def guestbook_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_guestbook_entry_for_user(request.user, pk)
    if not erasure.guestbook_may_anonymise(entry=entry, user=request.user):
        raise PermissionDenied(erasure.ERASURE_NOT_ALLOWED)
    form = GuestbookErasureForm(request.POST if request.method == "POST" else None)
    already = entry.is_anonymised
    if not already and form.is_valid():
        try:
            erasure.guestbook_anonymise(
                entry=entry, officer=request.user, note=form.cleaned_data["note"]
            )
        except GuestbookError as error:
            already = error.code == "already"
            if not already:
                add_to_form(form, error)
        else:
            messages.success(request, _("The visitor's personal details were erased."))
            return redirect("guestbook_detail", pk=entry.pk)
    if already:
        # A second submission (a double click, Back and send again): the first did it.
        messages.info(request, _("This guestbook entry is already anonymised."))
        return redirect("guestbook_detail", pk=entry.pk)
    if request.method == "GET":
        # The page names the visitor, so that the officer erases the right entry.
        entry_seen(request, entry.office, entry, AccessKind.VIEW_DETAIL, " (erasure form)")
    return render(
        request,
        "queueing/guestbook/anonymise.html",
        {"office": entry.office, "entry": entry, "form": form, **_what_is_erased()},
    )


def _what_is_erased() -> dict:
    """The fields the erasure blanks and those it keeps, named as the entry's page names
    them, from the declaration the purge reads (pst.personal_data)."""
    erased = fields_purged(GuestbookEntry)

    def named(names: list[str]) -> list[str]:
        return [str(GuestbookEntry._meta.get_field(name).verbose_name) for name in names]

    kept = [name for name in personal_fields(GuestbookEntry) if name not in erased]
    return {"erased": named(erased), "kept": named(kept)}
