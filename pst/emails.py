"""Emails are rendered in the request (in the reader's language) and sent by a task; the
notifications of a record (`notification_enqueue`) in the language kept for the person they
go to (pst.languages), else the offices', whoever's action or background job sent them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.template.loader import render_to_string

from pst.languages import written_in
from pst.tasks import send_email


def _rendered(template: str, context: dict[str, object]) -> tuple[str, str]:
    """The subject (one line, however its template wraps) and the plain-text body."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return subject, render_to_string(f"{template}_body.txt", context)


def email_enqueue(*, to: str, template: str, context: dict[str, object]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and queue the message."""
    subject, body = _rendered(template, context)
    send_email.enqueue(to=[to], subject=subject, body=body)


def notification_enqueue(
    recipients: Iterable[str],
    *,
    template: str,
    context: Callable[[], dict[str, object]],
    html: bool = False,
    reply_to: str = "",
    attachments: Sequence[dict] = (),
    language: str = "",
) -> None:
    """One automatic email to the distinct addresses of `recipients` (blank ones dropped;
    none left: nothing is built or sent). `<template>_subject.txt`, `_body.txt` and, with
    `html`, `_body.html` are rendered in `language`, the one kept for the person written to
    (empty for the office's staff: the offices' language, settings.LANGUAGE_CODE), and
    `context()` is built in it too: its translated texts, dates and links read alike.
    `attachments`: pst.tasks.send_email's format."""
    to = sorted({address for address in recipients if address})
    if not to:
        return
    with written_in(language):
        values = context()
        subject, body = _rendered(template, values)
        html_body = render_to_string(f"{template}_body.html", values) if html else ""
    # RFC 3834's header keeps holiday auto-responders from answering a notification.
    # Enqueued inside the action's transaction: the database task backend stores the task in
    # it (a refused action leaves no email behind), the immediate one sends at once.
    send_email.enqueue(
        to=to, subject=subject, body=body, html_body=html_body,
        reply_to=[reply_to] if reply_to else [], headers={"Auto-Submitted": "auto-generated"},
        attachments=list(attachments),
    )  # fmt: skip
