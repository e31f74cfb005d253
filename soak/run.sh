#!/usr/bin/env bash
# The soak, then every fault, then RELIABILITY.md rewritten from what they
# measured (`make soak`; SOAK_SECONDS=60 for a quick run). Everything runs on
# loopback against processes of the suite's own; each step has a time bound
# and stops by itself.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../stack/lib/env.sh"
cd "$DD_REPO_ROOT"
set -a; . "$DD_PROJECTS_ENV"; set +a
export SOAK_SECONDS=${SOAK_SECONDS:-300}
command="make soak"
[ "$SOAK_SECONDS" = 300 ] || command="SOAK_SECONDS=$SOAK_SECONDS make soak"
run() {
  PYTHONPATH="$DD_REPO_ROOT" timeout --kill-after=30 "$1" \
    "$DD_HORIZON_VENV/bin/python" -m "${@:2}"
}
echo "== soak: $SOAK_SECONDS s"
# The run, plus the time to start its proxy and Horizon and clean up.
run $((SOAK_SECONDS + 600)) soak.soak
echo "== faults"
run 2400 soak.faults
run 60 soak._report "$command"
