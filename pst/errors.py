"""The one domain error and the one place that turns it into what a person sees.

Services raise a subclass of `DomainError` (one per app: QueueError, GuestbookError,
ConsultationError, PortalError) when a rule refuses an action. `message` is the sentence for
the person who tried (already translated), `code` is what code and tests compare, `field` the
form field it is about (None: the whole form).

Views that can do better than a message (put it on the form, offer a next step) catch it;
everything else lets it rise to `DomainErrorMiddleware`, which answers the same way
everywhere: the message on the page the person came from, or a 409 page when there is none;
for htmx a refresh of the page so the message shows (a 4xx swap is switched off in base.html).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms
    from django.http import HttpRequest


class DomainError(Exception):
    """A domain rule refused the action."""

    # The answer when no view handles it: the request was understood and refused by the
    # state of things (already called, already saved, not open), which is a conflict.
    status = 409

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r})"


def add_to_form(form: forms.BaseForm, error: DomainError) -> None:
    """Shows the refusal on the form: on its field when the form has it, above it otherwise;
    the code stays on it (`form.has_error(field, code)`)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, ValidationError(error.message, code=error.code))


def add_message(request: HttpRequest, error: DomainError) -> None:
    """Shows the refusal as a message on the next page; its code is on the alert
    (data-code) for tests and support, not for the reader."""
    messages.error(request, error.message, extra_tags=error.code)


def same_site_referer(request: HttpRequest) -> str | None:
    """The page the request came from, when it is one of ours."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The answer to a refused action that no view turned into something better."""
    if getattr(request, "htmx", False):
        # The fragment cannot show a sentence it did not expect: the page reloads and shows
        # the message like any other (htmx acts on HX-Refresh whatever the status).
        add_message(request, error)
        response = HttpResponse(status=error.status)
        response["HX-Refresh"] = "true"
        return response
    if request.method == "POST":
        back = same_site_referer(request)
        if back:
            add_message(request, error)
            return HttpResponseRedirect(back)
    return render(
        request,
        "409.html",
        {"reason": error.message, "code": error.code},
        status=error.status,
    )


class DomainErrorMiddleware:
    """Last line: a DomainError that left a view is answered, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return error_response(request, exception)
        return None
