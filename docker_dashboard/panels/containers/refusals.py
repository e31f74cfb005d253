"""Putting a refusal from the proxy next to the field it is about.

The proxy answers a refused create with Docker's error shape plus the body
field it objects to ("HostConfig.Privileged"); Docker's own conflicts carry
no field, so a few well-known messages are recognised by their wording.
"""
from docker_dashboard.panels.containers import error_sentences

# Create-body field -> (workflow step slug, form field).
FIELD_TO_FORM = {
    "Image": ("details", "image"),
    "Name": ("details", "name"),
    "Cmd": ("details", "command"),
    "Entrypoint": ("details", "entrypoint"),
    "WorkingDir": ("details", "working_dir"),
    "Tty": ("details", "tty"),
    "HostConfig.NanoCpus": ("resources", None),
    "HostConfig.Memory": ("resources", None),
    "HostConfig.PortBindings": ("network", "ports"),
    "ExposedPorts": ("network", "ports"),
    "HostConfig.Mounts": ("volumes", "volumes"),
    "HostConfig.Binds": ("volumes", "volumes"),
    "Env": ("environment", "environment"),
    "Labels": ("environment", "labels"),
    "HostConfig.RestartPolicy": ("behaviour", "restart_policy"),
    # Where the container runs: no host with room for its size (beside
    # the flavor, the zone choice just below it), or a host pinned by a
    # user who may not.
    "Placement": ("resources", None),
    "DockerHost": ("resources", "docker_host"),
}

# Docker's own wording for conflicts it reports without a field.
MESSAGE_TO_FIELD = (
    ("is already in use by container", "Name"),
    ("port is already allocated", "HostConfig.PortBindings"),
    ("address already in use", "HostConfig.PortBindings"),
    ("No such image", "Image"),
    # The routing proxy's answers to a launch it could not place.
    ("No Docker host has room", "Placement"),
    ("may choose the Docker host", "DockerHost"),
    # Over the project's quota: beside the sizes and the quota's usage bars.
    ("Quota exceeded for", "Placement"),
)


def field_of(refusal):
    if refusal.field:
        return refusal.field
    for wording, field in MESSAGE_TO_FIELD:
        if wording in (refusal.message or ""):
            return field
    return None


def attach_to_workflow(workflow, refusal):
    """Adds the refusal's message to the form field it maps to (or to the
    step, for a resources field whose form has flavor or plain fields), or
    to the first step as a form error when it maps to none."""
    target = FIELD_TO_FORM.get(field_of(refusal) or "")
    step_slug, form_field = target or ("details", None)
    step = workflow.get_step(step_slug)
    if step is None:
        return
    action = step.action
    if form_field is None and step_slug == "resources":
        # Beside the flavor, unless the user typed the sizes (Custom).
        chosen = (getattr(action, "cleaned_data", None) or {}).get("flavor")
        typed = "flavor" not in action.fields or chosen == "custom"
        form_field = "flavor" if not typed else (
            "memory_mb" if field_of(refusal) == "HostConfig.Memory"
            else "vcpus")
    message = error_sentences.explain(refusal.message)
    if form_field in action.fields:
        action.add_error(form_field, message)
    else:
        action.add_action_error(message)
    step.has_errors = True
