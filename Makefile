# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
# The suite drops and recreates this database's schema: point it at a throwaway one.
POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run serve test test-postgres lint format browser bench bench-pages bench-import

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# A fresh secret per machine, never in git (instance/ is ignored).
instance/config.py: | $(BIN)/python
	mkdir -p instance
	$(BIN)/python -c 'import secrets; print(f"SECRET_KEY = {secrets.token_hex(32)!r}")' > $@

# Development server over plain HTTP: Secure cookies off, so logging in works there.
run: $(VENV)/.runtime-installed instance/config.py
	$(FLASK) quiz init
	FLASK_SESSION_COOKIE_SECURE=false FLASK_REMEMBER_COOKIE_SECURE=false \
	  $(FLASK) run --host 127.0.0.1 --port 5000

# Production server (gunicorn.conf.py): migrations and banks first, then the workers.
# Behind HTTPS; set FLASK_SESSION_COOKIE_SECURE=false only to try it over plain HTTP.
serve: $(VENV)/.runtime-installed instance/config.py
	$(FLASK) quiz init
	$(BIN)/gunicorn --config gunicorn.conf.py app:app

# The browser tests drive Debian's Chromium; install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

test: $(VENV)/.dev-installed browser
	$(BIN)/pytest

test-postgres: $(VENV)/.dev-installed browser
	DATABASE_URL=$(POSTGRES_URL) QUIZ_REQUIRE_DATABASE=postgresql $(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_queries.py

# Hot pages against the bare-Flask floor under gunicorn, measured with wrk (~2 min).
bench-pages: $(VENV)/.dev-installed
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python bench/pages.py

# A 10,000-question bank through tokenize / validate / import / unchanged re-import.
bench-import: $(VENV)/.dev-installed
	$(BIN)/python bench/import_pipeline.py
