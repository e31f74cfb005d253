# shellcheck shell=bash
# Defaults shared by every script of the local stack. Source it; it only sets and
# exports DD_* variables and defines small helpers, it starts nothing. The knobs below
# (prefix, state folder, ports, ...) can be set in the environment; the paths and URLs
# derived from them cannot.
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"     # from stack/services/*.sh

# Resolved from this file, never hardcoded: CI runs from a fresh clone elsewhere.
DD_STACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DD_REPO_ROOT=$(cd "$DD_STACK_DIR/.." && pwd)

# The knobs: each may be set in the environment.
: "${DD_PREFIX:=/opt/docker-dashboard}"
: "${DD_STATE:=/var/lib/docker-dashboard}"
# The venvs must be built by a 3.11: the pinned OpenStack releases were checked there.
: "${DD_PYTHON:=$(command -v python3.11 || command -v python3)}"
# Everything listens on loopback only.
: "${DD_HOST:=127.0.0.1}"
: "${DD_KEYSTONE_PORT:=5000}"
: "${DD_GLANCE_PORT:=9292}"
: "${DD_NOVA_PORT:=8774}"
: "${DD_PLACEMENT_PORT:=8778}"
: "${DD_REGISTRY_PORT:=5005}"
: "${DD_PROXY_PORT:=8790}"
# host2's own proxy (the routing endpoint stays host1's, on DD_PROXY_PORT).
: "${DD_HOST2_PROXY_PORT:=8791}"
: "${DD_HORIZON_PORT:=8000}"
: "${DD_REGION:=RegionOne}"
# host1's daemon, the one host1's proxy fronts (host2's is below).
: "${DD_DOCKER_SOCK:=/var/run/docker.sock}"
# Where the dockerd that up.sh starts keeps its images and containers (--data-root) and
# its runtime state (--exec-root, containerd's included). Docker's own defaults, for the
# demo; .ci/run points both at folders made new for its run, so that no image or
# container an earlier run left can make a test pass.
: "${DD_DOCKER_DATA_ROOT:=/var/lib/docker}"
: "${DD_DOCKER_EXEC_ROOT:=/var/run/docker}"
# Where dockerd takes the subnets of the networks it makes (each project's own among them):
# 256 networks of /24, where Docker's defaults give 31 (172.17-31/16 and 192.168.0.0/16 in
# /20s), every one of them refused while another bridge's route overlaps it.
: "${DD_DOCKER_ADDRESS_POOL:=10.213.0.0/16}"
# host2: a second dockerd on this machine, standing for a second Docker host. Its own
# socket, data and exec roots (by default host1's with -host2 appended: .ci/run's new
# folders thus give host2 new ones too), pidfile, bridge and address range. It writes no
# iptables rules (--iptables=false): a dockerd that does flushes the DOCKER and isolation
# chains it finds at start, host1's rules among them. up.sh adds the few rules host2's
# networks need instead (see ensure_host2_firewall there).
: "${DD_HOST2_DOCKER_SOCK:=/var/run/dd-host2/docker.sock}"
: "${DD_HOST2_DOCKER_DATA_ROOT:=$DD_DOCKER_DATA_ROOT-host2}"
: "${DD_HOST2_DOCKER_EXEC_ROOT:=$DD_DOCKER_EXEC_ROOT-host2}"
: "${DD_HOST2_BRIDGE:=ddhost2}"
# Its bridge takes the first /24 of its pool; its networks the next ones.
: "${DD_HOST2_DOCKER_ADDRESS_POOL:=10.214.0.0/16}"
: "${DD_HOST2_BRIDGE_CIDR:=10.214.0.1/24}"
: "${DD_BASE_IMAGE:=busybox:latest}"
# Which Horizon series stack/services/horizon.sh serves: 27 (Django 5.2, the default) or 25
# (Django 4.2). Tests run against the default; only the demo switches.
: "${DD_HORIZON:=27}"
# A throwaway stack on loopback: the logins are the documented demo ones.
: "${DD_ADMIN_PASSWORD:=admin}"
: "${DD_SERVICE_PASSWORD:=service-secret}"

# Derived, always recomputed: a value exported by an earlier source of this file (say,
# through openrc.sh) must not outlive a change of DD_STATE or of a port.
DD_OPENSTACK_VENV=$DD_PREFIX/venv-openstack
DD_HORIZON_VENV=$DD_PREFIX/venv-horizon
# The older supported Horizon series (25, Django 4.2): the unit and packaging tests run on
# it too, and `DD_HORIZON=25 make demo` serves it (stack/services/horizon.sh).
DD_HORIZON25_VENV=$DD_PREFIX/venv-horizon25
DD_LOG_DIR=$DD_STATE/logs
DD_RUN_DIR=$DD_STATE/run
DD_TICKET_SECRET_FILE=$DD_STATE/ticket_secret
DD_PROJECTS_ENV=$DD_STATE/projects.env
DD_KEYSTONE_URL=http://$DD_HOST:$DD_KEYSTONE_PORT/v3
DD_GLANCE_URL=http://$DD_HOST:$DD_GLANCE_PORT
DD_NOVA_URL=http://$DD_HOST:$DD_NOVA_PORT/v2.1
DD_PLACEMENT_URL=http://$DD_HOST:$DD_PLACEMENT_PORT
DD_PROXY_URL=http://$DD_HOST:$DD_PROXY_PORT
DD_HOST2_PROXY_URL=http://$DD_HOST:$DD_HOST2_PROXY_PORT
DD_REGISTRY_ADDR=$DD_HOST:$DD_REGISTRY_PORT
DD_DOCKER_HOST=unix://$DD_DOCKER_SOCK
DD_HOST2_DOCKER_HOST=unix://$DD_HOST2_DOCKER_SOCK
DD_HOST2_DOCKER_PIDFILE=${DD_HOST2_DOCKER_SOCK%/*}/docker.pid
# The proxies' state database, shared by host1's and host2's: host1's SQLite file.
DD_PROXY_DATABASE_URL=sqlite:///$DD_STATE/proxy/state.sqlite3

export DD_STACK_DIR DD_REPO_ROOT DD_PREFIX DD_OPENSTACK_VENV DD_HORIZON_VENV DD_STATE \
  DD_LOG_DIR DD_RUN_DIR DD_PYTHON DD_HOST DD_KEYSTONE_PORT DD_GLANCE_PORT DD_NOVA_PORT \
  DD_REGISTRY_PORT DD_PROXY_PORT DD_HORIZON_PORT DD_KEYSTONE_URL DD_GLANCE_URL \
  DD_NOVA_URL DD_PROXY_URL DD_REGISTRY_ADDR DD_REGION DD_DOCKER_SOCK DD_DOCKER_HOST \
  DD_DOCKER_DATA_ROOT DD_DOCKER_EXEC_ROOT DD_HORIZON DD_HORIZON25_VENV \
  DD_BASE_IMAGE DD_ADMIN_PASSWORD DD_SERVICE_PASSWORD DD_TICKET_SECRET_FILE \
  DD_PROJECTS_ENV DD_PLACEMENT_PORT DD_PLACEMENT_URL DD_HOST2_PROXY_PORT DD_HOST2_PROXY_URL \
  DD_HOST2_DOCKER_SOCK DD_HOST2_DOCKER_HOST DD_HOST2_DOCKER_DATA_ROOT DD_HOST2_DOCKER_EXEC_ROOT \
  DD_HOST2_DOCKER_PIDFILE DD_HOST2_BRIDGE DD_HOST2_BRIDGE_CIDR DD_HOST2_DOCKER_ADDRESS_POOL \
  DD_PROXY_DATABASE_URL

dd_say() { printf '==> %s\n' "$*"; }
dd_die() { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# Fills @NAME@ placeholders from the environment; an unknown name is an error rather
# than an empty string, so a typo in a template cannot yield a silently broken config.
dd_render() {
  local template=$1 out=$2
  mkdir -p "$(dirname "$out")"
  perl -pe 's/\@([A-Z][A-Z0-9_]*)\@/defined $ENV{$1} ? $ENV{$1} : die "$ARGV: \@$1\@ is not set\n"/ge' \
    "$template" >"$out.tmp" && mv "$out.tmp" "$out"
}
