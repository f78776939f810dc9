#!/bin/sh
# Install or upgrade Gramota on a branch PC from this folder, with no network: the locked
# wheels in wheels/ and the project beside this script (the same steps as `make install`,
# the package index never asked). Run the script of a newer folder to upgrade; keep the
# instance/ folder (database, keys, settings) by copying it into the new folder first.
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
PIP="--quiet --disable-pip-version-check --no-index --find-links wheels --no-deps"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# --require-hashes: each wheel is the one the lock names, byte for byte
.venv/bin/python -m pip install $PIP --require-hashes -r requirements/runtime.txt
.venv/bin/python -m pip install $PIP --no-build-isolation -e .
.venv/bin/pybabel -q compile -d lms/translations
.venv/bin/flask --app wsgi lms init
.venv/bin/flask --app wsgi lms check
echo "Gramota is installed. Start it: .venv/bin/flask --app wsgi run --port 5000"
echo "As a node of a region: docs/operations.md, 'A region and its branch nodes'."
