from __future__ import annotations

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The sign-in name django-axes counts failures by: the email in lower case, so typing it
    in another case does not reset the count."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "").strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, for sign-in lockouts and kiosk throttling. Behind N trusted
    proxies (`AXES_PROXY_COUNT`; nginx with `proxy_add_x_forwarded_for` is 1) it is the N-th
    address from the right of X-Forwarded-For — the one our own proxy appended — so a client
    cannot forge it by sending the header itself (the same rule as Werkzeug's ProxyFix);
    served directly, the header is ignored."""
    from django.conf import settings

    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies < 1:
        return request.META.get("REMOTE_ADDR")
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:
        return request.META.get("REMOTE_ADDR")
    return chain[-proxies]
