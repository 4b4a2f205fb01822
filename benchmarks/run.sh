#!/bin/sh
# One load scenario against gunicorn with production settings, then the numbering check.
#
#   benchmarks/run.sh NAME USERS SPAWN_RATE USER_CLASSES...
#   benchmarks/run.sh kiosks 200 50 KioskUser
#
# Run from the project root with DATABASE_URL pointing at the generated database. Starts
# gunicorn on 127.0.0.1:$PORT (WORKERS sync workers, access log with the time each request
# took inside gunicorn), runs locust headless for $DURATION, writes benchmarks/results/NAME_*,
# stops gunicorn, checks the ticket numbers and prints the client- and server-side tables.
set -eu
name=$1 users=$2 rate=$3
shift 3
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
PORT=${PORT:-8001} WORKERS=${WORKERS:-5} DURATION=${DURATION:-60s}
out=benchmarks/results
mkdir -p "$out"

# Production settings, minus TLS (plain HTTP on loopback); one proxy (nginx) in front.
export PST_IGNORE_DOTENV=1 DEBUG=off SECURE_SSL_REDIRECT=off SESSION_COOKIE_SECURE=off \
    CSRF_COOKIE_SECURE=off ALLOWED_HOSTS='*' AXES_PROXY_COUNT=1 LOG_LEVEL=WARNING
export SECRET_KEY="${SECRET_KEY:-benchmark-only-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

code=${BENCH_CODE:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')}
printf '%s  %s users (%s), %s workers, %s; code %s; load %s; %s tickets before\n' \
    "$(date -u +%FT%TZ)" "$users" "$*" "$WORKERS" "$DURATION" "$code" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(psql "$DATABASE_URL" -Atc 'SELECT count(*) FROM queueing_ticket')" >"$out/${name}_meta.txt"
# CPU seconds used by the processes whose command line matches $1 (alive now).
cpu() { ps -eo cputimes=,args= | awk -v pat="$1" '$0 ~ pat { s += $1 } END { print s + 0 }'; }
db=${DATABASE_URL##*/}
pg_before=$(cpu "postgres: .* $db ")

.venv/bin/gunicorn pst.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --pid "$out/gunicorn.pid" --error-logfile "$out/${name}_gunicorn.log" --daemon \
    --access-logfile "$out/${name}_access.log" \
    --access-logformat '%(m)s %(U)s %(s)s %(D)s %({hx-request}i)s'  # D: microseconds
trap 'kill "$(cat "$out/gunicorn.pid")" 2>/dev/null || true' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 1
done

vmstat 5 >"$out/${name}_vmstat.txt" &
vmstat=$!
trap 'kill "$vmstat" "$(cat "$out/gunicorn.pid")" 2>/dev/null || true' EXIT
/usr/bin/time -f '%U %S' -o "$out/${name}_locust.cpu" \
    benchmarks/.venv/bin/locust -f benchmarks/locustfile.py --host "http://127.0.0.1:$PORT" \
    --headless -u "$users" -r "$rate" -t "$DURATION" --csv "$out/$name" --only-summary \
    "$@" >"$out/${name}_locust.txt" 2>&1 || true # locust exits 1 when a request failed
master=$(cat "$out/gunicorn.pid")
printf 'CPU seconds: gunicorn %s, postgres backends %s, locust %s (user+sys)\n' \
    "$(cpu 'gunicorn pst.wsgi')" "$(echo "$(cpu "postgres: .* $db ") - $pg_before" | bc)" \
    "$(awk '{ print $1 + $2 }' "$out/${name}_locust.cpu")" >>"$out/${name}_meta.txt"
kill "$vmstat" "$master"
trap - EXIT
while kill -0 "$master" 2>/dev/null; do sleep 0.5; done

.venv/bin/python benchmarks/check_numbers.py | tee "$out/${name}_check.txt"
.venv/bin/python benchmarks/summarize.py "$out/$name"
