"""The page-by-page runner that `pages.py` and `online_pages.py` share (`pagebench/run.sh`
drives it through gunicorn): `prepare`, `measure`, `report`, `queries` and a suite's own
subcommands.

A suite module calls `main(Suite(...))` with how to `prepare` (in process, Django ORM: the ids
the pages need and the data's counts, printed as JSON; `accounts`, persona → email, and
`desks`, persona → desk pk, are the personas signed in) and the `plan`, one dict a page:
`name`, `path`, and optionally `persona` (a key of `accounts`, or any other word for an
anonymous browser of its own; none: the shared anonymous one), `headers`, `etag_from` (the page
whose ETag this request sends in If-None-Match: the 304 case), and for a POST `method`,
`form_from` (the page whose form gives the CSRF token), `form` (field → value, or a list taken
in turn, one a round) and `forget_cookie` (dropped after each POST). A `path` may be a list,
taken in turn, one a round (a POST that works once per address, such as a rating link).

`measure` requests every page ROUNDS times, each right after a GET /healthz, one request at a
time, with `X-Bench-Page: <name>`, which gunicorn writes in its access log beside `%(D)s` (the
microseconds inside the worker); `report` reads the table from that log, ratios to /healthz's
median of the same run, so that a noisy machine moves both sides. `queries` counts each page's
SQL in process (`--profile WORDS`: a cProfile of the pages named); a POST is counted only when
its page gives `query_path`, an address of its own for that one request (after a GET of it, to
warm), with the form's first values.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Suite:
    name: str  # the script, in messages and default file names
    doc: str
    prepare: Callable[[argparse.Namespace], dict]
    plan: Callable[[dict], list[dict]]
    prepare_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    # Pages only `queries` counts (in process): a filter the HTTP plan leaves out.
    query_extra: Callable[[dict], list[dict]] = lambda prep: []
    # The suite's own subcommands, without arguments (e.g. `explain`).
    commands: dict[str, Callable[[], None]] = field(default_factory=dict)


def busy_month_exports(report: str, what: str, month: str, *, persona: str) -> list[dict]:
    """The plan's rows of a report's export `what` of the busy month `month` (CSV, then XLSX),
    named as every suite names them: `export WHAT.csv ?month=busy`."""
    return [
        {
            "name": f"export {what}.{fmt} ?month=busy",
            "path": f"{report}{what}.{fmt}?month={month}",
            "persona": persona,
        }
        for fmt in ("csv", "xlsx")
    ]


def main(suite: Suite) -> int:
    parser = argparse.ArgumentParser(description=suite.doc.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    suite.prepare_arguments(sub.add_parser("prepare"))
    p = sub.add_parser("measure")
    p.add_argument("--host", default="127.0.0.1:8200")
    p.add_argument("--prep", required=True)
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--max-seconds", type=float, default=900, help="stop starting rounds after")
    p.add_argument("--client-out", default=f"benchmarks/results/{suite.name}_client.json")
    p.add_argument("--only", nargs="*", help="pages whose name contains one of these words")
    p = sub.add_parser("report")
    p.add_argument("--log", required=True)
    p.add_argument("--prep", help="prepare's JSON: the rows in the plan's order")
    p.add_argument("--client", help="measure's JSON (response sizes, client times)")
    p = sub.add_parser("queries")
    p.add_argument("--prep", required=True)
    p.add_argument("--profile", nargs="*", help="cProfile the pages whose name has these words")
    for name in suite.commands:
        sub.add_parser(name)
    args = parser.parse_args()

    prep = json.loads(Path(args.prep).read_text()) if getattr(args, "prep", None) else None
    if args.command == "prepare":
        print(json.dumps(suite.prepare(args), indent=1))
    elif args.command == "measure":
        from pagebench.browser import measure

        if not args.host.startswith("127.0.0.1:"):
            raise SystemExit(f"{suite.name}.py only sends traffic to 127.0.0.1")
        measure(args, suite.plan(prep), prep)
    elif args.command == "report":
        from pagebench.tables import report

        report(args.log, args.client, suite.plan(prep) if prep else None)
    elif args.command == "queries":
        from pagebench.inprocess import queries

        queries(prep, suite.plan(prep) + suite.query_extra(prep), args.profile)
    else:
        suite.commands[args.command]()
    return 0
