"""The checksum a load from Glance is verified against."""
import hashlib

import pytest

from docker_dashboard.proxy.glance_transfer import Digests
from docker_dashboard.proxy.rules.errors import Refused

DATA = b"a docker save archive" * 1000


def glance_image(**fields):
    return dict({"id": "g1", "checksum": hashlib.md5(DATA).hexdigest(),
                 "os_hash_algo": "sha512",
                 "os_hash_value": hashlib.sha512(DATA).hexdigest()}, **fields)


def digest_of(image, data):
    digests = Digests(image)
    for start in range(0, len(data), 4096):
        digests.update(data[start:start + 4096])
    digests.check()


def test_matching_data_passes():
    digest_of(glance_image(), DATA)


def test_altered_data_is_refused_by_the_multihash():
    with pytest.raises(Refused, match="sha512"):
        digest_of(glance_image(), DATA[:-1] + b"X")


def test_the_multihash_is_what_is_checked_when_glance_has_one():
    # A wrong MD5 beside a right SHA-512 passes: SHA-512 is the assurance.
    digest_of(glance_image(checksum="0" * 32), DATA)
    with pytest.raises(Refused, match="sha512"):
        digest_of(glance_image(os_hash_value="0" * 128), DATA)


def test_md5_is_checked_when_glance_has_no_multihash():
    image = glance_image(os_hash_algo=None, os_hash_value=None)
    digest_of(image, DATA)
    with pytest.raises(Refused, match="md5"):
        digest_of(image, DATA + b"more")
