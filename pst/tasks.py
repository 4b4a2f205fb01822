"""Background work of the core app. Arguments are plain JSON values: the database backend
stores them until a worker runs the task."""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import TaskContext, task

from pst.mail_delivery import deliver
from pst.mail_queue import mail_handing_over


@task(takes_context=True)
def send_email(
    context: TaskContext,
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
) -> None:
    """`attachments`: {"filename", "content", "mimetype"} each; binary content is given as
    base64 text with "base64": true (task arguments are JSON).

    A failure raises `pst.mail_delivery.MailNotSent`; what happens next (another attempt
    later, or given up and logged) is pst.mail_queue's."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to,
        reply_to=reply_to or None, headers=headers or None,
    )  # fmt: skip
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for item in attachments or ():
        content = item["content"]
        if item.get("base64"):
            content = base64.b64decode(content)
        message.attach(item["filename"], content, item["mimetype"])
    deliver(message, handing_over=lambda: mail_handing_over(context.task_result))
