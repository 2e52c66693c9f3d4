# The SEND partnership platform: one command to run it, one to test it.
#
#   make run     install what is missing, then serve http://127.0.0.1:$${PORT:-8000}/ with a worker and beat
#   make test    install what is missing, ruff, then pytest (PYTEST_ARGS="-k something" to narrow it)
#   make shell   a Django shell against the same database `make run` uses
#
# Without DATABASE_URL an embedded PostgreSQL keeps its data in var/pgdata; without REDIS_URL Celery
# carries messages through files in var/celery (docs/adr/0002). Only Python 3.11+, Node and npm are needed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

# Stamps record that an install ran after the files it depends on last changed.
DEPS_STAMP := $(VENV)/.send-deps.stamp
NPM_STAMP := node_modules/.send-npm.stamp
ASSETS_STAMP := static/build/.send-assets.stamp

# Playwright's Python package is a dev dependency; its browsers are never downloaded (tests use
# /usr/bin/chromium).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install assets run test lint format shell

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]" -c requirements.lock
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): $(NPM_STAMP) static/build-assets.mjs
	npm run build
	touch $@

install: $(DEPS_STAMP) $(ASSETS_STAMP) ## create .venv and install Python and npm dependencies, build assets

assets: $(ASSETS_STAMP) ## copy GOV.UK Frontend into static/build

run: install ## serve the service, a Celery worker and beat (Ctrl-C stops everything)
	$(BIN)/python -m send_system.devserver run

lint: $(DEPS_STAMP) ## ruff check
	$(BIN)/ruff check .

format: $(DEPS_STAMP) ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite runs on two workers (pytest-xdist), each with its own test database: PYTEST_WORKERS=0 runs it
# in one process.
PYTEST_WORKERS ?= 2

test: install lint ## ruff, then the whole test suite (slow and browser tests included)
	$(BIN)/python -m send_system.devserver test -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

shell: install ## Django shell on the run database
	$(BIN)/python -m send_system.devserver exec -- $(BIN)/python manage.py shell
