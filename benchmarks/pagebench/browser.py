"""The HTTP side of a run (standard library only: the project venv has no `requests`):
personas signed in, every page of the plan requested ROUNDS times, each right after a
GET /healthz, one request at a time, named in `X-Bench-Page` for gunicorn's access log."""

from __future__ import annotations

import http.client
import json
import sys
import time
import uuid
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from benchenv import PASSWORD


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

    def post_setup(self, path: str, body: dict, token: str) -> None:
        """A sign-in or a desk choice: refused unless it redirects."""
        body = {"csrfmiddlewaretoken": token} | body
        status, _h, _c, _e = self.request("POST", path, body=body, page="setup")
        if status != 302:
            raise SystemExit(f"POST {path} failed: {status}")

    def login(self, email: str) -> None:
        token = self.form("/accounts/login/")["csrfmiddlewaretoken"]
        self.post_setup("/accounts/login/", {"username": email, "password": PASSWORD}, token)

    def choose_desk(self, desk_pk: int) -> None:
        self.post_setup("/desk/select/", {"desk": desk_pk}, self.cookies["csrftoken"])


def selected(plan: list[dict], only: list[str] | None) -> list[dict]:
    """The pages whose name contains one of `only`'s words (all without it)."""
    return [p for p in plan if not only or any(word in p["name"] for word in only)]


def sign_in(prep: dict, plan: list[dict], host: str, port: int) -> dict[str | None, Browser]:
    """A browser a persona: the accounts signed in, the desks chosen, the others anonymous."""
    browsers: dict[str | None, Browser] = {None: Browser(host, port)}
    for persona, email in prep["accounts"].items():
        browsers[persona] = Browser(host, port)
        browsers[persona].login(email)
    for persona, desk in prep.get("desks", {}).items():
        browsers[persona].choose_desk(desk)
    for page in plan:
        browsers.setdefault(page.get("persona"), Browser(host, port))
    return browsers


def form_body(page: dict, tokens: dict[str, str], round_no: int) -> dict | None:
    if page.get("method") != "POST":
        return None
    body = {"csrfmiddlewaretoken": tokens[page["name"]], "request_id": str(uuid.uuid4())}
    for key, value in page.get("form", {}).items():
        body[key] = value[round_no % len(value)] if isinstance(value, list) else value
    return body


def measure(args, plan: list[dict], prep: dict) -> None:
    host, port = args.host.rsplit(":", 1)
    plan = selected(plan, args.only)
    browsers = sign_in(prep, plan, host, int(port))
    tokens = {
        p["name"]: browsers[p.get("persona")].form(p["form_from"])["csrfmiddlewaretoken"]
        for p in plan
        if p.get("method") == "POST"
    }
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
            browser = browsers[page.get("persona")]
            path = page["path"]
            if isinstance(path, list):  # one a round: e.g. a link that works once
                path = path[round_no % len(path)]
            status, response_headers, content, elapsed = browser.request(
                page.get("method", "GET"),
                path,
                headers=headers,
                body=form_body(page, tokens, round_no),
                page=name,
            )
            if "forget_cookie" in page:  # e.g. a new phone each time: no kept ticket
                browser.cookies.pop(page["forget_cookie"], None)
            statuses[name][status] += 1
            client[name].append(elapsed)
            sizes[name] = len(content)
            if "ETag" in response_headers:
                etags[name] = response_headers["ETag"]
            if round_no == 0:
                print(f"{status} {len(content):>8} B  {name}", file=sys.stderr)
    seen = {"statuses": {k: dict(v) for k, v in statuses.items()}, "client": client}
    Path(args.client_out).write_text(json.dumps(seen | {"sizes": sizes}))
