# Quick start: `make run` serves the app with demo data; `make test` runs lint and the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PYTHON ?= python3
FLASK := $(VENV)/bin/flask --app talent
PYTEST := $(VENV)/bin/pytest
VENDOR := talent/static/vendor/nhsuk
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
PORT ?= 5000

.PHONY: run serve test bootstrap lint db demo chromium bench bench-import bench-load clean

run: bootstrap
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	TALENT_SCHEDULER_IN_PROCESS=1 $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: bootstrap chromium
	if [ -n "$${CI:-}" ] && [ -z "$${TEST_DATABASE_URL:-}" ]; then \
	  echo "CI must run the suite on PostgreSQL too: set TEST_DATABASE_URL (.ci/run does)" >&2; exit 1; \
	fi
	$(VENV)/bin/ruff check .
	env -u TEST_DATABASE_URL $(PYTEST)
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then $(PYTEST); fi

bootstrap: $(VENV)/.installed $(VENDOR)/.copied

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

db: $(VENV)/.installed
	mkdir -p instance
	$(FLASK) db upgrade

# Production-style serving against DATABASE_URL: migrations, then gunicorn (gunicorn.conf.py)
# and exactly one scheduler process, which stops when gunicorn does.
serve: bootstrap
	@if [ -z "$${DATABASE_URL:-}" ]; then echo "make serve needs DATABASE_URL (and SECRET_KEY)" >&2; exit 1; fi
	TALENT_ENV=production $(FLASK) db upgrade
	TALENT_ENV=production $(FLASK) scheduler run & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT; \
	TALENT_ENV=production $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

bench: bootstrap
	$(VENV)/bin/python bench/run.py
	$(VENV)/bin/python bench/matching.py

# The staff import against psql's \copy on the local PostgreSQL (drops and creates talent_bench_import).
bench-import: bootstrap
	$(VENV)/bin/python bench/staff_import.py --rows 10000 100000 1000000

# 100 signed-in users for 2 minutes against the national demo that bench/demo_load.py leaves.
bench-load: bootstrap
	$(VENV)/bin/python bench/load.py --users 100 --seconds 120

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The design system's built CSS, JS and icons, served from Flask's static folder.
$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)
	cp $(NHSUK_DIST)/nhsuk-frontend.min.css $(NHSUK_DIST)/nhsuk-frontend.min.js $(VENDOR)/
	cp -r $(NHSUK_DIST)/assets $(VENDOR)/assets
	touch $@

# Browser tests drive Debian's Chromium; install it where we can (root with apt), else say how.
chromium:
	if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .ruff_cache
