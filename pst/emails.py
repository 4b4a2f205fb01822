"""Emails are rendered in the request (in the reader's language) and sent by a task."""

from __future__ import annotations

from django.template.loader import render_to_string

from pst.tasks import send_email


def email_enqueue(*, to: str, template: str, context: dict[str, object]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and queue the message."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    send_email.enqueue(to=[to], subject=subject, body=body)
