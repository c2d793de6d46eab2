# Expo management system. `make run` and `make test` are the two set-up commands (README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VAR := var
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
PYTEST_ARGS ?= -n auto --dist loadfile

export DJANGO_SETTINGS_MODULE := expo.settings

# The embedded defaults of a developer's machine: SQLite and kombu's filesystem broker, no
# server needed. Anything already set in the environment wins.
DEV_ENV = DEBUG="$${DEBUG:-true}" HTTPS="$${HTTPS:-false}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(VAR)/secret_key)}" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/$(VAR)/db.sqlite3}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-filesystem://}" \
	DEMO_PASSWORD="$${DEMO_PASSWORD:-$$(cat $(VAR)/demo_password)}"

# The test suite: SQLite unless DATABASE_URL points at PostgreSQL (as .ci/run does). Bytecode
# is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): pytest keeps each
# test module with its rewritten asserts in __pycache__, which halves the collection of the
# next run (9 s -> 4.4 s per process here).
TEST_ENV = PYTHONDONTWRITEBYTECODE= HTTPS=false DEBUG=false \
	SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/$(VAR)/test-main.sqlite3}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-filesystem://}" \
	CELERY_BROKER_FOLDER="$(CURDIR)/$(VAR)/test-broker" \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: help install run test test-fast lint serve worker messages collectstatic clean backup restore bench

help:
	@echo "make run    serve the demo on http://127.0.0.1:8000/ with a Celery worker (SQLite, no servers)"
	@echo "make test   run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)"
	@echo "make test-fast  the suite without the slow and browser tests (pytest -m \"not slow and not e2e\")"
	@echo "make lint   ruff, the import layers (import-linter) and the migrations check"
	@echo "make serve  production-style: gunicorn, PostgreSQL, Redis, Celery worker and beat"
	@echo "make bench  benchmarks at 1x and 10x the 13th edition against their floors (PostgreSQL, Redis, wrk): docs/benchmarks/"
	@echo "make backup              pg_dump of DATABASE_URL (PostgreSQL) and MEDIA_ROOT into var/backups/*.tar"
	@echo "make restore FILE=...    restore a backup into an empty DATABASE_URL (FORCE=1 replaces it) and MEDIA_ROOT"

$(RUN_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(RUN_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(RUN_STAMP) $(MO_FILES)

%.mo: %.po | $(RUN_STAMP)
	$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

$(VAR)/secret_key $(VAR)/demo_password: | $(RUN_STAMP)
	mkdir -p $(VAR)
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(VAR)/secret_key
	$(PY) -c "import secrets; print('Expo-' + secrets.token_urlsafe(9))" > $(VAR)/demo_password
	chmod 600 $(VAR)/secret_key $(VAR)/demo_password

$(VAR)/dev.env: $(VAR)/secret_key
	@printf 'DEBUG=true\nHTTPS=false\nSECRET_KEY=%s\nDATABASE_URL=sqlite:///$(CURDIR)/$(VAR)/db.sqlite3\nCELERY_BROKER_URL=filesystem://\n' \
		"$$(cat $(VAR)/secret_key)" > $@

run: install $(VAR)/secret_key $(VAR)/demo_password $(VAR)/dev.env
	@mkdir -p $(VAR)/static
	@$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(DEV_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "  Expo management system: http://127.0.0.1:8000/"
	@echo "  Log in at http://127.0.0.1:8000/accounts/login/ with password: $$($(DEV_ENV) sh -c 'echo $$DEMO_PASSWORD')"
	@echo "    organizer (secretariat, superuser)  protocol (protocol office)"
	@echo "    commerce, changchun (member units)   exhibitor1, exhibitor2 (exhibitors)"
	@echo "    merchant1 (a registered merchant: meetings with exhibitors at /matchmaking/)"
	@echo "  Organizers then set up a two-step code; without a phone: $(PY) manage.py otp_code organizer"
	@echo "  Ctrl-C stops the web server and the Celery worker."
	@echo
	@# Background jobs of a non-interactive shell ignore SIGINT: on Ctrl-C the trap ends the
	@# whole process group (worker, web server and its autoreloader) with SIGTERM.
	@$(DEV_ENV) bash -c 'trap "trap - INT TERM EXIT; kill -TERM 0 2>/dev/null; wait" INT TERM EXIT; \
		$(VENV)/bin/celery -A expo worker --beat --loglevel=INFO --concurrency=2 --schedule=$(VAR)/celerybeat-schedule & \
		$(PY) manage.py runserver 127.0.0.1:8000 & \
		wait'

test: $(DEV_STAMP) $(MO_FILES)
	@mkdir -p $(VAR)/static
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# The fast part of the suite, for a developer's loop: without the tests marked slow (the demo
# seeded, the 210,000-row import, real workers, threads committing on PostgreSQL, backups,
# LibreOffice) and the browser tests. It keeps its test databases between runs (--reuse-db;
# pytest-django still applies new migrations to them): the first run builds them.
# `make test` stays the whole suite on fresh databases, as CI runs it.
test-fast:
	@$(MAKE) --no-print-directory test PYTEST_ARGS='$(PYTEST_ARGS) --reuse-db -m "not slow and not e2e"'

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

messages: $(DEV_STAMP)
	$(TEST_ENV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var

# Production style. Set SECRET_KEY, ALLOWED_HOSTS and, behind a TLS proxy, keep HTTPS on;
# HTTPS=false only to try it on plain http.
SERVE_ENV = DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/expo}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(VAR)/secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" STATIC_ROOT="$${STATIC_ROOT:-$(CURDIR)/$(VAR)/static}"
serve: install $(VAR)/secret_key
	$(SERVE_ENV) $(PY) manage.py check --deploy --fail-level ERROR
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	@$(SERVE_ENV) bash -c 'trap "kill 0" EXIT; \
		$(VENV)/bin/celery -A expo worker --loglevel=INFO & \
		$(VENV)/bin/celery -A expo beat --loglevel=INFO & \
		$(VENV)/bin/gunicorn expo.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-3} --threads $${WEB_THREADS:-4} --keep-alive $${WEB_KEEPALIVE:-5} --access-logfile -'

# Backups: PostgreSQL only (the same defaults as `make serve`); the logic is in expo/backup.py.
backup: install $(VAR)/secret_key
	$(SERVE_ENV) $(PY) manage.py backup

restore: install $(VAR)/secret_key
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/expo-....tar [FORCE=1]"; exit 2; }
	$(SERVE_ENV) $(PY) manage.py restore "$(FILE)" $(if $(filter 1 true yes,$(FORCE)),--force)

# Benchmarks (tests/bench/run.py): production settings on PostgreSQL and Redis, in a database
# of their own, with the expo-day load test (locust, tests/bench/locustfile.py); BENCH_ARGS e.g.
# "--factors 1 --duration 3", "--only-expo-day --expo-day-users 20", "--skip-expo-day".
BENCH_ENV = DATABASE_URL="$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/expo_bench}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(VAR)/secret_key)}" DEBUG=false HTTPS=false \
	ALLOWED_HOSTS=127.0.0.1,localhost STATIC_ROOT="$(CURDIR)/$(VAR)/bench/static"
bench: install $(DEV_STAMP) $(VAR)/secret_key  # locust is a development requirement
	$(BENCH_ENV) $(PY) tests/bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VAR)/test-* $(MO_FILES)
