"""Issue 10's pages one at a time: the officers' inbox, the requester's list, the conversation
page and the knowledge-base search, timed inside a gunicorn worker as multiples of /healthz.

    benchmarks/online_pages.sh                 # gunicorn with production settings + this script
    .venv/bin/python benchmarks/online_pages.py prepare > benchmarks/results/online_prep.json
    .venv/bin/python benchmarks/online_pages.py measure --host 127.0.0.1:8200 --rounds 30 \\
        --prep benchmarks/results/online_prep.json \\
        --client-out benchmarks/results/online_client.json   # against a running gunicorn
    .venv/bin/python benchmarks/online_pages.py report --log benchmarks/results/online_access.log \\
        --prep benchmarks/results/online_prep.json --client benchmarks/results/online_client.json
    .venv/bin/python benchmarks/online_pages.py queries --prep benchmarks/results/online_prep.json
    .venv/bin/python benchmarks/online_pages.py explain      # EXPLAIN ANALYZE of the reads

Data of `generate_online.py`. `measure`, `report` and `queries` are pagebench's, as for
`pages.py`: each request right after a GET /healthz, one at a time, named in `X-Bench-Page` so
gunicorn's access log holds each page's `%(D)s` (µs inside the worker); ratios to the median
/healthz of the same run. `prepare` prints the ids the pages need (the heavy requester, the
long conversations, an ordinary one, an office article) and the data's counts; `queries`
counts each page's SQL in process; `explain` prints EXPLAIN (ANALYZE, BUFFERS) of the inbox's
and the search's statements as the selectors build them.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlencode

from benchenv import django_setup
from pagebench import Suite, main

OFFICE = "6571"
ACCOUNTS = {
    "officer": f"officer1.{OFFICE}@bench.pst",
    "supervisor": f"supervisor.{OFFICE}@bench.pst",
    "requester": "requester00001@bench.pst",  # asked 60 times and more
    "long_requester": "requester00002@bench.pst",  # owns the 50-message conversation
}


def prepare(args: argparse.Namespace) -> dict:
    django_setup()
    from django.db.models import Count
    from django.utils import timezone

    from consultations.knowledge.models import Article, SearchLog
    from consultations.models import (
        Attachment,
        Consultation,
        ConsultationEvent,
        ConsultationStatus,
        Message,
    )
    from consultations.selectors import OPEN_STATUSES
    from pst.models import Office, User

    S = ConsultationStatus
    office = Office.objects.get(code=OFFICE)
    officer = User.objects.get(email=ACCOUNTS["officer"])
    long_ones = list(
        Consultation.objects.filter(office=office, officer=officer, status=S.ACCEPTED)
        .annotate(n=Count("messages"))
        .filter(n__gte=50)
        .order_by("n")
        .values_list("pk", "n")
    )
    ordinary = (
        Consultation.objects.filter(office=office, status=S.CLOSED, pk__gt=1000)
        .annotate(n=Count("messages"))
        .filter(n=5)
        .order_by("pk")
        .values_list("pk", "n")
        .first()
    )
    article = Article.objects.filter(office=office, is_published=True).order_by("pk").last()
    requester = User.objects.get(email=ACCOUNTS["requester"])
    now = timezone.now()
    mine = Consultation.objects.filter(office=office, officer=officer)
    return {
        "office": OFFICE,
        "accounts": ACCOUNTS,
        "long": [{"pk": pk, "messages": n} for pk, n in long_ones],
        "ordinary": {"pk": ordinary[0], "messages": ordinary[1]},
        "article": article.slug,
        "counts": {
            "consultations": Consultation.objects.count(),
            "consultations_office": Consultation.objects.filter(office=office).count(),
            "open_office": Consultation.objects.filter(
                office=office, status__in=OPEN_STATUSES
            ).count(),
            "overdue_office": Consultation.objects.filter(
                office=office, status=S.ACCEPTED, due_at__lte=now
            ).count(),
            "officer_open": mine.filter(status__in=OPEN_STATUSES).count(),
            "requester_consultations": Consultation.objects.filter(requester=requester).count(),
            "events": ConsultationEvent.objects.count(),
            "messages": Message.objects.count(),
            "attachments": Attachment.objects.count(),
            "articles": Article.objects.count(),
            "articles_published_in_scope": Article.objects.published().in_scope(office).count(),
            "search_logs": SearchLog.objects.count(),
            "offices": Office.objects.count(),
            "users": User.objects.count(),
        },
    }


def plan(prep: dict) -> list[dict]:
    """name, persona (None: anonymous), path, headers."""
    long50, long_max = prep["long"][0]["pk"], prep["long"][-1]["pk"]
    n_max = prep["long"][-1]["messages"]
    ordinary = prep["ordinary"]["pk"]
    hx = {"HX-Request": "true"}
    inflasi = urlencode({"text": "inflasi"})
    return [
        {"name": "inbox (default: open)", "path": "/consultations/", "persona": "officer"},
        {
            "name": "inbox ?show=overdue",
            "path": "/consultations/?show=overdue",
            "persona": "officer",
        },
        {"name": "inbox ?show=mine", "path": "/consultations/?show=mine", "persona": "officer"},
        {
            "name": "inbox ?text=inflasi (open)",
            "path": f"/consultations/?{inflasi}",
            "persona": "officer",
        },
        {
            "name": "inbox ?show=all&text=inflasi",
            "path": f"/consultations/?show=all&{inflasi}",
            "persona": "officer",
        },
        {"name": "inbox ?show=all", "path": "/consultations/?show=all", "persona": "officer"},
        {
            "name": "inbox ?show=all&page=100",
            "path": "/consultations/?show=all&page=100",
            "persona": "officer",
        },
        {
            "name": "requester list /consultations/",
            "path": "/consultations/",
            "persona": "requester",
        },
        {
            "name": "conversation, 5 messages (officer)",
            "path": f"/consultations/{ordinary}/",
            "persona": "officer",
        },
        {
            "name": "conversation, 50 messages (officer)",
            "path": f"/consultations/{long50}/",
            "persona": "officer",
        },
        {
            "name": "conversation, 50 messages (requester)",
            "path": f"/consultations/{long50}/",
            "persona": "long_requester",
        },
        {
            "name": f"conversation, {n_max} messages (officer)",
            "path": f"/consultations/{long_max}/",
            "persona": "officer",
        },
        {"name": "kb /kb/ (latest)", "path": "/kb/"},
        {"name": "kb /kb/?q=inflasi", "path": "/kb/?q=inflasi"},
        {"name": "kb /kb/?q=inflsi (typo)", "path": "/kb/?q=inflsi"},
        {"name": "kb /kb/?q=jumlah+penduduk+kecamatan", "path": "/kb/?q=jumlah+penduduk+kecamatan"},
        {"name": "kb suggest ?q=penduduk", "path": "/kb/suggest/?q=penduduk", "headers": hx},
        {"name": "kb suggest ?q=inflsi", "path": "/kb/suggest/?q=inflsi", "headers": hx},
        {"name": "kb article /kb/[slug]/", "path": f"/kb/{prep['article']}/?office={OFFICE}"},
        {"name": "kb insights (supervisor)", "path": "/kb/insights/", "persona": "supervisor"},
    ]


def explain_sql(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of one statement as Django sent it (literals bound)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def explain_reads(name: str, read) -> None:
    """Run `read()` and explain every statement it sent (the paginator's COUNT, the page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        read()
    for n, query in enumerate(captured.captured_queries, start=1):
        print(f"## {name}: statement {n}\n{query['sql']}\n\n{explain_sql(query['sql'])}\n")


def search_variants(query: str, office):
    """The knowledge-base search as article_search builds it, and two proposed forms: (b) the
    rank on the stored vector (F("search_vector"): SearchRank("search_vector") wraps the
    column in to_tsvector(COALESCE(search_vector::text, '')), re-parsing every match's vector
    with the default configuration and losing the A/B weights), (c) (b) with a filter the GIN
    indexes can serve: `search_vector @@ q OR title %> query` (pg_trgm's word-similarity
    operator with pg_trgm.word_similarity_threshold = 0.4, the TITLE_SIMILARITY_MIN)."""
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
    from django.db.models import CharField, F, Q, Value

    from consultations.knowledge.models import Article
    from consultations.knowledge.search import (
        SEARCH_TEXT_CONFIG,
        TITLE_SIMILARITY_MIN,
        article_search,
    )

    # `title %> query` (django.contrib.postgres registers it when in INSTALLED_APPS).
    CharField.register_lookup(TrigramWordSimilar)
    text_query = SearchQuery(query, search_type="websearch", config=SEARCH_TEXT_CONFIG)
    scope = Article.objects.published().in_scope(office).select_related("office", "subject_area")
    similarity = TrigramWordSimilarity(Value(query), "title")
    stored_rank = SearchRank(F("search_vector"), text_query) + F("title_similarity")
    b = (
        scope.annotate(title_similarity=similarity)
        .filter(Q(search_vector=text_query) | Q(title_similarity__gte=TITLE_SIMILARITY_MIN))
        .annotate(rank=stored_rank)
        .order_by("-rank", "title", "pk")
    )
    c = (
        scope.filter(Q(search_vector=text_query) | Q(title__trigram_word_similar=query))
        .annotate(title_similarity=similarity)
        .annotate(rank=stored_rank)
        .order_by("-rank", "title", "pk")
    )
    return [
        ("(a) as the app searches", article_search(query=query, office=office)),
        ("(b) rank on F('search_vector')", b),
        ("(c) (b) + index-able filter", c),
    ]


def explain() -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of what the inbox, the requester's list and the search run,
    built by the selectors and paginated as the views do."""
    django_setup()
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from consultations import inbox, selectors
    from pst.models import Office, User

    office = Office.objects.get(code=OFFICE)
    officer = User.objects.get(email=ACCOUNTS["officer"])
    requester = User.objects.get(email=ACCOUNTS["requester"])
    now = timezone.now()
    cases = [
        ("inbox (default: open)", inbox.InboxFilter(), 1),
        ("inbox ?show=overdue", inbox.InboxFilter(show="overdue"), 1),
        ("inbox ?show=all", inbox.InboxFilter(show="all"), 1),
        ("inbox ?show=all&page=100", inbox.InboxFilter(show="all"), 100),
        ("inbox ?show=all&text=inflasi", inbox.InboxFilter(show="all", text="inflasi"), 1),
    ]
    for name, criteria, number in cases:
        explain_reads(
            name,
            lambda c=criteria, n=number: list(inbox.inbox_page(office, officer, c, str(n), now)),
        )
    mine = selectors.requester_consultations(requester)
    explain_reads(
        "requester list", lambda: list(Paginator(mine, selectors.INBOX_PAGE_SIZE).get_page(1))
    )
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = 0.4")
    summary = []
    for query in ("inflasi", "inflsi", "penduduk", "jumlah penduduk kecamatan"):
        for label, found in search_variants(query, office):
            hits = found.count()
            top = [a.title for a in found[:3]]
            with CaptureQueriesContext(connection) as captured:
                list(found[:10])
            # The median of five runs: the machine is shared, one run can be twice another.
            plans = [explain_sql(captured.captured_queries[0]["sql"]) for _ in range(5)]
            times = sorted(float(p.rsplit("Execution Time: ", 1)[-1].split()[0]) for p in plans)
            text = plans[0]
            summary.append(f"| {query} | {label} | {hits} | {times[2]:.1f} ms | {'; '.join(top)} |")
            print(f"## kb search {query!r} {label}: {hits} hits\n{text}\n")
    print("| query | form | hits | page 1 execution (median of 5) | first three titles |")
    print("|---|---|--:|--:|---|")
    print("\n".join(summary))


SUITE = Suite(
    name="online_pages",
    doc=__doc__,
    prepare=prepare,
    plan=plan,
    commands={"explain": explain},
)

if __name__ == "__main__":
    sys.exit(main(SUITE))
