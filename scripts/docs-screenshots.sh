#!/usr/bin/env bash
# The README's and the docs' screenshots (docs/screenshots/*.png), taken from the demo in a real browser by
# tests/browser/test_docs_screenshots.py, which every `make test` runs too (into test-artifacts/ only). Needs what
# `make test` needs (PostgreSQL, Redis, Chromium): run it after a change to a page the README shows, look at the
# pictures, and commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory venv
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fls}" \
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}" \
FLS_DOCS_SCREENSHOTS=docs/screenshots DJANGO_ALLOW_ASYNC_UNSAFE=true \
    .venv/bin/python -m pytest -q -p no:cacheprovider tests/browser/test_docs_screenshots.py
ls -l docs/screenshots
