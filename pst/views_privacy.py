"""The privacy notice (UU 27/2022, DESIGN §7; product trial Q, Q5): who controls the data (the
office), what each form takes it for, how long it is kept, and how to exercise one's rights.
Every form's short notice links here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from pst import selectors


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The home page's office's notice; with several offices and none chosen, the list."""
    office = selectors.office_for_home(with_page_details=False)
    if office is not None:
        return redirect("office_privacy", code=office.code)
    return render(request, "pst/privacy.html", {"offices": selectors.office_list()})


@require_safe
def office_privacy(request: HttpRequest, code: str) -> HttpResponse:
    office = selectors.get_office_by_code(code)
    return render(request, "pst/privacy.html", {"office": office})
