"""Reads of the knowledge base: the office a page shows, search (PostgreSQL full text and
trigrams, or a plain fallback on SQLite), one article, drafts, and the insights page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.knowledge.models import Article, SearchLog
from consultations.selectors import is_consultation_staff
from pst.models import Office, User
from pst.selectors import get_office_by_code, office_for_home


def article_may_write(*, user: User, office: Office | None) -> bool:
    """May `user` write and edit articles of `office` (None: national articles)?"""
    if office is None:
        return bool(user.is_authenticated and user.is_active and user.is_superuser)
    return is_consultation_staff(user, office)


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


def published_articles(office: Office | None) -> QuerySet[Article]:
    return Article.objects.published().in_scope(office).select_related("office", "subject_area")


def articles_latest(*, office: Office | None) -> QuerySet[Article]:
    """What /kb/ lists before anything is typed: the most recently updated first."""
    return published_articles(office).order_by("-updated_at", "pk")


POPULAR_DAYS = 90


def articles_popular(*, office: Office | None, limit: int = 5) -> list[Article]:
    """The articles opened most often from searches of the last POPULAR_DAYS days, then
    the latest: what a too general query is offered instead of the whole base. One query."""
    since = timezone.now() - dt.timedelta(days=POPULAR_DAYS)
    opened = (
        SearchLog.objects.filter(article_opened=OuterRef("pk"), searched_at__gte=since)
        .order_by()
        .values("article_opened")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        published_articles(office)
        .annotate(opened=Coalesce(Subquery(opened, output_field=IntegerField()), Value(0)))
        .order_by("-opened", "-updated_at", "pk")[:limit]
    )


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
        published_articles(office)
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
    *, office: Office | None, days: int, now: dt.datetime | None = None, limit: int = 20
) -> Insights:
    """The office's searches of the last `days` days (counted from midnight, office time):
    the totals, the queries that found nothing and those a consultation followed, the most
    frequent first. Four queries whatever the volume. `office` None: the searches made
    without an office (several offices and none chosen), in the installation's time zone."""
    now = now or timezone.now()
    zone = office.zoneinfo if office is not None else timezone.get_default_timezone()
    local_today = now.astimezone(zone).date()
    first_day = local_today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)
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
    body = _without_requester(body, requester)
    return {
        "title": " ".join(question.split())[:200],
        "subject_area": consultation.subject_area_id,
        "body": body,
        # The addresses the answer gives are what the article's links field is for (trial
        # N5: they stayed in the text only); the officer keeps, edits or removes them.
        "links": "\n".join(_web_addresses(consultation.links + "\n" + body)),
    }


# An http(s) address in running text or Markdown; what closes a sentence, a bracket or a
# Markdown link after it is not part of it.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
_ADDRESS_TAIL = ".,;:!?*_"


def _web_addresses(text: str) -> list[str]:
    """The http(s) addresses in `text`, each once, in order of appearance."""
    found: dict[str, None] = {}
    for match in _WEB_ADDRESS.finditer(text):
        address = match.group(0).rstrip(_ADDRESS_TAIL)
        if len(address) > len("https://"):
            found.setdefault(address)
    return list(found)


def article_made_from(consultation) -> Article | None:
    """The article made from `consultation` ("Turn into an article"), if any."""
    return Article.objects.filter(source_consultation=consultation).select_related("office").first()
