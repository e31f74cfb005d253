#!/usr/bin/env bash
# Horizon with the plugin, under gunicorn on 127.0.0.1:8000, DEBUG off: start|stop.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
. "$DD_STACK_DIR/lib/service.sh"

manage() {
  (cd "$DD_REPO_ROOT" && DD_STATE="$DD_STATE" "$DD_HORIZON_VENV/bin/python" manage.py "$@")
}

# Collecting and compressing takes half a minute: redo it only when the
# plugin's static files, templates or the settings changed.
static_stamp() {
  (cd "$DD_REPO_ROOT" && find docker_dashboard/static docker_dashboard/templates devsite \
     docker_dashboard/enabled -type f -not -name '*.pyc' -print0 | sort -z \
     | xargs -0 sha256sum; "$DD_HORIZON_VENV/bin/pip" freeze 2>/dev/null) | sha256sum | cut -d' ' -f1
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

case "${1:-}" in
  start)
    mkdir -p "$DD_LOG_DIR"
    if ! service_pid horizon >/dev/null; then
      collect_static
    fi
    start_service horizon "$DD_HORIZON_PORT" --http /auth/login/ -- \
      env PYTHONPATH="$DD_REPO_ROOT" DD_STATE="$DD_STATE" \
          DJANGO_SETTINGS_MODULE=devsite.settings \
          "$DD_HORIZON_VENV/bin/gunicorn" --no-control-socket \
          --chdir "$DD_REPO_ROOT" --workers 2 --threads 4 --timeout 300 \
          --bind "$DD_HOST:$DD_HORIZON_PORT" devsite.wsgi:application
    ;;
  stop) stop_service horizon ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
