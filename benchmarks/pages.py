"""Page by page: the time each page takes inside a gunicorn worker, as a multiple of /healthz.

    benchmarks/pages.sh                       # gunicorn with production settings + this script
    .venv/bin/python benchmarks/pages.py prepare --office 9001 > benchmarks/results/pages_prep.json
    .venv/bin/python benchmarks/pages.py measure --host 127.0.0.1:8200 --rounds 30 \\
        --prep benchmarks/results/pages_prep.json      # against a running gunicorn
    .venv/bin/python benchmarks/pages.py report --log benchmarks/results/pages_access.log \\
        --prep benchmarks/results/pages_prep.json --client benchmarks/results/pages_client.json
    .venv/bin/python benchmarks/pages.py queries --prep benchmarks/results/pages_prep.json \\
        [--profile WORDS]                              # in process: query counts, cProfile

`prepare` (in process, Django ORM on DATABASE_URL, data of `generate.py --records`) makes sure
the personas exist (the generator's officers of desk 1 and desk 3, plus a supervisor and an
administrator of the office and a superuser, all with the generator's password), issues a few
tickets of today so the desk console has a waiting list, and prints the ids the pages need
(a ticket token, a guestbook entry, a consultation's ticket, the desks, the services).

`measure` signs the personas in over HTTP (POST /accounts/login/ with the CSRF token, then
POST /desk/select/ for the officers) and requests every page ROUNDS times, each request right
after a GET /healthz, one request at a time. Every request carries `X-Bench-Page: <name>`, which
gunicorn writes in its access log (`pages.sh`'s --access-logformat) beside `%(D)s`, the
microseconds spent inside the worker; the table is read from that log, so it holds what the
server spent, not the client's connection set-up. Ratios are to /healthz's median of the same
run, so that a noisy machine moves both sides.

`queries` (in process, django.test.Client with force_login, same database) requests each page
once more and counts its SQL queries, and the most repeated statement shape (literals replaced
by ?) with how often it ran: a shape repeated once per row is an N+1.

Standard library only on the HTTP side (no `requests` in the project venv).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import re
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pst-officer"  # noqa: S105 — generate.py's password for bench accounts


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst.settings")
    os.environ.setdefault("PST_IGNORE_DOTENV", "1")
    os.environ.setdefault("SECRET_KEY", "benchmark-pages-prepare")
    import django

    django.setup()


# -- prepare ----------------------------------------------------------------------------------


def prepare(office_code: str, waiting: int, post_office: str) -> dict:
    django_setup()
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from consultations.models import Consultation
    from pst.models import Office, User
    from pst.permissions import Role
    from queueing import services
    from queueing.models import Desk, GuestbookEntry, Service, Ticket, TicketStatus
    from queueing.selectors import office_today

    office = Office.objects.get(code=office_code)
    officer = User.objects.get(email=f"desk1.{office.code}@bench.pst")
    password_hash = officer.password

    def account(email: str, role: Role | None, **extra) -> User:
        user, _ = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": email.split("@")[0],
                "office": office if role else None,
                "password": password_hash,
                "email_verified_at": office.created_at,
                **extra,
            },
        )
        if role:
            user.groups.set([Group.objects.get(name=role.value)])
        return user

    account(f"supervisor.{office.code}@bench.pst", Role.SUPERVISOR)
    account(f"admin.{office.code}@bench.pst", Role.ADMINISTRATOR, is_staff=True)
    account("superuser@bench.pst", None, is_staff=True, is_superuser=True)

    today = office_today(office)
    by_prefix = {s.prefix: s for s in Service.objects.filter(office=office)}
    have = Ticket.objects.filter(office=office, service_date=today).count()
    prefixes = ["K", "K", "P", "J", "R"]
    for n in range(have, waiting):
        services.ticket_issue(
            office=office, service=by_prefix[prefixes[n % 5]], client_request_id=uuid.uuid4()
        )
    ticket = (
        Ticket.objects.filter(office=office, service_date=today, status=TicketStatus.WAITING)
        .order_by("pk")
        .first()
    )
    entry = GuestbookEntry.objects.filter(office=office).order_by("-pk").first()
    consultation = Consultation.objects.filter(office=office).order_by("-pk").first()
    desks = {d.number: d.pk for d in Desk.objects.filter(office=office)}
    month_start = today.replace(day=1)
    yesterday = today - dt.timedelta(days=1)
    counts = {
        "tickets_today": Ticket.objects.filter(office=office, service_date=today).count(),
        "waiting_today": Ticket.objects.filter(
            office=office, service_date=today, status=TicketStatus.WAITING
        ).count(),
        "tickets_all_offices": Ticket.objects.count(),
        "tickets_office": Ticket.objects.filter(office=office).count(),
        "guestbook_month": GuestbookEntry.objects.filter(
            office=office, visit_date__range=(month_start, today)
        ).count(),
        "guestbook_yesterday": GuestbookEntry.objects.filter(
            office=office, visit_date=yesterday
        ).count(),
        "consultations_office": Consultation.objects.filter(office=office).count(),
        "offices": Office.objects.count(),
        "history_days": list(
            Ticket.objects.filter(office=office)
            .values("service_date")
            .annotate(n=Count("pk"))
            .order_by("service_date")
            .values_list("service_date", "n")
        ),
    }
    if entry is None or consultation is None:
        raise SystemExit("No guestbook entry or consultation: generate with --records.")
    post_services = Service.objects.filter(office__code=post_office).values_list("pk", flat=True)
    return {
        "office": office.code,
        "post_office": post_office,
        "today": today.isoformat(),
        "yesterday": yesterday.isoformat(),
        "month_start": month_start.isoformat(),
        "token": ticket.token,
        "guestbook_id": entry.pk,
        "consultation_ticket_id": consultation.ticket_id,
        "desks": desks,
        "post_services": list(post_services),
        "accounts": {
            "front_office": f"desk1.{office.code}@bench.pst",
            "consultation": f"desk3.{office.code}@bench.pst",
            "supervisor": f"supervisor.{office.code}@bench.pst",
            "administrator": f"admin.{office.code}@bench.pst",
            "superuser": "superuser@bench.pst",
        },
        "counts": {
            k: v if k != "history_days" else [[str(d), n] for d, n in v] for k, v in counts.items()
        },
    }


# -- the pages ---------------------------------------------------------------------------------


def pages(prep: dict) -> list[dict]:
    """name, persona (None: anonymous), method, path, extra headers. `etag_from` names the
    page whose ETag this request sends in If-None-Match (the 304 case)."""
    o, m, t = prep["office"], prep["month_start"], prep["today"]
    month = urlencode({"date_from": m, "date_to": t})
    day = urlencode({"date_from": prep["yesterday"], "date_to": prep["yesterday"]})
    hx = {"HX-Request": "true"}
    return [
        {"name": "home /", "path": "/"},
        {"name": "kiosk /kiosk/[o]/", "path": f"/kiosk/{o}/"},
        {"name": "phone /q/[o]/", "path": f"/q/{o}/", "persona": "phone_reader"},
        {"name": "status /t/[token]/", "path": f"/t/{prep['token']}/"},
        {"name": "status /t/[token]/ (htmx)", "path": f"/t/{prep['token']}/", "headers": hx},
        {"name": "board /display/[o]/", "path": f"/display/{o}/"},
        {"name": "board /display/[o]/ (htmx)", "path": f"/display/{o}/", "headers": hx},
        {
            "name": "board /display/[o]/ (htmx, 304)",
            "path": f"/display/{o}/",
            "headers": hx,
            "etag_from": "board /display/[o]/ (htmx)",
        },
        {"name": "console /desk/ (desk 1)", "path": "/desk/", "persona": "front_office"},
        {
            "name": "console /desk/ (desk 1, htmx)",
            "path": "/desk/",
            "persona": "front_office",
            "headers": hx,
        },
        {"name": "today /desk/today/", "path": "/desk/today/", "persona": "front_office"},
        {"name": "guestbook list (today)", "path": "/guestbook/", "persona": "front_office"},
        {
            "name": "guestbook list (month)",
            "path": f"/guestbook/?{month}",
            "persona": "front_office",
        },
        {
            "name": "guestbook entry /guestbook/[id]/",
            "path": f"/guestbook/{prep['guestbook_id']}/",
            "persona": "front_office",
        },
        {
            "name": "consultation record (saved)",
            "path": f"/consultations/walk-in/{prep['consultation_ticket_id']}/",
            "persona": "consultation",
        },
        {
            "name": "export .csv (month, supervisor)",
            "path": f"/guestbook/export.csv?{month}",
            "persona": "supervisor",
        },
        {
            "name": "export .csv (one day, supervisor)",
            "path": f"/guestbook/export.csv?{day}",
            "persona": "supervisor",
        },
        {
            "name": "export .xlsx (month, supervisor)",
            "path": f"/guestbook/export.xlsx?{month}",
            "persona": "supervisor",
        },
        {
            "name": "admin tickets (office admin)",
            "path": "/admin/queueing/ticket/",
            "persona": "administrator",
        },
        {
            "name": "admin tickets (superuser)",
            "path": "/admin/queueing/ticket/",
            "persona": "superuser",
        },
        {
            "name": "take a number POST /q/[o2]/",
            "path": f"/q/{prep['post_office']}/",
            "method": "POST",
            "persona": "phone_taker",
        },
    ]


# -- measure (HTTP, standard library) -----------------------------------------------------------


class FormInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


class Browser:
    """One visitor or officer: a cookie jar and one connection per request (gunicorn's sync
    workers close every connection anyway)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, headers=None, body=None, page="-"):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        sent = {"X-Bench-Page": page, "Accept-Language": "id"} | (headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                val = rest.split(";", 1)[0]
                if val in ('""', "") or "Max-Age=0" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        conn.close()
        return response.status, dict(response.getheaders()), content, elapsed

    def form(self, path: str) -> dict[str, str]:
        _status, _h, content, _e = self.request("GET", path, page="setup")
        parser = FormInputs()
        parser.feed(content.decode("utf-8", "replace"))
        return parser.values

    def login(self, email: str) -> None:
        token = self.form("/accounts/login/")["csrfmiddlewaretoken"]
        status, _h, _c, _e = self.request(
            "POST",
            "/accounts/login/",
            body={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
            page="setup",
        )
        if status != 302:
            raise SystemExit(f"sign-in of {email} failed: {status}")

    def choose_desk(self, desk_pk: int) -> None:
        token = self.cookies["csrftoken"]
        status, _h, _c, _e = self.request(
            "POST",
            "/desk/select/",
            body={"csrfmiddlewaretoken": token, "desk": desk_pk},
            page="setup",
        )
        if status != 302:
            raise SystemExit(f"desk choice failed: {status}")


def measure(args, prep: dict) -> None:
    host, port = args.host.rsplit(":", 1)
    port = int(port)
    browsers = {None: Browser(host, port)}
    for persona, email in prep["accounts"].items():
        browsers[persona] = Browser(host, port)
        browsers[persona].login(email)
    browsers["front_office"].choose_desk(prep["desks"]["1"])
    browsers["consultation"].choose_desk(prep["desks"]["3"])
    browsers["phone_reader"] = Browser(host, port)
    browsers["phone_taker"] = Browser(host, port)
    csrf_phone = browsers["phone_taker"].form(f"/q/{prep['post_office']}/")["csrfmiddlewaretoken"]
    services = prep["post_services"]

    plan = pages(prep)
    if args.only:
        plan = [p for p in plan if any(word in p["name"] for word in args.only)]
    etags: dict[str, str] = {}
    statuses: dict[str, Counter] = defaultdict(Counter)
    client: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = {}
    health = browsers[None]
    deadline = time.monotonic() + args.max_seconds
    for round_no in range(args.rounds):
        if time.monotonic() > deadline:
            print(f"stopped after {round_no} rounds: --max-seconds reached", file=sys.stderr)
            break
        for page in plan:
            name = page["name"]
            h_status, _h, _c, h_elapsed = health.request("GET", "/healthz", page="healthz")
            statuses["healthz"][h_status] += 1
            client["healthz"].append(h_elapsed)
            headers = dict(page.get("headers", {}))
            if page.get("etag_from") in etags:
                headers["If-None-Match"] = etags[page["etag_from"]]
            body = None
            if page.get("method") == "POST":
                body = {
                    "csrfmiddlewaretoken": csrf_phone,
                    "service": services[round_no % len(services)],
                    "priority": "",
                    "request_id": str(uuid.uuid4()),
                }
            browser = browsers[page.get("persona")]
            status, response_headers, content, elapsed = browser.request(
                page.get("method", "GET"), page["path"], headers=headers, body=body, page=name
            )
            if page.get("method") == "POST":  # a new phone each time: no kept ticket
                browser.cookies.pop("pst_phone_ticket", None)
            statuses[name][status] += 1
            client[name].append(elapsed)
            sizes[name] = len(content)
            if "ETag" in response_headers:
                etags[name] = response_headers["ETag"]
            if round_no == 0:
                print(f"{status} {len(content):>8} B  {name}", file=sys.stderr)
    Path(args.client_out).write_text(
        json.dumps(
            {
                "statuses": {k: dict(v) for k, v in statuses.items()},
                "client": client,
                "sizes": sizes,
            }
        )
    )


# -- report ------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]  # nearest rank


def report(log_path: str, client_path: str | None, prep: dict | None) -> None:
    """The table from gunicorn's access log (X-Bench-Page, status, %(D)s µs, bytes, method,
    path; tab-separated); response sizes and client times from `measure`'s JSON if given."""
    times: dict[str, list[int]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    order: list[str] = []
    for line in Path(log_path).read_text().splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or parts[0] in ("-", "setup"):
            continue
        name, status, micros = parts[0], parts[1], int(parts[2])
        if name not in order:
            order.append(name)
        times[name].append(micros)
        statuses[name][status] += 1
    seen = json.loads(Path(client_path).read_text()) if client_path else {}
    base = statistics.median(times["healthz"])
    names = order
    if prep:
        names = ["healthz"] + [n for n in (p["name"] for p in pages(prep)) if n in times]
    print(
        "| page | n | status | median ms | p90 ms | × /healthz | response KB | client median ms |"
    )
    print("|---|--:|---|--:|--:|--:|--:|--:|")
    for name in names:
        values = times[name]
        med, p90 = statistics.median(values), percentile(values, 0.9)
        status = ", ".join(
            f"{s}×{n}" if len(statuses[name]) > 1 else s for s, n in statuses[name].items()
        )
        size = seen.get("sizes", {}).get(name)
        client = seen.get("client", {}).get(name)
        print(
            f"| {name} | {len(values)} | {status} | {med / 1000:.1f} | {p90 / 1000:.1f} "
            f"| {med / base:.1f} | {'' if size is None else f'{size / 1024:.1f}'} "
            f"| {'' if not client else f'{statistics.median(client) * 1000:.1f}'} |"
        )
    print(
        f"\n/healthz median {base / 1000:.2f} ms inside the worker over "
        f"{len(times['healthz'])} requests (one before every page request)."
    )


# -- queries (in process) -----------------------------------------------------------------------

LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def queries(prep: dict, extra: list[tuple[str, str, str]], profile: list[str] | None) -> None:
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pst.models import User
    from queueing.desks import DESK_SESSION_KEY

    clients: dict[str | None, Client] = {None: Client(), "phone_reader": Client()}
    for persona, email in prep["accounts"].items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients[persona] = client
    for persona, desk in (("front_office", "1"), ("consultation", "3")):
        session = clients[persona].session
        session[DESK_SESSION_KEY] = prep["desks"][desk]
        session.save()
    plan = [p for p in pages(prep) if p.get("method") != "POST" and not p.get("etag_from")]
    plan += [{"name": n, "path": path, "persona": persona} for n, path, persona in extra]
    if profile:
        profile_pages(clients, [p for p in plan if any(w in p["name"] for w in profile)])
        return
    print("| page | status | queries | most repeated statement (×) |")
    print("|---|---|--:|---|")
    for page in plan:
        client = clients[page.get("persona")]
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page.get("headers", {}).items()
        }
        client.get(page["path"], **headers)  # warm: per-process caches, translations
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"], **headers)
            if hasattr(response, "streaming_content"):
                for _chunk in response.streaming_content:
                    pass
        shapes = Counter(LITERAL.sub("?", q["sql"]) for q in captured.captured_queries)
        shape, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
        short = re.sub(r"\s+", " ", shape)[:110].replace("|", "\\|")
        print(
            f"| {page['name']} | {response.status_code} | {len(captured)} | {repeats}× `{short}` |"
        )


def profile_pages(clients: dict, plan: list[dict]) -> None:
    """cProfile of one request to each page (in process): where its time goes."""
    import cProfile
    import io
    import pstats

    for page in plan:
        client = clients[page.get("persona")]
        client.get(page["path"])  # warm
        profiler = cProfile.Profile()
        profiler.enable()
        response = client.get(page["path"])
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
        print(f"## {page['name']} ({response.status_code})\n{text.getvalue()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--office", default="9001")
    p.add_argument("--waiting", type=int, default=40, help="tickets of today at the office")
    p.add_argument(
        "--post-office",
        default="9002",
        help="the office POST /q/ takes numbers at (another one, so that the pages measured "
        "at --office keep the same waiting list through the run)",
    )
    p = sub.add_parser("measure")
    p.add_argument("--host", default="127.0.0.1:8200")
    p.add_argument("--prep", required=True)
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--max-seconds", type=float, default=900, help="stop starting rounds after")
    p.add_argument("--client-out", default="benchmarks/results/pages_client.json")
    p.add_argument("--only", nargs="*", help="pages whose name contains one of these words")
    p = sub.add_parser("report")
    p.add_argument("--log", required=True)
    p.add_argument("--prep")
    p.add_argument("--client", help="measure's JSON (response sizes, client times)")
    p = sub.add_parser("queries")
    p.add_argument("--prep", required=True)
    p.add_argument("--profile", nargs="*", help="cProfile the pages whose name has these words")
    args = parser.parse_args()

    if args.command == "prepare":
        print(json.dumps(prepare(args.office, args.waiting, args.post_office), indent=1))
    elif args.command == "measure":
        if not args.host.startswith("127.0.0.1:"):
            raise SystemExit("pages.py only sends traffic to 127.0.0.1")
        measure(args, json.loads(Path(args.prep).read_text()))
    elif args.command == "report":
        report(
            args.log, args.client, json.loads(Path(args.prep).read_text()) if args.prep else None
        )
    elif args.command == "queries":
        prep = json.loads(Path(args.prep).read_text())
        y, t = prep["yesterday"], prep["today"]
        day = urlencode({"date_from": y, "date_to": y})
        extra = [
            ("guestbook list (one day)", f"/guestbook/?{day}", "front_office"),
            (
                "admin tickets, today only (office admin)",
                f"/admin/queueing/ticket/?service_date__gte={t}",
                "administrator",
            ),
        ]
        queries(prep, extra, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
