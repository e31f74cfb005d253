#!/usr/bin/env bash
# Makes sure the demo containers exist and run, labelled for their Keystone project and
# their Docker host the way the proxy labels what it creates. Most are on host1; one of
# the demo project's is on host2, so that the demo shows a project across hosts. Needs
# both dockerd, the base image and the ids that seed.py wrote to $DD_PROJECTS_ENV.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

[ -s "$DD_PROJECTS_ENV" ] || dd_die "$DD_PROJECTS_ENV is missing: run seed.py first"
# shellcheck disable=SC1090
. "$DD_PROJECTS_ENV"

# The Docker host the next calls go to: host1 or host2.
host=host1
dk() {
  case $host in
    host1) docker -H "$DD_DOCKER_HOST" "$@" ;;
    host2) docker -H "$DD_HOST2_DOCKER_HOST" "$@" ;;
  esac
}

# The project's own bridge network on this host, named and labelled as the proxy makes it
# (docker_dashboard/proxy/project_network.py): projects cannot reach each other.
ensure_network() {
  local project=$1
  dk network inspect "dd-$project" >/dev/null 2>&1 ||
    dk network create --driver bridge --label "org.openstack.project-id=$project" \
      "dd-$project" >/dev/null
}

# NAME PROJECT_ID USER_ID -- CMD...
ensure_container() {
  local name=$1 project=$2 user=$3 current on network running
  shift 4
  ensure_network "$project"
  if current=$(dk inspect -f '{{index .Config.Labels "org.openstack.project-id"}} {{index .Config.Labels "org.openstack.docker-host"}} {{.HostConfig.NetworkMode}} {{.State.Running}}' \
      "$name" 2>/dev/null); then
    read -r current on network running <<<"$current"
    if [ "$current" = "$project" ] && [ "$on" = "$host" ] && [ "$network" = "dd-$project" ]; then
      if [ "$running" = true ]; then
        dd_say "container $name ($host): already running"
      else
        dk start "$name" >/dev/null
        dd_say "container $name ($host): started"
      fi
      return
    fi
    # Left from an earlier state folder (its project no longer exists in Keystone, so
    # nobody could see it), from before the project networks or from before the host
    # labels: one of ours by name; make it anew.
    dk rm -f "$name" >/dev/null
  fi
  dk run -d --name "$name" \
    --label "org.openstack.project-id=$project" \
    --label "org.openstack.user-id=$user" \
    --label "org.openstack.docker-host=$host" \
    --memory 64m --cpus 0.5 --pids-limit 1024 --restart unless-stopped \
    --network "dd-$project" \
    "$DD_BASE_IMAGE" "$@" >/dev/null
  dd_say "container $name ($host): created"
}

host=host1
ensure_container demo-web "$DEMO_PROJECT_ID" "$DEMO_USER_ID" -- httpd -f -p 8080
ensure_container demo-worker "$DEMO_PROJECT_ID" "$DEMO_USER_ID" -- \
  sh -c 'while true; do echo tick; sleep 5; done'
ensure_container alt-demo-web "$ALT_DEMO_PROJECT_ID" "$ALT_DEMO_USER_ID" -- httpd -f -p 8080
host=host2
ensure_container demo-cache "$DEMO_PROJECT_ID" "$DEMO_USER_ID" -- httpd -f -p 8080
