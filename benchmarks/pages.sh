#!/bin/sh
# Page by page through gunicorn with production settings: prepare, measure, report, queries
# (pages.py, run by pagebench/run.sh).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench2 benchmarks/pages.sh [NAME]
#
# Needs a database made by `generate.py --records`; measures office $OFFICE (default 9001).
# PORT, WORKERS, ROUNDS: see pagebench/run.sh.
set -eu
# The phone page's throttle high, so that a POST every few seconds from one address is not
# refused.
export KIOSK_MIN_INTERVAL_SECONDS=0 KIOSK_MAX_PER_MINUTE=100000 \
    KIOSK_MAX_PER_OFFICE_PER_MINUTE=100000 PHONE_MAX_PER_OFFICE_PER_MINUTE=100000
exec benchmarks/pagebench/run.sh pages "${1:-pages}" --office "${OFFICE:-9001}"
