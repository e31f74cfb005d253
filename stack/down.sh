#!/usr/bin/env bash
# Stops what stack/up.sh started, newest first, by the pidfiles in $DD_RUN_DIR: a
# dockerd or any other process this stack did not start is left running. Containers,
# images, databases and keys stay; the next up.sh carries on with them.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

mkdir -p "$DD_RUN_DIR"
exec 9>"$DD_RUN_DIR/stack.lock"
flock -n 9 || { dd_say "waiting for another up.sh/down.sh to finish"; flock 9; }

# The lead's scripts know their own processes; without them, a pidfile of that name
# (from a script since removed) is still ours to stop.
for name in horizon proxy; do
  script=$DD_STACK_DIR/services/$name.sh
  if [ -f "$script" ]; then
    bash "$script" stop
  else
    stop_service "$name" >/dev/null
  fi
done
if [ -f "$DD_STACK_DIR/services/proxy.sh" ]; then
  bash "$DD_STACK_DIR/services/proxy.sh" stop host2
else
  stop_service proxy-host2 >/dev/null
fi
stop_service nova
stop_service glance
stop_service placement
stop_service keystone
stop_service registry
# Stopping dockerd stops the containers; restart policy brings them back with it. Each
# host's bridge and the firewall rules for host2 stay, for the next up.sh.
stop_service dockerd-host2 60
stop_service dockerd 60
