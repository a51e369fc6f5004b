# Newsroom: the one runner. `make run` serves the demo site (with a task worker), `make test`
# runs every test.
# lock-check compares with process substitution.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mails sent by the development server point at the port it runs on.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast lint format bench install install-dev lock lock-check browser axe java varnish nginx gettext db-stop clean

# Installs come from the lock files in requirements/ (exact versions with hashes, made from
# pyproject.toml by `make lock`), then the project itself, editable, with no dependencies.
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
BENCH_LOCK := requirements/bench.txt
# Locks are PyPI's view: this machine's pip configuration (local mirrors) is left out.
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(RUNTIME_LOCK) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(RUNTIME_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(DEV_LOCK) $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	touch $@

$(VENV)/.installed-bench: $(BENCH_LOCK) $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet --require-hashes -r $(BENCH_LOCK)
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# After changing dependencies in pyproject.toml: pins what changed, keeps the rest.
# `make lock UPGRADE=1` moves every pin to the newest release the ranges allow.
lock: install-dev
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --output-file $(RUNTIME_LOCK) pyproject.toml
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev --extra sentry --output-file $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev --extra sentry --extra bench \
		--output-file $(BENCH_LOCK) pyproject.toml

# Fails when pyproject.toml asks for something the lock files do not pin.
lock-check: install-dev
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for lock in "$(RUNTIME_LOCK) " "$(DEV_LOCK) --extra dev --extra sentry" \
			"$(BENCH_LOCK) --extra dev --extra sentry --extra bench"; do \
		set -- $$lock; file=$$1; shift; cp "$$file" "$$tmp/lock.txt"; \
		$(PIP_COMPILE) "$$@" --output-file "$$tmp/lock.txt" pyproject.toml; \
		if ! diff -u <(grep -v '^#' "$$file") <(grep -v '^#' "$$tmp/lock.txt"); then \
			echo "$$file is out of date with pyproject.toml: run make lock"; exit 1; \
		fi; \
	done

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	# The server and a task worker (mail, renditions, cache purges), stopped together.
	SITE_URL=$(SITE_URL) $(BIN)/python -m newsroom.devserver $(HOST):$(PORT)

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

# The edge stack test (tests/edge, marker edge) runs Debian's Varnish 7 with varnish-modules
# (xkey); install them when missing.
VARNISHD ?= /usr/sbin/varnishd
varnish:
	@if [ ! -x "$(VARNISHD)" ] || [ -z "$$(ls /usr/lib/*/varnish/vmods/libvmod_xkey.so 2>/dev/null)" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Varnish and varnish-modules from Debian's packages for the edge test..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; \
		else \
			echo "The edge test needs Varnish. Run: sudo apt-get install varnish varnish-modules"; exit 1; \
		fi; \
	fi

# The newsroom-day benchmark (bench/newsroom_day.py) measures Varnish against nginx serving a
# static file of the same size (the machine's ceiling for a cached page); benchmark only.
NGINX ?= /usr/sbin/nginx
nginx:
	@if [ ! -x "$(NGINX)" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing nginx from Debian's packages for the benchmark..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
		else \
			echo "The benchmark needs nginx. Run: sudo apt-get install nginx-light"; exit 1; \
		fi; \
	fi

# makemessages (tests/foundation/test_translations.py) runs GNU gettext; install it when missing.
gettext:
	@if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing GNU gettext from Debian's packages for the translation tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "The translation tests need GNU gettext. Run: sudo apt-get install gettext"; exit 1; \
		fi; \
	fi

# axe-core (accessibility checks injected by the browser tests) and vnu-jar (the Nu HTML
# Checker of tests/site/test_html_validity.py), pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund || npm install --ignore-scripts --no-audit --no-fund
	touch $@

axe: node_modules/axe-core/axe.min.js

test: install-dev browser axe java varnish gettext
	$(BIN)/python -m pytest

# Everything but the browser tests.
test-fast: install-dev axe java varnish gettext
	$(BIN)/python -m pytest -m "not e2e"

# The pre-commit hooks (.pre-commit-config.yaml): ruff, djhtml, django-upgrade, file checks.
lint: install-dev
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# The load benchmark (bench/run.py, docs/performance.md), then the newsroom day through
# Varnish and straight at the app (bench/newsroom_day.py): about 25 minutes, 127.0.0.1 only.
bench: $(VENV)/.installed-bench varnish nginx
	$(BIN)/python bench/run.py
	$(BIN)/python bench/newsroom_day.py

db-stop: install
	$(BIN)/python -c "from pathlib import Path; from newsroom.database import stop_embedded_postgres; stop_embedded_postgres(Path('var/postgres').resolve())"

clean: db-stop
	rm -rf var staticfiles
