#!/usr/bin/env bash
# The Python suite: builds the abi3 wheel with maturin (release, python/target), installs it
# into python/.venv and runs pytest over python/tests. Needs the native vector outputs
# (`cargo test --test vectors`) for the byte-for-byte comparison, and Java 17 for Spark.
# scripts/setup makes the virtualenv; scripts/test runs this as the suite "python".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
VENV="$PWD/.venv"
[ -x "$VENV/bin/maturin" ] || { echo "python/.venv has no maturin: run scripts/setup" >&2; exit 1; }
rm -rf dist
VIRTUAL_ENV="$VENV" "$VENV/bin/maturin" build --release --quiet --out dist
"$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/tierwise-*.whl
export PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python" SPARK_LOCAL_IP=127.0.0.1
# From outside the source tree, so the tests import the installed wheel.
cd tests
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
