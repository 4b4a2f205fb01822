"""Does the per-kiosk throttle hold? One kiosk taps TAPS times as fast as it can.

    python benchmarks/throttle_check.py --host 127.0.0.1:8001 --office 9050 --taps 30 \
        [--source 127.200.0.1] [--forwarded-for 10.200.0.1]

With KIOSK_MIN_INTERVAL_SECONDS=2 a kiosk should get one ticket and then 429 until two
seconds passed. Prints how many taps got a ticket (302) and how many were throttled (429).
Standard library only; --source binds the connection to that local address.
"""

from __future__ import annotations

import argparse
import http.client
import re
import time
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlencode


def request(args, method: str, path: str, body: str = "", cookie: str = ""):
    host, port = args.host.split(":")
    conn = http.client.HTTPConnection(host, int(port), source_address=(args.source, 0))
    headers = {"X-Forwarded-For": args.forwarded_for, "Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response, response.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1:8001")
    parser.add_argument("--office", default="9050")
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--source", default="127.0.0.1")
    parser.add_argument("--forwarded-for", default="10.200.0.1")
    args = parser.parse_args()
    path = f"/kiosk/{args.office}/"
    response, page = request(args, "GET", path)
    cookie = SimpleCookie(response.getheader("Set-Cookie"))["csrftoken"].value
    form = {
        "csrfmiddlewaretoken": re.search(r'csrfmiddlewaretoken" value="([^"]+)"', page)[1],
        "service": re.search(r'name="service" value="(\d+)"', page)[1],
        "priority": "",
    }
    outcomes: Counter[int] = Counter()
    started = time.monotonic()
    for _tap in range(args.taps):
        body = urlencode(form | {"request_id": str(uuid.uuid4())})
        response, _page = request(args, "POST", path, body, f"csrftoken={cookie}")
        outcomes[response.status] += 1
    elapsed = time.monotonic() - started
    other = {status: n for status, n in outcomes.items() if status not in (302, 429)}
    print(
        f"{args.taps} taps in {elapsed:.1f} s from {args.source} "
        f"(X-Forwarded-For {args.forwarded_for}): {outcomes[302]} tickets (302), "
        f"{outcomes[429]} throttled (429), other {other or 'none'}"
    )


if __name__ == "__main__":
    main()
