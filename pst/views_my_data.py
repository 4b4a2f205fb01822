"""The "My data" page of a signed-in person and its download (pst.my_data; UU 27/2022 Art. 7,
trial Q, Q2). Only ever the signed-in account's own data: no view here takes an id.

The download is not written to the personal-data log: that log is of staff looking at other
people's data (pst.personal_data.access), and a person taking a copy of their own is no such
access."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pst.my_data import personal_data_document, personal_data_of


@login_required
@never_cache
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_data.html", {"sections": personal_data_of(request.user)})


@login_required
@never_cache
@require_safe
def my_data_download(request: HttpRequest) -> HttpResponse:
    """One JSON file, readable in any text editor: the page's names as keys, non-ASCII letters
    as they are."""
    now = timezone.now()
    document = personal_data_document(request.user, now=now)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"pst-data-saya-{timezone.localdate(now).isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
