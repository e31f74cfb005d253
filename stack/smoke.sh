#!/usr/bin/env bash
# Checks that each service of the running stack answers a real client the way the
# dashboard will use it. Leaves nothing behind. Never asks Nova for a server: with only
# its API running one would never build and would break that project's server calls.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

os() { "$DD_OPENSTACK_VENV/bin/openstack" "$@"; }
dk() { docker -H "$DD_DOCKER_HOST" "$@"; }
as() { . "$DD_STACK_DIR/openrc.sh" "$1"; }
ok() { printf 'ok   %s\n' "$*"; }

tmp=$(mktemp -d)
image_id=''
cleanup() {
  if [ -n "$image_id" ]; then as demo; os image delete "$image_id" >/dev/null 2>&1 || true; fi
  dk rmi "$DD_REGISTRY_ADDR/smoke/busybox:latest" >/dev/null 2>&1 || true
  # The registry deletes by digest; the blobs wait for its garbage collection.
  local digest
  digest=$(curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$DD_REGISTRY_ADDR/v2/smoke/busybox/manifests/latest" |
    tr -d '\r' | sed -n 's/^docker-content-digest: *//Ip') || true
  [ -z "$digest" ] || curl -sf -X DELETE -o /dev/null \
    "http://$DD_REGISTRY_ADDR/v2/smoke/busybox/manifests/$digest" || true
  rm -rf "$tmp"
}
trap cleanup EXIT

for user in admin demo alt_demo reader; do
  as "$user"
  os token issue -f value -c project_id >/dev/null
  ok "keystone: token for $user"
done

as demo
for kind in identity image compute placement docker; do
  os catalog show "$kind" -f value -c endpoints | grep -q "$DD_REGION" || { echo "FAIL catalog: no $kind" >&2; exit 1; }
done
ok "keystone: catalog has identity, image, compute, placement, docker"
os image list -f value >/dev/null
ok "glance: image list as demo"
flavors=$(os flavor list -f value -c Name | sort | tr '\n' ' ')
[ "$flavors" = "m1.medium m1.small m1.tiny " ] || { echo "FAIL flavors: $flavors" >&2; exit 1; }
ok "nova: flavor list as demo ($flavors)"
os limits show --absolute -f value >/dev/null
ok "nova: absolute limits as demo"

dk save "$DD_BASE_IMAGE" -o "$tmp/busybox.tar"
image_id=$(os image create --container-format docker --disk-format raw --private \
  --file "$tmp/busybox.tar" "dd-smoke-$$" -f value -c id)
os image save --file "$tmp/back.tar" "$image_id"
cmp -s "$tmp/busybox.tar" "$tmp/back.tar" || { echo "FAIL glance: download differs" >&2; exit 1; }
os image delete "$image_id"
image_id=''
ok "glance: docker/raw image uploaded by demo, downloaded identical, deleted"

as reader
if os image create --container-format docker --disk-format raw --file "$tmp/busybox.tar" \
    "dd-smoke-reader-$$" >/dev/null 2>&1; then
  echo "FAIL glance: reader could upload" >&2; exit 1
fi
ok "glance: reader cannot upload"

dk tag "$DD_BASE_IMAGE" "$DD_REGISTRY_ADDR/smoke/busybox:latest"
dk push -q "$DD_REGISTRY_ADDR/smoke/busybox:latest" >/dev/null
dk rmi "$DD_REGISTRY_ADDR/smoke/busybox:latest" >/dev/null
dk pull -q "$DD_REGISTRY_ADDR/smoke/busybox:latest" >/dev/null
ok "registry: push and pull through $DD_REGISTRY_ADDR"

# shellcheck disable=SC1090
. "$DD_PROJECTS_ENV"
for name in demo-web demo-worker alt-demo-web; do
  [ "$(dk inspect -f '{{.State.Running}}' "$name")" = true ] || { echo "FAIL container $name not running" >&2; exit 1; }
done
[ "$(dk inspect -f '{{index .Config.Labels "org.openstack.project-id"}}' demo-web)" = "$DEMO_PROJECT_ID" ] ||
  { echo "FAIL demo-web label" >&2; exit 1; }
ok "docker: demo containers running with their project labels"

# The proxies' service user reads Placement (and, by its roles, may write there).
token=$(curl -sf -i -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"],
  \"password\": {\"user\": {\"name\": \"docker-proxy\", \"domain\": {\"id\": \"default\"},
  \"password\": \"$DD_SERVICE_PASSWORD\"}}}, \"scope\": {\"project\": {\"name\": \"service\",
  \"domain\": {\"id\": \"default\"}}}}}" "$DD_KEYSTONE_URL/auth/tokens" |
  tr -d '\r' | sed -n 's/^x-subject-token: *//Ip')
curl -sf -H "X-Auth-Token: $token" -H 'OpenStack-API-Version: placement 1.39' \
  "$DD_PLACEMENT_URL/resource_providers" | grep -q '"resource_providers"' ||
  { echo "FAIL placement: docker-proxy cannot list resource providers" >&2; exit 1; }
ok "placement: resource providers listed by docker-proxy (microversion 1.39)"

dk2() { docker -H "$DD_HOST2_DOCKER_HOST" "$@"; }
[ "$(dk2 image inspect -f '{{.Id}}' "$DD_BASE_IMAGE")" = "$(dk image inspect -f '{{.Id}}' "$DD_BASE_IMAGE")" ] ||
  { echo "FAIL host2: $DD_BASE_IMAGE differs from host1's" >&2; exit 1; }
[ "$(dk2 inspect -f '{{.State.Running}} {{index .Config.Labels "org.openstack.project-id"}} {{index .Config.Labels "org.openstack.docker-host"}}' demo-cache)" = "true $DEMO_PROJECT_ID host2" ] ||
  { echo "FAIL host2: demo-cache not running with its labels" >&2; exit 1; }
ok "docker host2: the base image (host1's id), demo-cache running with its labels"
