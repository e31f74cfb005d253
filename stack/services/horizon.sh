#!/usr/bin/env bash
# Horizon with the plugin, under gunicorn on 127.0.0.1:8000, DEBUG off: start|stop.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

# The Horizon series to serve (DD_HORIZON, stack/lib/env.sh): each has its own venv.
case "$DD_HORIZON" in
  27) venv=$DD_HORIZON_VENV ;;
  25) venv=$DD_HORIZON25_VENV ;;
  *) dd_die "DD_HORIZON=$DD_HORIZON: the supported Horizon series are 25 and 27" ;;
esac
# Which series the running Horizon is, so that asking for the other one restarts it.
series_file=$DD_RUN_DIR/horizon.series

manage() {
  (cd "$DD_REPO_ROOT" && DD_STATE="$DD_STATE" "$venv/bin/python" manage.py "$@")
}

# Collecting and compressing takes half a minute: redo it only when the
# plugin's static files, templates or the settings changed.
static_stamp() {
  (cd "$DD_REPO_ROOT" && find docker_dashboard/static docker_dashboard/templates devsite \
     docker_dashboard/enabled -type f -not -name '*.pyc' -print0 | sort -z \
     | xargs -0 sha256sum; "$venv/bin/pip" freeze 2>/dev/null) | sha256sum | cut -d' ' -f1
}

collect_static() {
  local stamp_file="$DD_STATE/horizon-static/.dd-stamp" stamp
  stamp=$(static_stamp)
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
    return 0
  fi
  dd_say "horizon: collecting and compressing static files"
  manage collectstatic --noinput --clear >"$DD_LOG_DIR/horizon-static.log" 2>&1 \
    || { tail -20 "$DD_LOG_DIR/horizon-static.log"; dd_die "collectstatic failed"; }
  manage compress --force >>"$DD_LOG_DIR/horizon-static.log" 2>&1 \
    || { tail -20 "$DD_LOG_DIR/horizon-static.log"; dd_die "compress failed"; }
  echo "$stamp" >"$stamp_file"
}

# The plugin's translations compiled, with the pseudo-translation (eo) the browser tests
# read, as an operator's `compilemessages` would: pure Python (tools/), a second or so.
compile_messages() {
  "$venv/bin/python" "$DD_REPO_ROOT/tools/pseudo_locale.py" >/dev/null &&
    "$venv/bin/python" "$DD_REPO_ROOT/tools/msgfmt.py" "$DD_REPO_ROOT/docker_dashboard/locale" >/dev/null ||
    dd_die "horizon: compiling the translations failed"
}

case "${1:-}" in
  start)
    [ -x "$venv/bin/gunicorn" ] || dd_die "horizon: $venv is not installed (stack/up.sh makes it)"
    mkdir -p "$DD_LOG_DIR" "$DD_RUN_DIR"
    if service_pid horizon >/dev/null && [ "$(cat "$series_file" 2>/dev/null || echo 27)" != "$DD_HORIZON" ]; then
      dd_say "horizon: switching to Horizon $DD_HORIZON"
      stop_service horizon
    fi
    if ! service_pid horizon >/dev/null; then
      # One preparation at a time: two starts at once would clear and
      # compress the same static folder under each other, and the Horizon
      # that won would serve pages whose compressed files were deleted.
      exec {prep}>"$DD_RUN_DIR/horizon-prepare.lock"
      flock -w 300 "$prep" || dd_die "horizon: another start has held the static files for 5 minutes"
      compile_messages
      collect_static
      exec {prep}>&-
    fi
    echo "$DD_HORIZON" >"$series_file"
    start_service horizon "$DD_HORIZON_PORT" --http /auth/login/ -- \
      env PYTHONPATH="$DD_REPO_ROOT" DD_STATE="$DD_STATE" \
          DJANGO_SETTINGS_MODULE=devsite.settings \
          "$venv/bin/gunicorn" --no-control-socket \
          --chdir "$DD_REPO_ROOT" --workers 2 --threads 4 --timeout 300 \
          --bind "$DD_HOST:$DD_HORIZON_PORT" devsite.wsgi:application
    ;;
  stop) stop_service horizon ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
