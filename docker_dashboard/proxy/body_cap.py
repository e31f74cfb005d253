"""Caps on the bodies the proxy spools (build contexts, `docker load`).

A body is refused with 413 before any of it is read when its Content-Length
already says it is too large, and otherwise as soon as the bytes received
cross the cap (a chunked upload declares no length), so one caller cannot
fill the proxy's disk.
"""
from docker_dashboard.proxy.rules.errors import Refused


def too_large(what, setting, limit):
    return Refused(413, "The %s is larger than this proxy accepts (%s = %d "
                        "bytes)" % (what, setting, limit))


def check_declared(request, what, setting, limit):
    declared = request.content_length
    if declared is not None and declared > limit:
        raise too_large(what, setting, limit)


class Counter:
    """Counts the bytes spooled so far and refuses past the cap."""

    def __init__(self, what, setting, limit):
        self.what, self.setting, self.limit = what, setting, limit
        self.seen = 0

    def add(self, chunk):
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise too_large(self.what, self.setting, self.limit)
