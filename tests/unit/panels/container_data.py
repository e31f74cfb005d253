"""Engine API answers as the proxy gives them, for the panel's unit tests."""
import hashlib

from docker_dashboard.api.wrappers import Container
from docker_dashboard.api.wrappers import ContainerDetail


def container_id(name):
    return hashlib.sha256(name.encode()).hexdigest()


def container_row(name, state="running", ports=None, image="busybox:latest",
                  labels=None):
    return Container({
        "Id": container_id(name),
        "Names": ["/" + name],
        "Image": image,
        "State": state,
        "Status": "Up 5 minutes" if state == "running" else "Exited (0) 1 "
                                                             "minute ago",
        "Ports": ports or [],
        "Created": 1700000000,
        "Labels": labels or {},
    })


def container_detail(name, state="running", env=None, labels=None,
                     **host_config):
    return ContainerDetail({
        "Id": container_id(name),
        "Name": "/" + name,
        "Created": "2026-11-28T10:00:00.123456789Z",
        "Path": "sleep",
        "Args": ["3600"],
        "State": {"Status": state, "Running": state == "running",
                  "ExitCode": 0 if state == "running" else 3,
                  "StartedAt": "2026-11-28T10:00:01.5Z"},
        "RestartCount": 2,
        "Config": {"Image": "busybox:latest",
                   "Env": env if env is not None else [
                       "PATH=/bin", "GREETING=hello",
                       "DB_PASSWORD=hunter2"],
                   "Labels": dict({"tier": "web"}, **(labels or {}))},
        "HostConfig": dict({"NanoCpus": 1000000000,
                            "Memory": 512 * 1024 * 1024,
                            "RestartPolicy": {"Name": "on-failure"}},
                           **host_config),
        "Mounts": [{"Type": "volume", "Name": "data",
                    "Destination": "/data", "RW": True}],
        "NetworkSettings": {
            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]},
            "Networks": {"bridge": {"IPAddress": "172.17.0.5"}}},
    })
