"""Masked contacts for lists and exports (DESIGN §7): enough to tell two visitors apart at
the desk, not enough to contact someone."""

from __future__ import annotations


def mask_email(email: str) -> str:
    """rina.wulandari@example.org → ri•••@ex•••.org"""
    if not email or "@" not in email:
        return ""
    local, _at, domain = email.partition("@")
    host, dot, tld = domain.rpartition(".")
    if not dot:  # a domain without a dot: hide it all
        host, tld = domain, ""
    return f"{_head(local)}•••@{_head(host)}•••{dot}{tld}"


def _head(part: str) -> str:
    """At most two characters, and never more than half of the part."""
    return part[: min(2, len(part) // 2)]


def mask_phone(phone: str) -> str:
    """+6281234567890 → +62•••••••7890"""
    if not phone:
        return ""
    keep = 4
    head = "+62" if phone.startswith("+62") else phone[:1]
    hidden = max(0, len(phone) - len(head) - keep)
    return f"{head}{'•' * hidden}{phone[-keep:]}"
