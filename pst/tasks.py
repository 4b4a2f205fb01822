"""Background work of the core app. Arguments are plain JSON values: the database backend
stores them until a worker runs the task."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to,
        reply_to=reply_to or None, headers=headers or None,
    )  # fmt: skip
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
