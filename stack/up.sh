#!/usr/bin/env bash
# Installs what is missing and starts what is not running: Debian packages, the venvs,
# the two Docker hosts' dockerd (host1's and host2's), the registry, Keystone, Placement,
# Glance, Nova's API, their contents, the demo containers, then each host's docker proxy
# and Horizon (stack/services/*.sh, when present).
# Safe to run again: what already runs is left as it is. stack/down.sh stops what this
# started. Settings: stack/lib/env.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

[ "$(id -u)" = 0 ] || dd_die "run as root (apt, dockerd)"

# mariadb-server: the tests run the proxy's state layer on a MariaDB they start themselves
# (tests/mariadb.py); the stack itself keeps its state in SQLite.
# gettext: xgettext for `make messages` and the catalogs' test (tests/unit/i18n).
APT_PACKAGES=(docker.io iptables iproute2 busybox-static docker-registry chromium fonts-dejavu-core curl make nodejs mariadb-server gettext)

ensure_apt_packages() {
  local pkg missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    dd_say "apt: packages present"
    return
  fi
  dd_say "apt: installing ${missing[*]}"
  local log=$DD_LOG_DIR/apt.log try out
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run (an image's own setup, a colleague) may hold the locks for a while:
  # dpkg's lock is waited for by apt itself, the package lists' lock by this loop.
  for try in $(seq 60); do
    if out=$(apt-get -o DPkg::Lock::Timeout=600 update 2>&1); then echo "$out" >>"$log"; break; fi
    echo "$out" >>"$log"
    grep -q 'Could not get lock' <<<"$out" && [ "$try" -lt 60 ] || dd_die "apt-get update failed: see $log"
    sleep 10
  done
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; dd_die "apt-get install failed: see $log"; }
  # Debian starts the system's MariaDB on install; nothing here uses it (the tests start
  # a private mariadbd), so one this run installed is stopped and not started at boot.
  if [[ " ${missing[*]} " == *" mariadb-server "* ]]; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now mariadb >>"$log" 2>&1 || true
    elif [ -x /etc/init.d/mariadb ]; then
      /etc/init.d/mariadb stop >>"$log" 2>&1 || true
    fi
  fi
}

# venv DIR, requirement files: pip runs again only when the files (or the Python) change.
ensure_venv() {
  local name=$1 venv=$2 reqs=("${@:3}") stamp want log args=() f
  stamp=$venv/.dd-requirements.sha256
  want=$({ "$DD_PYTHON" -VV; cat "${reqs[@]}"; } | sha256sum | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    dd_say "$name: up to date"
    return
  fi
  dd_say "$name: installing (log: $DD_LOG_DIR/pip-$name.log)"
  log=$DD_LOG_DIR/pip-$name.log
  # A venv that no longer runs (its Python replaced underneath) is rebuilt from scratch.
  if [ -e "$venv" ] && ! "$venv/bin/python" -c '' 2>/dev/null; then rm -rf "$venv"; fi
  [ -x "$venv/bin/python" ] || "$DD_PYTHON" -m venv "$venv" >>"$log" 2>&1
  for f in "${reqs[@]}"; do args+=(-r "$f"); done
  # From the repo root: a requirements file may name the project itself as "-e .".
  (cd "$DD_REPO_ROOT" && "$venv/bin/pip" install "${args[@]}") >>"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; dd_die "$name: pip install failed: see $log"; }
  echo "$want" >"$stamp"
  dd_say "$name: installed"
}

ensure_venvs() {
  ensure_venv venv-openstack "$DD_OPENSTACK_VENV" "$DD_STACK_DIR/requirements-openstack.txt"
  local reqs=("$DD_REPO_ROOT/requirements.txt" "$DD_REPO_ROOT/test-requirements.txt") f
  for f in "${reqs[@]}"; do
    if [ ! -f "$f" ]; then
      dd_say "venv-horizon: skipped (${f#"$DD_REPO_ROOT"/} not written yet)"
      return
    fi
  done
  ensure_venv venv-horizon "$DD_HORIZON_VENV" "${reqs[@]}" \
    "$DD_REPO_ROOT/requirements-horizon27.txt"
  # The older supported series (Horizon 25, Django 4.2), where tests/run.sh runs the unit
  # tests again: the same requirements, narrowed by requirements-horizon25.txt.
  ensure_venv venv-horizon25 "$DD_HORIZON25_VENV" "${reqs[@]}" \
    "$DD_REPO_ROOT/requirements-horizon25.txt"
}

ensure_ticket_secret() {
  if [ ! -s "$DD_TICKET_SECRET_FILE" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$DD_TICKET_SECRET_FILE.tmp" &&
      mv "$DD_TICKET_SECRET_FILE.tmp" "$DD_TICKET_SECRET_FILE")
    dd_say "ticket secret: created"
  fi
  chmod 600 "$DD_TICKET_SECRET_FILE"
}

ensure_dockerd() {
  local root
  if ! service_pid dockerd >/dev/null && docker -H "$DD_DOCKER_HOST" version >/dev/null 2>&1; then
    # A daemon on another data root (a demo's, when .ci/run wants a new one) would give
    # the run images and containers it did not make: refuse rather than use it.
    root=$(docker -H "$DD_DOCKER_HOST" info --format '{{.DockerRootDir}}' 2>/dev/null) || root=''
    [ "$root" = "$(realpath -m "$DD_DOCKER_DATA_ROOT")" ] ||
      dd_die "a dockerd this stack did not start answers on $DD_DOCKER_SOCK with data root '$root', not $DD_DOCKER_DATA_ROOT (DD_DOCKER_DATA_ROOT): stop it first"
    dd_say "dockerd: already running (not started by this stack; left alone)"
    return
  fi
  mkdir -p "$DD_DOCKER_DATA_ROOT" "$DD_DOCKER_EXEC_ROOT"
  # A short shutdown timeout: the demo containers' PID 1 ignores SIGTERM, and waiting
  # the default 15 s for each would only slow down.sh.
  start_service dockerd - --timeout 60 --ready "docker -H '$DD_DOCKER_HOST' version" -- \
    dockerd --host "$DD_DOCKER_HOST" --data-root "$DD_DOCKER_DATA_ROOT" \
      --exec-root "$DD_DOCKER_EXEC_ROOT" --shutdown-timeout 5 \
      --default-address-pool "base=$DD_DOCKER_ADDRESS_POOL,size=24"
}

# host2's dockerd: a second Docker host on this machine (settings in lib/env.sh). One
# already answering on its socket is used as host1's is: only if its data root is ours.
ensure_host2_dockerd() {
  local root
  if ! service_pid dockerd-host2 >/dev/null &&
      docker -H "$DD_HOST2_DOCKER_HOST" version >/dev/null 2>&1; then
    root=$(docker -H "$DD_HOST2_DOCKER_HOST" info --format '{{.DockerRootDir}}' 2>/dev/null) || root=''
    [ "$root" = "$(realpath -m "$DD_HOST2_DOCKER_DATA_ROOT")" ] ||
      dd_die "a dockerd this stack did not start answers on $DD_HOST2_DOCKER_SOCK with data root '$root', not $DD_HOST2_DOCKER_DATA_ROOT (DD_HOST2_DOCKER_DATA_ROOT): stop it first"
    dd_say "dockerd-host2: already running (not started by this stack; left alone)"
    return
  fi
  mkdir -p "$DD_HOST2_DOCKER_DATA_ROOT" "$DD_HOST2_DOCKER_EXEC_ROOT" "${DD_HOST2_DOCKER_SOCK%/*}"
  # --bridge takes an existing interface, made here with its address (the default
  # network's range). Without --bridge the daemon would take docker0, host1's; with
  # --bridge none it would delete docker0.
  if ! ip link show "$DD_HOST2_BRIDGE" >/dev/null 2>&1; then
    ip link add "$DD_HOST2_BRIDGE" type bridge
    ip addr add "$DD_HOST2_BRIDGE_CIDR" dev "$DD_HOST2_BRIDGE"
  fi
  ip link set "$DD_HOST2_BRIDGE" up
  start_service dockerd-host2 - --timeout 60 --ready "docker -H '$DD_HOST2_DOCKER_HOST' version" -- \
    dockerd --host "$DD_HOST2_DOCKER_HOST" --data-root "$DD_HOST2_DOCKER_DATA_ROOT" \
      --exec-root "$DD_HOST2_DOCKER_EXEC_ROOT" --pidfile "$DD_HOST2_DOCKER_PIDFILE" \
      --bridge "$DD_HOST2_BRIDGE" --iptables=false --shutdown-timeout 5 \
      --default-address-pool "base=$DD_HOST2_DOCKER_ADDRESS_POOL,size=24"
}

# host2's dockerd writes no iptables rules (lib/env.sh says why), and host1's forward
# nothing to or from host2's bridges (FORWARD's policy is DROP). These rules, first in
# DOCKER-USER (the chain dockerd leaves to the operator and never flushes), make host2's
# networks behave as another machine's:
# - containers of one network reach each other (bridged within one bridge);
# - a connection host1's published-port rules redirected (ctstate DNAT), and the replies
#   of one let through, go on to host1's own rules: host2's containers reach host1's
#   published ports as any outside client would;
# - nothing else is routed between host2's networks, nor between them and host1's.
# A published port of host2 answers on this machine's addresses through Docker's
# userland proxy, which no FORWARD rule sees.
HOST2_FIREWALL=(
  "-s $DD_HOST2_DOCKER_ADDRESS_POOL -d $DD_HOST2_DOCKER_ADDRESS_POOL -m physdev --physdev-is-bridged -j ACCEPT"
  "-m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j RETURN"
  "-d $DD_HOST2_DOCKER_ADDRESS_POOL -j DROP"
  "-s $DD_HOST2_DOCKER_ADDRESS_POOL -j DROP"
)

ensure_host2_firewall() {
  local rule want have
  iptables -N DOCKER-USER 2>/dev/null || true
  iptables -C FORWARD -j DOCKER-USER 2>/dev/null || iptables -I FORWARD 1 -j DOCKER-USER
  want=$(for rule in "${HOST2_FIREWALL[@]}"; do echo "-A DOCKER-USER $rule"; done)
  # In place and in this order at the top of the chain: nothing to do. (Otherwise, say
  # after a change of these rules, ours are taken out wherever they are and put back.)
  have=$(iptables -S DOCKER-USER | sed -n "2,$((${#HOST2_FIREWALL[@]} + 1))p")
  [ "$have" = "$want" ] && return
  for rule in "${HOST2_FIREWALL[@]}"; do
    # shellcheck disable=SC2086
    while iptables -D DOCKER-USER $rule 2>/dev/null; do :; done
  done
  local i
  for ((i = ${#HOST2_FIREWALL[@]} - 1; i >= 0; i--)); do
    # shellcheck disable=SC2086
    iptables -I DOCKER-USER 1 ${HOST2_FIREWALL[i]}
  done
  dd_say "firewall: host2's rules set"
}

start_registry() {
  mkdir -p "$DD_STATE/registry/data"
  dd_render "$DD_STACK_DIR/conf/registry.yml.in" "$DD_STATE/registry/config.yml"
  start_service registry "$DD_REGISTRY_PORT" --http /v2/ -- \
    docker-registry serve "$DD_STATE/registry/config.yml"
}

# NAME PORT PATH MODULE [ENV=VALUE...]: one gunicorn worker with threads is plenty here
# ($GUNICORN_THREADS of them, default 4).
start_gunicorn() {
  local name=$1 port=$2 path=$3 module=$4
  start_service "$name" "$port" --http "$path" -- env "${@:5}" \
    "$DD_OPENSTACK_VENV/bin/gunicorn" --no-control-socket -w 1 --worker-class gthread \
    --threads "${GUNICORN_THREADS:-4}" \
    -b "$DD_HOST:$port" --timeout 300 --graceful-timeout 10 --name "dd-$name" \
    --access-logfile - --pythonpath "$DD_STACK_DIR/wsgi" "$module:application"
}

# Runs a first-time setup command, its output into NAME-setup.log, failing loudly.
setup_step() {
  local name=$1 log=$DD_LOG_DIR/$1-setup.log
  shift
  echo "+ $*" >>"$log"
  "$@" >>"$log" 2>&1 || { tail -n 20 "$log" >&2; dd_die "$name: '$*' failed: see $log"; }
}

keystone() {
  local dir=$DD_STATE/keystone bin=$DD_OPENSTACK_VENV/bin
  mkdir -p "$dir"
  dd_render "$DD_STACK_DIR/conf/keystone.conf.in" "$dir/keystone.conf"
  if [ ! -e "$dir/.initialized" ]; then
    local manage=("$bin/keystone-manage" --config-file "$dir/keystone.conf")
    setup_step keystone "${manage[@]}" db_sync
    setup_step keystone "${manage[@]}" fernet_setup --keystone-user root --keystone-group root
    setup_step keystone "${manage[@]}" credential_setup --keystone-user root --keystone-group root
    setup_step keystone "${manage[@]}" bootstrap --bootstrap-password "$DD_ADMIN_PASSWORD" \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-region-id "$DD_REGION" --bootstrap-admin-url "$DD_KEYSTONE_URL" \
      --bootstrap-internal-url "$DD_KEYSTONE_URL" --bootstrap-public-url "$DD_KEYSTONE_URL"
    touch "$dir/.initialized"
  fi
  start_gunicorn keystone "$DD_KEYSTONE_PORT" /v3 dd_keystone "OS_KEYSTONE_CONFIG_DIR=$dir"
}

glance() {
  local dir=$DD_STATE/glance
  mkdir -p "$dir"/{images,staging,tasks,locks}
  dd_render "$DD_STACK_DIR/conf/glance-api.conf.in" "$dir/glance-api.conf"
  cp "$DD_OPENSTACK_VENV/etc/glance/glance-api-paste.ini" "$dir/"
  if [ ! -e "$dir/.initialized" ]; then
    setup_step glance "$DD_OPENSTACK_VENV/bin/glance-manage" --config-file "$dir/glance-api.conf" db_sync
    touch "$dir/.initialized"
  fi
  start_gunicorn glance "$DD_GLANCE_PORT" / dd_glance "OS_GLANCE_CONFIG_DIR=$dir"
}

nova() {
  local dir=$DD_STATE/nova
  mkdir -p "$dir/locks"
  dd_render "$DD_STACK_DIR/conf/nova.conf.in" "$dir/nova.conf"
  cp "$DD_OPENSTACK_VENV/etc/nova/api-paste.ini" "$dir/"
  if [ ! -e "$dir/.initialized" ]; then
    local manage=("$DD_OPENSTACK_VENV/bin/nova-manage" --config-file "$dir/nova.conf")
    setup_step nova "${manage[@]}" api_db sync
    setup_step nova "${manage[@]}" cell_v2 map_cell0 --database_connection "sqlite:///$dir/nova_cell0.sqlite"
    setup_step nova "${manage[@]}" db sync
    # Exit status 2 means the cell is already there (a first run cut short after it).
    "${manage[@]}" cell_v2 create_cell --name cell1 --transport-url fake:// \
      --database_connection "sqlite:///$dir/nova.sqlite" >>"$DD_LOG_DIR/nova-setup.log" 2>&1 ||
      [ $? -eq 2 ] || dd_die "nova: cell_v2 create_cell failed: see $DD_LOG_DIR/nova-setup.log"
    touch "$dir/.initialized"
  fi
  start_gunicorn nova "$DD_NOVA_PORT" /v2.1/ dd_nova "OS_NOVA_CONFIG_DIR=$dir"
}

placement() {
  local dir=$DD_STATE/placement
  mkdir -p "$dir"
  dd_render "$DD_STACK_DIR/conf/placement.conf.in" "$dir/placement.conf"
  if [ ! -e "$dir/.initialized" ]; then
    setup_step placement "$DD_OPENSTACK_VENV/bin/placement-manage" \
      --config-file "$dir/placement.conf" db sync
    touch "$dir/.initialized"
  fi
  # Placement's own WSGI module: it reads no sys.argv, so no wrapper in stack/wsgi.
  # One request at a time: on SQLite, two of Placement's write transactions at once end
  # in "database is locked" (a 500) for one of them, as concurrent launches showed. The
  # gthread worker even with one thread (start_gunicorn): gunicorn's sync worker, its
  # choice for one thread, reads one connection at a time, and a client that opens a
  # connection and sends nothing (a test's relay in front of Placement) held every
  # launch of the cloud for the 300 s of --timeout.
  GUNICORN_THREADS=1 start_gunicorn placement "$DD_PLACEMENT_PORT" / placement.wsgi.api \
    "OS_PLACEMENT_CONFIG_DIR=$dir"
}

seed() {
  "$DD_OPENSTACK_VENV/bin/python" "$DD_STACK_DIR/seed.py" || dd_die "seed.py failed"
  dd_say "seed: done"
}

lead_service() {
  local script=$DD_STACK_DIR/services/$1.sh
  [ -f "$script" ] || return 0
  bash "$script" start "${@:2}" || dd_die "$1 ${*:2}: $script start failed"
}

mkdir -p "$DD_STATE" "$DD_LOG_DIR" "$DD_RUN_DIR"
# Two colleagues running up.sh (or up.sh and down.sh) at once would race on pidfiles.
exec 9>"$DD_RUN_DIR/stack.lock"
flock -n 9 || { dd_say "waiting for another up.sh/down.sh to finish"; flock 9; }

ensure_apt_packages
ensure_venvs
ensure_ticket_secret
ensure_dockerd
ensure_host2_dockerd
ensure_host2_firewall
bash "$DD_STACK_DIR/base-image.sh"
start_registry
keystone
placement
glance
nova
seed
bash "$DD_STACK_DIR/seed-containers.sh"
lead_service proxy host1
lead_service proxy host2
lead_service horizon
