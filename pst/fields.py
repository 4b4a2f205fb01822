"""Field declarations the models of every app make the same way, stated once.

An optional link (a consultation not yet given an officer, a ticket not yet called to a desk,
an article of no office) is a nullable foreign key that forms may leave empty. By default it
protects what it points to: the record it names is history (who served, which ticket, which
desk), so deleting that row is refused rather than silently emptying the link. A link that is
only informative (which article a search opened, which consultation followed it) passes
`on_delete=models.SET_NULL`; one owned by its target passes `models.CASCADE`. The account
that wrote or changed a row of reference data or a log is such an informative link
everywhere: `acting_user`.

The factory returns an ordinary Django field: the migration autodetector sees exactly the
keywords it would see written out, so using it changes no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise


def optional_link(
    to: type[models.Model] | str,
    *,
    on_delete: Callable[..., None] = models.PROTECT,
    one_to_one: bool = False,
    related_name: str,
    verbose_name: str | Promise,
    **extra: Any,
) -> models.ForeignKey:
    """A foreign key (a one-to-one field with `one_to_one`) that may be empty: NULL in the
    table, not required in forms; `extra` passes on the rest (`help_text`, …)."""
    field_class = models.OneToOneField if one_to_one else models.ForeignKey
    return field_class(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **extra,
    )


def acting_user(verbose_name: str | Promise) -> models.ForeignKey:
    """The account that did something to a row that outlives it (wrote or edited an article,
    changed a holiday, searched the knowledge base). Only informative, unlike the officer of a
    ticket or a consultation: deleting the account empties the link rather than being refused,
    and an account lists none of these rows."""
    return optional_link(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


def unique_nationally_and_per_office(
    field: str,
    *,
    per_office: tuple[str, str | Promise],
    national: tuple[str, str | Promise],
) -> list[models.UniqueConstraint]:
    """The two constraints of reference data that is national (no office: every office has
    it) or one office's own (a holiday, a complaint category, a knowledge-base article):
    `field` is unique among the national rows, and within each office — an office's row may
    share it with a national one, which it then stands in for there. Each pair is (the
    constraint's name, the message a form says when it is broken)."""
    (office_name, office_message), (national_name, national_message) = per_office, national
    return [
        models.UniqueConstraint(
            fields=["office", field],
            condition=models.Q(office__isnull=False),
            name=office_name,
            violation_error_message=office_message,
        ),
        models.UniqueConstraint(
            fields=[field],
            condition=models.Q(office__isnull=True),
            name=national_name,
            violation_error_message=national_message,
        ),
    ]
