#!/usr/bin/env bash
# Runs every benchmark against the running stack; each prints its figures
# and its ratio to the natural peer measured in the same run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../stack/lib/env.sh"
cd "$DD_REPO_ROOT"
set -a; . "$DD_PROJECTS_ENV"; set +a
# Every bench/*.py is a benchmark, except helpers whose names start with _.
for bench in bench/[!_]*.py; do
  [ -f "$bench" ] || continue
  echo "== $bench"
  PYTHONPATH="$DD_REPO_ROOT" "$DD_HORIZON_VENV/bin/python" -m "bench.$(basename "$bench" .py)"
done
# The comparisons just measured, drawn for BENCHMARKS.md.
PYTHONPATH="$DD_REPO_ROOT" "$DD_HORIZON_VENV/bin/python" -m bench._chart
