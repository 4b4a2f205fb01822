"""What the correction pages of saved records (the guestbook's entries, the consultation
records) do with a submitted form, in one place: the rule behind them is one
(`pst.revisions.record_correct`), so is what the officer is told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pst.errors import DomainError, add_to_form

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms
    from django.http import HttpRequest, HttpResponse

    from pst.revisions import Revision


def correction_save(
    request: HttpRequest,
    form: forms.Form,
    correct: Callable[[dict], list[Revision]],
    *,
    again_url: str,
    done_url: str,
    on_saved: Callable[[list[Revision]], None] | None = None,
) -> HttpResponse | None:
    """Save a valid correction form with `correct(form.cleaned_data)` (the app's service):
    saved or nothing changed → to `done_url` with a message that says which; someone else
    corrected meanwhile → to `again_url` (the form loaded afresh) with a warning; any other
    refusal → on the form, and None: the caller shows the form again."""
    try:
        revisions = correct(form.cleaned_data)
    except DomainError as error:
        if error.code == "changed_meanwhile":
            messages.warning(request, error.message)
            return redirect(again_url)
        add_to_form(form, error)
        return None
    if on_saved is not None:
        on_saved(revisions)
    if revisions:
        messages.success(request, _("The correction is saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect(done_url)
