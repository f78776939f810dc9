# Gramota: `make run` to try it, `make test` to check it.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
FLASK  := $(VENV)/bin/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Databases the test suite runs against; PostgreSQL at 127.0.0.1:5432, user postgres.
TEST_DATABASES ?= sqlite,postgresql
# The suite runs in one process per core, up to four (pytest-xdist); each has its own
# PostgreSQL database and temporary folders. `make test TEST_WORKERS=0` runs it in one.
TEST_WORKERS ?= auto --maxprocesses 4
# The locks: exact versions with their hashes, made from pyproject.toml by `make lock`.
# runtime.txt serves the site (SQLite, signed certificates), server.txt a region's server
# (PostgreSQL, Redis, gunicorn), core.txt the smallest site (no signing), dev.txt tests
# and benches; the first three are subsets of the last, with the same versions, so what
# is served is what was tested.
LOCKS     := requirements/dev.txt requirements/runtime.txt requirements/server.txt \
             requirements/core.txt
UV_LOCK   := pip compile pyproject.toml --group pyproject.toml:build --universal \
             --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet

.PHONY: run install install-dev translations messages test test-latest test-oldest lock lint \
        check bench clean password-list bundle

$(PY):
	$(PYTHON) -m venv $(VENV)

# Installing from a lock: --no-deps, since the lock names every package; Gramota itself is
# built with the setuptools of the lock, never one fetched for the build.
$(VENV)/.runtime: requirements/runtime.txt pyproject.toml | $(PY)
	$(PIP) --no-deps --require-hashes -r requirements/runtime.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(PY)
	$(PIP) --no-deps --require-hashes -r requirements/dev.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.runtime translations
install-dev: $(VENV)/.dev install

# Compile the interface translations (.po -> .mo); without them pages fall back to English.
translations: $(VENV)/.runtime
	$(VENV)/bin/pybabel -q compile -d lms/translations

# After changing interface strings: extract them and update every language's .po file.
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -k translate -k Problem:2 -k PracticeError:2 \
	  -k _problem:3 -k fail:3 -k problem:2 --no-location --sort-output -o lms/translations/messages.pot .
	$(VENV)/bin/pybabel update -i lms/translations/messages.pot -d lms/translations --no-fuzzy-matching

run: install
	$(FLASK) lms init
	$(FLASK) lms check
	$(FLASK) lms keys init 2>/dev/null || true
	$(FLASK) lms demo
	@echo "Gramota is at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# axe-core for the browser tests, as pinned in its lock (npm's registry, with its hash).
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package-lock.json
	npm ci --prefix tests/browser/axe --no-audit --no-fund --loglevel=error
	touch $@

# Digital Bazaar's Verifiable Credentials library, which checks the Open Badges credentials
# in the tests as any verifier would (tests/verifiers/vc, pinned in its lock).
VC_VERIFIER := tests/verifiers/vc/node_modules/.package-lock.json
$(VC_VERIFIER): tests/verifiers/vc/package-lock.json
	npm ci --prefix tests/verifiers/vc --no-audit --no-fund --loglevel=error
	touch $@

test: install-dev $(AXE) $(VC_VERIFIER)
	GRAMOTA_TEST_DATABASES=$(TEST_DATABASES) $(PY) -m pytest -n $(TEST_WORKERS)

# Refresh the locks after changing the dependencies in pyproject.toml (versions already
# locked stay where the new ranges allow), or with UPGRADE=1 to take the newest releases
# the ranges allow (after `make test-latest` passed with them). Then run `make test`.
lock: install-dev
	$(VENV)/bin/uv $(UV_LOCK) --extra dev $(if $(UPGRADE),--upgrade) -o requirements/dev.txt
	$(VENV)/bin/uv $(UV_LOCK) -c requirements/dev.txt -o requirements/core.txt
	$(VENV)/bin/uv $(UV_LOCK) -c requirements/dev.txt --extra signing -o requirements/runtime.txt
	$(VENV)/bin/uv $(UV_LOCK) -c requirements/dev.txt --extra signing --extra postgresql \
	  --extra redis --extra server -o requirements/server.txt

# The whole suite in a throwaway virtual environment, on versions resolved afresh with
# uv's options $(1), installed after the lock $(2) when one is given; the versions that
# differ from requirements/dev.txt are listed first.
define suite_elsewhere
	@set -e; scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	$(VENV)/bin/uv $(UV_LOCK) $(1) -o "$$scratch/resolved.txt"; \
	$(PYTHON) -m venv "$$scratch/venv"; \
	for lock in $(2) "$$scratch/resolved.txt"; do \
	  "$$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
	    --no-deps --require-hashes -r "$$lock"; done; \
	"$$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
	  --no-deps --no-build-isolation -e .; \
	echo "Versions that differ from requirements/dev.txt:"; \
	diff <(grep -E '^[a-z]' requirements/dev.txt) <(grep -E '^[a-z]' "$$scratch/resolved.txt") \
	  | grep '^>' || echo "  none"; \
	GRAMOTA_TEST_DATABASES=$(TEST_DATABASES) "$$scratch/venv/bin/python" -m pytest \
	  -p no:cacheprovider -n $(TEST_WORKERS)
endef

# The newest releases the ranges in pyproject.toml allow: drift is found here on purpose,
# never on a fresh machine. When it passes, `make lock UPGRADE=1` takes them.
test-latest: install-dev $(AXE) $(VC_VERIFIER)
	$(call suite_elsewhere,--extra dev --upgrade)

# The oldest releases the ranges allow for what Gramota itself needs (the test tools as
# locked): the lower bounds in pyproject.toml are true for a site installing Gramota.
test-oldest: install-dev $(AXE) $(VC_VERIFIER)
	$(call suite_elsewhere,--extra postgresql --extra redis --extra server \
	  --resolution lowest-direct,requirements/dev.txt)

# ruff, and the layers of docs/architecture.md (import-linter, [tool.importlinter]).
lint: install-dev
	$(VENV)/bin/ruff check lms tests bench tools
	$(VENV)/bin/lint-imports --no-cache

# After upgrading zxcvbn in the lock: rewrite lms/people/common_passwords.txt from its list.
password-list: install-dev
	$(PY) tools/common_passwords.py

check: install
	$(FLASK) lms check --strict

bench: install-dev
	$(PY) bench/run.py

# A folder to install a branch node from a stick, with no network (docs/operations.md):
# the last commit's files, the runtime lock's wheels (for this machine, or PLATFORM=win_amd64
# PYVER=3.11 for a branch's other platform) and install.sh (tools/install-offline.sh).
BUNDLE   ?= dist/gramota-offline
PLATFORM ?=
PYVER    ?=
bundle: $(PY)
	rm -rf $(BUNDLE) && mkdir -p $(BUNDLE)/wheels
	git archive HEAD | tar -x -C $(BUNDLE)
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
	  --only-binary=:all: $(if $(PLATFORM),--platform $(PLATFORM)) \
	  $(if $(PYVER),--python-version $(PYVER)) -r requirements/runtime.txt -d $(BUNDLE)/wheels
	cp tools/install-offline.sh $(BUNDLE)/install.sh
	@du -sh $(BUNDLE) | sed 's/\t/  /'

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
	find lms/translations -name '*.mo' -delete
