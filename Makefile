# Two commands: `make run` serves the portal with demo data, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails point at the address `make run` serves on, unless SITE_URL says otherwise.
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.PHONY: run test setup messages lint format demo areas translations bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Translations are compiled from the committed .po files on every setup (needs gettext).
messages:
	@command -v msgfmt >/dev/null || { echo "gettext is missing: install it (Debian: apt-get install gettext)"; exit 1; }
	@DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity=0

# A local secret, made once and never committed, so that sessions survive a restart.
.secret_key:
	@$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: $(VENV)/.runtime messages

run: setup .secret_key
	@export DEBUG=true SECRET_KEY_FILE=.secret_key SITE_URL=$(SITE_URL); \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_demo && \
	echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops)" && \
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: setup .secret_key
	DEBUG=true SECRET_KEY_FILE=.secret_key SITE_URL=$(SITE_URL) $(PY) manage.py load_demo

# The osiedla boundaries for the maps: make areas FILE=poznan-osiedla.geojson
areas: setup .secret_key
	@test -n "$(FILE)" || { echo "Name the GeoJSON file: make areas FILE=poznan-osiedla.geojson"; exit 2; }
	@export DEBUG=true SECRET_KEY_FILE=.secret_key; \
	$(PY) manage.py migrate --noinput --verbosity=0 && $(PY) manage.py import_areas $(FILE)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.dev messages lint
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Collect new UI strings into locale/pl/LC_MESSAGES/*.po (then translate them there).
translations: $(VENV)/.runtime
	DEBUG=true $(PY) manage.py makemessages -l pl --no-location --no-obsolete \
		--ignore=.venv --ignore=static/vendor --ignore=tests --ignore=staticfiles
	DEBUG=true $(PY) manage.py makemessages -d djangojs -l pl --no-location --no-obsolete \
		--ignore=.venv --ignore=static/vendor --ignore=tests --ignore=staticfiles

# The portal at city scale on PostgreSQL, served by gunicorn and driven by wrk (README,
# "Benchmark"). SCALE=0.05 is a quick run. Its own database: bench_<name of DATABASE_URL's>.
SCALE ?= 1
bench: setup
	@command -v wrk >/dev/null || { echo "installing wrk"; export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
	@command -v wrk >/dev/null || { echo "wrk is missing: install it (Debian: apt-get install wrk)"; exit 1; }
	$(PY) -m bench --scale $(SCALE)
