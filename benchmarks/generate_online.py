"""Benchmark data for the online consultation and the knowledge base (issue 10).

    createdb -h 127.0.0.1 -U postgres pst_bench10
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench10
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py migrate --noinput
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py createcachetable
    PST_IGNORE_DOTENV=1 DEBUG=on .venv/bin/python manage.py load_demo --no-accounts
    .venv/bin/python benchmarks/generate_online.py        # 200,000 / 1,000,000 / 5,000

Three years of an online service: `--consultations` over the demo office 6571 (`--demo-share`
of them, default 70 %) and `--offices` more offices (codes 9101, 9102, …), each with its
consultation officers and a supervisor (password `bench-pst-officer`, as generate.py's), and
`--requesters` requester accounts, a few of whom ask often. A consultation's status follows
its age the way an office's list looks: today's mostly submitted, the last days accepted
(some past due) or answered, older ones closed or cancelled, a few long overdue. Each has its
events (submitted, claimed, clarification asked and given, accepted, answered, closed or
cancelled) and its conversation, `--messages` in all: public messages of both sides and the
officers' internal notes, one to six sentences of Indonesian each, 5 % with an attachment row
(no file on disk: downloads are not measured). Two consultations of 6571 have a long
conversation (`--long`: 50 and 400 messages), accepted and assigned to the first officer, for
the conversation page. `--articles` knowledge-base articles (a third national, the rest per
office, most of them 6571's; Markdown of headings, paragraphs, lists and links; 90 %
published) get their `search_vector` from one UPDATE with the service's expression (title
weight A, text weight B, `indonesian`), and `--searches` search-log rows.

Rows go in with COPY (psycopg), every value drawn here from a seeded random generator, so a
run is reproducible; VACUUM ANALYZE at the end. It refuses anything but PostgreSQL and a
database that already holds online consultations (drop it to start over).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Iterator

from benchenv import django_setup

django_setup()

from bulk import (  # noqa: E402
    analyze,
    bench_account,
    bench_office,
    bulk_session,
    copy_rows,
    log,
    next_id,
)
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from online_consultations import (  # noqa: E402
    YEARS,
    attachment_rows,
    balance_messages,
    consultation_plan,
    events_of,
    messages_of,
)
from online_text import (  # noqa: E402
    ARTICLE_ANGLES,
    ARTICLE_TOPICS,
    FIRST_NAMES,
    LAST_NAMES,
    REGIONS,
    SEARCHES,
    article_body,
)

from consultations.knowledge.models import Article, SearchLog  # noqa: E402
from consultations.models import (  # noqa: E402
    Attachment,
    Channel,
    Consultation,
    ConsultationEvent,
    Message,
    SubjectArea,
)
from pst.models import Office, User  # noqa: E402
from pst.permissions import Role  # noqa: E402

DEMO_OFFICE = "6571"
FIRST_CODE = 9101
OFFICERS_PER_OFFICE = 6


# -- offices and people ----------------------------------------------------------------------


def offices_and_staff(extra: int, password_hash: str) -> tuple[list[Office], dict[int, list[int]]]:
    demo = Office.objects.get(code=DEMO_OFFICE)
    offices = [demo]
    offices += [bench_office(str(FIRST_CODE + n), n, "Daring ") for n in range(extra)]
    officers: dict[int, list[int]] = {}
    for office in offices:
        officers[office.pk] = [
            bench_account(
                f"officer{n}.{office.code}@bench.pst",
                f"Petugas {n} {office.code}",
                office,
                Role.CONSULTATION_OFFICER,
                password_hash,
            ).pk
            for n in range(1, OFFICERS_PER_OFFICE + 1)
        ]
        email, full_name = f"supervisor.{office.code}@bench.pst", f"Supervisor {office.code}"
        bench_account(email, full_name, office, Role.SUPERVISOR, password_hash)
    return offices, officers


def requesters(count: int, password_hash: str, rng: random.Random, now: dt.datetime) -> list[int]:
    first = next_id(User)
    joined = now - dt.timedelta(days=365 * YEARS + 30)

    def rows() -> Iterator[dict]:
        for n in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            yield {
                "id": first + n,
                "email": f"requester{n + 1:05d}@bench.pst",
                "full_name": name,
                "password": password_hash,
                "institution": rng.choice(["", "Universitas Borneo Tarakan", "Dinas", "Media"]),
                "email_verified_at": joined,
                "date_joined": joined,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            }

    copy_rows(User, rows())
    return list(range(first, first + count))


# -- knowledge base ----------------------------------------------------------------------------


def article_rows(count: int, offices, officers, rng, now) -> Iterator[dict]:
    areas = dict(SubjectArea.objects.values_list("name", "pk"))
    return _article_rows(count, offices, officers, rng, now, areas, next_id(Article))


def _article_rows(count, offices, officers, rng, now, areas, first) -> Iterator[dict]:
    demo = offices[0]
    for n in range(count):
        roll = rng.random()
        if roll < 1 / 3:
            office = None
        elif roll < 0.8 or len(offices) == 1:
            office = demo
        else:
            office = rng.choice(offices[1:])
        topic, area = rng.choice(ARTICLE_TOPICS)
        region = rng.choice(REGIONS)
        year = rng.randint(2015, 2025)
        title = rng.choice(ARTICLE_ANGLES).format(
            topic=topic, region=region, year=year, year2=min(year + 1, 2025)
        )
        author = rng.choice(officers[office.pk]) if office else None
        updated = now - dt.timedelta(days=rng.uniform(0, 365 * YEARS))
        yield {
            "id": first + n,
            "office_id": office.pk if office else None,
            "title": title,
            "slug": f"{slugify(title)[:100]}-{first + n}",
            "subject_area_id": areas.get(area, areas["Lainnya"]),
            "body": article_body(rng, topic, region),
            "links": "https://tarakankota.bps.go.id/id/statistics-table\n"
            "https://www.bps.go.id/id/publication",
            "is_published": rng.random() < 0.9,
            "version": 1,
            "created_at": updated - dt.timedelta(days=rng.uniform(0, 30)),
            "created_by_id": author,
            "updated_at": updated,
            "updated_by_id": author,
        }


def search_rows(count, offices, article_ids, consultation_ids, rng, now) -> Iterator[dict]:
    return _search_rows(count, offices, article_ids, consultation_ids, rng, now, next_id(SearchLog))


def _search_rows(count, offices, article_ids, consultation_ids, rng, now, first) -> Iterator[dict]:
    for n in range(count):
        office = offices[0] if rng.random() < 0.7 else rng.choice(offices)
        found = rng.random() > 0.15
        at = now - dt.timedelta(days=rng.triangular(0, 365, 0))
        opened = found and rng.random() < 0.4
        yield {
            "id": first + n,
            "office_id": office.pk,
            "query": rng.choice(SEARCHES),
            "result_count": rng.randint(1, 40) if found else 0,
            "searched_at": at,
            "article_opened_id": rng.choice(article_ids) if opened else None,
            "opened_at": at + dt.timedelta(seconds=20) if opened else None,
            "consultation_followed_id": (
                rng.choice(consultation_ids) if rng.random() < (0.03 if found else 0.2) else None
            ),
        }


SEARCH_VECTOR_SQL = """
UPDATE consultations_article
   SET search_vector = setweight(to_tsvector('indonesian', coalesce(title, '')), 'A')
                    || setweight(to_tsvector('indonesian', coalesce(body, '')), 'B')
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=5_000, help="in all, with load_demo's")
    parser.add_argument("--searches", type=int, default=300_000)
    parser.add_argument("--requesters", type=int, default=30_000)
    parser.add_argument("--offices", type=int, default=4, help="offices besides 6571")
    parser.add_argument("--demo-share", type=float, default=0.7)
    parser.add_argument("--long", type=int, nargs="*", default=[50, 400])
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    password_hash = bulk_session("generate_online.py")
    if not Office.objects.filter(code=DEMO_OFFICE).exists():
        raise SystemExit("Run `manage.py load_demo --no-accounts` first (office 6571).")
    if Consultation.objects.exclude(channel=Channel.WALK_IN).exists():
        raise SystemExit("This database already has online consultations: drop it first.")

    start = time.monotonic()
    rng = random.Random(args.seed)  # noqa: S311 — simulation, not secrets
    now = timezone.now()
    offices, officers = offices_and_staff(args.offices, password_hash)
    requester_ids = requesters(args.requesters, password_hash, rng, now)
    log(start, f"{len(offices)} offices, {len(requester_ids)} requesters")

    plan = consultation_plan(args, offices, officers, requester_ids, rng, now)
    balance_messages(plan, args.messages, rng)
    copy_rows(Consultation, ({k: v for k, v in r.items() if k[0] != "_"} for r in plan))
    log(start, f"{len(plan)} consultations")

    event_pk = itertools.count(next_id(ConsultationEvent))
    events = copy_rows(
        ConsultationEvent, (e for row in plan for e in events_of(row, event_pk, rng))
    )
    log(start, f"{events} events")

    attachments: list[tuple[int, dt.datetime]] = []
    message_pk = itertools.count(next_id(Message))
    count = copy_rows(
        Message, (m for row in plan for m in messages_of(row, message_pk, rng, now, attachments))
    )
    log(start, f"{count} messages")
    count = copy_rows(Attachment, attachment_rows(attachments, rng))
    log(start, f"{count} attachments")

    wanted = max(0, args.articles - Article.objects.count())
    count = copy_rows(Article, article_rows(wanted, offices, officers, rng, now))
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_VECTOR_SQL)
    log(start, f"{count} articles (+ search vectors)")

    article_ids = list(Article.objects.filter(is_published=True).values_list("pk", flat=True))
    consultation_ids = [row["id"] for row in plan[:: max(1, len(plan) // 5000)]]
    count = copy_rows(
        SearchLog, search_rows(args.searches, offices, article_ids, consultation_ids, rng, now)
    )
    log(start, f"{count} search-log rows")

    analyze(User, Consultation, ConsultationEvent, Message, Attachment, Article, SearchLog)
    log(start, "VACUUM ANALYZE done")
    long_ones = [row["id"] for row in plan if row["_long"]]
    print(f"long conversations (consultation ids): {long_ones}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
