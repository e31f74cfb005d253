"""`docker commit --change` read as dockerd reads it (the values joined by
newlines, parsed as one Dockerfile) and re-written by the proxy."""
import pytest

from docker_dashboard.proxy.rules.dockerfile.changes import canonical_changes
from docker_dashboard.proxy.rules.errors import Refused

SNAPSHOT = ("org.openstack.snapshot-of", "c1")


@pytest.mark.parametrize("changes, forwarded", [
    ([], ["LABEL org.openstack.snapshot-of=c1"]),
    (["ENV A=1", "cmd [\"sh\"]"], ["ENV A=1", 'CMD ["sh"]',
                                   "LABEL org.openstack.snapshot-of=c1"]),
    # A value continues into the next one, as dockerd joins them.
    (["LABEL a=1 \\", "b=2"], ["LABEL a=1 b=2",
                               "LABEL org.openstack.snapshot-of=c1"]),
    # One value holding two lines is two changes.
    (["EXPOSE 80\nUSER nobody"], ["EXPOSE 80", "USER nobody",
                                  "LABEL org.openstack.snapshot-of=c1"]),
    # The escape directive is kept: dockerd's evaluator reads escapes.
    (["# escape=`", "ENV A=`$x"], ["# escape=`", "ENV A=`$x",
                                   "LABEL org.openstack.snapshot-of=c1"]),
])
def test_forwarded(changes, forwarded):
    assert canonical_changes(changes, SNAPSHOT) == forwarded


@pytest.mark.parametrize("changes", [
    ["LABEL org.openstack.project-id=p2"],
    ["LABEL org.openstack\\.project-id=p2"],
    ['LABEL "org.openstack.project-id"=p2'],
    ["LABEL org.open\\", "stack.project-id=p2"],
    ["# escape=`", "LABEL org.openstack`.project-id=p2"],
    ["LABEL Org.OpenStack.public=true"],
    ["LABEL org.$X.project-id=p2"],
    ["ONBUILD LABEL org.openstack.public=true"],
    ["RUN touch /x"],
    ["FROM busybox"],
    ["COPY a b"],
    ["ENV A=1\nADD http://127.0.0.1/ /x"],
    ["# only a comment"],
])
def test_refused(changes):
    with pytest.raises(Refused):
        canonical_changes(changes, SNAPSHOT)
