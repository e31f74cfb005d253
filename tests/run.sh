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
# axe-core from npm, run inside each plugin page by tests/e2e/test_accessibility.py:
# installed once into its own folder, pinned (a new axe may add rules).
AXE_VERSION=4.14.1
export DD_AXE_JS=$DD_PREFIX/axe/node_modules/axe-core/axe.min.js
if ! head -c 40 "$DD_AXE_JS" 2>/dev/null | grep -q "axe v$AXE_VERSION\b"; then
  if ! command -v npm >/dev/null; then
    apt-get install -y --no-install-recommends npm >/dev/null \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends npm >/dev/null; }
  fi
  npm install --no-audit --no-fund --prefix "$DD_PREFIX/axe" "axe-core@$AXE_VERSION" >/dev/null
fi
# The unit tests once more on the older supported Horizon series (25, Django 4.2); the
# packaging test installs into both series itself, and the rest runs on the default one.
# With PYTEST_ARGS only the tests they name run (`make unit VENV=$DD_HORIZON25_VENV` runs
# this step alone).
status=0
if [ $# -eq 0 ]; then
  echo "==> unit tests on Horizon 25 ($DD_HORIZON25_VENV)"
  "$DD_HORIZON25_VENV/bin/python" -m pytest -q tests/unit || status=$?
fi
"$DD_HORIZON_VENV/bin/python" -m pytest "$@" || status=$?
exit "$status"
