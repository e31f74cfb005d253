"""Scoping Docker list filters to the caller's project.

Docker applies the label filter itself, so a project's list costs one Engine
API call and never carries another project's objects through the proxy.
"""
import json

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules.errors import Refused


def parse_filters(raw):
    """Docker's `filters` query value as {name: [values]}.

    Docker accepts both the list form {"label": ["a=b"]} and the older map
    form {"label": {"a=b": true}}; both come back as lists.
    """
    if raw is None or raw == "":
        return {}
    try:
        decoded = json.loads(raw)
    except ValueError:
        raise Refused(400, "filters is not valid JSON", field="filters")
    if not isinstance(decoded, dict):
        raise Refused(400, "filters must be a JSON object", field="filters")
    parsed = {}
    for name, values in decoded.items():
        if isinstance(values, dict):
            values = [v for v, on in values.items() if on]
        if not isinstance(values, list) or not all(
                isinstance(v, str) for v in values):
            raise Refused(400, "filter %r must be a list of strings" % name,
                          field="filters")
        parsed[name] = list(values)
    return parsed


def scope_to_project(raw_filters, project_id):
    """The filters a caller sent, narrowed to its project, as JSON.

    The project label is added to whatever labels the caller asked for;
    Docker ANDs label filters, so nothing the caller sends can widen it.
    The result is re-serialised by us, so duplicate or oddly cased keys in
    the caller's JSON never reach dockerd.
    """
    filters = parse_filters(raw_filters)
    labels = [v for v in filters.get("label", [])
              if not v.split("=", 1)[0] == PROJECT_LABEL]
    labels.append("%s=%s" % (PROJECT_LABEL, project_id))
    filters["label"] = labels
    return json.dumps(filters, sort_keys=True)


def scope_to_any_project(raw_filters):
    """For an admin's all-projects list: objects of every project, but not
    the host's unlabelled ones. An admin's own `project-id=<id>` label
    narrows it to one project (the Admin panel's project filter): Docker
    ANDs label filters, so it can only narrow."""
    filters = parse_filters(raw_filters)
    labels = [v for v in filters.get("label", [])
              if not (v.split("=", 1)[0] == PROJECT_LABEL and "=" not in v)]
    labels.append(PROJECT_LABEL)
    filters["label"] = labels
    return json.dumps(filters, sort_keys=True)
