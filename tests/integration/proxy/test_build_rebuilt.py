"""Builds through the proxy against the real dockerd: the proxy reads the
Dockerfile and the context as dockerd would, decides, and forwards only
what it wrote. A project-private image of alt_demo stays out of reach of
demo's builds by every route of issue 11; builds keep their limits; the
build cache is split by project; BuildKit is an admin's alone."""
import io
import json
import re
import tarfile
import uuid

import docker
import pytest

from tests import stack
from tests.build_context import dockerfile_context
from tests.integration.proxy.conftest import call

TAR = {"Content-Type": "application/x-tar"}


def context_of(*entries):
    """A tar of (name, bytes) files and (name, None, type, target) links."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for entry in entries:
            info = tarfile.TarInfo(entry[0])
            if entry[1] is not None:
                info.size = len(entry[1])
                archive.addfile(info, io.BytesIO(entry[1]))
            else:
                info.type, info.linkname = entry[2], entry[3]
                archive.addfile(info)
    return buffer.getvalue()


# Images a build's steps made (short ids); the untagged ones left by an
# earlier stage are removed at the end of the module.
STEP_IMAGES = []


def step_images(text):
    found = []
    for line in text.splitlines():
        try:
            stream = json.loads(line).get("stream") or ""
        except ValueError:
            continue
        found += re.findall(r"^ ---> ([0-9a-f]{12})$", stream.strip("\n"))
    return found


def build(user, body, tag=None, **params):
    if isinstance(body, str):
        body = dockerfile_context(body)
    params = dict(params, rm=1, forcerm=1)
    if tag:
        params["t"] = tag
    resp = call(user, "POST", "/build", params=params, raw=body,
                headers=TAR)
    STEP_IMAGES.extend(step_images(resp.text))
    return resp


def succeeded(resp):
    return resp.status_code == 200 and '"error"' not in resp.text


@pytest.fixture(scope="module")
def tags(daemon):
    """Tags made by a test, removed at the end of the module."""
    made = []
    yield made
    for tag in made:
        try:
            daemon.remove_image(tag, force=True)
        except docker.errors.NotFound:
            pass
    # Not forced: an image still tagged or with children is not ours to
    # remove (other tests build from the same bases at the same time).
    for image in reversed(STEP_IMAGES):
        try:
            daemon.remove_image(image)
        except docker.errors.APIError:
            pass


def new_tag(tags, prefix="p11-"):
    tag = "%s%s:1" % (prefix, uuid.uuid4().hex[:8])
    tags.append(tag)
    return tag


@pytest.fixture(scope="module")
def private(tags):
    """An image only alt_demo may use, holding a secret; its repository
    name is also a valid stage name."""
    tag = new_tag(tags, prefix="p11altpriv")
    resp = build("alt_demo", "FROM busybox:latest\nRUN echo alt-secret > /s\n",
                 tag)
    assert succeeded(resp), resp.text
    assert call("demo", "GET", "/images/%s/json" % tag).status_code == 404
    return tag


def refused(resp):
    assert resp.status_code in (400, 403, 404), resp.text
    assert "Successfully built" not in resp.text
    return resp.json()["message"]


# Each way a demo build could read alt_demo's image, with what dockerd
# would have read from the caller's bytes.
ROUTES = {
    "from": "FROM {p}\n",
    "copy_from": "FROM busybox:latest\nCOPY --from={p} /s /s\n",
    "bom_and_escape_directive":
        "\ufeff# escape=`\nFROM busybox:latest\nCOPY `\n  --from={p} /s /s\n",
    "continuation_with_comment_and_empty_lines":
        "FROM busybox:latest\nCOPY \\\n# a comment\n\n  --from={p} /s /s\n",
    "flag_with_escapes_and_quotes":
        'FROM busybox:latest\nCOPY --fr\\om="{p}" /s /s\n',
    "flag_given_twice":
        "FROM busybox:latest\nCOPY --from=busybox:latest --from={p} /s /s\n",
    "stage_named_like_the_image":
        "FROM busybox:latest AS {stage}\nCOPY --from={stage} /s /s\n",
    "run_mount_from":
        "FROM busybox:latest\nRUN --mount=type=bind,from={p},target=/m "
        "cat /m/s\n",
    "heredoc_holding_from":
        "FROM busybox:latest\nRUN <<EOF\nFROM {p}\nEOF\n",
    "directive_after_a_comment":
        "# note\n# escape=`\nFROM busybox:latest\nCOPY --from={p} /s /s `\n",
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_dockerfile_cannot_reach_another_projects_image(private, route):
    text = ROUTES[route].format(p=private, stage=private.split(":")[0])
    refused(build("demo", text, "p11-steal:1"))


def test_an_arg_named_base_resolves_the_build_argument(private):
    text = "ARG BASE=busybox:latest\nFROM $BASE\nRUN cat /s\n"
    message = refused(build("demo", text, "p11-steal:1",
                            buildargs=json.dumps({"BASE": private})))
    assert "No such image" in message


def test_cachefrom_names_only_images_the_project_may_use(private):
    refused(build("demo", "FROM busybox:latest\n", "p11-steal:1",
                  cachefrom=json.dumps([private])))


def test_a_context_with_two_dockerfiles_is_refused(private):
    body = context_of(("Dockerfile", b"FROM busybox:latest\n"),
                      ("./Dockerfile", ("FROM %s\n" % private).encode()))
    assert "twice" in refused(build("demo", body, "p11-steal:1"))


def test_a_linked_dockerfile_is_refused(private):
    body = context_of(("evil", ("FROM %s\n" % private).encode()),
                      ("Dockerfile", None, tarfile.SYMTYPE, "evil"))
    assert "regular file" in refused(build("demo", body, "p11-steal:1"))


def test_the_proxys_dockerfile_name_cannot_be_supplied(private):
    body = context_of(("Dockerfile", b"FROM busybox:latest\n"),
                      (".docker-dashboard.Dockerfile",
                       ("FROM %s\n" % private).encode()))
    refused(build("demo", body, "p11-steal:1"))


def test_onbuild_triggers_of_a_base_are_decided(private, tags):
    base = new_tag(tags)
    resp = build("demo", "FROM busybox:latest\nONBUILD COPY --from=%s /s /s\n"
                 % private, base)
    assert succeeded(resp), resp.text
    assert "No such image" in refused(build("demo", "FROM %s\n" % base,
                                            "p11-steal:1"))


def test_a_public_base_cannot_run_cached_triggers(tags):
    base = new_tag(tags)
    resp = build("admin", "FROM busybox:latest\nONBUILD RUN echo x > /x\n",
                 base)
    assert succeeded(resp), resp.text
    assert call("admin", "POST", "/dd/images/%s/publish" % base
                ).status_code == 200
    try:
        message = refused(build("demo", "FROM %s\n" % base, "p11-t:1"))
        assert "ONBUILD" in message
    finally:
        call("admin", "DELETE", "/dd/images/%s/publish" % base)


def test_a_tricky_but_harmless_dockerfile_builds(tags, daemon):
    """BOM, backtick escape, continuations with comments, JSON escapes, a
    named Dockerfile in a folder: what the proxy writes builds the same."""
    tag, first = new_tag(tags), new_tag(tags)
    text = ("\ufeff# escape=`\nFROM busybox:latest AS First\n"
            "RUN echo `\n# inside\n  one > /one\n"
            "FROM first\nCOPY --from=FIRST /one /copied\n"
            'CMD ["sh", "-c", "cat /copied\\u0021"]\n')
    body = context_of(("sub/Build", text.encode()))
    resp = build("demo", body, first, dockerfile="sub/Build", target="FIRST")
    assert succeeded(resp), resp.text
    resp = build("demo", body, tag, dockerfile="sub/Build")
    assert succeeded(resp), resp.text
    # The first stage's image, left untagged by dockerd, is demo's: demo
    # sees it (and can remove it), alt_demo does not.
    streams = [json.loads(line).get("stream") or ""
               for line in resp.text.splitlines() if line.strip()]
    start = next(i for i, text in enumerate(streams)
                 if text.startswith("Step ") and " : FROM first" in text)
    stage_end = [found for text in streams[:start]
                 for found in step_images(json.dumps({"stream": text}))][-1]
    assert call("demo", "GET", "/images/%s/json" % stage_end
                ).status_code == 200
    assert call("alt_demo", "GET", "/images/%s/json" % stage_end
                ).status_code == 404
    config = daemon.inspect_image(tag)["Config"]
    assert config["Cmd"] == ["sh", "-c", "cat /copied!"]
    assert config["Labels"]["org.openstack.project-id"] == \
        stack.project_ids()["demo"]
    assert read_file(daemon, tag, "/copied") == "one\n"


def test_a_context_as_the_docker_cli_sends_it_from_stdin(tags, daemon):
    """`docker build -f - DIR`: the CLI's tar has no end blocks and the
    Dockerfile under a random name; the proxy reads it as dockerd does."""
    tag = new_tag(tags)
    full = context_of(("a.txt", b"from the context\n"),
                      (".dockerfile.0a1b", b"FROM busybox:latest\n"
                                           b"COPY a.txt /a.txt\n"),
                      ("last", b"x" * 47))
    resp = build("demo", full[:512 * 5 + 47], tag,
                 dockerfile=".dockerfile.0a1b")
    assert succeeded(resp), resp.text
    assert read_file(daemon, tag, "/a.txt") == "from the context\n"


SAME_MEANING = (
    "\ufeff# escape=`\n"
    "ARG GREETING=hello\n"
    "FROM busybox:latest AS Maker\n"
    "RUN echo made `\n"
    "# a comment inside the continuation\n"
    "\n"
    "    > /made\n"
    "FROM busybox:latest\n"
    "ARG GREETING\n"
    "ENV PLAIN=1 QUOTED=\"a b\" ESCAPED=c` d FROM_ARG=$GREETING\n"
    "ENV OLD the old form\n"
    "LABEL com.example.spaced=\"x y\" com.example.plain=z\n"
    "COPY --from=MAKER /made /made\n"
    "COPY --from=0 [\"/made\", \"/again\"]\n"
    "EXPOSE 80/tcp 53/udp\n"
    "WORKDIR /srv\n"
    "VOLUME [\"/data\"]\n"
    "USER nobody\n"
    "STOPSIGNAL SIGINT\n"
    "ONBUILD RUN echo later\n"
    "HEALTHCHECK --interval=30s --retries=2 CMD [\"true\"]\n"
    "SHELL [\"/bin/sh\", \"-ec\"]\n"
    "ENTRYPOINT [\"/bin/echo\", \"\\u0041\"]\n"
    "CMD two words\n")
COMPARED = ("Cmd", "Entrypoint", "Env", "ExposedPorts", "WorkingDir", "User",
            "Volumes", "OnBuild", "Healthcheck", "StopSignal", "Shell")


def test_the_canonical_dockerfile_builds_what_the_callers_would(tags,
                                                                 daemon):
    """The caller's Dockerfile built straight on the daemon, and the
    proxy's canonical one built through the proxy: the same image
    configuration and files (the project's label aside)."""
    direct, proxied = new_tag(tags), new_tag(tags)
    body = dockerfile_context(SAME_MEANING)
    for chunk in daemon.build(fileobj=io.BytesIO(body), custom_context=True,
                              tag=direct, network_mode="none", rm=True,
                              forcerm=True):
        STEP_IMAGES.extend(step_images(chunk.decode()))
    resp = build("demo", body, proxied)
    assert succeeded(resp), resp.text
    ours = daemon.inspect_image(proxied)["Config"]
    theirs = daemon.inspect_image(direct)["Config"]
    for field in COMPARED:
        assert ours[field] == theirs[field], field
    labels = dict(ours["Labels"])
    assert labels.pop("org.openstack.project-id") == \
        stack.project_ids()["demo"]
    assert labels == theirs["Labels"]
    for path in ("/made", "/again"):
        assert read_file(daemon, proxied, path) == \
            read_file(daemon, direct, path) == "made\n"


def read_file(daemon, image, path):
    cid = daemon.create_container(image, [path], entrypoint=["cat"],
                                  host_config=daemon.create_host_config(
                                      network_mode="none"))["Id"]
    try:
        daemon.start(cid)
        daemon.wait(cid, timeout=60)
        return daemon.logs(cid, stdout=True, stderr=False).decode()
    finally:
        # v: the images built here declare VOLUME /data, and the daemon
        # gives each container made straight on it an anonymous volume.
        daemon.remove_container(cid, v=True, force=True)


def cached_steps(resp):
    """The instructions dockerd answered from its cache."""
    steps, current = [], None
    for line in resp.text.splitlines():
        text = json.loads(line).get("stream", "") if line.strip() else ""
        if text.startswith("Step "):
            current = text.split(" : ", 1)[1].strip()
        elif "Using cache" in text:
            steps.append(current)
    return steps


def test_cached_steps_do_not_cross_projects(tags, daemon):
    """The same Dockerfile, with a random RUN output, built by demo then
    alt_demo: each gets its own token and no step from the other's cache;
    demo building again hits its own cache."""
    marker = uuid.uuid4().hex.encode()
    text = ("FROM busybox:latest\nCOPY f /f\nADD f /g\n"
            "RUN head -c 16 /dev/urandom | od -x > /token\n")
    body = context_of(("Dockerfile", text.encode()), ("f", marker))
    first, other, again = new_tag(tags), new_tag(tags), new_tag(tags)
    resp = build("demo", body, first)
    assert succeeded(resp), resp.text
    resp = build("alt_demo", body, other)
    assert succeeded(resp), resp.text
    assert not [s for s in cached_steps(resp)
                if s.startswith(("COPY", "ADD", "RUN"))]
    resp = build("demo", body, again)
    assert succeeded(resp), resp.text
    assert [s for s in cached_steps(resp)
            if s.startswith(("COPY", "ADD", "RUN"))] == [
        "COPY f /f", "ADD f /g",
        "RUN head -c 16 /dev/urandom | od -x > /token"]
    demo_token = read_file(daemon, first, "/token")
    assert read_file(daemon, other, "/token") != demo_token
    assert read_file(daemon, again, "/token") == demo_token


def test_add_of_a_url_is_refused():
    message = refused(build("demo", "FROM busybox:latest\nADD "
                            "http://127.0.0.1:5005/v2/_catalog /c\n",
                            "p11-url:1"))
    assert "URL" in message


def test_shm_size_is_capped_on_the_real_build(tags, daemon):
    refused(build("demo", "FROM busybox:latest\n", "p11-shm:1",
                  shmsize=1024 ** 4))
    tag = new_tag(tags)
    resp = build("demo", "FROM busybox:latest\n"
                 "RUN df -k /dev/shm | tail -1 > /shm\n", tag,
                 shmsize=32 * 1024 ** 2)
    assert succeeded(resp), resp.text
    assert read_file(daemon, tag, "/shm").split()[1] == str(32 * 1024)


def test_memory_and_cpu_limits_hold_on_the_real_build(tags, daemon):
    """Each RUN step's container gets the limits (cgroup v1 here)."""
    tag = new_tag(tags)
    resp = build("demo", "FROM busybox:latest\nRUN cat "
                 "/sys/fs/cgroup/memory/memory.limit_in_bytes "
                 "/sys/fs/cgroup/cpu/cpu.cfs_quota_us "
                 "/sys/fs/cgroup/cpu/cpu.cfs_period_us > /limits\n", tag,
                 memory=128 * 1024 ** 2, cpuquota=50000, cpuperiod=100000)
    assert succeeded(resp), resp.text
    assert read_file(daemon, tag, "/limits").split() == [
        str(128 * 1024 ** 2), "50000", "100000"]
    refused(build("demo", "FROM busybox:latest\n", "p11-big:1",
                  memory=1024 ** 4))


def test_buildkit_is_refused_to_members():
    resp = build("demo", "FROM busybox:latest\n", "p11-bk:1", version="2")
    assert resp.status_code == 403
    assert "BuildKit" in resp.json()["message"]


def test_an_admins_buildkit_image_is_recorded_as_its_projects(tags):
    tag = new_tag(tags)
    resp = build("admin", "FROM busybox:latest\nRUN echo hi > /x\n", tag,
                 version="2", networkmode="none")
    assert succeeded(resp), resp.text
    listed = call("admin", "GET", "/images/json").json()
    assert any("docker.io/library/%s" % tag in (row.get("RepoTags") or [])
               or tag in (row.get("RepoTags") or []) for row in listed)


def test_commit_changes_are_parsed_and_rewritten(maker, daemon):
    found = maker("demo")
    alt = stack.project_ids()["alt_demo"]
    for change in (["LABEL org.openstack\\.project-id=%s" % alt],
                   ["LABEL org.open\\", "stack.project-id=%s" % alt],
                   ["# escape=`", "LABEL org.openstack`.public=true"]):
        resp = call("demo", "POST", "/commit",
                    params=[("container", found["Id"])]
                    + [("changes", c) for c in change])
        assert resp.status_code == 403, resp.text
    resp = call("demo", "POST", "/commit", params=[
        ("container", found["Id"]), ("changes", "LABEL a=1 \\"),
        ("changes", "b=2"), ("changes", "ENV PATH=/x:$PATH")])
    assert resp.status_code == 201, resp.text
    image = resp.json()["Id"]
    try:
        config = daemon.inspect_image(image)["Config"]
        assert config["Labels"]["a"] == "1" and config["Labels"]["b"] == "2"
        assert config["Labels"]["org.openstack.snapshot-of"] == found["Id"]
        assert config["Cmd"] == ["sleep", "600"]
        assert any(e.startswith("PATH=/x:/") for e in config["Env"])
    finally:
        daemon.remove_image(image, force=True)
