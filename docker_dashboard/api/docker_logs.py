"""A container's whole log, streamed from the docker proxy.

Kept apart from docker_proxy.py's one-shot calls: this one is a generator the
download view hands to Django, so a log of any size passes through Horizon
chunk by chunk and is never joined in memory.
"""
from docker import errors as docker_errors
import requests

from docker_dashboard.api import docker_proxy


def container_log_stream(request, container_id, timestamps=False):
    """Yields the log's bytes (stdout and stderr, as `docker logs` prints
    them). The first request is made before the first yield, so a missing
    container raises here, while the view can still answer an error page."""
    api = docker_proxy.client(request)
    chunks = docker_proxy._call(api.logs, container_id, stream=True,
                                follow=False, timestamps=timestamps)
    return _translated(chunks)


def _translated(chunks):
    while True:
        try:
            yield next(chunks)
        except StopIteration:
            return
        except (docker_errors.APIError, requests.RequestException,
                docker_errors.DockerException):
            # Mid-download: the user gets a cut file; say so in its text.
            yield b"\n[docker-dashboard: the log stream was interrupted]\n"
            return
