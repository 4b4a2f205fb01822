#!/bin/sh
# The supervisor's service levels and the complaints' pages through gunicorn with production
# settings: prepare, measure, report, queries (report_pages.py, run by pagebench/run.sh), then
# explain.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench_rep benchmarks/report_pages.sh [NAME]
#
# Needs a database made by `generate_online.py`, `generate_ratings.py` then
# `generate_complaints.py`. Nothing is written but the personal-data access log's rows and the
# tracking page's counter. PORT, WORKERS, ROUNDS: see pagebench/run.sh.
set -eu
name=${1:-report}
benchmarks/pagebench/run.sh report_pages "$name"
.venv/bin/python benchmarks/report_pages.py explain >"benchmarks/results/${name}_explain.txt"
