"""The real docker CLI as demo, through the proxy: run, ps, logs, exec (also
with stdin over the hijacked stream), stop, rm, images, commit, volumes; and
`ps` never shows alt_demo's containers."""
import json
import os
import shutil
import subprocess
import uuid

import pytest

from tests import stack

DOCKER = shutil.which("docker", path="/usr/local/bin:/usr/bin")
PROXY_HOST = stack.PROXY_URL.replace("http://", "tcp://")


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Runs `docker` as one of the seeded users, through the proxy only."""
    def make(user):
        config = tmp_path_factory.mktemp("docker-" + user)
        (config / "config.json").write_text(json.dumps(
            {"HttpHeaders": {"X-Auth-Token": stack.token(user)}}))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("DOCKER_")}

        def run(*args, stdin=None, check=True):
            done = subprocess.run(
                [DOCKER, "--config", str(config), "-H", PROXY_HOST] +
                list(args), input=stdin, capture_output=True, text=True,
                env=env, timeout=120)
            if check:
                assert done.returncode == 0, done.stderr
            return done
        return run
    return make


@pytest.fixture(scope="module")
def demo(cli):
    return cli("demo")


@pytest.fixture(scope="module")
def running(demo):
    name = "p3e-" + uuid.uuid4().hex[:8]
    demo("run", "-d", "--name", name, "--memory", "64m", "--cpus", "0.5",
         "busybox:latest", "sh", "-c", "echo hello from $HOSTNAME; sleep 600")
    yield name
    demo("rm", "-f", name, check=False)


def test_run_and_ps(demo, running):
    names = demo("ps", "--format", "{{.Names}}").stdout.split()
    assert running in names


def test_ps_shows_none_of_alt_demos_containers(demo, cli, running):
    alt_names = set(cli("alt_demo")("ps", "-a", "--format", "{{.Names}}")
                    .stdout.split())
    assert alt_names
    demo_names = set(demo("ps", "-a", "--format", "{{.Names}}")
                     .stdout.split())
    assert not demo_names & alt_names
    assert running not in alt_names


def test_logs(demo, running):
    assert "hello from" in demo("logs", running).stdout


def test_exec(demo, running):
    assert demo("exec", running, "echo", "hi").stdout == "hi\n"


def test_exec_with_stdin_over_the_hijacked_stream(demo, running):
    done = demo("exec", "-i", running, "sh", "-c",
                "read line; echo got $line; echo oops >&2; exit 3",
                stdin="line-one\n", check=False)
    assert done.stdout == "got line-one\n"
    assert "oops" in done.stderr
    assert done.returncode == 3


def test_exec_cat_echoes_all_of_stdin(demo, running):
    text = "".join("line %d\n" % i for i in range(2000))
    assert demo("exec", "-i", running, "cat", stdin=text).stdout == text


def test_run_without_limits_is_refused_naming_the_field(demo):
    done = demo("run", "-d", "busybox:latest", "true", check=False)
    assert done.returncode != 0
    assert "HostConfig.Memory" in done.stderr


def test_privileged_run_is_refused(demo):
    done = demo("run", "-d", "--privileged", "--memory", "64m", "--cpus",
                "0.5", "busybox:latest", "true", check=False)
    assert done.returncode != 0
    assert "HostConfig.Privileged" in done.stderr


def test_commit_and_images(demo, cli, running):
    repo = "p3e-snap-" + uuid.uuid4().hex[:8]
    demo("commit", running, repo + ":v1")
    try:
        listed = demo("images", "--format", "{{.Repository}}:{{.Tag}}"
                      ).stdout.split()
        assert repo + ":v1" in listed and "busybox:latest" in listed
        alt_listed = cli("alt_demo")("images", "--format",
                                     "{{.Repository}}").stdout.split()
        assert repo not in alt_listed
    finally:
        demo("rmi", repo + ":v1")


def test_volume_create_ls_rm(demo):
    name = "p3e-vol-" + uuid.uuid4().hex[:8]
    demo("volume", "create", name)
    assert name in demo("volume", "ls", "--format", "{{.Name}}").stdout
    demo("volume", "rm", name)
    assert name not in demo("volume", "ls", "--format", "{{.Name}}").stdout


def test_stop_and_rm(demo):
    name = "p3e-" + uuid.uuid4().hex[:8]
    demo("run", "-d", "--name", name, "--memory", "64m", "--cpus", "0.5",
         "busybox:latest", "sleep", "600")
    demo("stop", "-t", "1", name)
    demo("rm", name)
    assert name not in demo("ps", "-a", "--format", "{{.Names}}").stdout


def test_run_interactive_attaches_stdin_and_output(demo):
    done = demo("run", "--rm", "-i", "--memory", "64m", "--cpus", "0.5",
                "busybox:latest", "sh", "-c", "cat; echo done",
                stdin="through attach\n")
    assert done.stdout == "through attach\ndone\n"
