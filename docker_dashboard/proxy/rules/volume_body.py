"""The volume create body: the local driver without options (its options
can bind any host path), labels set by the proxy."""
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules.create_body import OPENSTACK_LABEL_PREFIX
from docker_dashboard.proxy.rules.create_body import VOLUME_NAME
from docker_dashboard.proxy.rules.errors import refuse

FIELDS = ["Name", "Driver", "DriverOpts", "Labels", "ClusterVolumeSpec"]


def labels(raw, caller):
    kept = {k: v for k, v in (raw or {}).items()
            if not k.startswith(OPENSTACK_LABEL_PREFIX)}
    kept.update(caller.owner_labels())
    return kept


def check_create(raw):
    body = json_body.fold_struct(json_body.parse(raw), FIELDS, "")
    if (body.get("Driver") or "local") != "local":
        refuse("Driver", "only the local volume driver is allowed")
    if body.get("DriverOpts"):
        refuse("DriverOpts", "driver options are not allowed (they can "
                "mount host paths)")
    if body.get("ClusterVolumeSpec"):
        refuse("ClusterVolumeSpec", "cluster volumes are not offered")
    name = body.get("Name") or ""
    if name and not VOLUME_NAME.match(name):
        refuse("Name", "%r is not a volume name" % name)
    body["Labels"] = json_body.check_map(body.get("Labels"), "Labels")
    return body
