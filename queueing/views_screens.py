"""Setting up a browser as one of the office's kiosk screens (queueing.kiosk_screens)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pst.errors import add_message
from pst.selectors import get_office_by_code
from queueing.errors import QueueError
from queueing.kiosk_screens import (
    is_kiosk_screen,
    kiosk_screen_forget,
    kiosk_screen_remember,
    kiosk_screens_sign_out,
    may_set_up_kiosk_screens,
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_setup(request: HttpRequest, code: str) -> HttpResponse:
    office = get_office_by_code(code)
    if not may_set_up_kiosk_screens(request.user, office):
        raise PermissionDenied(_("Only an administrator of this office sets up its kiosk screens."))
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "remember":
        # The kiosk must not stay signed in as its administrator: visitors use it next.
        logout(request)
        messages.success(request, _("This browser is now a kiosk screen of the office."))
        response = redirect("kiosk", code=office.code)
        kiosk_screen_remember(response, request, office)
        return response
    if action == "forget":
        messages.success(request, _("This browser is no longer a kiosk screen of the office."))
        response = redirect("kiosk_setup", code=office.code)
        kiosk_screen_forget(response)
        return response
    if action == "sign_out_all":
        try:
            kiosk_screens_sign_out(office=office, by=request.user)
        except QueueError as error:
            add_message(request, error)
        else:
            messages.success(
                request,
                _("Every kiosk screen of the office is signed out. Set each one up again."),
            )
        return redirect("kiosk_setup", code=office.code)
    status = 400 if request.method == "POST" else 200
    context = {"office": office, "is_screen": is_kiosk_screen(request, office)}
    return render(request, "queueing/kiosk_setup.html", context, status=status)
