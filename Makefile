# The only commands a newcomer needs. Everything runs through uv and the committed uv.lock.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv, installed on first use when the machine lacks it.
UV := $(shell command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 && echo uv || echo "python3 -m uv")
# Python 3.13 wherever the machine keeps it (PATH, pyenv, /usr/bin); uv must not download one.
# The interpreter's own path, not a pyenv shim: uv rebuilds .venv whenever the path it is given changes.
PY313 := $(shell for p in python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13 /usr/local/bin/python3.13 /usr/bin/python3.13; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 13); print(sys.executable)' 2>/dev/null && break; done)
export UV_PYTHON ?= $(PY313)
export UV_PYTHON_DOWNLOADS ?= never
RUN := $(UV) run --frozen
PYTEST_ARGS ?=
CHROMIUM ?= /usr/bin/chromium

.PHONY: help uv sync demo test test-unit test-browser test-pg lint fmt bench messages screens loadtest

help:
	@echo "make demo    start the demo (seeded synthetic Jazan region, SQLite, a task worker) on http://127.0.0.1:8000/"
	@echo "make test    run the whole test suite (unit tests, then browser tests in Chromium)"
	@echo "make lint    ruff check and format check"
	@echo "make fmt     format the code"
	@echo "make bench   run the benchmarks of bench/ (NAME=import SCALE=…)"
	@echo "make loadtest the offices' load on PostgreSQL (LOADTEST_HOUSEHOLDS=1000000 LOADTEST_USERS=50 LOADTEST_DURATION=10m)"
	@echo "make screens regenerate docs/screens/ (each persona's home and main page at 360 px, in Arabic)"

uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@test -n "$(UV_PYTHON)" || { echo "Python 3.13 is required (python3.13 not found)"; exit 1; }

sync: uv
	@$(UV) sync --frozen --quiet

demo: sync
	$(RUN) tamkeen demo $(ARGS)

test: test-unit test-browser

test-unit: sync
	$(RUN) pytest -m "not browser" -n 2 $(PYTEST_ARGS)

test-browser: sync
	@test -x $(CHROMIUM) || { echo "Browser tests need Debian's chromium: apt-get install chromium"; exit 1; }
	# A test database file, not SQLite's shared in-memory one: the live server answers htmx requests on several
	# threads, and threads sharing one in-memory connection interleave each other's transactions.
	TAMKEEN_SQLITE_TEST_PATH=$${TAMKEEN_SQLITE_TEST_PATH:-var/test-browser.sqlite3} $(RUN) pytest -m browser -p no:xdist $(PYTEST_ARGS)

screens: sync
	@test -x $(CHROMIUM) || { echo "Screenshots need Debian's chromium: apt-get install chromium"; exit 1; }
	TAMKEEN_SCREENS=1 TAMKEEN_SQLITE_TEST_PATH=$${TAMKEEN_SQLITE_TEST_PATH:-var/test-screens.sqlite3} $(RUN) pytest -m browser -p no:xdist -q tests/browser/test_screens.py

test-pg: sync
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(RUN) pytest -m "not browser" -n 2 $(PYTEST_ARGS)

lint: sync
	$(RUN) ruff check .
	$(RUN) ruff format --check .

fmt: sync
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

bench: sync
	$(RUN) tamkeen bench $(or $(NAME),all) $(if $(SCALE),--scale $(SCALE))

# Each app keeps its own catalogue (tamkeen/<app>/locale/ar); templates/ and config/ use locale/ar.
messages: sync
	@for app in tamkeen/*/; do \
		mkdir -p $$app/locale; \
		(cd $$app && DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH=../.. $(UV) run --frozen django-admin makemessages -l ar -i "tests/*" --no-obsolete --no-location >/dev/null) || exit 1; \
	done
	$(RUN) tamkeen makemessages -l ar -i ".venv/*" -i "var/*" -i "bench/*" -i "tamkeen/*" -i "tests/*" --no-obsolete --no-location >/dev/null
	$(RUN) tamkeen compilemessages -i .venv >/dev/null

# Seeds (or reuses) ops_loadtest_<N> on the local PostgreSQL, serves the app with gunicorn and a task worker on
# 127.0.0.1, drives it with Locust and prints per-page percentiles and the slowest queries (docs/benchmarks.md).
loadtest: sync
	$(UV) run --frozen --group loadtest python -m loadtest.run
