"""Which host holds which image, in the state database: each test runs on
SQLite and on MariaDB, and two ImageHosts objects on one database stand for
two hosts' proxies sharing it."""
from docker_dashboard.proxy.state.image_hosts import ImageHosts


def test_each_host_records_what_it_holds_and_the_others_read_it(engines):
    host1, host2 = ImageHosts(engines()), ImageHosts(engines())
    host1.add("sha256:1", "host1")
    host2.add("sha256:1", "host2")
    host2.add("sha256:2", "host2")
    assert host1.holders("sha256:1") == ["host1", "host2"]
    assert host1.holders("sha256:2") == ["host2"]
    assert host1.holders("sha256:3") == []
    assert host2.held_by("host2") == {"sha256:1", "sha256:2"}


def test_recording_twice_keeps_one_row(engines):
    record = ImageHosts(engines())
    record.add("sha256:1", "host1")
    record.add("sha256:1", "host1")
    assert record.holders("sha256:1") == ["host1"]


def test_a_forgotten_holder_is_gone_for_every_proxy(engines):
    host1, host2 = ImageHosts(engines()), ImageHosts(engines())
    host1.add("sha256:1", "host1")
    host1.add("sha256:1", "host2")
    host2.forget("sha256:1", "host2")
    assert host1.holders("sha256:1") == ["host1"]
