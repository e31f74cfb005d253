"""Who owns which image, recorded in the state database: each test runs on
SQLite and on MariaDB, and two Ownership objects on one database stand for
two proxy processes sharing it."""
import threading

from docker_dashboard.proxy.state import Ownership
from docker_dashboard.proxy.state import PUBLIC_OWNER


def test_the_first_owner_of_an_image_stays(engines):
    record = Ownership(engines())
    record.set_image_owner("sha256:1", "p1")
    record.set_image_owner("sha256:1", "p2")
    assert record.image_owner("sha256:1") == "p1"
    assert record.images_of("p1") == {"sha256:1"}
    assert record.images_of("p2") == set()
    assert record.image_owner("sha256:2") is None


def test_another_proxy_honours_a_record_at_once(engines):
    first, second = Ownership(engines()), Ownership(engines())
    first.set_image_owner("sha256:1", "p1")
    assert second.image_owner("sha256:1") == "p1"
    second.set_image_owner("sha256:1", "p2")
    assert first.image_owner("sha256:1") == "p1"
    second.set_tag_owner("app:1", "p2")
    assert first.tag_owner("app:1") == "p2"
    first.forget_tag("app:1")
    assert second.tag_owner("app:1") is None


def test_two_proxies_claiming_at_once_leave_one_owner(engines):
    """Each proxy records the same new images at the same moment: every
    image gets exactly one owner, the same for both, and no call fails."""
    proxies = {"p1": Ownership(engines()), "p2": Ownership(engines())}
    ids = ["sha256:race-%d" % n for n in range(100)]
    start = threading.Barrier(len(proxies))
    failures = []

    def claim(project):
        start.wait()
        try:
            for image_id in ids:
                proxies[project].set_image_owner(image_id, project)
                proxies[project].set_tag_owner("race:%s" % image_id[-3:],
                                               project)
        except Exception as error:  # reported below, with the project
            failures.append((project, error))
    threads = [threading.Thread(target=claim, args=(p,)) for p in proxies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    owners = proxies["p1"].owned_images()
    assert owners == proxies["p2"].owned_images()
    assert set(owners) == set(ids)
    assert set(owners.values()) <= {"p1", "p2"}
    assert (proxies["p1"].images_of("p1") | proxies["p1"].images_of("p2")
            == set(ids))


def test_tags_are_normalised_and_case_sensitive(engines):
    record = Ownership(engines())
    record.set_tag_owner("docker.io/library/app", "p1")
    assert record.tag_owner("app:latest") == "p1"
    assert record.tag_owner("app") == "p1"
    # Docker's tags are case-sensitive: app:V1 and app:v1 are two tags,
    # and owning one gives nothing of the other.
    record.set_tag_owner("app:V1", "p1")
    assert record.tag_owner("app:v1") is None
    record.set_tag_owner("app:v1", "p2")
    assert record.tag_owner("app:V1") == "p1"
    assert record.tag_owner("app:v1") == "p2"
    # A tag moves to whoever tagged last through the proxy (the proxy
    # checks beforehand that the caller may take it).
    record.set_tag_owner("app", "p3")
    assert record.tag_owner("app:latest") == "p3"
    record.forget_tag("app")
    assert record.tag_owner("app:latest") is None
    assert record.tag_owner("app:V1") == "p1"


def test_published_image_is_withdrawn_back_to_its_owner(engines):
    record, other = Ownership(engines()), Ownership(engines())
    record.set_image_owner("sha256:1", "p1")
    record.publish("sha256:1")
    assert other.image_owner("sha256:1") == PUBLIC_OWNER
    assert other.images_of("p1") == set()
    # Publishing twice keeps the owner to give it back to.
    other.publish("sha256:1")
    other.withdraw("sha256:1")
    assert record.image_owner("sha256:1") == "p1"
    # An image nobody owned goes back to nobody.
    record.publish("sha256:2")
    assert other.image_owner("sha256:2") == PUBLIC_OWNER
    other.withdraw("sha256:2")
    assert record.image_owner("sha256:2") is None


def test_snapshots_keep_their_first_container(engines):
    record, other = Ownership(engines()), Ownership(engines())
    record.set_snapshot("sha256:s", "c1")
    other.set_snapshot("sha256:s", "c2")
    assert other.snapshots() == {"sha256:s": "c1"}


def test_the_operators_public_images_stay_out_of_the_record(engines):
    engine = engines()
    record = Ownership(engine)
    record.set_image_owner("sha256:b", "p1")
    record.mark_operator_public("sha256:b")
    assert record.image_owner("sha256:b") == PUBLIC_OWNER
    assert record.owned_images() == {"sha256:b": PUBLIC_OWNER}
    # Another proxy without the setting reads the record alone.
    assert Ownership(engines()).image_owner("sha256:b") == "p1"
    assert record.recorded_owner("sha256:b") == "p1"
