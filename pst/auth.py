from __future__ import annotations

from django.contrib.auth.backends import AllowAllUsersModelBackend
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


class PortalModelBackend(AllowAllUsersModelBackend):
    """Checks a disabled account's password too, so that the sign-in form can tell its owner
    (and only someone with the right password) that the account is disabled instead of
    "wrong password" (product trial I, I8). Signing in is still refused by the form
    (`confirm_login_allowed`); a disabled account's sessions still end, as with Django's
    ModelBackend: `get_user` returns no inactive user."""

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
