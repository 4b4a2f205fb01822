"""Print a run's results as the Markdown tables of benchmarks/README.md.

    python benchmarks/summarize.py benchmarks/results/kiosks

Client side: locust's `<prefix>_stats.csv` (times from the load generator, connection set-up
included; locust rounds percentiles above 100 ms to two significant digits). Server side:
gunicorn's `<prefix>_access.log` (the time gunicorn spent on each request, without the wait
for a free worker). Times are milliseconds. Standard library only.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

PATHS = [
    (re.compile(r"^/kiosk/\d+/ticket/[^/]+/$"), "/kiosk/[office]/ticket/[token]/"),
    (re.compile(r"^/kiosk/\d+/$"), "/kiosk/[office]/"),
    (re.compile(r"^/display/\d+/$"), "/display/[office]/"),
    (re.compile(r"^/t/[^/]+/$"), "/t/[token]/"),
]


def client_side(prefix: str) -> None:
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    print("| endpoint (locust) | requests | failures | req/s | median ms | p99 ms | max ms |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        name = row["Name"] if row["Type"] else "**all**"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['99%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


def server_side(prefix: str) -> None:
    log = Path(f"{prefix}_access.log")
    if not log.exists():
        return
    times: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text().splitlines():
        method, path, status, micros, htmx = line.split(" ")
        for pattern, label in PATHS:
            if pattern.match(path):
                path = label
                break
        kind = " (htmx)" if htmx == "true" else ""
        times[f"{method} {path}{kind} {status}"].append(int(micros) / 1000)
    print("\n| request (gunicorn) | count | median ms | p99 ms | max ms |")
    print("|---|--:|--:|--:|--:|")
    for key in sorted(times):
        ordered = sorted(times[key])
        print(
            f"| {key} | {len(ordered)} | {percentile(ordered, 0.5):.1f} "
            f"| {percentile(ordered, 0.99):.1f} | {ordered[-1]:.0f} |"
        )


if __name__ == "__main__":
    client_side(sys.argv[1])
    server_side(sys.argv[1])
