#!/bin/sh
# One page-by-page run through gunicorn with production settings, for pages.sh and
# online_pages.sh:
#
#   benchmarks/pagebench/run.sh SUITE NAME [PREPARE ARGUMENTS…]    # SUITE: pages, online_pages
#
# Runs `SUITE.py prepare`, starts gunicorn on 127.0.0.1:$PORT with $WORKERS sync workers and an
# access log of `X-Bench-Page  status  %(D)s µs  bytes  method  path`, runs `SUITE.py measure`
# ($ROUNDS rounds, each request after a GET /healthz), stops gunicorn, and writes the table
# (`report`) and the query counts (`queries`) to results/NAME_summary.md.
set -eu
suite=$1 name=$2
shift 2
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
PORT=${PORT:-8200} WORKERS=${WORKERS:-2} ROUNDS=${ROUNDS:-30}
out=benchmarks/results
script=benchmarks/$suite.py
mkdir -p "$out"

# Production settings, minus TLS (plain HTTP on loopback).
export PST_IGNORE_DOTENV=1 DEBUG=off SECURE_SSL_REDIRECT=off SESSION_COOKIE_SECURE=off \
    CSRF_COOKIE_SECURE=off ALLOWED_HOSTS='*' LOG_LEVEL=WARNING
export SECRET_KEY="${SECRET_KEY:-benchmark-only-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

code=${BENCH_CODE:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')}
.venv/bin/python "$script" prepare "$@" >"$out/${name}_prep.json"
printf '%s  %s, %s rounds, %s workers; code %s; load %s\n' "$(date -u +%FT%TZ)" "$suite" \
    "$ROUNDS" "$WORKERS" "$code" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$out/${name}_meta.txt"

rm -f "$out/${name}_access.log"
.venv/bin/gunicorn pst.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --pid "$out/${name}_gunicorn.pid" --error-logfile "$out/${name}_gunicorn.log" --daemon \
    --access-logfile "$out/${name}_access.log" \
    --access-logformat "$(printf '%%({x-bench-page}i)s\t%%(s)s\t%%(D)s\t%%(B)s\t%%(m)s\t%%(U)s')"
trap 'kill "$(cat "$out/${name}_gunicorn.pid")" 2>/dev/null || true' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 1
done

.venv/bin/python "$script" measure --host "127.0.0.1:$PORT" --rounds "$ROUNDS" \
    --prep "$out/${name}_prep.json" --client-out "$out/${name}_client.json"
printf '%s  done; load %s\n' "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    >>"$out/${name}_meta.txt"
master=$(cat "$out/${name}_gunicorn.pid")
kill "$master"
trap - EXIT
while kill -0 "$master" 2>/dev/null; do sleep 0.5; done

.venv/bin/python "$script" report --log "$out/${name}_access.log" \
    --prep "$out/${name}_prep.json" --client "$out/${name}_client.json" \
    | tee "$out/${name}_summary.md"
echo | tee -a "$out/${name}_summary.md"
.venv/bin/python "$script" queries --prep "$out/${name}_prep.json" \
    | tee -a "$out/${name}_summary.md"
