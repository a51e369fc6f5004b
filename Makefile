# Newsroom: the one runner. `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mails sent by the development server point at the port it runs on.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast lint format bench install install-dev browser axe java db-stop clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,sentry]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing (root only).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Chromium from Debian's packages for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium. Run: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

# The Nu HTML Checker (tests/site/test_html_validity.py) runs on Java; install it when missing.
java:
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Java from Debian's packages for the HTML checker..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
		else \
			echo "The HTML checker needs Java. Run: sudo apt-get install default-jre-headless"; exit 1; \
		fi; \
	fi

# axe-core (accessibility checks injected by the browser tests) and vnu-jar (the Nu HTML
# Checker of tests/site/test_html_validity.py), pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund || npm install --ignore-scripts --no-audit --no-fund
	touch $@

axe: node_modules/axe-core/axe.min.js

test: install-dev browser axe java
	$(BIN)/python -m pytest

# Everything but the browser tests.
test-fast: install-dev axe java
	$(BIN)/python -m pytest -m "not e2e"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# The load benchmark (bench/run.py, docs/performance.md): about 10 minutes, 127.0.0.1 only.
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

db-stop: install
	$(BIN)/python -c "from pathlib import Path; from newsroom.database import stop_embedded_postgres; stop_embedded_postgres(Path('var/postgres').resolve())"

clean: db-stop
	rm -rf var staticfiles
