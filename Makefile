# Gramota: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Databases the test suite runs against; PostgreSQL at 127.0.0.1:5432, user postgres.
TEST_DATABASES ?= sqlite,postgresql

.PHONY: run install translations messages test lint check bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed translations

# Compile the interface translations (.po -> .mo); without them pages fall back to English.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d lms/translations

# After changing interface strings: extract them and update every language's .po file.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -k translate -k Problem:2 \
	  -k _problem:3 -k fail:3 -k problem:2 --no-location --sort-output -o lms/translations/messages.pot .
	$(VENV)/bin/pybabel update -i lms/translations/messages.pot -d lms/translations --no-fuzzy-matching

run: install
	$(FLASK) lms init
	$(FLASK) lms check
	$(FLASK) lms keys init 2>/dev/null || true
	$(FLASK) lms demo
	@echo "Gramota is at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install
	GRAMOTA_TEST_DATABASES=$(TEST_DATABASES) $(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check lms tests bench

check: install
	$(FLASK) lms check --strict

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
	find lms/translations -name '*.mo' -delete
