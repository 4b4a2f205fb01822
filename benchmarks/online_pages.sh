#!/bin/sh
# Issue 10's pages through gunicorn with production settings: prepare, measure, report,
# queries, explain (online_pages.py; the same measuring as pages.sh).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pst_bench10 benchmarks/online_pages.sh [NAME]
#
# Needs a database made by `generate_online.py`. Starts gunicorn on 127.0.0.1:$PORT with
# $WORKERS sync workers and an access log of `X-Bench-Page  status  %(D)s µs  bytes  method
# path`, runs `online_pages.py measure` ($ROUNDS rounds, each request after a GET /healthz),
# stops gunicorn, prints the table, the query counts and the EXPLAIN ANALYZE of the reads.
# DEFAULT_OFFICE=6571: the knowledge base's pages show 6571's articles besides the national
# ones, as the demo office's portal would.
set -eu
name=${1:-online}
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
PORT=${PORT:-8200} WORKERS=${WORKERS:-2} ROUNDS=${ROUNDS:-30}
out=benchmarks/results
mkdir -p "$out"

export PST_IGNORE_DOTENV=1 DEBUG=off SECURE_SSL_REDIRECT=off SESSION_COOKIE_SECURE=off \
    CSRF_COOKIE_SECURE=off ALLOWED_HOSTS='*' LOG_LEVEL=WARNING DEFAULT_OFFICE=6571
export SECRET_KEY="${SECRET_KEY:-benchmark-only-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

code=${BENCH_CODE:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')}
.venv/bin/python benchmarks/online_pages.py prepare >"$out/${name}_prep.json"
printf '%s  online pages, %s rounds, %s workers; code %s; load %s\n' "$(date -u +%FT%TZ)" \
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

.venv/bin/python benchmarks/online_pages.py measure --host "127.0.0.1:$PORT" --rounds "$ROUNDS" \
    --prep "$out/${name}_prep.json" --client-out "$out/${name}_client.json"
printf '%s  done; load %s\n' "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    >>"$out/${name}_meta.txt"
master=$(cat "$out/${name}_gunicorn.pid")
kill "$master"
trap - EXIT
while kill -0 "$master" 2>/dev/null; do sleep 0.5; done

.venv/bin/python benchmarks/online_pages.py report --log "$out/${name}_access.log" \
    --client "$out/${name}_client.json" | tee "$out/${name}_summary.md"
echo | tee -a "$out/${name}_summary.md"
.venv/bin/python benchmarks/online_pages.py queries --prep "$out/${name}_prep.json" \
    | tee -a "$out/${name}_summary.md"
.venv/bin/python benchmarks/online_pages.py explain >"$out/${name}_explain.txt"
