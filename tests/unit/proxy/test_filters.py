"""Scoping list filters to a project: whatever the caller sends, the project
label is the one Docker filters on."""
import json

import pytest

from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules.errors import Refused

LABEL = "org.openstack.project-id"


@pytest.mark.parametrize("raw, expected_labels", [
    (None, [LABEL + "=p1"]),
    ("", [LABEL + "=p1"]),
    ('{}', [LABEL + "=p1"]),
    ('{"label": ["tier=web"]}', ["tier=web", LABEL + "=p1"]),
    # The older map form of filters.
    ('{"label": {"tier=web": true, "off=1": false}}',
     ["tier=web", LABEL + "=p1"]),
    # A caller naming another project's label gets it replaced, not added.
    ('{"label": ["%s=p2"]}' % LABEL, [LABEL + "=p1"]),
    ('{"label": ["%s"]}' % LABEL, [LABEL + "=p1"]),
    # Duplicate keys: Python keeps the last; the result is re-serialised so
    # dockerd never sees the caller's duplicates.
    ('{"label": ["%s=p2"], "label": ["a=b"]}' % LABEL, ["a=b", LABEL + "=p1"]),
])
def test_project_label_always_applies(raw, expected_labels):
    scoped = json.loads(filters.scope_to_project(raw, "p1"))
    assert scoped["label"] == expected_labels


def test_other_filters_pass_through():
    scoped = json.loads(filters.scope_to_project(
        '{"status": ["running"], "name": ["web"]}', "p1"))
    assert scoped == {"status": ["running"], "name": ["web"],
                      "label": [LABEL + "=p1"]}


@pytest.mark.parametrize("raw", [
    "not json", "[1, 2]", '"label"', '{"label": "x=y"}', '{"label": [1]}',
    '{"label": null}',
])
def test_malformed_filters_are_refused(raw):
    with pytest.raises(Refused) as caught:
        filters.scope_to_project(raw, "p1")
    assert caught.value.status == 400
    assert caught.value.field == "filters"


@pytest.mark.parametrize("raw, expected_labels", [
    (None, [LABEL]),
    ('{"label": ["%s"]}' % LABEL, [LABEL]),
    # An admin's project filter (Admin -> Docker -> Containers) narrows the
    # all-projects list to that project, still only labelled objects.
    ('{"label": ["%s=p2"]}' % LABEL, [LABEL + "=p2", LABEL]),
    ('{"label": ["org.openstack.docker-host=host2"]}',
     ["org.openstack.docker-host=host2", LABEL]),
])
def test_all_projects_keeps_a_project_filter(raw, expected_labels):
    scoped = json.loads(filters.scope_to_any_project(raw))
    assert scoped["label"] == expected_labels
