"""System checks of the installation's settings (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """Every email links to SITE_URL: left at its default, or on plain http, in production
    every link would lead to localhost or be sent in clear, and nothing else would notice
    (product trial I, I14)."""
    if settings.DEBUG:
        return []
    site_url = settings.SITE_URL
    if not site_url or site_url == settings.SITE_URL_DEFAULT.rstrip("/"):
        return [
            Error(
                "SITE_URL is not set: every email would link to http://localhost:8000.",
                hint="Set SITE_URL to the portal's address, e.g. https://pst.example.go.id "
                "(.env.example).",
                id="pst.E001",
            )
        ]
    if not site_url.startswith("https://"):
        return [
            Error(
                f"SITE_URL ({site_url}) is not an https address.",
                hint="Links in emails carry verification and reset tokens: serve the portal "
                "over TLS and set SITE_URL=https://…",
                id="pst.E002",
            )
        ]
    return []
