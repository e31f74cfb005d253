"""A revoked Keystone token stops working at the proxy within the token
cache's lifetime (DD_TOKEN_TTL), against the real Keystone."""
import time

import pytest
import requests

from tests import stack

TTL = 2


def fresh_token():
    """A token of demo's own for this test, so revoking it harms no other."""
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "demo", "password": "demo", "domain": {"id": "default"}}}},
        "scope": {"project": {"name": "demo", "domain": {"id": "default"}}}}}
    resp = requests.post(stack.KEYSTONE_URL + "/auth/tokens", json=body,
                         timeout=30)
    resp.raise_for_status()
    return resp.headers["X-Subject-Token"]


@pytest.fixture(scope="module")
def short_ttl_proxy():
    with stack.own_proxy(DD_TOKEN_TTL=TTL) as (_, url):
        yield url


def list_status(url, token):
    return requests.get(url + "/v1.41/containers/json",
                        headers={"X-Auth-Token": token}, timeout=30).status_code


def test_a_revoked_token_is_refused_once_the_cache_expires(short_ttl_proxy):
    token = fresh_token()
    assert list_status(short_ttl_proxy, token) == 200
    revoked = requests.delete(stack.KEYSTONE_URL + "/auth/tokens",
                              headers={"X-Auth-Token": token,
                                       "X-Subject-Token": token}, timeout=30)
    assert revoked.status_code == 204
    # Keystone itself now refuses it...
    assert requests.get(stack.KEYSTONE_URL + "/auth/tokens",
                        headers={"X-Auth-Token": stack.token("demo"),
                                 "X-Subject-Token": token},
                        timeout=30).status_code == 404
    # ...and the proxy follows once its cached answer is older than the TTL.
    time.sleep(TTL + 0.5)  # the cache lifetime itself is what is tested
    assert list_status(short_ttl_proxy, token) == 401


def test_a_valid_token_keeps_working_after_the_ttl(short_ttl_proxy):
    token = fresh_token()
    assert list_status(short_ttl_proxy, token) == 200
    time.sleep(TTL + 0.5)
    assert list_status(short_ttl_proxy, token) == 200
