"""Live fragments (display board, officer console, ticket status): each page polls a fragment
of its own that answers 304 while nothing changed. The ETag is built from the office's newest
event id (selectors.office_version), so an idle screen costs two queries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers


def fragment_etag(*parts: object) -> str:
    digest = hashlib.sha1("|".join(map(str, parts)).encode(), usedforsecurity=False)
    return f'"{digest.hexdigest()[:20]}"'


def live_fragment(
    request: HttpRequest, etag: str, render_fragment: Callable[[], HttpResponse]
) -> HttpResponse:
    """Answer a polling fragment: 304 when the client already has this version."""
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = render_fragment()
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache, private"
    patch_vary_headers(response, ["HX-Request", "Cookie", "Accept-Language"])
    return response
