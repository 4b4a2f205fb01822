"""Check ticket numbering after a load run: no number issued twice, no gaps.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench .venv/bin/python \
        benchmarks/check_numbers.py [--date YYYY-MM-DD]

Per (issued service, service date): duplicates of (issued_service_id, service_date, number);
numbers run 1..n without a gap (count == max(number), min == 1); the day's DailyCounter ends
at that maximum; every ticket has exactly one "issued" event. Without --date every day is
checked. Exits 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst.settings")
os.environ.setdefault("PST_IGNORE_DOTENV", "1")
os.environ.setdefault("SECRET_KEY", "benchmark-check-signs-nothing")

import django

django.setup()

from django.db import connection  # noqa: E402

from queueing.models import DailyCounter, Ticket, TicketEvent  # noqa: E402

# The default table names, written out so the SQL below is plain text.
assert Ticket._meta.db_table == "queueing_ticket"
assert DailyCounter._meta.db_table == "queueing_dailycounter"
assert TicketEvent._meta.db_table == "queueing_ticketevent"

CHECKS = {
    "duplicate numbers (same service, day and number)": """
        SELECT issued_service_id, service_date, number, count(*)
        FROM queueing_ticket WHERE %(all)s OR service_date = %(day)s
        GROUP BY issued_service_id, service_date, number HAVING count(*) > 1""",
    "service-days with a gap (count != max(number) or min != 1)": """
        SELECT issued_service_id, service_date, count(*), min(number), max(number)
        FROM queueing_ticket WHERE %(all)s OR service_date = %(day)s
        GROUP BY issued_service_id, service_date
        HAVING count(*) <> max(number) OR min(number) <> 1""",
    "daily counters not at the day's highest number": """
        SELECT c.service_id, c.service_date, c.last_number, max(t.number)
        FROM queueing_dailycounter c LEFT JOIN queueing_ticket t
          ON t.issued_service_id = c.service_id AND t.service_date = c.service_date
        WHERE %(all)s OR c.service_date = %(day)s
        GROUP BY c.service_id, c.service_date, c.last_number
        HAVING c.last_number IS DISTINCT FROM max(t.number)""",
    "tickets without exactly one 'issued' event": """
        SELECT t.id, count(e.id)
        FROM queueing_ticket t
        LEFT JOIN queueing_ticketevent e ON e.ticket_id = t.id AND e.kind = 'issued'
        WHERE %(all)s OR t.service_date = %(day)s
        GROUP BY t.id HAVING count(e.id) <> 1""",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", help="only this service date (YYYY-MM-DD)")
    args = parser.parse_args()
    params = {"all": args.date is None, "day": args.date}
    problems = 0
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT service_date, count(*), count(DISTINCT issued_service_id),
                       count(DISTINCT office_id)
                FROM queueing_ticket WHERE %(all)s OR service_date = %(day)s
                GROUP BY service_date ORDER BY service_date""",
            params,
        )
        for day, tickets, service_days, offices in cursor.fetchall():
            print(f"{day}: {tickets} tickets in {service_days} service queues, {offices} offices")
        for label, sql in CHECKS.items():
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            problems += len(rows)
            print(f"{label}: {len(rows)}")
            for row in rows[:10]:
                print("   ", row)
    print("OK: no duplicate numbers, no gaps" if not problems else f"FAILED: {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
