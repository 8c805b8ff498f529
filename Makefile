# FLS Tracker: `make run` to try it, `make test` to test it against the real services.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
# Reinstalled only when the lock (requirements.txt) changes. Installs only what the lock names, each file
# checked against the lock's hashes, so no upstream release can change a working install.
VENV_STAMP := $(VENV)/.requirements-installed
DEMO_PASSWORD ?= fls-demo-2026
PYTEST_ARGS ?=
# The suite runs in this many processes (pytest-xdist; tests/conftest.py gives each its own test database, Celery
# worker, queue and Redis database). 0 runs it in this one process.
TEST_PROCESSES ?= 2

.PHONY: venv run test lock

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the locked requirements (requirements.txt, with hashes) into $(VENV)"
	@$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.txt || { \
		echo "pip install failed. psycopg2 is built from source: it needs gcc, libpq-dev and the Python headers" >&2; \
		echo "(scripts/ensure-services.sh installs them, or: apt-get install gcc libpq-dev python3-dev)." >&2; \
		exit 1; }
	@touch $@

run: venv
	DEMO_PASSWORD='$(DEMO_PASSWORD)' scripts/run.sh

# PostgreSQL, Redis and Chromium first: psycopg2's build needs libpq-dev and gcc from the same step.
# pytest exits 5 when it collected no tests, which must not pass.
test:
	scripts/ensure-services.sh
	@$(MAKE) --no-print-directory venv
	@mkdir -p test-artifacts
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fls}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/15}" \
	FLS_REQUIRE_REAL_SERVICES=1 \
	$(VENV)/bin/python -m pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure." >&2; exit 1; fi; \
	exit $$status

# Worklist benchmark (issue 6): builds fls_wl_bench with BENCH_EPISODES synthetic episodes, then times every tab.
# Not part of `make test`. Drop the database first to rebuild it from scratch.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fls_wl_bench
BENCH_EPISODES ?= 1000000
.PHONY: bench
bench: venv
	createdb -h 127.0.0.1 -U postgres fls_wl_bench 2>/dev/null || true
	DATABASE_URL='$(BENCH_DATABASE_URL)' REDIS_URL= $(VENV)/bin/python bench/generate_episodes.py \
		--episodes $(BENCH_EPISODES) --sites 10 --seed 1
	DATABASE_URL='$(BENCH_DATABASE_URL)' REDIS_URL= $(VENV)/bin/python bench/worklists.py --runs 50 --two-sites

# The lock: requirements.in (direct dependencies) -> requirements.txt (every package, transitive ones
# included, pinned with hashes). Run after editing requirements.in; commit both files. pip-tools runs
# from a throwaway virtualenv, so it is not itself a dependency of the app. Extras stay in the lock
# (fonttools[woff]==…, which weasyprint asks for): pip's --require-hashes refuses an extra it finds unpinned.
PIP_TOOLS_VENV := .pip-tools
lock:
	@test -x $(PIP_TOOLS_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS_VENV) && \
		$(PIP_TOOLS_VENV)/bin/python -m pip install --quiet pip-tools==7.7.0; }
	$(PIP_TOOLS_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file=requirements.txt requirements.in
