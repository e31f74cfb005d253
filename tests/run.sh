#!/usr/bin/env bash
# Runs every test against the running stack (started by `make test`).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../stack/lib/env.sh"
cd "$DD_REPO_ROOT"
# The demo's project ids and service addresses, for the integration tests.
set -a; . "$DD_PROJECTS_ENV"; set +a
export PLAYWRIGHT_BROWSERS_PATH=0 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The browser code's own tests (node's built-in runner, no npm packages).
if ! command -v node >/dev/null; then
  apt-get install -y --no-install-recommends nodejs >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends nodejs >/dev/null; }
fi
node --test --test-reporter=dot tests/js/
exec "$DD_HORIZON_VENV/bin/python" -m pytest "$@"
