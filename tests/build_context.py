"""A Docker build context holding only a Dockerfile, as tests and
benchmarks send it to `POST /build`."""
import io
import os
import tarfile


def dockerfile_context(dockerfile):
    """The tar bytes of a context whose only file is this Dockerfile."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = dockerfile.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def build_that_fails(client, dockerfile, tag):
    """Runs a build through `client` that is meant to fail; returns its
    output lines. The steps before the failing one stay on dockerd as
    build cache (as after a failed `docker build`): removed here, so the
    test leaves nothing behind."""
    import docker
    socket = os.environ.get("DD_DOCKER_SOCK", "/var/run/docker.sock")
    daemon = docker.APIClient(base_url="unix://" + socket, version="1.41")
    before = set(daemon.images(all=True, quiet=True))
    try:
        return list(client.build(
            fileobj=io.BytesIO(dockerfile_context(dockerfile)),
            custom_context=True, tag=tag, decode=True, rm=True,
            forcerm=True))
    finally:
        made = [i for i in daemon.images(all=True) if i["Id"] not in before]
        # Newest first: a cache image's child goes before it.
        for image in sorted(made, key=lambda i: i["Created"], reverse=True):
            try:
                daemon.remove_image(image["Id"], force=True)
            except docker.errors.NotFound:
                pass
        daemon.close()
