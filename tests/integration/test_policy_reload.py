"""An edit of the policy file is honoured by a running proxy from the next
request on, although the proxy remembers its decisions per file version
(rules/policy.py) and the caller's token is still in its cache: against the
real Keystone and dockerd, on a proxy of the test's own (DD_POLICY_FILE), so
the plugin's file that the shared proxies and Horizon read is never touched.
"""
import os
import shutil

import pytest
import requests

from docker_dashboard.proxy.rules.policy import DEFAULT_POLICY_FILE
from tests import stack

LIST_RULE = '"docker:container:list": "rule:docker:reader"'


@pytest.fixture()
def policy_file(tmp_path):
    path = tmp_path / "docker_policy.yaml"
    shutil.copyfile(DEFAULT_POLICY_FILE, path)
    assert LIST_RULE in path.read_text()
    return path


@pytest.fixture()
def proxy(policy_file):
    with stack.own_proxy(DD_POLICY_FILE=str(policy_file)) as (_, url):
        yield url


# One token per user for the whole module: after the edit the proxy still
# holds each in its token cache, and must decide afresh all the same.
TOKENS = {}


def list_containers(url, user):
    if user not in TOKENS:
        TOKENS[user] = stack.token(user)
    return requests.get(url + "/v1.41/containers/json",
                        headers={"X-Auth-Token": TOKENS[user]}, timeout=30)


def test_a_rule_tightened_in_the_file_refuses_the_next_call(proxy,
                                                             policy_file):
    assert list_containers(proxy, "demo").status_code == 200
    # Edited in place, as an operator's editor does.
    policy_file.write_text(policy_file.read_text().replace(
        LIST_RULE, '"docker:container:list": "rule:docker:admin"'))

    refused = list_containers(proxy, "demo")
    assert refused.status_code == 403
    assert "docker:container:list" in refused.json()["message"]
    # The rule names admins only: an admin's call still passes.
    assert list_containers(proxy, "admin").status_code == 200

    policy_file.write_text(policy_file.read_text().replace(
        '"docker:container:list": "rule:docker:admin"', LIST_RULE))
    assert list_containers(proxy, "demo").status_code == 200


def test_a_replaced_policy_file_is_honoured(proxy, policy_file):
    """Configuration tools write a new file and rename it over the old."""
    assert list_containers(proxy, "reader").status_code == 200
    new = policy_file.with_name("new.yaml")
    new.write_text(policy_file.read_text().replace(
        LIST_RULE, '"docker:container:list": "rule:docker:member"'))
    os.replace(new, policy_file)

    assert list_containers(proxy, "reader").status_code == 403
    assert list_containers(proxy, "demo").status_code == 200
