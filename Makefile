# The two commands of the README:
#   make run   — installs, migrates, loads the demo and starts web + worker + beat
#   make test  — runs every test (on PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrations-check messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# SITE_URL follows HOST and PORT: the links in reminders and emails point where the portal runs.
RUN_ENV = DEBUG=1 DEMO_MODE=1 SITE_URL=http://$(HOST):$(PORT)

run: $(VENV)/.run-installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py loaddemo
	$(RUN_ENV) WEB_PORT=$(PORT) HOST=$(HOST) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

test: $(VENV)/.dev-installed
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.dev-installed
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the translation catalogues after changing strings; the compiled .mo files are committed.
messages: $(VENV)/.dev-installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=static --ignore=tests --ignore=bench
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

# The importer's figures; the database benchmarks need PostgreSQL (see bench/README.md).
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/import_bench.py

clean:
	rm -rf var
