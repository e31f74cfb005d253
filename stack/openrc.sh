# shellcheck shell=bash
# Source it to point the OpenStack CLI (and anything keystoneauth) at the local stack:
#   . stack/openrc.sh demo        # or admin, alt_demo, reader
#   "$DD_OPENSTACK_VENV/bin/openstack" image list
# Each demo user's password is its name (admin's is $DD_ADMIN_PASSWORD); reader is in
# project demo.
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
_dd_user=${1:-demo}
case $_dd_user in
  admin) OS_PASSWORD=$DD_ADMIN_PASSWORD OS_PROJECT_NAME=admin ;;
  reader) OS_PASSWORD=reader OS_PROJECT_NAME=demo ;;
  *) OS_PASSWORD=$_dd_user OS_PROJECT_NAME=$_dd_user ;;
esac
export OS_USERNAME=$_dd_user OS_PASSWORD OS_PROJECT_NAME
export OS_AUTH_URL=$DD_KEYSTONE_URL OS_IDENTITY_API_VERSION=3 OS_AUTH_TYPE=password
export OS_USER_DOMAIN_ID=default OS_PROJECT_DOMAIN_ID=default OS_REGION_NAME=$DD_REGION
unset _dd_user
