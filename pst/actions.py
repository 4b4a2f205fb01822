"""The address of an action (a form's POST: answer, respond, call the next ticket, publish) is
also opened with GET, and a 405 page there is a dead end:

- after signing in again: a form sent when the session had ended went to the sign-in page
  with that address as its `next`, and the browser opens it once the user is back;
- after switching the language, or a reload, on a refused form shown at that address.

`post_action` is Django's require_POST for such an address, except that a GET or HEAD leads
to the page the action belongs to, where the form's kept draft is put back (static/js/live.js,
data-keep-draft)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

View = Callable[..., HttpResponse]


def post_action(
    page: str | Callable[..., str], *, of: Callable[..., Model] | None = None
) -> Callable[[View], View]:
    """Only POST runs the view; GET and HEAD are sent to `page`: a URL name, reversed with
    the primary key of `of(request, *view arguments)` (the object the action is on) when
    given, else without arguments; or a function of the request and the view's arguments
    that returns the address. `of`, or that function, looks the object up as the action
    does: whoever may not use the action gets the same 404 or 403, not a way to the page."""

    def address(request: HttpRequest, *args, **kwargs) -> str:
        if callable(page):
            return page(request, *args, **kwargs)
        if of is not None:
            return reverse(page, args=[of(request, *args, **kwargs).pk])
        return reverse(page)

    def decorator(view: View) -> View:
        @require_http_methods(["GET", "HEAD", "POST"])
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            return redirect(address(request, *args, **kwargs))

        return wrapped

    return decorator
