from __future__ import annotations

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The sign-in name django-axes counts failures by: the email in lower case, so typing it
    in another case does not reset the count."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "").strip().lower()
