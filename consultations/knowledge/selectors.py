"""Reads of the knowledge base: the office a page shows, search (PostgreSQL full text and
trigrams, or a plain fallback on SQLite), one article, drafts, and the insights page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.knowledge.models import Article, SearchLog
from consultations.selectors import is_consultation_staff
from pst.models import Office, User
from pst.selectors import get_office_by_code, office_for_home

SEARCH_TEXT_CONFIG = "indonesian"  # PostgreSQL's text search configuration (snowball stemmer)


def article_may_write(*, user: User, office: Office | None) -> bool:
    """May `user` write and edit articles of `office` (None: national articles)?"""
    if office is None:
        return bool(user.is_authenticated and user.is_active and user.is_superuser)
    return is_consultation_staff(user, office)


# A title whose best-matching stretch shares this much of the query's trigrams is a hit,
# whatever the full-text search says ("inflsi" → "Inflasi …" scores about 0.57).
TITLE_SIMILARITY_MIN = 0.4
# On SQLite, the words of the query that count (the rest would only slow the LIKEs down).
FALLBACK_MAX_WORDS = 8


def office_for_kb(*, code: str | None, user: User) -> Office | None:
    """The office whose articles a page shows besides the national ones: the one named in
    the address (?office=6571), else a staff member's own, else the one the home page shows
    (DEFAULT_OFFICE when set, else the only office); None: national articles only."""
    if code:
        return get_office_by_code(code[:10])
    if getattr(user, "office_id", None):
        return user.office
    return office_for_home(with_page_details=False)


def offices_to_choose(*, besides: Office | None) -> list[Office]:
    """The active offices a knowledge-base reader may choose besides the one shown by
    default; none when the installation has one office."""
    offices = list(Office.objects.active().order_by("code").only("pk", "code", "name"))
    if len(offices) < 2:
        return []
    return [office for office in offices if besides is None or office.pk != besides.pk]


def _published(office: Office | None) -> QuerySet[Article]:
    return Article.objects.published().in_scope(office).select_related("office", "subject_area")


def article_search(*, query: str, office: Office | None) -> QuerySet[Article]:
    """Published articles of the scope that answer `query`, the most relevant first."""
    if connection.vendor == "postgresql":
        return _search_postgresql(query, office)
    return _search_fallback(query, office)


def _search_postgresql(query: str, office: Office | None) -> QuerySet[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

    # websearch syntax accepts anything a person types ("quotes", -minus, or) without error.
    text_query = SearchQuery(query, search_type="websearch", config=SEARCH_TEXT_CONFIG)
    return (
        _published(office)
        .annotate(title_similarity=TrigramWordSimilarity(Value(query), "title"))
        .filter(Q(search_vector=text_query) | Q(title_similarity__gte=TITLE_SIMILARITY_MIN))
        # A title hit weighs more in both terms: weight A in the vector, and the trigrams.
        # F(): the stored vector as it is. A bare field name would make Django wrap it in
        # to_tsvector() again, re-parsing it in the default configuration and losing the
        # title's weight (measured in benchmarks/README.md).
        .annotate(rank=SearchRank(F("search_vector"), text_query) + F("title_similarity"))
        .order_by("-rank", "title", "pk")
    )


def _query_words(query: str) -> list[str]:
    words = [word for word in query.split() if len(word) >= 2]
    return list(dict.fromkeys(word.lower() for word in words))[:FALLBACK_MAX_WORDS]


def _search_fallback(query: str, office: Office | None) -> QuerySet[Article]:
    """SQLite: articles holding any word of the query; a word in the title counts three
    times a word in the text."""
    words = _query_words(query)
    if not words:
        return Article.objects.none()
    any_word = Q()
    score = Value(0)
    for word in words:
        any_word |= Q(title__icontains=word) | Q(body__icontains=word)
        score = score + Case(
            When(title__icontains=word, then=Value(3)),
            When(body__icontains=word, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return _published(office).filter(any_word).annotate(rank=score).order_by("-rank", "title", "pk")


def articles_latest(*, office: Office | None) -> QuerySet[Article]:
    """What /kb/ lists before anything is typed: the most recently updated first."""
    return _published(office).order_by("-updated_at", "pk")


def get_article_for_user(user: User, slug: str, *, office: Office | None) -> Article:
    """The article at `slug` `user` may read in the scope of `office`; 404 when there is
    none, or when several offices have one there and none is named (editing or publishing
    one of them unasked: review R2)."""
    found = articles_at_for_user(user, slug, office=office)
    if len(found) > 1:
        raise Http404(_("No such article."))
    return found[0]


def articles_at_for_user(user: User, slug: str, *, office: Office | None) -> list[Article]:
    """The articles at `slug` `user` may read in the scope of `office` (national and that
    office's), the one to show first; 404 when there is none. An office's article wins over
    a national one at the same address (the services keep the two apart; this is the rule
    should old data hold both). With no office chosen (None) a national article wins, and
    several offices' articles at one address are all returned for the reader to choose (an
    address shared while the installation had one office stays valid)."""
    candidates = (
        Article.objects.in_scope(office)
        .filter(slug=slug[:120])
        .select_related("office", "subject_area", "updated_by")
        .order_by(
            F("office_id").asc(nulls_first=True)
            if office is None
            else F("office_id").asc(nulls_last=True),
            "office__code",
        )
    )
    readable = [
        article
        for article in candidates
        if article.is_published or article_may_write(user=user, office=article.office)
    ]
    if not readable:
        raise Http404(_("No such article."))
    if office is not None or readable[0].office_id is None:
        return readable[:1]
    return readable


def articles_related(*, article: Article, office: Office | None, limit: int = 5) -> list[Article]:
    return list(
        _published(office)
        .filter(subject_area_id=article.subject_area_id)
        .exclude(pk=article.pk)
        .order_by("-updated_at", "pk")[:limit]
    )


def article_drafts(*, user: User, office: Office | None) -> QuerySet[Article]:
    """Unpublished articles the user may edit: their office's, and national ones for a
    superuser."""
    scope = Q(office=office) if office is not None else Q(pk__in=[])
    if user.is_superuser:
        scope |= Q(office__isnull=True)
    return (
        Article.objects.filter(scope, is_published=False)
        .select_related("office", "subject_area", "updated_by")
        .order_by("-updated_at", "pk")
    )


# -- insights: what people look for and do not find -----------------------------------------


@dataclass(frozen=True)
class Insights:
    start: dt.datetime
    end: dt.datetime
    searches: int
    without_result: int
    opened: int
    followed_by_consultation: int
    top_without_result: list[dict]
    top_followed_by_consultation: list[dict]


def search_insights(
    *, office: Office, days: int, now: dt.datetime | None = None, limit: int = 20
) -> Insights:
    """The office's searches of the last `days` days (counted from midnight, office time):
    the totals, the queries that found nothing and those a consultation followed, the most
    frequent first. Four queries whatever the volume."""
    now = now or timezone.now()
    local_today = now.astimezone(office.zoneinfo).date()
    first_day = local_today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=office.zoneinfo)
    logs = SearchLog.objects.filter(office=office, searched_at__gte=start, searched_at__lte=now)
    totals = logs.aggregate(
        searches=Count("pk"),
        without_result=Count("pk", filter=Q(result_count=0)),
        opened=Count("pk", filter=Q(article_opened__isnull=False)),
        followed=Count("pk", filter=Q(consultation_followed__isnull=False)),
    )

    def top(queryset: QuerySet[SearchLog]) -> list[dict]:
        return list(
            queryset.exclude(query="")
            .values("query")
            .annotate(times=Count("pk"), last=Max("searched_at"))
            .order_by("-times", "-last", "query")[:limit]
        )

    return Insights(
        start=start,
        end=now,
        searches=totals["searches"],
        without_result=totals["without_result"],
        opened=totals["opened"],
        followed_by_consultation=totals["followed"],
        top_without_result=top(logs.filter(result_count=0)),
        top_followed_by_consultation=top(logs.filter(consultation_followed__isnull=False)),
    )


# Name words shorter than this stay in a draft: "Ali" or "Dwi" would blank ordinary words.
NAME_WORD_MIN_LENGTH = 4


def _without_requester(text: str, requester: User | None) -> str:
    """`text` with the requester's address, full name and each longer word of the name
    masked ("…"): an officer greets them by name, a requester introduces themself."""
    if requester is None:
        return text
    words = [requester.email, requester.full_name]
    words += [w for w in (requester.full_name or "").split() if len(w) >= NAME_WORD_MIN_LENGTH]
    for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "…", text, flags=re.IGNORECASE)
    return text


def article_draft_from_consultation(consultation) -> dict | None:
    """A new article's text from an answered consultation: its question and the office's
    public answers (what it wrote once the request was accepted, not its clarification
    questions), nothing of the requester (no name, no address) and never an internal note.
    None before there is an answer. The officer edits it before saving."""
    from consultations.models import ConsultationStatus, MessageKind

    if consultation.status not in (ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED):
        return None
    messages = consultation.messages.filter(kind=MessageKind.PUBLIC, from_staff=True)
    if consultation.accepted_at is not None:
        messages = messages.filter(created_at__gte=consultation.accepted_at)
    answers = [message.body for message in messages]
    if consultation.answer:  # a walk-in record keeps its answer on the consultation
        answers.insert(0, consultation.answer)
    requester = consultation.requester
    question = _without_requester(consultation.question.strip(), requester)
    body = "\n\n".join(["## " + _("Question"), question, "## " + _("Answer"), *answers])
    return {
        "title": " ".join(question.split())[:200],
        "subject_area": consultation.subject_area_id,
        "body": _without_requester(body, requester),
        "links": consultation.links,
    }
