#!/bin/sh
# Issue 10's pages through gunicorn with production settings: prepare, measure, report,
# queries (online_pages.py, run by pagebench/run.sh), then explain.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench10 benchmarks/online_pages.sh [NAME]
#
# Needs a database made by `generate_online.py`. PORT, WORKERS, ROUNDS: see pagebench/run.sh.
set -eu
name=${1:-online}
# The knowledge base's pages show 6571's articles besides the national ones, as the demo
# office's portal would.
export DEFAULT_OFFICE=6571
benchmarks/pagebench/run.sh online_pages "$name"
.venv/bin/python benchmarks/online_pages.py explain >"benchmarks/results/${name}_explain.txt"
