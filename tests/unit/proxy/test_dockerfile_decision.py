"""Which images a Dockerfile reads, decided, and the canonical file the
proxy forwards instead of the caller's."""
import pytest

from docker_dashboard.proxy.rules.dockerfile import decision
from docker_dashboard.proxy.rules.dockerfile import parser
from docker_dashboard.proxy.rules.errors import Refused

IDS = {"busybox": "sha256:" + "1" * 64, "other:2": "sha256:" + "2" * 64,
       "secret": "sha256:" + "3" * 64, "mine:1": "sha256:" + "4" * 64}


def canonical(text, buildargs=None, admin=False):
    build = decision.read(text, buildargs, admin)
    return build, decision.write(build, IDS, "p1").decode()


@pytest.mark.parametrize("text, buildargs, images", [
    ("FROM busybox\nRUN true\n", None, ["busybox"]),
    ("FROM busybox AS one\nFROM scratch\nCOPY --from=one /a /b\n"
     "COPY --from=other:2 /c /d\n", None, ["busybox", "other:2"]),
    # Stage names in any case; indexes of earlier stages.
    ("FROM busybox AS One\nFROM ONE\nCOPY --from=0 /x /y\n"
     "COPY --from=oNe /x /y\n", None, ["busybox"]),
    # A stage's own name is not a stage yet: it names an image.
    ("FROM busybox AS secret\nCOPY --from=secret /x /y\n", None,
     ["busybox", "secret"]),
    # A later stage's name is not a stage either.
    ("FROM busybox\nCOPY --from=later /x /y\nFROM busybox AS later\n", None,
     ["busybox", "later"]),
    # Meta ARGs: the build argument wins over the default.
    ("ARG BASE=busybox\nFROM $BASE\n", None, ["busybox"]),
    ("ARG BASE=busybox\nFROM ${BASE}\n", {"BASE": "secret"}, ["secret"]),
    ("ARG BASE\nFROM $BASE\n", {"BASE": "mine:1"}, ["mine:1"]),
    # A flag given through escapes and quotes is the flag dockerd reads.
    ('FROM busybox\nCOPY --fr\\om="secret" /a /b\n', None,
     ["busybox", "secret"]),
    # Continuation and backtick escape: the proxy reads what dockerd reads.
    ("# escape=`\nFROM busybox\nCOPY `\n  --from=secret /a /b\n", None,
     ["busybox", "secret"]),
])
def test_images_read(text, buildargs, images):
    assert decision.read(text, buildargs).images == images


@pytest.mark.parametrize("text, buildargs", [
    ("ARG BASE\nFROM $BASE\n", None),
    ("ARG BASE=$OTHER\nFROM $BASE\n", None),
    ("ARG BASE=busybox\nARG BASE\nFROM $BASE\n", None),
    ("FROM ${BASE:-busybox}\n", None),
    ("FROM $UNDECLARED\n", {"UNDECLARED": "busybox"}),
    ('FROM "busybox"\n', None),
    ("FROM bus\\ybox\n", None),
    ("FROM busybox\nCOPY --from=${IMG} /a /b\n", None),
    ("FROM busybox\nCOPY --from=0 /a /b\n", None),
    ("FROM busybox\nCOPY --from=5 /a /b\n", None),
    ("FROM --platform=linux/arm64 busybox\n", None),
    ("FROM busybox\nADD http://127.0.0.1:5005/v2/_catalog /c\n", None),
    ("FROM busybox\nADD https://example.com/x /c\n", None),
    ("FROM busybox\nADD git@github.com:a/b /c\n", None),
    ("FROM busybox\nADD $URL /c\n", None),
    ('FROM busybox\nADD ["http://x/y", "/c"]\n', None),
    ("FROM busybox\nLABEL org.openstack.project-id=p2\n", None),
    ("FROM busybox\nLABEL ORG.OpenStack.public=true\n", None),
    ("FROM busybox\nLABEL org.openstack\\.public=true\n", None),
    ('FROM busybox\nLABEL "org.openstack.public"=true\n', None),
    ("FROM busybox\nLABEL org.$X.public=true\n", None),
    ("FROM busybox\nRUN --mount=type=bind,from=secret,target=/s cat /s\n",
     None),
    ("FROM busybox\nRUN <<EOF\nFROM busybox\n", None),
    ("FROM busybox\nCOPY <<EOF /x\n", None),
    ("FROM busybox\nRUN <<-EOF\n\tFROM busybox\n\tEOF\n", None),
    ("FROM busybox\nRUN cat <<'EOF'\nCOPY a b\nEOF\n", None),
    ('FROM busybox\nRUN ["sh", "-c", "<<\\"EOF\\""]\n', None),
    ("FROM busybox\nONBUILD LABEL org.openstack.public=true\n", None),
])
def test_refused(text, buildargs):
    with pytest.raises(Refused):
        decision.read(text, buildargs)


def test_the_canonical_file_names_ids_and_splits_the_cache():
    build, text = canonical(
        "# escape=`\nFROM busybox AS Build\nRUN echo `\n hi\n"
        "FROM scratch\nCOPY --from=build /a /b\nCOPY --from=other:2 /c /d\n")
    assert text == (
        "# escape=`\n"
        "FROM %s AS build\n"
        "LABEL org.openstack.project-id=p1\n"
        "RUN echo  hi\n"
        "FROM scratch\n"
        "LABEL org.openstack.project-id=p1\n"
        "COPY --from=build /a /b\n"
        "COPY --from=%s /c /d\n" % (IDS["busybox"], IDS["other:2"]))


def test_admin_mounts_name_the_resolved_image():
    _, text = canonical("FROM busybox\nRUN --mount=type=bind,from=secret,"
                        "target=/s cat /s\n", admin=True)
    assert "--mount=type=bind,from=%s,target=/s cat /s" % IDS["secret"] in text


def test_target_matches_stage_names_in_any_case():
    build = decision.read("FROM busybox AS one\nFROM busybox AS two\n")
    assert decision.target(build, "TWO") == "two"
    with pytest.raises(Refused):
        decision.target(build, "three")


@pytest.mark.parametrize("triggers, own, names", [
    (["COPY --from=mine:1 /a /b"], True, ["mine:1"]),
    (["COPY --from=first /a /b"], True, []),
    (["LABEL a=b", "ENV X=1"], False, []),
    # dockerd parses a trigger with the default escape.
    (["COPY --fr\\om=secret /a /b"], True, ["secret"]),
])
def test_base_triggers(triggers, own, names):
    build = decision.read("FROM busybox AS first\nFROM mine:1\n")
    assert decision.check_triggers(build, 1, triggers, own, False) == names


@pytest.mark.parametrize("triggers, own", [
    (["RUN head -c 16 /dev/urandom > /t"], False),
    (["COPY a b"], False),
    (["ADD http://127.0.0.1:5005/v2/_catalog /c"], True),
    (["LABEL org.openstack.project-id=p2"], True),
    (["COPY --from=${X} /a /b"], True),
    (["COPY a b\nRUN x"], True),
    (["ONBUILD RUN x"], True),
    (["FROM secret"], True),
    (["# escape=`\nCOPY --from=secret `\n/a /b\nRUN x"], True),
])
def test_refused_triggers(triggers, own):
    build = decision.read("FROM busybox AS first\nFROM mine:1\n")
    with pytest.raises(Refused):
        decision.check_triggers(build, 1, triggers, own, False)


def test_an_earlier_stage_runs_its_own_onbuild_lines():
    build = decision.read("FROM busybox AS base\nONBUILD COPY --from=secret "
                          "/a /b\nFROM base\n")
    triggers = decision.triggers_of(build, 1)
    assert triggers == ["COPY --from=secret /a /b"]
    assert decision.check_triggers(build, 1, triggers, True, False) == [
        "secret"]


def test_canonical_output_reads_back_the_same():
    text = ('ARG V=1\nFROM busybox AS a\nENV A="x y" B=2\nLABEL k=\'v w\'\n'
            'COPY --chown="1:2" --from=other:2 ["a b", "c"]\n'
            'CMD ["sh", "-c", "echo \\"hi\\""]\nHEALTHCHECK --retries=3 CMD '
            'true\nONBUILD RUN echo x\nWORKDIR /w\n')
    build, out = canonical(text)
    again = parser.parse(out)
    body = [n for n in again.nodes
            if not (n.cmd == "label"
                    and n.args[0] == "org.openstack.project-id")]
    first = parser.parse(text).nodes
    assert [(n.cmd, n.args, n.json) for n in body[2:]] == [
        (n.cmd, n.args if n.cmd != "copy" else n.args, n.json)
        for n in first[2:]]


@pytest.mark.parametrize("text", [
    "FROM busybox\nRUN <<EOF\necho hi\nEOF\n",
    "FROM busybox\nRUN <<-EOF\n\techo hi\n\tEOF\n",
    "FROM busybox\nRUN cat <<'EOF' > /x\nhi\nEOF\n",
    'FROM busybox\nCOPY <<"EOF" /x\nhi\nEOF\n',
])
def test_heredocs_are_refused_with_a_clear_message(text):
    """dockerd 20.10 has no heredocs: it reads their lines as
    instructions. The proxy says so, whatever comes after."""
    with pytest.raises(Refused) as caught:
        decision.read(text)
    assert "heredoc" in caught.value.message
