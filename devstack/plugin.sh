# DevStack plugin for docker-dashboard: sourced by stack.sh, unstack.sh and clean.sh as
# `plugin.sh <mode> [phase]` (DevStack's plugin contract). It installs the Horizon plugin
# into DevStack's Horizon, runs the docker proxy beside this host's dockerd as the dd-proxy
# service, and registers the proxy in Keystone's catalog as service type docker.
# Settings (all overridable in local.conf): devstack/settings.

# The installed package's folder: its enabled files, settings snippet, policy and locale.
function docker_dashboard_package_dir {
    $PYTHON -c 'import docker_dashboard, os; print(os.path.dirname(docker_dashboard.__file__))'
}

function install_docker_dashboard {
    setup_develop $DOCKER_DASHBOARD_DIR
}

# The secret Horizon signs WebSocket tickets with and the proxy checks them with.
function docker_dashboard_ticket_secret {
    sudo install -d -o $STACK_USER -m 0700 $DOCKER_DASHBOARD_STATE_DIR
    if [[ ! -s $DOCKER_DASHBOARD_TICKET_SECRET_FILE ]]; then
        (umask 077 && head -c 48 /dev/urandom | base64 -w0 >$DOCKER_DASHBOARD_TICKET_SECRET_FILE)
    fi
}

# Horizon: the enabled files, the settings snippet (it names the plugin's policy file,
# shared with the proxy), DevStack's own values, the compiled translations and the
# collected, compressed static files.
function configure_docker_dashboard_horizon {
    local package local_dir
    package=$(docker_dashboard_package_dir)
    local_dir=$HORIZON_DIR/openstack_dashboard/local
    mkdir -p $local_dir/enabled $local_dir/local_settings.d
    cp $package/enabled/_6*.py $local_dir/enabled/
    cp $package/local_settings.d/_60_docker_dashboard.py $local_dir/local_settings.d/
    cat >$local_dir/local_settings.d/_61_docker_dashboard_devstack.py <<SNIPPET
# Written by docker-dashboard's DevStack plugin (devstack/plugin.sh).
DOCKER_DASHBOARD['ticket_secret_file'] = '$DOCKER_DASHBOARD_TICKET_SECRET_FILE'
SNIPPET
    if [[ -d $package/locale ]]; then
        (cd $package && $PYTHON -m django compilemessages)
    fi
    (cd $HORIZON_DIR && DJANGO_SETTINGS_MODULE=openstack_dashboard.settings \
        $PYTHON -m django collectstatic --noinput)
    (cd $HORIZON_DIR && DJANGO_SETTINGS_MODULE=openstack_dashboard.settings \
        $PYTHON -m django compress --force)
}

# Placement's URL when this cloud has Placement (see DOCKER_DASHBOARD_PLACEMENT_URL).
function docker_dashboard_placement_url {
    if [[ -n "$DOCKER_DASHBOARD_PLACEMENT_URL" ]]; then
        echo "$DOCKER_DASHBOARD_PLACEMENT_URL"
    elif is_service_enabled placement-api placement-client; then
        echo "$SERVICE_PROTOCOL://$SERVICE_HOST/placement"
    fi
}

# The shared state database (see DOCKER_DASHBOARD_DATABASE_URL): made on the node that
# runs DevStack's database server, as DevStack makes each service's; the proxy makes
# its tables when it starts.
function docker_dashboard_database_url {
    if [[ -n "$DOCKER_DASHBOARD_DATABASE_URL" ]]; then
        echo "$DOCKER_DASHBOARD_DATABASE_URL"
    elif is_service_enabled mysql postgresql; then
        database_connection_url docker_dashboard
    fi
}

function create_docker_dashboard_database {
    if [[ -z "$DOCKER_DASHBOARD_DATABASE_URL" ]] && is_service_enabled mysql postgresql; then
        recreate_database docker_dashboard
    fi
}

# Keystone: the proxy's service user and the docker service with its endpoint. With
# Placement the user also needs `admin` (README, "What Placement holds"), and its
# password goes to a file only the proxy's user reads, not into the unit's environment.
function create_docker_dashboard_accounts {
    create_service_user $DOCKER_DASHBOARD_SERVICE_USER
    if [[ -n "$(docker_dashboard_placement_url)" ]]; then
        get_or_add_user_project_role admin $DOCKER_DASHBOARD_SERVICE_USER \
            $SERVICE_PROJECT_NAME $SERVICE_DOMAIN_NAME $SERVICE_DOMAIN_NAME
        (umask 077 && printf '%s\n' "$SERVICE_PASSWORD" \
            >$DOCKER_DASHBOARD_STATE_DIR/service_password)
    fi
    get_or_create_service $DOCKER_DASHBOARD_SERVICE_NAME docker \
        "Docker containers of the project (docker-dashboard proxy)"
    get_or_create_endpoint $DOCKER_DASHBOARD_SERVICE_NAME $DOCKER_DASHBOARD_REGION \
        $DOCKER_DASHBOARD_PROXY_URL $DOCKER_DASHBOARD_PROXY_URL $DOCKER_DASHBOARD_PROXY_URL
    if [[ -n "$(docker_dashboard_placement_url)" ]]; then
        create_docker_dashboard_registered_limits
    fi
}

# Quotas (README, "Quotas"): the default limits of every project, as Keystone
# registered limits of the docker service in its endpoint's region. Without one, oslo.limit
# counts a resource's limit as 0 and every launch is refused. An existing one is kept.
function create_docker_dashboard_registered_limits {
    local name default
    for name in containers:${DOCKER_DASHBOARD_QUOTA_CONTAINERS:-200} \
            class:VCPU:${DOCKER_DASHBOARD_QUOTA_VCPUS:-200} \
            class:MEMORY_MB:${DOCKER_DASHBOARD_QUOTA_MEMORY_MB:-65536}; do
        default=${name##*:}
        name=${name%:*}
        if [[ -z "$(openstack --os-cloud devstack-system-admin registered limit list \
                --service $DOCKER_DASHBOARD_SERVICE_NAME --region $DOCKER_DASHBOARD_REGION \
                --resource-name $name -f value -c ID)" ]]; then
            openstack --os-cloud devstack-system-admin registered limit create \
                --service $DOCKER_DASHBOARD_SERVICE_NAME --region $DOCKER_DASHBOARD_REGION \
                --default-limit $default $name
        fi
    done
}

function start_docker_dashboard_proxy {
    local env
    env="DD_PROXY_HOST=$DOCKER_DASHBOARD_PROXY_HOST DD_PROXY_PORT=$DOCKER_DASHBOARD_PROXY_PORT"
    env+=" DD_KEYSTONE_URL=$KEYSTONE_SERVICE_URI/v3"
    env+=" DD_DOCKER_SOCKET=$DOCKER_DASHBOARD_DOCKER_SOCKET"
    env+=" DD_TICKET_SECRET_FILE=$DOCKER_DASHBOARD_TICKET_SECRET_FILE"
    env+=" DD_PROXY_STATE=$DOCKER_DASHBOARD_STATE_DIR/proxy"
    env+=" DD_ALLOWED_ORIGINS=$DOCKER_DASHBOARD_ALLOWED_ORIGINS"
    env+=" DD_REGION=$DOCKER_DASHBOARD_REGION"
    env+=" DD_PUBLIC_IMAGES=$DOCKER_DASHBOARD_PUBLIC_IMAGES"
    env+=" DD_DATABASE_URL=$(docker_dashboard_database_url)"
    env+=" DD_HOST_NAME=$DOCKER_DASHBOARD_HOST_NAME"
    env+=" DD_ADVERTISE_URL=$DOCKER_DASHBOARD_PROXY_URL"
    env+=" DD_AVAILABILITY_ZONE=$DOCKER_DASHBOARD_AVAILABILITY_ZONE"
    if [[ -n "$(docker_dashboard_placement_url)" ]]; then
        env+=" DD_PLACEMENT_URL=$(docker_dashboard_placement_url)"
        env+=" DD_PROXY_SERVICE_USER=$DOCKER_DASHBOARD_SERVICE_USER"
        env+=" DD_PROXY_SERVICE_PASSWORD_FILE=$DOCKER_DASHBOARD_STATE_DIR/service_password"
        env+=" DD_PROXY_SERVICE_PROJECT=$SERVICE_PROJECT_NAME"
        env+=" DD_PROXY_SERVICE_DOMAIN=$SERVICE_DOMAIN_NAME"
    fi
    # In dockerd's group: the proxy is the only thing of the cloud that uses its socket.
    run_process dd-proxy "$PYTHON -m docker_dashboard.proxy" \
        $DOCKER_DASHBOARD_DOCKER_GROUP "" "$env"
}

# The proxy answers and the catalog holds its endpoint: fails the stack run early.
function check_docker_dashboard {
    local url
    if ! wait_for_service 60 $DOCKER_DASHBOARD_PROXY_URL/healthz; then
        die $LINENO "dd-proxy did not answer on $DOCKER_DASHBOARD_PROXY_URL/healthz"
    fi
    url=$(openstack --os-cloud devstack-system-admin endpoint list \
        --service $DOCKER_DASHBOARD_SERVICE_NAME --interface public \
        --region $DOCKER_DASHBOARD_REGION -c URL -f value)
    if [[ "$url" != "$DOCKER_DASHBOARD_PROXY_URL" ]]; then
        die $LINENO "the catalog's docker endpoint is '$url', not $DOCKER_DASHBOARD_PROXY_URL"
    fi
}

function remove_docker_dashboard_horizon {
    local local_dir=$HORIZON_DIR/openstack_dashboard/local
    rm -f $local_dir/enabled/_6[01][0-9][0-9]_docker_*.py \
        $local_dir/local_settings.d/_60_docker_dashboard.py \
        $local_dir/local_settings.d/_61_docker_dashboard_devstack.py
}

if is_service_enabled dd-proxy; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing docker-dashboard"
        install_docker_dashboard
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring docker-dashboard"
        docker_dashboard_ticket_secret
        if is_service_enabled horizon; then
            configure_docker_dashboard_horizon
        fi
        create_docker_dashboard_accounts
        create_docker_dashboard_database
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Starting the docker-dashboard proxy"
        start_docker_dashboard_proxy
    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        check_docker_dashboard
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_process dd-proxy
    fi

    if [[ "$1" == "clean" ]]; then
        remove_docker_dashboard_horizon
        sudo rm -rf $DOCKER_DASHBOARD_STATE_DIR
    fi
fi
