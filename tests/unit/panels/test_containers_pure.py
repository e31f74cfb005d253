"""The panel's pure pieces: launch spec parsing, paging, the changes tree
and the wrappers over Engine API JSON."""
import pytest

from docker_dashboard.api.wrappers import Container
from docker_dashboard.api.wrappers import looks_secret
from docker_dashboard.panels.containers import changes_tree
from docker_dashboard.panels.containers import launch_spec
from docker_dashboard.panels import paging
from tests.unit.panels.container_data import container_detail


def test_ports_are_read_in_dockers_order_host_then_container():
    assert launch_spec.parse_ports("80\n8443:443\n5353:53/udp\n"
                                   "18081:80\n") == [
        (80, "tcp", None), (443, "tcp", 8443), (53, "udp", 5353),
        (80, "tcp", 18081)]


@pytest.mark.parametrize("text", ["http", "0:80", "70000", "80/icmp",
                                  "abc:80"])
def test_bad_ports_are_refused_with_the_line(text):
    with pytest.raises(ValueError, match="Line 1"):
        launch_spec.parse_ports(text)


def test_volumes_are_named_never_host_paths():
    assert launch_spec.parse_volumes("data:/data") == [("data", "/data")]
    for bad in ("/etc:/etc", "data:relative", "a/b:/x", "justname"):
        with pytest.raises(ValueError):
            launch_spec.parse_volumes(bad)


def test_pairs_keep_equals_signs_in_values_and_skip_comments():
    assert launch_spec.parse_pairs("# note\nURL=a=b\n\nX=", "variable") == {
        "URL": "a=b", "X": ""}
    with pytest.raises(ValueError, match="Line 2"):
        launch_spec.parse_pairs("A=1\nBAD KEY=2", "variable")


def test_command_honours_shell_quoting():
    assert launch_spec.split_command('sh -c "echo hi"') == [
        "sh", "-c", "echo hi"]
    assert launch_spec.split_command("  ") is None


def test_spec_without_options_sends_only_the_image():
    spec = launch_spec.LaunchSpec(image="busybox:latest")
    assert spec.create_kwargs() == {"image": "busybox:latest", "tty": False,
                                    "stdin_open": False, "detach": True}
    assert spec.host_config_kwargs() == {}


def test_paging_asks_docker_for_one_row_past_the_page():
    assert paging.list_arguments(20) == ({}, 21)
    assert paging.list_arguments(20, marker="m") == ({"before": ["m"]}, 21)
    assert paging.list_arguments(20, prev_marker="p") == (
        {"since": ["p"]}, None)


def test_paging_cuts_the_answer():
    rows = list("abc")
    assert paging.page_of(rows, 2) == (["a", "b"], False, True)
    assert paging.page_of(rows[:2], 2, marker="z") == (["a", "b"], True,
                                                        False)
    # Going back: the rows newer than the first shown, the page is the tail.
    assert paging.page_of(list("abcd"), 2, prev_marker="e") == (
        ["c", "d"], True, True)
    assert paging.page_of(list("ab"), 2, prev_marker="c") == (
        ["a", "b"], False, True)


def test_changes_tree_nests_and_counts():
    tree = changes_tree.build([{"Path": "/a", "Kind": 0},
                               {"Path": "/a/b", "Kind": 0},
                               {"Path": "/a/b/new", "Kind": 1},
                               {"Path": "/gone", "Kind": 2}])
    assert [n.name for n in tree.sorted_children] == ["a", "gone"]
    new = tree.children["a"].children["b"].children["new"]
    assert (new.path, new.kind) == ("/a/b/new", "added")
    assert (tree.count("added"), tree.count("changed"),
            tree.count("deleted")) == (1, 2, 1)


def test_row_rebuilt_from_inspect_matches_the_list_shape():
    row = Container.from_inspect(container_detail("web"))
    assert row.name == "web"
    assert row.state == "running"
    assert row.ports == ["0.0.0.0:8080->80/tcp"]
    assert row.status.startswith("Up ")
    assert row.created.year == 2026
    stopped = Container.from_inspect(container_detail("web", state="exited"))
    assert stopped.status == "Exited (3)"
    assert stopped.uptime is None


def test_uptime_comes_from_docker_s_status():
    row = Container({"Id": "x", "Status": "Up 3 hours (healthy)"})
    assert row.uptime == "3 hours"


@pytest.mark.parametrize("key,secret", [
    ("DB_PASSWORD", True), ("api_token", True),
    ("AWS_SECRET_ACCESS_KEY", True),
    ("PATH", False), ("GREETING", False)])
def test_secret_looking_keys(key, secret):
    assert looks_secret(key) is secret


def test_each_address_family_is_shown_as_docker_ps_prints_it():
    # Issue 10, finding 8: the IPv6 binding lost its `[::]:`.
    row = Container({"Id": "a" * 64, "Ports": [
        {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080,
         "Type": "tcp"},
        {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
        {"PrivatePort": 53, "Type": "udp"}]})
    assert row.ports == ["0.0.0.0:8080->80/tcp", "[::]:8080->80/tcp",
                         "53/udp"]


def test_the_command_is_shown_with_its_quoting():
    detail = container_detail("web")
    detail._apidict.update(Path="sh", Args=["-c", "echo hi; sleep 600"])
    assert detail.command == "sh -c 'echo hi; sleep 600'"
