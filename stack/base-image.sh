#!/usr/bin/env bash
# Imports the public base image ($DD_BASE_IMAGE, busybox:latest) into the local dockerd
# from Debian's static busybox: there is no registry on the internet to pull it from.
# Does nothing if the image is there. Needs dockerd running; when host2's dockerd runs,
# it gets the same image too. It is public because the proxy is told so
# (DD_PUBLIC_IMAGES in services/proxy.sh), not through a label: labels are inherited by
# every image built FROM it, so the proxy trusts none.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

dk() { docker -H "$DD_DOCKER_HOST" "$@"; }

# host2 gets host1's image (docker save | docker load), so that both hosts hold the same
# image id, as hosts that pulled the same image from a registry would.
copy_to_host2() {
  if docker -H "$DD_HOST2_DOCKER_HOST" image inspect "$DD_BASE_IMAGE" >/dev/null 2>&1; then
    dd_say "image $DD_BASE_IMAGE on host2: present"
    return
  fi
  dk save "$DD_BASE_IMAGE" | docker -H "$DD_HOST2_DOCKER_HOST" load >/dev/null
  dd_say "image $DD_BASE_IMAGE on host2: copied from host1"
}
# Only when host2's dockerd runs (up.sh starts it before calling this script).
host2_answers() { docker -H "$DD_HOST2_DOCKER_HOST" version >/dev/null 2>&1; }

if dk image inspect "$DD_BASE_IMAGE" >/dev/null 2>&1; then
  dd_say "image $DD_BASE_IMAGE: present"
  if host2_answers; then copy_to_host2; fi
  exit 0
fi

busybox=/bin/busybox
[ -x "$busybox" ] || dd_die "$busybox is missing (Debian package busybox-static)"
# A dynamically linked busybox would find no libc in the image.
if ldd "$busybox" >/dev/null 2>&1; then dd_die "$busybox is not static; install busybox-static"; fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp" "$root/var/www" "$root/proc" "$root/sys" "$root/dev"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
# Every applet where a Debian busybox install would put it (sh in bin, httpd in usr/sbin).
while read -r applet; do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done < <("$busybox" --list-full)
# id, ps and httpd look names up here.
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

tar --numeric-owner --owner=0 --group=0 -C "$root" -c . |
  dk import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["sh"]' \
    - "$DD_BASE_IMAGE" >/dev/null
dd_say "image $DD_BASE_IMAGE: imported"
if host2_answers; then copy_to_host2; fi
