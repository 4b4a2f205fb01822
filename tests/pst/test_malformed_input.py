"""Every URL of the project, fed malformed input by every kind of user, answers without a
server error: a 4xx (or a normal page) is fine, a 5xx never is."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import URLResolver, get_resolver

from queueing import services as queue
from queueing.desks import DESK_SESSION_KEY
from tests.factories import UserFactory


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        else:
            yield route


def _template(route: str) -> str:
    """The route with each parameter as {name}, from path() and re_path() alike."""
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    return "/" + route.replace("^", "").replace("$", "")


ROUTES = sorted({_template(route) for route in _walk(get_resolver().url_patterns)})

FIVE_THOUSAND_DIGITS = "9" * 5000
# Path segments, already percent-encoded as a browser would send them.
BAD_SEGMENTS = [
    "%00",
    quote("²"),
    quote("１２３"),  # fullwidth digits
    quote("١٢٣"),  # Arabic-Indic digits
    FIVE_THOUSAND_DIGITS,
    "%FF%FE",  # not UTF-8
]
BAD_QUERIES = [
    "ticket=%00",
    "ticket=" + quote("²"),
    "ticket=" + quote("１２３"),
    "ticket=" + quote("١٢٣"),
    "ticket=" + FIVE_THOUSAND_DIGITS,
    "page=%00",
    "page=abc",
    "page=-1",
    "page=" + FIVE_THOUSAND_DIGITS,
    "p=abc",
    "p=99999999999",
    "o=%00",
    "o=99.-5",
    "q=" + "x" * 5000,
    "e=%00",
    "service_date__year=99999999999",
    "service_date__year=2026&service_date__month=13&service_date__day=40",
    "created_at__year=99999999999",
    "date__year=0",
    "status__exact=%00",
    "status__exact=" + quote("²"),
    "office__id__exact=" + FIVE_THOUSAND_DIGITS,
    "service__id__exact=abc",
    "groups__id__exact=" + quote("１"),
    "start=" + quote("²") + "&end=" + FIVE_THOUSAND_DIGITS,
    "start=9999-99-99&end=0000-00-00",
    "service=" + quote("٣") + "&category=%00",
    "next=%00",
    "print=%00",
    "_changelist_filters=" + quote("status__exact=\x00"),
]
_FIELDS = [
    "service", "priority", "request_id", "ticket", "desk", "to_service", "route_to",
    "outcome", "reason", "action", "token", "username", "password", "email", "phone",
    "name", "language", "next", "page", "code", "subject_area", "topic", "question",
    "answer", "links", "start", "end", "category", "birth_year", "index", "select_across",
    "_selected_action", "id", "office", "groups", "date", "lookup",
]  # fmt: skip
_VALUES = ["²", "１２３", "١٢٣", FIVE_THOUSAND_DIGITS]
# Every field malformed at once, each form with another kind of value in each field.
BAD_FORMS = [
    dict.fromkeys(_FIELDS, "\x00"),
    {field: _VALUES[i % 4] for i, field in enumerate(_FIELDS)},
    {field: _VALUES[(i + 1) % 4] for i, field in enumerate(_FIELDS)},
    {field: _VALUES[(i + 2) % 4] for i, field in enumerate(_FIELDS)},
    dict.fromkeys(_FIELDS[:5], "x" * 20000),
]
# Anonymous, a registered visitor, a front-office officer at their desk, a superuser.
PERSONAS = ["anonymous", "visitor", "officer", "superuser"]
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def world(office, services, desks, visitor, front_office):
    """An open Monday morning in Tarakan with a ticket at the front-office desk."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA), tick=False):
        ticket = queue.ticket_issue(office=office, service=services["K"])
        queue.ticket_call_next(desk=desks[1], officer=front_office)
        root = UserFactory(
            email="root@example.org", is_superuser=True, is_staff=True, office=office
        )
        yield {"office": office, "ticket": ticket, "desk": desks[1], "superuser": root}


def _client(persona: str, world: dict, request) -> Client:
    client = Client()
    if persona == "visitor":
        client.force_login(request.getfixturevalue("visitor"))
    elif persona == "officer":
        client.force_login(request.getfixturevalue("front_office"))
        session = client.session
        session[DESK_SESSION_KEY] = world["desk"].pk
        session.save()
    elif persona == "superuser":
        client.force_login(world["superuser"])
    return client


def _valid(world: dict) -> dict[str, str]:
    return {
        "code": world["office"].code,
        "token": world["ticket"].token,
        "ticket_id": str(world["ticket"].pk),
        "fmt": "csv",
        "action": "call_next",
        "app_label": "queueing",
        "content_type_id": "1",
        "object_id": "1",
        "id": "1",
        "uidb64": "MQ",
        "url": "nothing-here/",
        "path": "x",
    }


def _paths(template: str, world: dict) -> tuple[str, list[str]]:
    """The route with valid parameters, and with each parameter malformed in turn."""
    names = re.findall(r"{(\w+)}", template)
    valid = _valid(world)
    filled = {name: valid.get(name, "1") for name in names}
    bad = [
        template.format(**{**filled, name: segment}) for name in names for segment in BAD_SEGMENTS
    ]
    return template.format(**filled), bad


def _takes_queries(template: str) -> bool:
    """Our own pages and the admin's lists read the query string; the admin's add, history,
    change and delete pages ignore it."""
    return not template.startswith("/admin/") or template.count("/") == 4


def _requests(template: str, world: dict):
    """(method, url, form) for every malformed request made of one route."""
    valid, bad_paths = _paths(template, world)
    yield "get", valid, None
    for path in bad_paths:
        yield "get", path, None
        if "%00" in path or FIVE_THOUSAND_DIGITS in path:
            yield "post", path, {}
    for query in BAD_QUERIES if _takes_queries(template) else []:
        yield "get", f"{valid}?{query}", None
    for form in BAD_FORMS:
        yield "post", valid, form


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_answers_malformed_input_with_a_server_error(request, world, persona):
    errors = []
    for template in ROUTES:
        # A fresh sign-in per route: the walk posts to the sign-out pages too.
        client = _client(persona, world, request)
        client.raise_request_exception = False
        for method, url, form in _requests(template, world):
            response = getattr(client, method)(url, form)
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url[:160]} -> {response.status_code}")
    assert not errors, "\n".join(errors)


def test_the_walk_covers_every_url_pattern_including_the_admins():
    assert "/t/{token}/cancel/" in ROUTES
    assert "/admin/queueing/ticket/" in ROUTES
    assert "/admin/pst/user/{object_id}/change/" in ROUTES
    assert len(ROUTES) > 100
