# Liaison — two commands:
#   make run    set up (venv, install, translations, database, demo data), then serve
#               http://127.0.0.1:8000 with the background worker and scheduler beside it
#   make test   set up, then lint, migration check and the test suite on SQLite and,
#               when PostgreSQL is reachable, again on PostgreSQL (what CI runs)
#
# Variables: PYTHON (python3), HOST (127.0.0.1), PORT (8000), PYTEST_ARGS (-n 2),
# DATABASE_URL_PG (the PostgreSQL URL for the second test run; by default the database
# that .ci/run creates: postgres://liaison:liaison@127.0.0.1:5432/liaison).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2
PG_URL := $(or $(DATABASE_URL_PG),postgres://liaison:liaison@127.0.0.1:5432/liaison)
# Directories compilemessages must not walk into (it searches the whole tree).
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=.git --ignore=node_modules

.PHONY: help run test install messages catalogs lint format migrations-check test-sqlite test-pg

help:
	@echo "make run    set up and serve Liaison with demo data on http://$(HOST):$(PORT)"
	@echo "make test   lint, migration check, tests on SQLite (and PostgreSQL if reachable)"

# --- set-up ---------------------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change; the package itself is editable. pip's
# output (setuptools build warnings) is shown only when the installation fails.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing Liaison and its dependencies into $(VENV)/"
	@log=$$($(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]" 2>&1) \
	  || { echo "$$log" >&2; exit 1; }
	@touch $@

install: $(VENV)/.installed

messages: install
	@if find liaison -path '*/locale/*' -name '*.po' | grep -q .; then \
	  $(BIN)/liaison manage compilemessages $(MESSAGES_IGNORE) -v 0; \
	else \
	  echo "No translation catalogs yet: nothing to compile."; \
	fi

# Refresh the catalogs from the source after changing UI strings, then translate the new
# entries in liaison/locale/{vi,lo,km}; English is the source and is filled in here.
catalogs: install
	cd liaison && ../$(BIN)/python -m django makemessages -l vi -l lo -l km -l en \
	  --no-location --ignore='tests/*' --ignore='static/*'
	@# gettext's fuzzy guesses are often wrong: make them plain untranslated entries
	@for l in vi lo km en; do \
	  f=liaison/locale/$$l/LC_MESSAGES/django.po; \
	  msgattrib --clear-fuzzy --empty --no-obsolete $$f -o $$f; \
	done
	msgen liaison/locale/en/LC_MESSAGES/django.po -o liaison/locale/en/LC_MESSAGES/django.po
	@for l in vi lo km; do \
	  printf '%s: ' $$l; msgfmt --statistics -o /dev/null liaison/locale/$$l/LC_MESSAGES/django.po; \
	done

# --- make run -------------------------------------------------------------------------
# The worker and the scheduler (which enqueues escalation and the daily digest) run in
# the background and are stopped when the server stops (Ctrl-C).
run: messages
	$(BIN)/liaison migrate --no-input
	$(BIN)/liaison demo
	@$(BIN)/liaison worker & worker=$$!; \
	$(BIN)/liaison scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null || true; wait $$worker $$scheduler 2>/dev/null || true' EXIT INT TERM; \
	echo; \
	echo "Liaison on http://$(HOST):$(PORT)/ — sign in with a demo login above."; \
	echo "Ctrl-C stops the server, the worker and the scheduler."; \
	$(BIN)/liaison serve --host $(HOST) --port $(PORT)

# --- make test ------------------------------------------------------------------------
test: messages lint migrations-check test-sqlite test-pg

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/liaison manage makemigrations --check --dry-run

test-sqlite: messages
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Skipped when no PostgreSQL answers, unless one was asked for (DATABASE_URL_PG) or this
# is CI: there a missing database is a failure, not a skip.
test-pg: messages
	@if $(BIN)/python -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' \
	    "$(PG_URL)" 2>/dev/null; then \
	  echo "== Test suite on PostgreSQL"; \
	  DATABASE_URL="$(PG_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ -n "$${DATABASE_URL_PG:-}" ] || [ "$${CI:-}" = "true" ]; then \
	  echo "PostgreSQL is not reachable (set DATABASE_URL_PG, or run .ci/run)." >&2; \
	  exit 1; \
	else \
	  echo "== PostgreSQL not reachable: skipping the PostgreSQL run (set DATABASE_URL_PG)."; \
	fi
