#!/usr/bin/env bash
# Make sure what `make test` needs is installed and running on this machine (Debian/Ubuntu):
#   PostgreSQL on 127.0.0.1:5432, with user postgres able to log in over TCP without a password,
#   Redis on 127.0.0.1:6379, Debian's Chromium at /usr/bin/chromium, what building the
#   virtualenv needs (gcc, libpq-dev and the Python headers for psycopg2, python3-venv), and what
#   WeasyPrint needs to make letters as PDF (pango, and fonts through fontconfig).
#
# Idempotent: it only installs, starts or changes what is missing. As root it uses apt-get;
# otherwise it says exactly what to install or start, and fails.
#
# PostgreSQL login: the tests use DATABASE_URL=postgres://postgres@127.0.0.1:5432/fls, with no
# password. A fresh Debian install asks for one over TCP (scram-sha-256), so if that login fails
# this script puts two lines at the top of the cluster's pg_hba.conf that trust user postgres from
# the loopback addresses only (127.0.0.1/32 and ::1/128), marked "ensure-services.sh", and
# reloads. Fine for a developer's or CI machine; never do this on a shared database server.
#
# PG_PORT, PG_CLUSTER (Debian cluster name, default main) and REDIS_PORT select another local instance.
set -euo pipefail

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
PG_CLUSTER="${PG_CLUSTER:-main}"
REDIS_PORT="${REDIS_PORT:-6379}"

say() { echo "ensure-services: $*"; }
is_root() { [ "$(id -u)" -eq 0 ]; }
pg_answers() { command -v pg_isready >/dev/null && pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
pg_login_works() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -Atqc 'select 1' >/dev/null 2>&1; }
redis_answers() { command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | head -1; }

wait_for() {
    local what=$1 check=$2
    for _ in $(seq 1 30); do
        if $check; then return 0; fi
        sleep 1
    done
    say "$what did not come up within 30 seconds" >&2
    exit 1
}

# --- 1. Packages ---------------------------------------------------------------------------
missing=()
command -v pg_isready >/dev/null && command -v psql >/dev/null || missing+=(postgresql-client)
if ! pg_answers && [ -z "$(pg_version)" ]; then missing+=(postgresql); fi
command -v redis-cli >/dev/null || missing+=(redis-tools)
if ! redis_answers && ! command -v redis-server >/dev/null; then missing+=(redis-server); fi
[ -x "$CHROMIUM" ] || missing+=(chromium)
# Debian's chromium lays out date fields in en-US only; chromium-l10n adds en-GB, which the browser tests use
# (tests/conftest.py: LANGUAGE=en_GB, tests/browser/test_browser_locale.py).
if [ "$CHROMIUM" = /usr/bin/chromium ] && [ ! -e /usr/lib/chromium/locales/en-GB.pak ]; then missing+=(chromium-l10n); fi
# Letters as PDF (fls/pdf.py): WeasyPrint lays text out with Debian's pango, loaded through cffi (not a Python
# wheel, so pip cannot bring it), and takes its fonts from fontconfig: DejaVu for Latin, Greek, Cyrillic, Hebrew
# and Arabic, Noto Sans CJK for Japanese names (without it they print as empty boxes; the letter tests check).
# (Read into variables first: under pipefail, `ldconfig -p | grep -q` can fail when grep stops reading early.)
shared_libs=$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)  # /sbin is not on a user's PATH
grep -q 'libpango-1\.0\.so\.0' <<<"$shared_libs" || missing+=(libpango-1.0-0)
grep -q 'libpangoft2-1\.0\.so\.0' <<<"$shared_libs" || missing+=(libpangoft2-1.0-0)
if ! command -v fc-list >/dev/null; then missing+=(fontconfig fonts-dejavu-core fonts-noto-cjk)
else
    fonts=$(fc-list 2>/dev/null || true)
    grep -q 'DejaVu Sans' <<<"$fonts" || missing+=(fonts-dejavu-core)
    grep -q 'Noto Sans CJK' <<<"$fonts" || missing+=(fonts-noto-cjk)
fi
# The translations (issue 18): makemessages and compilemessages call GNU gettext's xgettext, msgmerge and
# msgfmt; tests/fls/test_translations.py checks the Japanese catalogue with them.
command -v msgfmt >/dev/null && command -v xgettext >/dev/null || missing+=(gettext)
command -v gcc >/dev/null || missing+=(gcc)
command -v pg_config >/dev/null || missing+=(libpq-dev)
if [ -z "$PYTHON" ]; then
    missing+=(python3 python3-venv python3-dev)
else
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    "$PYTHON" -c 'import os, sysconfig; raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
        || missing+=(python3-dev)
fi

if [ ${#missing[@]} -gt 0 ]; then
    if ! is_root; then
        say "missing: ${missing[*]}" >&2
        say "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. PostgreSQL ---------------------------------------------------------------------------
if ! pg_answers; then
    version=$(pg_version)
    start="pg_ctlcluster --skip-systemctl-redirect $version $PG_CLUSTER start"
    if ! is_root; then
        say "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT; start it with:  sudo $start" >&2
        exit 1
    fi
    say "starting PostgreSQL $version"
    $start
    wait_for "PostgreSQL" pg_answers
fi

if ! pg_login_works; then
    version=$(pg_version)
    hba="/etc/postgresql/$version/$PG_CLUSTER/pg_hba.conf"
    if ! is_root || [ ! -f "$hba" ]; then
        say "PostgreSQL refuses 'psql -h $PG_HOST -U postgres' without a password." >&2
        say "Allow it from loopback (top of pg_hba.conf):  host all postgres 127.0.0.1/32 trust  and reload," >&2
        say "or set DATABASE_URL with a user and password that work." >&2
        exit 1
    fi
    if ! grep -q 'ensure-services.sh' "$hba"; then
        say "trusting user postgres from loopback in $hba"
        {
            echo "# Added by FLS Tracker scripts/ensure-services.sh: passwordless postgres on loopback, for tests."
            echo "host    all    postgres    127.0.0.1/32    trust"
            echo "host    all    postgres    ::1/128         trust"
            cat "$hba"
        } >"$hba.new"
        chown --reference="$hba" "$hba.new"
        chmod --reference="$hba" "$hba.new"
        mv "$hba.new" "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" reload
    wait_for "PostgreSQL login as postgres" pg_login_works
fi

# --- 3. Redis --------------------------------------------------------------------------------
if ! redis_answers; then
    say "starting Redis"
    # Keeps nothing on disk: a test and development broker only.
    (cd /tmp && redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null)
    wait_for "Redis" redis_answers
fi

say "PostgreSQL $PG_HOST:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT and $CHROMIUM are ready"
