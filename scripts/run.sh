#!/usr/bin/env bash
# `make run`: migrate, seed the demo data once, and serve on http://127.0.0.1:8000
# (RUNSERVER_ADDRESS=127.0.0.1:8001 to use another port).
# With REDIS_URL set, a Celery worker and beat run alongside and stop when the server stops;
# without it, tasks run in-process (fls.settings).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
DEMO_PASSWORD="${DEMO_PASSWORD:-fls-demo-2026}"
RUN_DIR=.run
mkdir -p "$RUN_DIR"

$PYTHON manage.py migrate --no-input

# Seeded once per database: a database that already has sites is left as it is.
status=0
$PYTHON manage.py shell --verbosity 0 -c 'import sys; from fls.models import Site; sys.exit(0 if Site.objects.exists() else 10)' || status=$?
case $status in
    0) echo "Demo data already present (demo logins and passwords: python manage.py seed_demo --password $DEMO_PASSWORD)." ;;
    10) $PYTHON manage.py seed_demo --patients 200 --seed 1 --password "$DEMO_PASSWORD" ;;
    *) exit "$status" ;;
esac

pids=()
stop_background() {
    # However the server ended (Ctrl-C, an error), the worker and beat end with it.
    if [ ${#pids[@]} -gt 0 ]; then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap stop_background EXIT

if [ -n "${REDIS_URL:-}" ]; then
    .venv/bin/celery -A fls worker --loglevel=INFO &
    pids+=($!)
    .venv/bin/celery -A fls beat --loglevel=INFO --schedule "$RUN_DIR/celerybeat-schedule" &
    pids+=($!)
else
    echo "REDIS_URL is not set: background tasks run in-process, no worker or beat started."
fi

$PYTHON manage.py runserver "${RUNSERVER_ADDRESS:-127.0.0.1:8000}"
