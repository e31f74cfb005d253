"""The hosts table and where objects live (state/hosts.py), on SQLite and
MariaDB: what one proxy records, another sharing the database reads."""
from docker_dashboard.proxy.state.hosts import Hosts


def test_a_host_registers_and_the_others_read_it(engines):
    first, second = Hosts(engines()), Hosts(engines())
    first.register("host1", "http://127.0.0.1:8790", "nova", now=100.0)
    second.register("host2", "http://127.0.0.1:8791", "zone-b",
                    "5b8c6a55-3cbb-4d8a-9a57-0123456789ab", now=101.0)
    rows = first.all()
    assert [(r.name, r.url, r.availability_zone, r.provider_uuid, r.seen_at)
            for r in rows] == [
        ("host1", "http://127.0.0.1:8790", "nova", "", 100.0),
        ("host2", "http://127.0.0.1:8791", "zone-b",
         "5b8c6a55-3cbb-4d8a-9a57-0123456789ab", 101.0)]
    assert second.by_provider(
        "5b8c6a55-3cbb-4d8a-9a57-0123456789ab").name == "host2"
    assert second.by_provider("00000000-0000-0000-0000-000000000000") is None


def test_registering_again_updates_and_keeps_a_known_provider(engines):
    hosts = Hosts(engines())
    hosts.register("host1", "http://old:1", "nova", "uuid-1", now=1.0)
    # A proxy not (yet) registered in Placement passes None: the uuid stays.
    hosts.register("host1", "http://new:2", "zone-c", None, now=2.0)
    (row,) = hosts.all()
    assert (row.url, row.availability_zone, row.provider_uuid,
            row.seen_at) == ("http://new:2", "zone-c", "uuid-1", 2.0)


def test_where_an_object_lives_is_remembered_and_forgotten(engines):
    first, second = Hosts(engines()), Hosts(engines())
    first.remember("container", "c" * 64, "host2")
    first.remember_all("container", {"d" * 64: "host1", "e" * 64: "host2"})
    assert second.where("container", "c" * 64) == "host2"
    assert second.where("container", "d" * 64) == "host1"
    assert second.where("exec", "c" * 64) is None
    # A record corrected by a later list: the last write wins.
    second.remember("container", "c" * 64, "host1")
    assert first.where("container", "c" * 64) == "host1"
    first.forget("container", "c" * 64)
    assert second.where("container", "c" * 64) is None


def test_removing_a_host_forgets_its_objects(engines):
    hosts = Hosts(engines())
    hosts.register("host2", "http://h2", "nova", now=1.0)
    hosts.remember("container", "f" * 64, "host2")
    hosts.remove("host2")
    assert hosts.all() == []
    assert hosts.where("container", "f" * 64) is None
