"""What every benchmark script shares: the project on sys.path, Django set up on DATABASE_URL
(PST_IGNORE_DOTENV=1 and a throw-away SECRET_KEY unless set: the scripts sign nothing), and the
password of the bench accounts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pst-officer"  # noqa: S105 — benchmark accounts on a throw-away db


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pst.settings")
    os.environ.setdefault("PST_IGNORE_DOTENV", "1")
    os.environ.setdefault("SECRET_KEY", "benchmark-signs-nothing")
    import django

    django.setup()
