"""The faults' own dockerd: tests/private_dockerd.py's, named "soak", on an
address range no test uses, with busybox copied in from the shared daemon
(there is no registry to pull from). The faults restart it and freeze it
(kill -STOP) without touching the shared daemon."""

import docker

from tests import private_dockerd

DAEMON = private_dockerd.PrivateDockerd("soak", "172.31.251.1/24")
SOCKET = DAEMON.socket


def client(timeout=10):
    return docker.APIClient("unix://" + SOCKET, version="1.41",
                            timeout=timeout)


class OwnDockerd:
    def restart(self):
        DAEMON.stop()
        DAEMON.start()

    def hang(self):
        DAEMON.pause()

    def resume(self):
        DAEMON.resume()

    def __enter__(self):
        DAEMON.start()
        try:
            DAEMON.copy_image()
        except BaseException:
            DAEMON.stop()
            raise
        return self

    def __exit__(self, *exc):
        DAEMON.stop()
