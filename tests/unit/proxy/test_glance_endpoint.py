"""Which Glance a transfer talks to: the token's catalog, unless the
operator named one."""
from docker_dashboard.proxy import glance_transfer
from docker_dashboard.proxy import keystone


def endpoint(interface, url, region="RegionOne"):
    return {"interface": interface, "url": url, "region_id": region,
            "region": region}


def token_body(catalog):
    return {"token": {"user": {"id": "u1", "name": "demo"},
                      "project": {"id": "p1", "name": "demo"},
                      "roles": [{"name": "member"}],
                      "catalog": catalog}}


CATALOG = [
    {"type": "identity", "endpoints": [
        endpoint("public", "http://keystone.example:5000/v3")]},
    {"type": "image", "endpoints": [
        endpoint("admin", "http://glance-admin.example:9292"),
        endpoint("internal", "http://glance-internal.example:9292"),
        endpoint("public", "http://glance.one.example:9292"),
        endpoint("public", "http://glance.two.example:9292/", "RegionTwo"),
    ]},
]


def test_the_public_image_endpoint_is_taken():
    caller = keystone.caller_from_token_body(token_body(CATALOG))
    assert caller.glance_url == "http://glance.one.example:9292"


def test_the_configured_region_is_taken():
    caller = keystone.caller_from_token_body(token_body(CATALOG),
                                             region="RegionTwo")
    assert caller.glance_url == "http://glance.two.example:9292"


def test_a_region_without_glance_gives_none():
    caller = keystone.caller_from_token_body(token_body(CATALOG),
                                             region="RegionThree")
    assert caller.glance_url == ""


def test_a_versioned_endpoint_is_cut_to_its_root():
    catalog = [{"type": "image", "endpoints": [
        endpoint("public", "https://cloud.example/image/v2/")]}]
    caller = keystone.caller_from_token_body(token_body(catalog))
    # The proxy adds /v2 itself; /v2/v2 would answer 404.
    assert caller.glance_url == "https://cloud.example/image"


def test_the_catalog_is_preferred_to_the_local_default():
    caller = keystone.caller_from_token_body(token_body(CATALOG))
    assert glance_transfer.glance_url("", caller) == (
        "http://glance.one.example:9292")


def test_without_an_image_service_the_local_default_is_used():
    caller = keystone.caller_from_token_body(token_body(CATALOG[:1]))
    assert glance_transfer.glance_url("", caller) == (
        glance_transfer.DEFAULT_GLANCE_URL)


def test_the_operators_glance_url_overrides_the_catalog():
    caller = keystone.caller_from_token_body(token_body(CATALOG))
    assert glance_transfer.glance_url("http://glance.internal:9292",
                                      caller) == "http://glance.internal:9292"
