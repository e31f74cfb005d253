# shellcheck shell=bash
# Starting and stopping one long-running process of the local stack.
#
# Usage, from a script such as stack/services/proxy.sh:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
#   . "$DD_STACK_DIR/lib/service.sh"
#   case $1 in
#     start) start_service proxy "$DD_PROXY_PORT" --http /healthz -- \
#              env FOO=bar "$DD_HORIZON_VENV/bin/python" -m some.module --port "$DD_PROXY_PORT" ;;
#     stop)  stop_service proxy ;;
#   esac
#
# start_service NAME PORT [OPTIONS] -- CMD [ARGS...]
#   Runs CMD detached in a session of its own (so it outlives the caller and a stop can
#   kill its whole process group), output appended to $DD_LOG_DIR/NAME.log, its pid in
#   $DD_RUN_DIR/NAME.pid. Then waits until it is ready: the TCP port answers, plus the
#   check from --http or --ready if given. Prints "==> NAME: started", or
#   "==> NAME: already running" if our earlier one is alive and ready (nothing is started
#   then). Fails (status 1) with the log's last lines when the process dies or is not
#   ready in time (then it is stopped), and refuses to start when PORT is already answered by a process that
#   is not ours. Pass PORT as "-" for a process without a TCP port (then give --ready).
#   Options:
#     --timeout SECONDS   how long to wait for readiness (default $DD_START_TIMEOUT or 90)
#     --http PATH         also wait until http://$DD_HOST:PORT/PATH answers with any HTTP
#                         status below 500 (a listening socket alone does not mean that a
#                         gunicorn worker has loaded its application)
#     --ready COMMAND     also wait until this shell command succeeds
#   The environment is inherited; use `env VAR=value CMD` for per-service variables.
#
# stop_service NAME [TIMEOUT]
#   Stops the process recorded in NAME's pidfile: SIGTERM to it, then to the rest of its
#   process group, SIGKILL to whatever is left after TIMEOUT seconds (default 20), and
#   removes the pidfile. Prints "==> NAME: stopped" or "==> NAME: not running". A process
#   without our pidfile is never touched.
#
# service_pid NAME        prints the pid if our process NAME is alive, else fails.
# port_answers PORT       succeeds if something accepts TCP connections on $DD_HOST:PORT.
#
# All of these are safe under `set -euo pipefail`, which the callers use.

: "${DD_START_TIMEOUT:=90}"

_pidfile() { printf '%s/%s.pid' "$DD_RUN_DIR" "$1"; }
_logfile() { printf '%s/%s.log' "$DD_LOG_DIR" "$1"; }

port_answers() {
  (exec 3<>"/dev/tcp/$DD_HOST/$1") 2>/dev/null
}

# Alive and still the session leader we made: a pid reused by an unrelated process
# after a reboot or crash would not lead its own session.
service_pid() {
  local pidfile pid sid
  pidfile=$(_pidfile "$1")
  [ -s "$pidfile" ] || return 1
  read -r pid <"$pidfile" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  sid=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [ "$sid" = "$pid" ] && _alive "$pid" || return 1
  printf '%s\n' "$pid"
}

# kill -0 also succeeds on a zombie, and our services are not our children to reap.
_alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $stat != Z* ]]
}

_port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1 || true
}

_http_ready() {
  local code
  code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "http://$DD_HOST:$1$2") || return 1
  [ "$code" -ge 100 ] && [ "$code" -lt 500 ]
}

_service_ready() {
  local port=$1 http=$2 ready=$3
  if [ "$port" != - ]; then port_answers "$port" || return 1; fi
  if [ -n "$http" ]; then _http_ready "$port" "$http" || return 1; fi
  if [ -n "$ready" ]; then bash -c "$ready" >/dev/null 2>&1 || return 1; fi
  return 0
}

_log_tail() {
  local log
  log=$(_logfile "$1")
  printf '==> %s: last lines of %s:\n' "$1" "$log" >&2
  tail -n "${2:-30}" "$log" 2>/dev/null | sed 's/^/    /' >&2 || true
}

_wait_ready() {
  local name=$1 port=$2 http=$3 ready=$4 timeout=$5 pid=$6 deadline
  deadline=$((SECONDS + timeout))
  while ! _service_ready "$port" "$http" "$ready"; do
    if ! _alive "$pid"; then
      printf '==> ERROR: %s: exited during start\n' "$name" >&2
      _log_tail "$name"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      printf '==> ERROR: %s: not ready after %ss; stopping it\n' "$name" "$timeout" >&2
      _log_tail "$name"
      # Left running, a service stuck half-way would hold its port and be taken for
      # ours-and-starting by every later run.
      _stop_service "$name" >/dev/null
      return 1
    fi
    sleep 0.5
  done
}

_start_service() {
  local name=$1 port=$2 timeout=$DD_START_TIMEOUT http='' ready='' pid pidfile log owner
  shift 2
  while [ $# -gt 0 ]; do
    case $1 in
      --timeout) timeout=$2; shift 2 ;;
      --http) http=$2; shift 2 ;;
      --ready) ready=$2; shift 2 ;;
      --) shift; break ;;
      *) echo "start_service $name: unknown option $1" >&2; return 2 ;;
    esac
  done
  [ $# -gt 0 ] || { echo "start_service $name: no command after --" >&2; return 2; }
  mkdir -p "$DD_LOG_DIR" "$DD_RUN_DIR"
  pidfile=$(_pidfile "$name")
  log=$(_logfile "$name")

  if pid=$(service_pid "$name"); then
    # Ours: possibly still starting from a run that was interrupted.
    _wait_ready "$name" "$port" "$http" "$ready" "$timeout" "$pid" || return 1
    dd_say "$name: already running"
    return 0
  fi
  rm -f "$pidfile"
  if [ "$port" != - ] && port_answers "$port"; then
    owner=$(_port_owner "$port")
    printf '==> ERROR: %s: port %s:%s is already in use by a process that is not ours%s; stop it or set another port\n' \
      "$name" "$DD_HOST" "$port" "${owner:+ ($owner)}" >&2
    return 1
  fi

  printf '\n===== %s starting %s: %s\n' "$(date -Is)" "$name" "$*" >>"$log"
  # setsid --fork: a new session whose leader is the service itself (pid = pgid), not
  # a child of this shell; the inner bash records its own pid, which exec keeps.
  # SIGHUP stays ignored across exec, like nohup. Descriptors above 2 are closed so
  # that the service does not hold, say, up.sh's lock file open for its lifetime (no
  # redirection on that loop: bash would park stderr in a descriptor it then closes).
  setsid --fork bash -c '
    trap "" HUP
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done
    echo $$ >"$0"
    exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1
  local _
  for _ in $(seq 50); do
    [ -s "$pidfile" ] && break
    sleep 0.1
  done
  read -r pid <"$pidfile" 2>/dev/null || { echo "==> ERROR: $name: did not start" >&2; _log_tail "$name"; return 1; }
  _wait_ready "$name" "$port" "$http" "$ready" "$timeout" "$pid" || return 1
  dd_say "$name: started"
}

_stop_service() {
  local name=$1 timeout=${2:-20} pidfile pid deadline
  pidfile=$(_pidfile "$name")
  if ! pid=$(service_pid "$name"); then
    rm -f "$pidfile"
    dd_say "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while _alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  # Workers or helpers the leader left behind share its process group.
  kill -TERM -- "-$pid" 2>/dev/null || true
  while pgrep -g "$pid" >/dev/null 2>&1 && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
  dd_say "$name: stopped"
}

# Two callers starting the same service at once (up.sh and a colleague's direct
# services/proxy.sh start) would both find no pidfile, both launch, and the loser's
# pidfile would orphan the winner. One lock per service serialises them; the second
# then finds the first's process running.
_with_service_lock() {
  local name=$1 fd rc=0
  shift
  mkdir -p "$DD_RUN_DIR"
  exec {fd}>"$DD_RUN_DIR/$name.lock"
  if ! flock -w 300 "$fd"; then
    exec {fd}>&-
    printf '==> ERROR: %s: another start or stop of it has held its lock for 5 minutes\n' "$name" >&2
    return 1
  fi
  "$@" || rc=$?
  exec {fd}>&-
  return "$rc"
}

start_service() {
  [ $# -ge 3 ] || { echo "usage: start_service NAME PORT [--timeout S] [--http PATH] [--ready CMD] -- CMD..." >&2; return 2; }
  _with_service_lock "$1" _start_service "$@"
}

stop_service() {
  [ $# -ge 1 ] || { echo "usage: stop_service NAME [TIMEOUT]" >&2; return 2; }
  _with_service_lock "$1" _stop_service "$@"
}
