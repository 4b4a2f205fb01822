"""The checks a service of any app makes before it saves, refused as that app's DomainError.

The identity-number and control-character rules (pst.personal_data) and the model's own
validation raise their own exceptions; every app's services turn them into their error the
same way (the message, the code, the field it names), so that its views catch one error."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from pst.personal_data import PersonalTextRefused, personal_text_check

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.db import models

    from pst.errors import DomainError


def personal_text_refuse(
    model: Any, values: Mapping[str, Any], *, error: type[DomainError]
) -> None:
    """`personal_text_check`: the first text field of `model` in `values` that breaks a rule
    is refused as `error`, on that field."""
    try:
        personal_text_check(model, values)
    except PersonalTextRefused as refused:
        raise error(refused.message, code=refused.code, field=refused.field) from refused


def full_clean_refuse(
    record: models.Model, *, error: type[DomainError], validate_constraints: bool = True
) -> None:
    """The model's own validation (`full_clean`): the messages of the first field it refuses
    are `error` on that field (None: the record as a whole). The forms check first; this
    guards every other path (console, admin, import). `validate_constraints=False` where
    the fields' own checks already cover every check constraint: Django asks the database
    once per constraint, and the database refuses a breach at the insert anyway."""
    try:
        record.full_clean(validate_constraints=validate_constraints)
    except ValidationError as refused:
        field, messages = next(iter(refused.message_dict.items()))
        raise error(
            " ".join(messages), field=None if field == NON_FIELD_ERRORS else field
        ) from refused


# A clock a few minutes ahead of the server's (a phone, a desk PC) is no time in the future.
CLOCK_SKEW = dt.timedelta(minutes=5)


def recent_moment_refuse(
    at: dt.datetime,
    *,
    now: dt.datetime,
    max_age: dt.timedelta,
    field: str,
    future: str,
    too_old: str,
    error: type[DomainError],
) -> None:
    """A moment an officer types for something that already happened (a call, a message, a
    complaint that came in): not in the future, not older than `max_age` — a typo in the
    year would be stored and date everything after it wrongly. Refused as `error` on
    `field`."""
    if at > now + CLOCK_SKEW:
        raise error(future, code=field, field=field)
    if at < now - max_age:
        raise error(too_old, code=field, field=field)
