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

`measure`, `report` and `queries` are pagebench's (the same for `online_pages.py`): the
personas signed in over HTTP (the officers then choose desk 1 and desk 3), every page ROUNDS
times, each request right after a GET /healthz, the table from gunicorn's access log, and each
page's query count in process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from urllib.parse import urlencode

from benchenv import django_setup
from pagebench import Suite, main


def prepare(args: argparse.Namespace) -> dict:
    django_setup()
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from consultations.models import Consultation
    from pst.models import Office, User
    from pst.permissions import Role
    from queueing import services
    from queueing.models import Desk, GuestbookEntry, Service, Ticket, TicketStatus
    from queueing.selectors import office_today

    office = Office.objects.get(code=args.office)
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
        if extra and any(getattr(user, name) != value for name, value in extra.items()):
            # generate.py makes the office's administrator too, without the admin's flag.
            User.objects.filter(pk=user.pk).update(**extra)
        return user

    account(f"supervisor.{office.code}@bench.pst", Role.SUPERVISOR)
    account(f"admin.{office.code}@bench.pst", Role.ADMINISTRATOR, is_staff=True)
    account("superuser@bench.pst", None, is_staff=True, is_superuser=True)

    today = office_today(office)
    by_prefix = {s.prefix: s for s in Service.objects.filter(office=office)}
    have = Ticket.objects.filter(office=office, service_date=today).count()
    prefixes = ["K", "K", "P", "J", "R"]
    for n in range(have, args.waiting):
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
    post_services = Service.objects.filter(office__code=args.post_office).values_list(
        "pk", flat=True
    )
    return {
        "office": office.code,
        "post_office": args.post_office,
        "today": today.isoformat(),
        "yesterday": yesterday.isoformat(),
        "month_start": month_start.isoformat(),
        "token": ticket.token,
        "guestbook_id": entry.pk,
        "consultation_ticket_id": consultation.ticket_id,
        # The officers work at desk 1 (front office) and desk 3 (Konsultasi).
        "desks": {"front_office": desks[1], "consultation": desks[3]},
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
            "form_from": f"/q/{prep['post_office']}/",
            "form": {"service": prep["post_services"], "priority": ""},
            "forget_cookie": "pst_phone_ticket",  # a new phone each time: no kept ticket
        },
    ]


def query_extra(prep: dict) -> list[dict]:
    y, t = prep["yesterday"], prep["today"]
    day = urlencode({"date_from": y, "date_to": y})
    return [
        {
            "name": "guestbook list (one day)",
            "path": f"/guestbook/?{day}",
            "persona": "front_office",
        },
        {
            "name": "admin tickets, today only (office admin)",
            "path": f"/admin/queueing/ticket/?service_date__gte={t}",
            "persona": "administrator",
        },
    ]


def prepare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--office", default="9001")
    parser.add_argument("--waiting", type=int, default=40, help="tickets of today at the office")
    parser.add_argument(
        "--post-office",
        default="9002",
        help="the office POST /q/ takes numbers at (another one, so that the pages measured "
        "at --office keep the same waiting list through the run)",
    )


SUITE = Suite(
    name="pages",
    doc=__doc__,
    prepare=prepare,
    plan=pages,
    prepare_arguments=prepare_arguments,
    query_extra=query_extra,
)

if __name__ == "__main__":
    sys.exit(main(SUITE))
