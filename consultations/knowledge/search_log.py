"""The knowledge base's search log and the text a search box sends: normalised (invisible
characters dropped, identity numbers masked, its beginning when long), logged once per search,
marked when a result is opened or a consultation follows it; and how much of a question
typed there travels on in an address."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.knowledge.models import QUERY_MAX_LENGTH, Article, SearchLog
from pst.models import Office, User
from pst.personal_data import (
    contains_identity_number,
    redact_identity_numbers,
)

if TYPE_CHECKING:
    from consultations.models import Consultation


# What is read of a long text before it is cut to QUERY_MAX_LENGTH: enough that an identity
# number that starts before the cut is still whole when it is masked.
_QUERY_READ_LENGTH = QUERY_MAX_LENGTH + 100


def _visible_query(text: str) -> str:
    """`text` without invisible characters, its spaces collapsed and identity numbers masked,
    read up to _QUERY_READ_LENGTH characters."""
    visible = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in (text or "")[: _QUERY_READ_LENGTH * 2]
    )
    return redact_identity_numbers(" ".join(visible.split())[:_QUERY_READ_LENGTH])


def search_query_normalize(text: str) -> str:
    """A query as it is searched and logged: invisible characters dropped, spaces collapsed,
    identity numbers masked ("…"), at most QUERY_MAX_LENGTH characters. The one rule for a
    longer text (a whole question typed in a search box, trial N4): its beginning, cut at the
    end of a word; `search_query_shortened` tells when that happened."""
    query = _visible_query(text)
    if len(query) <= QUERY_MAX_LENGTH:
        return query
    cut = query[: QUERY_MAX_LENGTH + 1]
    # Whole words only, unless one word fills the limit.
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut)[:QUERY_MAX_LENGTH].rstrip()


# The most of a question typed in a search box that travels on in an address (the "none of
# these answers" step, the knowledge base's "ask" link, the suggestions while typing): the
# deployment's request line is 4 KB (gunicorn; nginx 8 KB), and a longer one is refused
# before the portal sees it, the typing lost (review of trial N4's fix). The question's
# own box on the next step takes its whole length.
QUESTION_IN_ADDRESS_MAX = 1500


def question_in_address(text: str) -> str:
    """The text of a search box as it is carried to the question's form: identity numbers
    masked over the whole text first (a number across the cut is not left half-shown), then
    at most QUESTION_IN_ADDRESS_MAX characters, cut at the end of a word."""
    masked = redact_identity_numbers(text or "").strip()
    if len(masked) <= QUESTION_IN_ADDRESS_MAX:
        return masked
    cut = masked[: QUESTION_IN_ADDRESS_MAX + 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut)[:QUESTION_IN_ADDRESS_MAX].rstrip()


def search_query_shortened(text: str) -> bool:
    """Whether `search_query_normalize` searches only the beginning of `text`."""
    return len(_visible_query(text)) > QUERY_MAX_LENGTH


@transaction.atomic
def search_log_record(
    *, office: Office | None, query: str, result_count: int, user: User | None
) -> SearchLog:
    """Log one search. The query is normalised again here (lower case, identity numbers
    masked), so that no caller can store a number a person typed."""
    query = search_query_normalize(query).lower()
    if contains_identity_number(query):  # a belt over the braces: never store one
        query = ""
    elif "\ufffd" in query or not any(ch.isalpha() for ch in query):
        # Bytes that were not text, or no word at all ("0", "../"): counted as a search, but
        # not listed among what people look for (product trial F: a scanner filled it).
        query = ""
    return SearchLog.objects.create(
        office=office,
        query=query,
        result_count=result_count,
        user=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def search_log_mark_opened(
    *, log_id: int, article: Article, now: dt.datetime | None = None
) -> bool:
    """The first article opened from a search's results; later openings keep the first."""
    updated = SearchLog.objects.filter(pk=log_id, article_opened__isnull=True).update(
        article_opened=article, opened_at=now or timezone.now()
    )
    return bool(updated)


@transaction.atomic
def search_log_mark_consultation(*, log_id: int, consultation: Consultation) -> bool:
    """The consultation opened after this search (set by the consultation form that carried
    the search's token): what the knowledge base did not answer. A search made before an
    office was chosen counts for the office asked, so its insights page shows it."""
    updated = SearchLog.objects.filter(pk=log_id, consultation_followed__isnull=True).update(
        consultation_followed_id=consultation.pk,
        office_id=Coalesce(F("office_id"), Value(consultation.office_id)),
    )
    return bool(updated)


# The token a result link carries: the log's id, signed, so that nobody marks another
# person's search by changing a number in an address.
_LOG_SIGNING_SALT = "consultations.knowledge.search-log"


def search_log_token(log_id: int) -> str:
    return signing.dumps(log_id, salt=_LOG_SIGNING_SALT, compress=False)


def search_log_id_from_token(token: str | None) -> int | None:
    if not token or len(token) > 100:
        return None
    try:
        value = signing.loads(token, salt=_LOG_SIGNING_SALT, max_age=dt.timedelta(days=1))
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
