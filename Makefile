# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
# The suite drops and recreates this database's schema: point it at a throwaway one.
POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-postgres lint format browser bench bench-import

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

run: $(VENV)/.runtime-installed instance/config.py
	$(FLASK) quiz init
	$(FLASK) run --host 127.0.0.1 --port 5000

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

# A 10,000-question bank through tokenize / validate / import / unchanged re-import.
bench-import: $(VENV)/.dev-installed
	$(BIN)/python bench/import_pipeline.py
