#!/usr/bin/env bash
# Runs the Python package's tests (python/tests: results equal to the CLI's, pipe and
# pipe_jsonl, errors, the Spark job in local mode) against this checkout's libQuarryC and
# quarry CLI, without installing anything: PYTHONPATH=python/src.
#
#   scripts/test_python.sh              (debug builds, as `swift test` leaves them)
#   scripts/test_python.sh -c release   (release builds)
#
# Skips, with a message and exit status 0, where python3 or pytest is missing; the Spark test
# skips itself without pyspark, pyarrow, pandas or Java.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=debug
[ "${1:-}" = "-c" ] && CONFIG=${2:-release}
command -v python3 >/dev/null || { echo "Python tests skipped: python3 not found" >&2; exit 0; }
python3 -c "import pytest" 2>/dev/null || { echo "Python tests skipped: pytest is not installed (python3 -m pip install pytest)" >&2; exit 0; }
swift build -c "$CONFIG" --product QuarryC 2>&1 | tail -1
swift build -c "$CONFIG" --product quarry 2>&1 | tail -1
BIN="$(swift build -c "$CONFIG" --show-bin-path)"
QUARRY_LIBRARY="$BIN/libQuarryC.so" QUARRY_CLI="$BIN/quarry" PYTHONPATH="$PWD/python/src${PYTHONPATH:+:$PYTHONPATH}" \
  python3 -m pytest -q -p no:cacheprovider python/tests
