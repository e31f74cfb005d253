# shellcheck shell=bash
# Stand-ins for the DevStack functions and variables that devstack/plugin.sh uses, for
# tests/packaging/test_devstack_plugin.py (DevStack itself cannot run here). Each does
# the real thing its DevStack namesake does, against the running local stack: Keystone
# through the openstack CLI of venv-openstack, processes started in the background
# instead of as systemd units, packages installed from the test's wheelhouse.
#
# Set by the test: SHIM_DIR (scratch folder), PYTHON (the scratch Horizon's python),
# HORIZON_DIR, DEST, REGION_NAME, SERVICE_PASSWORD, DD_WHEELHOUSE, DD_OPENSTACK_VENV,
# DD_ADMIN_PASSWORD, DD_KEYSTONE_URL.

STACK_USER=$(id -un)
DATA_DIR=$DEST/data
SERVICE_HOST=127.0.0.1
SERVICE_PROTOCOL=http
SERVICE_PROJECT_NAME=service
SERVICE_DOMAIN_NAME=Default
KEYSTONE_SERVICE_URI=${DD_KEYSTONE_URL%/v3}
ENABLED_SERVICES=horizon,keystone

# DevStack's CLI calls name the cloud `devstack-system-admin`: here the stack's admin.
export OS_CLIENT_CONFIG_FILE=$SHIM_DIR/clouds.yaml
cat >"$OS_CLIENT_CONFIG_FILE" <<CLOUDS
clouds:
  devstack-system-admin:
    auth:
      auth_url: $DD_KEYSTONE_URL
      username: admin
      password: $DD_ADMIN_PASSWORD
      project_name: admin
      user_domain_id: default
      project_domain_id: default
    identity_api_version: 3
CLOUDS

function openstack { "$DD_OPENSTACK_VENV/bin/openstack" "$@"; }
function sudo { "$@"; }
function echo_summary { echo "==> $*"; }
function die { shift; echo "ERROR: $*" >&2; exit 1; }
function define_plugin { :; }
function enable_service { ENABLED_SERVICES+=",$1"; }
function is_service_enabled {
    local service
    for service in "$@"; do
        [[ ,$ENABLED_SERVICES, == *,$service,* ]] && return 0
    done
    return 1
}

# pip install -e, as DevStack's does (with no index: the wheels are the test's).
function setup_develop {
    "$PYTHON" -m pip install -q --no-index --find-links "$DD_WHEELHOUSE" setuptools wheel
    "$PYTHON" -m pip install -q --no-index --find-links "$DD_WHEELHOUSE" \
        --no-build-isolation -e "$1"
}

# DevStack's functions-common, same arguments and same CLI calls.
function get_or_create_service {
    openstack --os-cloud devstack-system-admin service show $2 -f value -c id 2>/dev/null ||
        openstack --os-cloud devstack-system-admin service create $2 --name $1 \
            --description="$3" -f value -c id
}
function _get_or_create_endpoint_with_interface {
    local id
    id=$(openstack --os-cloud devstack-system-admin endpoint list --service $1 \
        --interface $2 --region $4 -c ID -f value)
    if [[ -z "$id" ]]; then
        id=$(openstack --os-cloud devstack-system-admin endpoint create $1 $2 $3 \
            --region $4 -f value -c id)
    fi
    echo $id
}
function get_or_create_endpoint {
    _get_or_create_endpoint_with_interface $1 public $3 $2
    [[ -z "$4" ]] || _get_or_create_endpoint_with_interface $1 admin $4 $2
    [[ -z "$5" ]] || _get_or_create_endpoint_with_interface $1 internal $5 $2
}
# lib/keystone's: a user in the service project with the service role.
function create_service_user {
    openstack --os-cloud devstack-system-admin user create $1 --password "$SERVICE_PASSWORD" \
        --domain=$SERVICE_DOMAIN_NAME --or-show -f value -c id
    openstack --os-cloud devstack-system-admin role add service --user $1 \
        --project $SERVICE_PROJECT_NAME --user-domain $SERVICE_DOMAIN_NAME \
        --project-domain $SERVICE_DOMAIN_NAME
}

# functions-common's: ROLE of USER in PROJECT (user and project domain names).
function get_or_add_user_project_role {
    openstack --os-cloud devstack-system-admin role add $1 --user $2 --project $3 \
        --user-domain $4 --project-domain $5
}

# run_process NAME COMMAND [GROUP] [USER] [ENV]: DevStack writes a systemd unit with
# ENV as its Environment; here the command runs detached with ENV, its pid kept.
function run_process {
    is_service_enabled $1 || return 0
    # shellcheck disable=SC2086
    echo "$5" >"$SHIM_DIR/$1.environment"  # what DevStack writes into the unit
    setsid env $5 $2 >>"$SHIM_DIR/$1.log" 2>&1 </dev/null &
    echo $! >"$SHIM_DIR/$1.pid"
}
function stop_process {
    local pid
    pid=$(cat "$SHIM_DIR/$1.pid" 2>/dev/null) || return 0
    kill -TERM -- -"$pid" 2>/dev/null || true
    rm -f "$SHIM_DIR/$1.pid"
}
function wait_for_service {
    timeout $1 bash -c "until curl -s -o /dev/null '$2'; do sleep 0.5; done"
}
