"""The "My data" page of a signed-in person, its download (pst.my_data; UU 27/2022 Art. 7,
trial Q, Q2) and the deletion of the account (pst.erasure; Art. 8–9). Only ever the
signed-in account's own data: no view here takes an id.

The download is not written to the personal-data log: that log is of staff looking at other
people's data (pst.personal_data.access), and a person taking a copy of their own is no such
access."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pst.account_forms import AccountDeleteForm
from pst.actions import post_action
from pst.erasure import account_is_staff, user_account_erase
from pst.errors import add_to_form
from pst.my_data import personal_data_document, personal_data_of
from pst.services import PortalError


def _page(request: HttpRequest, form: AccountDeleteForm, *, status: int = 200) -> HttpResponse:
    context = {
        "sections": personal_data_of(request.user),
        "delete_form": form,
        "may_delete": not account_is_staff(request.user),
    }
    return render(request, "accounts/my_data.html", context, status=status)


@login_required
@never_cache
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request, AccountDeleteForm())


@login_required
@never_cache
@post_action("my_data")
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the signed-in account (never another: no id is taken), then sign out here
    too and go to the home page, told in the language the person was reading."""
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            user_account_erase(user=request.user, password=form.cleaned_data["password"])
        except PortalError as error:
            add_to_form(form, error)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account was deleted and you are signed out. An email confirms it; "
                    "your consultations and complaints are kept without your name."
                ),
            )
            return redirect("home")
    return _page(request, form, status=400)  # refused: the page again, with why


@login_required
@never_cache
@require_safe
def my_data_download(request: HttpRequest) -> HttpResponse:
    """One JSON file, readable in any text editor: the page's names as keys (in the page's
    language), non-ASCII letters as they are."""
    now = timezone.now()
    document = personal_data_document(request.user, now=now)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    # Named and worded in the language of the page it was asked from, which is the one the
    # person reads.
    name = pgettext("file name", "pst-my-data-%(date)s.json") % {
        "date": timezone.localdate(now).isoformat()
    }
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
