#!/usr/bin/env bash
# A Docker host's proxy: start|stop [host1|host2] (default host1).
#
#   host1  127.0.0.1:8790 in front of /var/run/docker.sock, service `proxy`, zone nova:
#          also the routing endpoint, the catalog's `docker` endpoint.
#   host2  127.0.0.1:8791 (DD_HOST2_PROXY_PORT) in front of host2's dockerd
#          ($DD_HOST2_DOCKER_SOCK), service `proxy-host2`, zone az2.
# Both share one state database (host1's SQLite file), each with a state folder of its
# own (its provider uuid, layers), and register their host with Placement as the
# `docker-proxy` service user.
#
# Supervised (stack/lib/supervise.py): when the proxy dies (a crash, kill -9, a
# SIGTERM of its own), it is started again, with a growing delay while it keeps
# dying; each restart is a line in logs/NAME.log. The pidfile holds the supervisor:
# `stop` (and `make stop`) sends it SIGTERM, it passes that on, the proxy ends its
# live streams and exits within DD_SHUTDOWN_TIMEOUT, and nothing is restarted.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

: "${DD_SHUTDOWN_TIMEOUT:=10}"
# Placement counts a container without a CPU limit as one vCPU. At Nova's default
# ratio (16) this 2-core machine would hold 32 such containers per host, fewer than the
# demo and a test run keep at once (100 concurrent launches among them); 64 lets many
# small containers in while a host's memory stays the limit that matters.
: "${DD_CPU_ALLOCATION_RATIO:=64}"
# Pack, not the proxy's default spread: a launch goes to the fullest host that still has
# room, so host1 (the demo's containers, and where the tests read dockerd's own answers)
# takes launches until it is full and host2 takes the rest; an admin, or a user choosing
# host2's zone, puts one on host2 at once.
: "${DD_PLACEMENT_STRATEGY:=pack}"

host=${2:-host1}
case $host in
  host1) service=proxy port=$DD_PROXY_PORT socket=$DD_DOCKER_SOCK url=$DD_PROXY_URL
         state=$DD_STATE/proxy zone=nova ;;
  host2) service=proxy-host2 port=$DD_HOST2_PROXY_PORT socket=$DD_HOST2_DOCKER_SOCK
         url=$DD_HOST2_PROXY_URL state=$DD_STATE/proxy-host2 zone=az2 ;;
  *) echo "usage: $0 start|stop [host1|host2]" >&2; exit 2 ;;
esac

case "${1:-}" in
  start)
    mkdir -p "$DD_STATE/proxy" "$state"
    # Inherited rather than on the command line, which start_service writes to the log.
    export DD_PROXY_SERVICE_PASSWORD=$DD_SERVICE_PASSWORD
    # This stack's Placement, when this stack (this DD_STATE) runs one. A proxy started
    # on a state folder of its own beside a running stack (as tests/integration/
    # test_proxy_supervised.py does) is another host under a name the stack's Placement
    # already gives host1's provider: it runs without Placement, a single host as before.
    placement_url=$DD_PLACEMENT_URL
    if ! service_pid placement >/dev/null; then
      placement_url=''
      dd_say "$service: no Placement in this stack ($DD_STATE): started without it"
    fi
    start_service "$service" "$port" --http /healthz -- \
      env PYTHONPATH="$DD_REPO_ROOT" \
          DD_PROXY_HOST="$DD_HOST" DD_PROXY_PORT="$port" \
          DD_KEYSTONE_URL="$DD_KEYSTONE_URL" DD_DOCKER_SOCKET="$socket" \
          DD_TICKET_SECRET_FILE="$DD_TICKET_SECRET_FILE" \
          DD_PROXY_STATE="$state" DD_DATABASE_URL="$DD_PROXY_DATABASE_URL" \
          DD_PROXY_NAME="$host" DD_HOST_NAME="$host" DD_ADVERTISE_URL="$url" \
          DD_AVAILABILITY_ZONE="$zone" \
          DD_PLACEMENT_URL="$placement_url" \
          DD_PROXY_SERVICE_USER=docker-proxy \
          DD_CPU_ALLOCATION_RATIO="$DD_CPU_ALLOCATION_RATIO" \
          DD_PLACEMENT_STRATEGY="$DD_PLACEMENT_STRATEGY" \
          DD_PUBLIC_IMAGES="${DD_PUBLIC_IMAGES:-$DD_BASE_IMAGE}" \
          DD_SHUTDOWN_TIMEOUT="$DD_SHUTDOWN_TIMEOUT" \
          "$DD_HORIZON_VENV/bin/python" "$DD_STACK_DIR/lib/supervise.py" "$service" -- \
          "$DD_HORIZON_VENV/bin/python" -m docker_dashboard.proxy
    ;;
  # Longer than the proxy's own bound, so its graceful stop is never cut short.
  stop) stop_service "$service" "$(( ${DD_SHUTDOWN_TIMEOUT%.*} + 10 ))" ;;
  *) echo "usage: $0 start|stop [host1|host2]" >&2; exit 2 ;;
esac
