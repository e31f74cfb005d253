"""Reading and cleaning the stack's Placement as the proxies' service user
does: the tests' view of providers and allocations."""
import os

import requests

from tests import stack

PLACEMENT_URL = os.environ.get("DD_PLACEMENT_URL", "http://127.0.0.1:8778")
SERVICE_USER = "docker-proxy"
SERVICE_PASSWORD = os.environ.get("DD_SERVICE_PASSWORD", "service-secret")


def service_settings():
    """The DD_* settings a proxy of a test's own needs to use Placement."""
    return {"DD_PLACEMENT_URL": PLACEMENT_URL,
            "DD_PROXY_SERVICE_USER": SERVICE_USER,
            "DD_PROXY_SERVICE_PASSWORD": SERVICE_PASSWORD}


def session():
    """A requests session on Placement with the service user's token."""
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": SERVICE_USER, "password": SERVICE_PASSWORD,
            "domain": {"name": "Default"}}}},
        "scope": {"project": {"name": "service",
                              "domain": {"name": "Default"}}},
    }}
    answer = requests.post(stack.KEYSTONE_URL + "/auth/tokens", json=body,
                           timeout=30)
    answer.raise_for_status()
    placement = requests.Session()
    placement.headers.update({
        "X-Auth-Token": answer.headers["X-Subject-Token"],
        "OpenStack-API-Version": "placement 1.39"})
    return placement


def get(placement, path, **params):
    answer = placement.get(PLACEMENT_URL + path, params=params, timeout=30)
    answer.raise_for_status()
    return answer.json()


def allocations_on(placement, provider_uuid):
    """{consumer uuid: {resource class: amount}} held on a provider."""
    body = get(placement, "/resource_providers/%s/allocations"
               % provider_uuid)
    return {consumer: held["resources"]
            for consumer, held in body["allocations"].items()}


def remove_provider(placement, provider_uuid):
    """Delete a test's provider and every allocation on it."""
    answer = placement.get(PLACEMENT_URL + "/resource_providers/%s/allocations"
                           % provider_uuid, timeout=30)
    if answer.status_code == 404:
        return
    for consumer in answer.json()["allocations"]:
        placement.delete(PLACEMENT_URL + "/allocations/" + consumer,
                         timeout=30)
    placement.delete(PLACEMENT_URL + "/resource_providers/" + provider_uuid,
                     timeout=30).raise_for_status()
