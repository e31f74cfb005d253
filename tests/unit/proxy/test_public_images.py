"""DD_PUBLIC_IMAGES: references resolved to ids; a project's image under
the operator's name is not published; the record, never a label, decides."""
import asyncio

from docker_dashboard.proxy import public_images
from docker_dashboard.proxy.state import Ownership
from docker_dashboard.proxy.state import PUBLIC_OWNER
from docker_dashboard.proxy.state import database


class FakeEngine:
    def __init__(self, images):
        self.images = images
        self.asked = []

    async def json(self, method, path):
        self.asked.append(path)
        ref = path.split("/")[2].replace("%3A", ":").replace("%2F", "/")
        if ref in self.images:
            return 200, {"Id": self.images[ref],
                         "Config": {"Labels": {"org.openstack.public": "x"}}}
        return 404, {"message": "No such image"}


def test_parse_normalises_references():
    assert public_images.parse(" busybox , docker.io/library/alpine:3 ,") == (
        "busybox:latest", "alpine:3")


def record_in(folder):
    return Ownership(database.open_database(database.default_url(folder)))


def test_listed_reference_becomes_public_once_it_exists(tmp_path):
    record = record_in(tmp_path)
    listed = public_images.OperatorPublic(public_images.parse("busybox"))
    engine = FakeEngine({})
    asyncio.run(listed.resolve(engine, record))
    assert record.image_owner("sha256:b") is None
    engine.images["busybox:latest"] = "sha256:b"
    asyncio.run(listed.resolve(engine, record))
    assert record.image_owner("sha256:b") == PUBLIC_OWNER
    assert record.owned_images()["sha256:b"] == PUBLIC_OWNER
    # Resolved: no more questions to dockerd.
    asked = len(engine.asked)
    asyncio.run(listed.resolve(engine, record))
    assert len(engine.asked) == asked
    assert listed.reserves("docker.io/library/busybox")


def test_a_projects_image_under_the_listed_name_is_not_published(tmp_path):
    record = record_in(tmp_path)
    record.set_image_owner("sha256:mine", "p1")
    listed = public_images.OperatorPublic(public_images.parse("busybox"))
    asyncio.run(listed.resolve(FakeEngine({"busybox:latest": "sha256:mine"}),
                               record))
    assert record.image_owner("sha256:mine") == "p1"


def test_the_setting_is_not_written_to_the_record(tmp_path):
    record = record_in(tmp_path)
    record.mark_operator_public("sha256:b")
    assert record_in(tmp_path).image_owner("sha256:b") is None
