#!/usr/bin/env bash
# `make run`: migrate, seed the demo data once, and serve on http://127.0.0.1:8000
# (RUNSERVER_ADDRESS=127.0.0.1:8001 to use another port).
# With REDIS_URL set, a Celery worker and beat run alongside and stop when the server stops;
# without it, tasks run in-process (fls.settings).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
DEMO_PASSWORD="${DEMO_PASSWORD:-fls-demo-2026}"
# The demo's logins sign in with their password alone: nobody is made to set up two-factor sign-in here
# (anyone may, from the menu under their name). fls.settings_production refuses this setting.
# FLS_DEMO_TWO_FACTOR_EXEMPT=false make run asks for it as production does.
export FLS_DEMO_TWO_FACTOR_EXEMPT="${FLS_DEMO_TWO_FACTOR_EXEMPT:-true}"
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

case "$FLS_DEMO_TWO_FACTOR_EXEMPT" in
    1|true|TRUE|True|yes|on)
        echo "Signing in: any login above with password $DEMO_PASSWORD; no two-factor code is asked in this demo."
        echo "  (Production asks administrators, clinicians and managers for a code from an authenticator app;"
        echo "  try it from the menu under your name > Two-factor authentication, or run FLS_DEMO_TWO_FACTOR_EXEMPT=false make run.)" ;;
    *)
        echo "Signing in: any login above with password $DEMO_PASSWORD; administrators, clinicians and managers then"
        echo "  set up an authenticator app (QR code on the page) and enter its 6-digit code, as in production." ;;
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
