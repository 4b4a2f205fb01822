"""The table of a run: gunicorn's access log (the time inside the worker) as multiples of the
/healthz requests interleaved with the pages, with the client's view beside it."""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter, defaultdict
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]  # nearest rank


def report(log_path: str, client_path: str | None, plan: list[dict] | None) -> None:
    """The table from gunicorn's access log (X-Bench-Page, status, %(D)s µs, bytes, method,
    path; tab-separated), in the plan's order if given; response sizes and client times from
    `measure`'s JSON if given."""
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
    if plan:
        names = ["healthz"] + [p["name"] for p in plan if p["name"] in times]
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
