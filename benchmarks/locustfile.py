"""Load on the walk-in queue: kiosks issuing, display boards, ticket pages and desks polling.

    benchmarks/.venv/bin/locust -f benchmarks/locustfile.py --host http://127.0.0.1:8001 \
        --headless -u 200 -r 50 -t 60s --csv benchmarks/results/kiosks KioskUser

Users (pick them by class name on the command line):

KioskUser   one kiosk of one office, set up as its kiosk screen at the start (signs in as
            the office's administrator, /kiosk/<code>/setup/): loads /kiosk/<code>/, taps a
            random service with the
            request_id minted in that page, follows to the printed ticket; 2-5 s between taps.
            3 % of taps are sent twice (a double tap) and must land on the same ticket.
            429 (the per-kiosk throttle) is reported as its own row, not as a failure.
BoardUser   one waiting-room TV: loads /display/<code>/ once, then polls it every 3 s with
            HX-Request and If-None-Match (the answer is 304 until something happens).
StatusUser  a visitor who took a ticket and watches /t/<token>/ on the phone (3 s polls).
HealthUser  the floor: /healthz polled every 3 s like a board.
OfficerUser an officer at one desk: signs in, chooses the desk, then call next -> start ->
            finish (service desk) or transfer (front office), 2-5 s between clicks, and polls
            the console's waiting list every 3 s.

Every simulated client has its own address: it sends its own X-Forwarded-For (10.x.y.z)
*and* connects from its own loopback source address (127.100.x.y, any 127/8 address reaches
127.0.0.1 on Linux), so the per-kiosk throttle sees separate kiosks whichever of the two the
server uses. BENCH_BIND_SOURCE=0 connects every client from 127.0.0.1 (X-Forwarded-For only).

Environment: BENCH_OFFICES (default 9001-9050), BENCH_OFFICER_PASSWORD (generate.py's),
BENCH_BIND_SOURCE (1), BENCH_MIX (users per class, below).
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, constant_pacing, task
from requests.adapters import HTTPAdapter

first, _dash, last = os.environ.get("BENCH_OFFICES", "9001-9050").partition("-")
OFFICES = [str(code) for code in range(int(first), int(last or first) + 1)]
OFFICER_PASSWORD = os.environ.get("BENCH_OFFICER_PASSWORD", "bench-pst-officer")
BIND_SOURCE = os.environ.get("BENCH_BIND_SOURCE", "1") == "1"
# generate.py's desks, in the order officers take them: front office first, then the desks
# of the busiest service (K), then the others.
DESK_ORDER = [1, 3, 7, 2, 4, 8, 5, 6, 9]
FRONT_OFFICE_DESKS = {1, 2}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')
SERVICE = re.compile(r'name="service" value="(\d+)"')
DESK_CHOICE = re.compile(r'name="desk" value="(\d+)"[^>]*data-testid="choose-desk-(\d+)"')
TICKET = re.compile(r'name="ticket" value="(\d+)"')
TO_SERVICE = re.compile(r'<option value="(\d+)">([A-Z]) ·')
TOKEN = re.compile(r"/ticket/([^/]+)/")
CURRENT_CODE = re.compile(r'data-testid="current-code">([A-Z])-')

_clients = itertools.count(1)  # one address per simulated device, across every user class


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given local address (one loopback address per simulated device)."""

    def __init__(self, source: str, **kwargs) -> None:
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(connections, maxsize, block=block, **kwargs)


class Device(HttpUser):
    """A device of one office with its own network address."""

    abstract = True
    _per_class: itertools.count

    def on_start(self) -> None:
        n = next(_clients)
        self.index = next(self._per_class)  # devices of a class spread over the offices
        self.office = OFFICES[self.index % len(OFFICES)]
        self.address = f"10.{n // 62500}.{n // 250 % 250}.{n % 250 + 1}"
        self.client.headers["X-Forwarded-For"] = self.address
        self.client.headers["Accept-Language"] = "id"
        if BIND_SOURCE:
            source = f"127.{100 + n // 62500}.{n // 250 % 250}.{n % 250 + 1}"
            self.client.mount("http://", SourceAddressAdapter(source))

    def sign_in(self, email: str) -> None:
        """Sign in as one of generate.py's staff accounts (BENCH_OFFICER_PASSWORD)."""
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": email,
                "password": OFFICER_PASSWORD,
            },
            name="POST /accounts/login/",
        )

    def take_ticket(self, name: str) -> str | None:
        """One kiosk tap; returns the ticket page's path, None when refused."""
        with self.client.get(
            f"/kiosk/{self.office}/", name="GET /kiosk/[office]/", catch_response=True
        ) as page:
            csrf, request_id = CSRF.search(page.text), REQUEST_ID.search(page.text)
            services = SERVICE.findall(page.text)
            if not (csrf and request_id and services):
                page.failure(f"HTTP {page.status_code}: no kiosk form")
                return None
        form = {
            "csrfmiddlewaretoken": csrf.group(1),
            "request_id": request_id.group(1),
            "service": random.choice(services),  # noqa: S311
            "priority": "elderly" if random.random() < 0.05 else "",  # noqa: S311
            "print": "0",
        }
        location = self.tap(form, name)
        if location and name.startswith("POST /kiosk/[office]/ tap") and random.random() < 0.03:  # noqa: S311
            again = self.tap(form, "POST /kiosk/[office]/ double tap")
            if again is not None and again != location:
                self.environment.events.request.fire(
                    request_type="CHECK",
                    name="double tap gave another ticket",
                    response_time=0,
                    response_length=0,
                    exception=AssertionError(f"{location} != {again}"),
                )
        return location

    def tap(self, form: dict, name: str) -> str | None:
        with self.client.post(
            f"/kiosk/{self.office}/",
            data=form,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return response.headers["Location"]
            if response.status_code == 429:
                response.request_meta["name"] = f"{name} -> 429 throttled"
                response.success()
                return None
            response.failure(f"HTTP {response.status_code}")
            return None


class KioskUser(Device):
    wait_time = between(2, 5)
    _per_class = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        # Set up as one of the office's kiosk screens (its own budget; anything else shares
        # the phones'), as the office administrator does once on a real kiosk.
        self.sign_in(f"admin.{self.office}@bench.pst")
        page = self.client.get(f"/kiosk/{self.office}/setup/", name="GET /kiosk/[office]/setup/")
        self.client.post(
            f"/kiosk/{self.office}/setup/",
            data={"csrfmiddlewaretoken": CSRF.search(page.text).group(1), "action": "remember"},
            name="POST /kiosk/[office]/setup/",
        )

    @task
    def issue(self) -> None:
        location = self.take_ticket("POST /kiosk/[office]/ tap")
        if location:
            self.client.get(location, name="GET /kiosk/[office]/ticket/[token]/")


class Poller(Device):
    """A device that polls a page with htmx, sending the ETag of its last answer (the board,
    the ticket page, the desk console): a fresh start polls without one."""

    abstract = True

    def on_start(self) -> None:
        super().on_start()
        self.etag = None

    def poll(self, path: str, name: str) -> None:
        """One htmx poll with the last ETag; 200 and 304 are reported as separate rows."""
        headers = {"HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        with self.client.get(path, headers=headers, name=name, catch_response=True) as response:
            if response.status_code in (200, 304):
                self.etag = response.headers.get("ETag", self.etag)
                response.request_meta["name"] = f"{name} -> {response.status_code}"
                response.success()


class BoardUser(Poller):
    wait_time = constant_pacing(3)
    _per_class = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        self.client.get(f"/display/{self.office}/", name="GET /display/[office]/ (page)")

    @task
    def refresh(self) -> None:
        self.poll(f"/display/{self.office}/", "GET /display/[office]/ poll")


class HealthUser(Device):
    """The floor: /healthz (one query) polled like a board, to tell the cost of the page from
    that of the client, the connection and the machine."""

    wait_time = constant_pacing(3)
    _per_class = itertools.count()

    @task
    def refresh(self) -> None:
        self.client.get("/healthz", name="GET /healthz")


class StatusUser(Poller):
    wait_time = constant_pacing(3)
    _per_class = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        self.path = None
        location = self.take_ticket("POST /kiosk/[office]/ (status user's ticket)")
        if location:
            self.path = f"/t/{TOKEN.search(location).group(1)}/"
            self.client.get(self.path, name="GET /t/[token]/ (page)")

    @task
    def refresh(self) -> None:
        if self.path is None:  # throttled or refused: try again
            self.on_start()
            return
        self.poll(self.path, "GET /t/[token]/ poll")


class OfficerUser(Poller):
    wait_time = between(2, 5)
    _per_class = itertools.count()

    def on_start(self) -> None:
        super().on_start()
        self.desk_number = DESK_ORDER[self.index // len(OFFICES) % len(DESK_ORDER)]
        self.ticket = None  # (pk, status) of the ticket at the desk
        self.to_service = None
        self.sign_in(f"desk{self.desk_number}.{self.office}@bench.pst")
        page = self.client.get("/desk/", name="GET /desk/ (choose)")
        desks = {number: pk for pk, number in DESK_CHOICE.findall(page.text)}
        self.client.post(
            "/desk/select/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "desk": desks[str(self.desk_number)],
            },
            name="POST /desk/select/",
        )

    def act(self, action: str, **data) -> str:
        with self.client.post(
            f"/desk/{action}/",
            data=data,
            headers={"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken")},
            name=f"POST /desk/{action}/",
            catch_response=True,
        ) as response:
            status = response.headers.get("X-Queue-Status", str(response.status_code))
            if status == "409" and action == "call-next":
                response.request_meta["name"] = "POST /desk/call-next/ -> 409 nobody waiting"
                response.success()
            elif status != "200":
                response.failure(f"X-Queue-Status {status}")
            return response.text.split('id="queue-title"')[0] if status == "200" else ""

    @task(3)
    def work(self) -> None:
        if self.ticket is None:
            fragment = self.act("call-next")
            found = TICKET.search(fragment)
            code = CURRENT_CODE.search(fragment)
            self.ticket = (found.group(1), "called") if found else None
            # The front office sends the visitor to the service of the ticket's letter.
            services = {prefix: pk for pk, prefix in TO_SERVICE.findall(fragment)}
            self.to_service = services.get(code.group(1)) if code else None
        elif self.ticket[1] == "called":
            self.act("start", ticket=self.ticket[0])
            self.ticket = (self.ticket[0], "serving")
        elif self.desk_number in FRONT_OFFICE_DESKS and self.to_service:
            self.act("transfer", ticket=self.ticket[0], to_service=self.to_service)
            self.ticket = None
        else:
            self.act("finish", ticket=self.ticket[0])
            self.ticket = None

    @task(2)
    def refresh(self) -> None:
        self.poll("/desk/", "GET /desk/ poll")


# BENCH_MIX="KioskUser=100,BoardUser=250" gives each class a fixed number of users (the
# -u total must be at least their sum); without it locust splits -u evenly.
for _entry in filter(None, os.environ.get("BENCH_MIX", "").split(",")):
    _class, _count = _entry.split("=")
    globals()[_class].fixed_count = int(_count)
