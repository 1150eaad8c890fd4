#!/bin/sh
# Run every foundation benchmark on one core at low priority; extra arguments (e.g.
# --fresh) go to each benchmark. Results: bench/results/*.txt
set -e
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
status=0
nice -n 10 "$PYTHON" bench/bench_scope.py "$@" || status=1
nice -n 10 "$PYTHON" bench/bench_audit.py "$@" || status=1
nice -n 10 "$PYTHON" bench/bench_exchange.py "$@" || status=1
exit $status
