"""Issue 10's pages one at a time: the officers' inbox, the requester's list, the conversation
page and the knowledge-base search, timed inside a gunicorn worker as multiples of /healthz.

    benchmarks/online_pages.sh                 # gunicorn with production settings + this script
    .venv/bin/python benchmarks/online_pages.py prepare > benchmarks/results/online_prep.json
    .venv/bin/python benchmarks/online_pages.py measure --host 127.0.0.1:8200 --rounds 30 \\
        --prep benchmarks/results/online_prep.json     # against a running gunicorn
    .venv/bin/python benchmarks/online_pages.py report --log benchmarks/results/online_access.log \\
        --client benchmarks/results/online_client.json
    .venv/bin/python benchmarks/online_pages.py queries --prep benchmarks/results/online_prep.json
    .venv/bin/python benchmarks/online_pages.py explain      # EXPLAIN ANALYZE of the reads

Data of `generate_online.py`. The same way of measuring as `pages.py` (whose Browser and report
it uses): each request right after a GET /healthz, one at a time, named in `X-Bench-Page` so
gunicorn's access log holds each page's `%(D)s` (µs inside the worker); ratios to the median
/healthz of the same run. `prepare` prints the ids the pages need (the heavy requester, the
long conversations, an ordinary one, an office article) and the data's counts; `queries`
counts each page's SQL in process; `explain` prints EXPLAIN (ANALYZE, BUFFERS) of the inbox's
and the search's statements as the selectors build them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pages  # benchmarks/pages.py: Browser, report, django_setup
from pages import Browser, django_setup

OFFICE = "6571"
ACCOUNTS = {
    "officer": f"officer1.{OFFICE}@bench.pst",
    "supervisor": f"supervisor.{OFFICE}@bench.pst",
    "requester": "requester00001@bench.pst",  # asked 60 times and more
    "long_requester": "requester00002@bench.pst",  # owns the 50-message conversation
}


def prepare() -> dict:
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
        {"name": "inbox ?show=overdue", "path": "/consultations/?show=overdue",
         "persona": "officer"},
        {"name": "inbox ?show=mine", "path": "/consultations/?show=mine", "persona": "officer"},
        {"name": "inbox ?text=inflasi (open)", "path": f"/consultations/?{inflasi}",
         "persona": "officer"},
        {"name": "inbox ?show=all&text=inflasi", "path": f"/consultations/?show=all&{inflasi}",
         "persona": "officer"},
        {"name": "inbox ?show=all", "path": "/consultations/?show=all", "persona": "officer"},
        {"name": "inbox ?show=all&page=100", "path": "/consultations/?show=all&page=100",
         "persona": "officer"},
        {"name": "requester list /consultations/", "path": "/consultations/",
         "persona": "requester"},
        {"name": "conversation, 5 messages (officer)", "path": f"/consultations/{ordinary}/",
         "persona": "officer"},
        {"name": "conversation, 50 messages (officer)", "path": f"/consultations/{long50}/",
         "persona": "officer"},
        {"name": "conversation, 50 messages (requester)", "path": f"/consultations/{long50}/",
         "persona": "long_requester"},
        {"name": f"conversation, {n_max} messages (officer)",
         "path": f"/consultations/{long_max}/", "persona": "officer"},
        {"name": "kb /kb/ (latest)", "path": "/kb/"},
        {"name": "kb /kb/?q=inflasi", "path": "/kb/?q=inflasi"},
        {"name": "kb /kb/?q=inflsi (typo)", "path": "/kb/?q=inflsi"},
        {"name": "kb /kb/?q=jumlah+penduduk+kecamatan", "path": "/kb/?q=jumlah+penduduk+kecamatan"},
        {"name": "kb suggest ?q=penduduk", "path": "/kb/suggest/?q=penduduk", "headers": hx},
        {"name": "kb suggest ?q=inflsi", "path": "/kb/suggest/?q=inflsi", "headers": hx},
        {"name": "kb article /kb/[slug]/", "path": f"/kb/{prep['article']}/?office={OFFICE}"},
        {"name": "kb insights (supervisor)", "path": "/kb/insights/", "persona": "supervisor"},
    ]  # fmt: skip


def measure(args, prep: dict) -> None:
    import statistics  # noqa: F401 — keeps the import list like pages.py's
    import time

    host, port = args.host.rsplit(":", 1)
    browsers = {None: Browser(host, int(port))}
    for persona, email in prep["accounts"].items():
        browsers[persona] = Browser(host, int(port))
        browsers[persona].login(email)
    health = Browser(host, int(port))
    statuses: dict[str, Counter] = defaultdict(Counter)
    client: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = {}
    deadline = time.monotonic() + args.max_seconds
    todo = plan(prep)
    if args.only:
        todo = [p for p in todo if any(word in p["name"] for word in args.only)]
    for round_no in range(args.rounds):
        if time.monotonic() > deadline:
            print(f"stopped after {round_no} rounds: --max-seconds reached", file=sys.stderr)
            break
        for page in todo:
            h_status, _h, _c, h_elapsed = health.request("GET", "/healthz", page="healthz")
            statuses["healthz"][h_status] += 1
            client["healthz"].append(h_elapsed)
            status, _headers, content, elapsed = browsers[page.get("persona")].request(
                "GET", page["path"], headers=page.get("headers"), page=page["name"]
            )
            statuses[page["name"]][status] += 1
            client[page["name"]].append(elapsed)
            sizes[page["name"]] = len(content)
            if round_no == 0:
                print(f"{status} {len(content):>8} B  {page['name']}", file=sys.stderr)
    Path(args.client_out).write_text(
        json.dumps(
            {"statuses": {k: dict(v) for k, v in statuses.items()}, "client": client,
             "sizes": sizes}
        )
    )  # fmt: skip


LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def queries(prep: dict) -> None:
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pst.models import User

    clients: dict[str | None, Client] = {None: Client()}
    for persona, email in prep["accounts"].items():
        clients[persona] = Client()
        clients[persona].force_login(User.objects.get(email=email))
    print("| page | status | queries | slowest statement ms | most repeated statement (×) |")
    print("|---|---|--:|--:|---|")
    for page in plan(prep):
        client = clients[page.get("persona")]
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page.get("headers", {}).items()
        }
        client.get(page["path"], **headers)  # warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"], **headers)
        shapes = Counter(LITERAL.sub("?", q["sql"]) for q in captured.captured_queries)
        shape, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
        short = re.sub(r"\s+", " ", shape)[:90].replace("|", "\\|")
        slowest = max((float(q["time"]) for q in captured.captured_queries), default=0) * 1000
        print(
            f"| {page['name']} | {response.status_code} | {len(captured)} | {slowest:.1f} "
            f"| {repeats}× `{short}` |"
        )  # fmt: skip


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
    from consultations.knowledge.selectors import (
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

    from consultations import selectors
    from pst.models import Office, User

    office = Office.objects.get(code=OFFICE)
    officer = User.objects.get(email=ACCOUNTS["officer"])
    requester = User.objects.get(email=ACCOUNTS["requester"])
    now = timezone.now()
    cases = [
        ("inbox (default: open)", selectors.InboxFilter(), 1),
        ("inbox ?show=overdue", selectors.InboxFilter(show="overdue"), 1),
        ("inbox ?show=all", selectors.InboxFilter(show="all"), 1),
        ("inbox ?show=all&page=100", selectors.InboxFilter(show="all"), 100),
        ("inbox ?show=all&text=inflasi", selectors.InboxFilter(show="all", text="inflasi"), 1),
    ]
    for name, criteria, number in cases:
        rows = selectors.inbox(office, officer, criteria, now)
        explain_reads(
            name, lambda r=rows, n=number: list(Paginator(r, selectors.INBOX_PAGE_SIZE).page(n))
        )
    mine = selectors.requester_consultations(requester)
    explain_reads(
        "requester list", lambda: list(Paginator(mine, selectors.INBOX_PAGE_SIZE).page(1))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare")
    p = sub.add_parser("measure")
    p.add_argument("--host", default="127.0.0.1:8200")
    p.add_argument("--prep", required=True)
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--max-seconds", type=float, default=900, help="stop starting rounds after")
    p.add_argument("--client-out", default="benchmarks/results/online_client.json")
    p.add_argument("--only", nargs="*", help="pages whose name contains one of these words")
    p = sub.add_parser("report")
    p.add_argument("--log", required=True)
    p.add_argument("--client", help="measure's JSON (response sizes, client times)")
    p = sub.add_parser("queries")
    p.add_argument("--prep", required=True)
    sub.add_parser("explain")
    args = parser.parse_args()

    if args.command == "prepare":
        print(json.dumps(prepare(), indent=1))
    elif args.command == "measure":
        if not args.host.startswith("127.0.0.1:"):
            raise SystemExit("online_pages.py only sends traffic to 127.0.0.1")
        measure(args, json.loads(Path(args.prep).read_text()))
    elif args.command == "report":
        pages.report(args.log, args.client, None)
    elif args.command == "queries":
        queries(json.loads(Path(args.prep).read_text()))
    elif args.command == "explain":
        explain()
    return 0


if __name__ == "__main__":
    sys.exit(main())
