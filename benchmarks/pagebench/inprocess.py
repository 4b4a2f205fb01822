"""In process (django.test.Client with force_login, same database and settings): each page's
query count, its slowest statement and its most repeated statement shape (literals replaced by
?: a shape repeated once per row is an N+1), or a cProfile of the pages named."""

from __future__ import annotations

import re
from collections import Counter

from benchenv import django_setup

LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def signed_in_clients(prep: dict, plan: list[dict]) -> dict:
    django_setup()
    from django.test import Client

    from pst.models import User
    from queueing.desks import DESK_SESSION_KEY

    clients: dict[str | None, Client] = {None: Client()}
    for persona, email in prep["accounts"].items():
        clients[persona] = Client()
        clients[persona].force_login(User.objects.get(email=email))
    for persona, desk in prep.get("desks", {}).items():
        session = clients[persona].session
        session[DESK_SESSION_KEY] = desk
        session.save()
    for page in plan:
        clients.setdefault(page.get("persona"), Client())
    return clients


def get(client, page: dict):
    """GET the page as measure does (its headers), reading a streamed body to the end."""
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page.get("headers", {}).items()}
    response = client.get(page["path"], **headers)
    if hasattr(response, "streaming_content"):
        for _chunk in response.streaming_content:
            pass
    return response


def post(client, page: dict):
    """POST the page's form (each field's first value) to its `query_path`, an address kept
    for this one request (the POST may work only once there)."""
    form = {
        key: value[0] if isinstance(value, list) else value
        for key, value in page.get("form", {}).items()
    }
    return client.post(page["query_path"], form)


def warm(client, page: dict) -> None:
    """The page once before it is counted or profiled (per-process caches, translations); for
    a POST, a GET of its address (the same view, nothing spent)."""
    if page.get("method") == "POST":
        client.get(page["query_path"])
    else:
        get(client, page)


def send(client, page: dict):
    return post(client, page) if page.get("method") == "POST" else get(client, page)


def countable(page: dict) -> bool:
    if page.get("method", "GET") == "POST":
        return "query_path" in page
    return not page.get("etag_from")


def queries(prep: dict, plan: list[dict], profile: list[str] | None) -> None:
    # Once per page, so no 304 (the same GET as the page it takes its ETag from) and a POST
    # only to an address kept for it (`query_path`).
    plan = [p for p in plan if countable(p)]
    clients = signed_in_clients(prep, plan)
    if profile:
        profile_pages(clients, [p for p in plan if any(w in p["name"] for w in profile)])
        return
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print("| page | status | queries | slowest statement ms | most repeated statement (×) |")
    print("|---|---|--:|--:|---|")
    for page in plan:
        client = clients[page.get("persona")]
        warm(client, page)
        with CaptureQueriesContext(connection) as captured:
            response = send(client, page)
        shapes = Counter(LITERAL.sub("?", q["sql"]) for q in captured.captured_queries)
        shape, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
        short = re.sub(r"\s+", " ", shape)[:100].replace("|", "\\|")
        slowest = max((float(q["time"]) for q in captured.captured_queries), default=0) * 1000
        print(
            f"| {page['name']} | {response.status_code} | {len(captured)} | {slowest:.1f} "
            f"| {repeats}× `{short}` |"
        )


def profile_pages(clients: dict, plan: list[dict]) -> None:
    """cProfile of one request to each page (in process): where its time goes."""
    import cProfile
    import io
    import pstats

    for page in plan:
        client = clients[page.get("persona")]
        warm(client, page)
        profiler = cProfile.Profile()
        profiler.enable()
        response = send(client, page)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
        print(f"## {page['name']} ({response.status_code})\n{text.getvalue()}")
