#!/usr/bin/env bash
# The Japanese catalogue (issue 18): collect every string marked for translation into
# locale/ja/LC_MESSAGES/django.po (new ones untranslated, gone ones dropped), then compile it to django.mo,
# which the app reads. Run after changing user-visible text; translate what `msgfmt --statistics` reports as
# untranslated or fuzzy; commit both files. tests/fls/test_translations.py runs the same collection and fails
# while anything is left untranslated. Needs GNU gettext (scripts/ensure-services.sh installs it).
#   scripts/messages.sh            collect and compile
#   scripts/messages.sh --collect  collect only (what the test runs, in a copy of the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
# Person-facing text lives in the apps and templates; tests, benchmarks and tools have none.
"$PYTHON" manage.py makemessages --locale ja --no-obsolete --add-location file \
    --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'staticfiles/*' --ignore 'scripts/*' \
    --ignore 'test-artifacts/*' --ignore 'node_modules/*' --ignore '.pip-tools/*' >/dev/null
msgfmt --statistics -o /dev/null locale/ja/LC_MESSAGES/django.po
if [ "${1:-}" != "--collect" ]; then
    "$PYTHON" manage.py compilemessages --locale ja --ignore '.venv/*' >/dev/null
fi
