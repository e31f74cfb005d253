#!/usr/bin/env bash
# The docker proxy on 127.0.0.1:8790: start|stop.
#
# Supervised (stack/lib/supervise.py): when the proxy dies (a crash, kill -9, a
# SIGTERM of its own), it is started again, with a growing delay while it keeps
# dying; each restart is a line in logs/proxy.log. The pidfile holds the supervisor:
# `stop` (and `make stop`) sends it SIGTERM, it passes that on, the proxy ends its
# live streams and exits within DD_SHUTDOWN_TIMEOUT, and nothing is restarted.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

: "${DD_SHUTDOWN_TIMEOUT:=10}"

case "${1:-}" in
  start)
    mkdir -p "$DD_STATE/proxy"
    start_service proxy "$DD_PROXY_PORT" --http /healthz -- \
      env PYTHONPATH="$DD_REPO_ROOT" \
          DD_PROXY_HOST="$DD_HOST" DD_PROXY_PORT="$DD_PROXY_PORT" \
          DD_KEYSTONE_URL="$DD_KEYSTONE_URL" DD_DOCKER_SOCKET="$DD_DOCKER_SOCK" \
          DD_TICKET_SECRET_FILE="$DD_TICKET_SECRET_FILE" \
          DD_PROXY_STATE="$DD_STATE/proxy" \
          DD_PUBLIC_IMAGES="${DD_PUBLIC_IMAGES:-$DD_BASE_IMAGE}" \
          DD_SHUTDOWN_TIMEOUT="$DD_SHUTDOWN_TIMEOUT" \
          "$DD_HORIZON_VENV/bin/python" "$DD_STACK_DIR/lib/supervise.py" proxy -- \
          "$DD_HORIZON_VENV/bin/python" -m docker_dashboard.proxy
    ;;
  # Longer than the proxy's own bound, so its graceful stop is never cut short.
  stop) stop_service proxy "$(( ${DD_SHUTDOWN_TIMEOUT%.*} + 10 ))" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
