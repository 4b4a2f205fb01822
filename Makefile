# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test setup deps assets translations migrate demo lint messages ci-quickstart clean

run: setup
	@echo "PST Konsultasi on http://localhost:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

test: deps assets translations
	DEBUG=on $(PY) manage.py check
	DEBUG=on $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	scripts/ensure-chromium
	scripts/ensure-redis
	scripts/ensure-dovecot
	$(VENV)/bin/pytest

setup: .env deps assets translations migrate demo

# Development defaults for a fresh clone; production sets its variables instead (.env.example).
.env:
	printf '# Written by make run for local development; see .env.example for every setting.\nDEBUG=on\n' > .env

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json deps
	DEBUG=on $(PY) manage.py collectstatic --noinput -v0

translations: deps
	DEBUG=on $(PY) manage.py compile_translations

migrate: deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# For developers (needs GNU gettext): refresh locale/id/LC_MESSAGES/django.po from the sources.
messages: deps
	DEBUG=on $(PY) manage.py makemessages -l id --no-location --no-obsolete -i '.venv/*' -i 'node_modules/*' -i 'staticfiles/*'

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
