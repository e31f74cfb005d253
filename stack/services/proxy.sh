#!/usr/bin/env bash
# The docker proxy on 127.0.0.1:8790: start|stop.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

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
          "$DD_HORIZON_VENV/bin/python" -m docker_dashboard.proxy
    ;;
  stop) stop_service proxy ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
