#!/usr/bin/env bash
# One line per piece of the local stack: up (ours, with pid), up (not ours), or down.
# Exits 1 if any piece up.sh would start is down.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

down=0
report() {
  local name=$1 answers=$2 pid state
  if pid=$(service_pid "$name"); then
    if [ "$answers" = yes ]; then state="up (pid $pid)"; else state="starting or stuck (pid $pid)"; fi
  elif [ "$answers" = yes ]; then
    state="up (not started by this stack)"
  else
    state=down
    down=1
  fi
  printf '%-13s %s\n' "$name" "$state"
}
answers_port() { port_answers "$1" && echo yes || echo no; }

report dockerd "$(docker -H "$DD_DOCKER_HOST" version >/dev/null 2>&1 && echo yes || echo no)"
report dockerd-host2 "$(docker -H "$DD_HOST2_DOCKER_HOST" version >/dev/null 2>&1 && echo yes || echo no)"
report registry "$(answers_port "$DD_REGISTRY_PORT")"
report keystone "$(answers_port "$DD_KEYSTONE_PORT")"
report placement "$(answers_port "$DD_PLACEMENT_PORT")"
report glance "$(answers_port "$DD_GLANCE_PORT")"
report nova "$(answers_port "$DD_NOVA_PORT")"
for name in proxy proxy-host2 horizon; do
  case $name in
    proxy-host2) script=proxy port=$DD_HOST2_PROXY_PORT ;;
    *) script=$name port_var=DD_${name^^}_PORT port=${!port_var} ;;
  esac
  if [ -f "$DD_STACK_DIR/services/$script.sh" ] || service_pid "$name" >/dev/null; then
    report "$name" "$(answers_port "$port")"
  else
    printf '%-13s %s\n' "$name" "not set up (no stack/services/$script.sh)"
  fi
done
exit "$down"
