#!/usr/bin/env bash
# Makes sure the demo containers exist and run, labelled for their Keystone project the
# way the proxy labels what it creates. Needs dockerd, the base image and the ids that
# seed.py wrote to $DD_PROJECTS_ENV.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

dk() { docker -H "$DD_DOCKER_HOST" "$@"; }

[ -s "$DD_PROJECTS_ENV" ] || dd_die "$DD_PROJECTS_ENV is missing: run seed.py first"
# shellcheck disable=SC1090
. "$DD_PROJECTS_ENV"

# The project's own bridge network, named and labelled as the proxy makes it
# (docker_dashboard/proxy/project_network.py): projects cannot reach each other.
ensure_network() {
  local project=$1
  dk network inspect "dd-$project" >/dev/null 2>&1 ||
    dk network create --driver bridge --label "org.openstack.project-id=$project" \
      "dd-$project" >/dev/null
}

# NAME PROJECT_ID USER_ID -- CMD...
ensure_container() {
  local name=$1 project=$2 user=$3 current running network
  shift 4
  ensure_network "$project"
  if current=$(dk inspect -f '{{index .Config.Labels "org.openstack.project-id"}} {{.HostConfig.NetworkMode}} {{.State.Running}}' \
      "$name" 2>/dev/null); then
    read -r current network running <<<"$current"
    if [ "$current" = "$project" ] && [ "$network" = "dd-$project" ]; then
      if [ "$running" = true ]; then
        dd_say "container $name: already running"
      else
        dk start "$name" >/dev/null
        dd_say "container $name: started"
      fi
      return
    fi
    # Left from an earlier state folder (its project no longer exists in Keystone, so
    # nobody could see it) or from before the project networks: one of ours by name;
    # make it anew.
    dk rm -f "$name" >/dev/null
  fi
  dk run -d --name "$name" \
    --label "org.openstack.project-id=$project" \
    --label "org.openstack.user-id=$user" \
    --memory 64m --cpus 0.5 --pids-limit 1024 --restart unless-stopped \
    --network "dd-$project" \
    "$DD_BASE_IMAGE" "$@" >/dev/null
  dd_say "container $name: created"
}

ensure_container demo-web "$DEMO_PROJECT_ID" "$DEMO_USER_ID" -- httpd -f -p 8080
ensure_container demo-worker "$DEMO_PROJECT_ID" "$DEMO_USER_ID" -- \
  sh -c 'while true; do echo tick; sleep 5; done'
ensure_container alt-demo-web "$ALT_DEMO_PROJECT_ID" "$ALT_DEMO_USER_ID" -- httpd -f -p 8080
