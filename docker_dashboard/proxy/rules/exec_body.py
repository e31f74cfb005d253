"""Exec create and exec start bodies, allow-listed: an exec runs inside the
container with its own limits, never privileged."""
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules.errors import Refused

CREATE_FIELDS = ["AttachStdin", "AttachStdout", "AttachStderr", "DetachKeys",
                 "Tty", "Env", "Cmd", "Privileged", "User", "WorkingDir",
                 "ConsoleSize", "Detach", "Container"]
START_FIELDS = ["Detach", "Tty", "ConsoleSize"]


def check_create(raw):
    body = json_body.fold_struct(json_body.parse(raw), CREATE_FIELDS, "")
    if body.get("Privileged"):
        raise Refused(403, "Privileged: a privileged exec is not allowed",
                      field="Privileged")
    # docker-py repeats the container's id in the body; the path decides.
    body.pop("Container", None)
    cmd = body.get("Cmd")
    if not isinstance(cmd, list) or not cmd or not all(
            isinstance(c, str) for c in cmd):
        raise Refused(403, "Cmd: a command is required", field="Cmd")
    return body


def check_start(raw):
    if not raw:
        return {}
    return json_body.fold_struct(json_body.parse(raw), START_FIELDS, "")
