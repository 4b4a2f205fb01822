#!/bin/sh
# The satisfaction survey's pages through gunicorn with production settings: prepare, measure,
# report, queries (ratings_pages.py, run by pagebench/run.sh), then explain.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench_r benchmarks/ratings_pages.sh [NAME]
#
# Needs a database made by `generate_online.py` then `generate_ratings.py`. Each round of a
# POST row rates another ticket or consultation, so prepare takes ROUNDS rating links for each
# (a run spends 2 × (ROUNDS + 1) of the rateable ones; the generator leaves ≈ 550 tickets and
# thousands of consultations). PORT, WORKERS, ROUNDS: see pagebench/run.sh.
set -eu
name=${1:-ratings}
export ROUNDS="${ROUNDS:-30}"
benchmarks/pagebench/run.sh ratings_pages "$name" --posts "$ROUNDS"
.venv/bin/python benchmarks/ratings_pages.py explain >"benchmarks/results/${name}_explain.txt"
